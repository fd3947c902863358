import assert from "node:assert/strict";
import { join } from "node:path";
import type { Entrant, PracticeRow, QualifyingRow, ResultRow, Season } from "../lib/data/format.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { fillMissingSessions, followWeekend } from "../lib/live/poller.ts";
import { openf1Feed } from "../lib/sources/openf1/feed.ts";
import type { OpenF1Driver, OpenF1Result, OpenF1Session } from "../lib/sources/openf1/openf1.ts";
import { loadSeason } from "../lib/data/load.ts";
import { withTempDir } from "./helpers.ts";
import { readSeasonFolder, sessionTimes } from "./ergast_fixture.ts";

// OpenF1 responses written from the demo season in the documented shapes (https://openf1.org): durations in seconds,
// qualifying's as [Q1, Q2, Q3], flags for DNF/DNS/DSQ, drivers by number.
const seconds = (ms: number | null) => ms === null ? null : ms / 1000;

function openf1Results(
  kind: string,
  rows: ReadonlyArray<PracticeRow | QualifyingRow | ResultRow>,
  numbers: Map<string, number>,
): OpenF1Result[] {
  return rows.map((row) => {
    const base = { driver_number: numbers.get(row.driver)!, number_of_laps: row.laps };
    if (kind.startsWith("fp")) {
      const r = row as PracticeRow;
      return { ...base, position: r.position, duration: seconds(r.best_lap_ms) };
    }
    if (kind === "qualifying") {
      const r = row as QualifyingRow;
      return {
        ...base,
        position: r.position as number,
        duration: [seconds(r.q1_ms), seconds(r.q2_ms), seconds(r.q3_ms)],
      };
    }
    const r = row as ResultRow;
    const classified = typeof r.position === "number";
    return {
      ...base,
      position: classified ? r.position as number : null,
      dnf: r.position === "DNF",
      dns: r.position === "DNS",
      dsq: r.position === "DSQ",
      duration: seconds(r.time_ms),
      points: r.points,
    };
  });
}

/** Round 21 of the demo season as OpenF1 would answer for it, and the season folder as it stood before the weekend. */
async function openf1Weekend(dir: string) {
  const season = join(dir, "2025");
  await writeSeasonFolder(season, generateDemoSeason(2025, { rounds: 24, seed: 7, completed: 20 }).files);
  for (const kind of ["fp1", "fp2", "fp3", "qualifying", "grid"]) {
    await Deno.remove(join(season, `21-ardennes-4/${kind}.json`));
  }
  await writeSeasonFolder(
    join(dir, "source"),
    generateDemoSeason(2025, { rounds: 24, seed: 7, completed: 21 }).files,
  );
  const fixture = await readSeasonFolder(join(dir, "source"));
  const run = JSON.parse(await Deno.readTextFile(join(dir, "source/21-ardennes-4/fp1.json"))) as PracticeRow[];
  const round = fixture.season.calendar.find((r) => r.round === 21)!;
  const entrants = fixture.season.entrants.filter((e) => e.rounds.includes(21));
  // A rookie drives the first practice in place of the first driver; the last driver is disqualified from the race.
  const rookie: Entrant = { ...entrants[0], driver: "ROO", name: "Rae Rookie", number: 99 };
  const practice = run.map((row) => row.driver === entrants[0].driver ? { ...row, driver: "ROO" } : row);
  const race = fixture.sessions.get(21)!.race!.map((row, i, all) =>
    i === all.length - 1 ? { ...row, position: "DSQ" as const, time_ms: null } : row
  );
  const numbers = new Map([...entrants, rookie].map((e) => [e.driver, e.number]));
  const times = sessionTimes(round);
  const keys = { fp1: 101, qualifying: 104, race: 105 } as const;
  const sessions: OpenF1Session[] = Object.entries(keys).map(([kind, key]) => ({
    session_key: key,
    session_name: { fp1: "Practice 1", qualifying: "Qualifying", race: "Race" }[kind]!,
    date_start: times.get(kind)!.toISOString(),
    date_end: new Date(times.get(kind)!.getTime() + 3600_000).toISOString(),
    year: 2025,
  }));
  const drivers = (list: Entrant[]): OpenF1Driver[] =>
    list.map((e) => ({
      driver_number: e.number,
      name_acronym: e.driver,
      first_name: e.name.split(" ")[0],
      last_name: e.name.split(" ")[1],
      team_name: e.team_name,
    }));
  const answers: Record<string, unknown> = {
    "sessions?year=2025": sessions,
    "session_result?session_key=101": openf1Results("fp1", practice, numbers),
    "drivers?session_key=101": drivers([rookie, ...entrants.slice(1)]),
    "weather?session_key=101": Array.from({ length: 60 }, () => ({ rainfall: 0 })),
    "session_result?session_key=104": openf1Results("qualifying", fixture.sessions.get(21)!.qualifying!, numbers),
    "drivers?session_key=104": drivers(entrants),
    "weather?session_key=104": Array.from({ length: 60 }, (_, i) => ({ rainfall: i < 40 ? 1 : 0 })),
    "session_result?session_key=105": openf1Results("race", race, numbers),
    "drivers?session_key=105": drivers(entrants),
    "weather?session_key=105": [],
    "starting_grid?session_key=105": fixture.sessions.get(21)!.grid!.map((row) => ({
      position: row.grid,
      driver_number: numbers.get(row.driver)!,
    })),
  };
  return { season, fixture, entrants, race, times, answers };
}

Deno.test("live --source openf1: practice with a Friday rookie, a wet qualifying and a race with a DSQ land in the season folder", () =>
  withTempDir(async (dir) => {
    const { season, fixture, entrants, race, times, answers } = await openf1Weekend(dir);
    const requested: string[] = [];
    const source = {
      get: (path: string) => {
        requested.push(path);
        return Promise.resolve(answers[path] ?? []);
      },
    };
    let now = times.get("fp1")!.getTime() - 3600_000;
    const lines: string[] = [];
    const written = await followWeekend(openf1Feed(source, { year: 2025, history: [] }), {
      dir: season,
      intervalMs: 60_000,
      now: () => now,
      sleep: (ms) => (now += ms, Promise.resolve()),
      log: (line) => lines.push(line),
      untilRaceWritten: true,
    });
    assert.deepEqual(written, ["21-ardennes-4/fp1.json", "21-ardennes-4/qualifying.json", "21-ardennes-4/race.json"]);
    const after = JSON.parse(await Deno.readTextFile(join(season, "season.json"))) as Season;
    assert.deepEqual(after.calendar.find((r) => r.round === 21)!.conditions, { qualifying: "wet" });
    const roo = after.entrants.find((e) => e.driver === "ROO")!;
    assert.deepEqual([roo.team, roo.rounds, roo.practice_rounds], [entrants[0].team, [], [21]]);
    const raceRows = JSON.parse(await Deno.readTextFile(join(season, "21-ardennes-4/race.json"))) as ResultRow[];
    assert.equal(raceRows.at(-1)!.position, "DSQ");
    assert.deepEqual(raceRows.map((row) => row.grid), race.map((row) => row.grid));
    assert.deepEqual(raceRows.slice(0, 3).map((row) => row.time_ms), race.slice(0, 3).map((row) => row.time_ms));
    const qualifying = JSON.parse(await Deno.readTextFile(join(season, "21-ardennes-4/qualifying.json")));
    assert.deepEqual(qualifying, fixture.sessions.get(21)!.qualifying);
    assert.ok(requested.includes("starting_grid?session_key=105"));
    const loaded = await loadSeason(season);
    assert.deepEqual(loaded.issues, []);
    assert.equal(loaded.rounds.find((r) => r.round.round === 21)?.status, "ok", JSON.stringify(loaded.rounds[20]));
  }));

Deno.test("live --fill reads every ended session the folder lacks, once, windows long closed", () =>
  withTempDir(async (dir) => {
    const { season, times, answers } = await openf1Weekend(dir);
    const source = { get: (path: string) => Promise.resolve(answers[path] ?? []) };
    const lines: string[] = [];
    // A week after the race: every window has closed, so following would do nothing; filling takes all three.
    const now = times.get("race")!.getTime() + 7 * 24 * 3600_000;
    const written = await fillMissingSessions(openf1Feed(source, { year: 2025, history: [] }), {
      dir: season,
      now: () => now,
      log: (line) => lines.push(line),
    });
    assert.deepEqual(written, ["21-ardennes-4/fp1.json", "21-ardennes-4/qualifying.json", "21-ardennes-4/race.json"]);
    assert.deepEqual(
      await fillMissingSessions(openf1Feed(source, { year: 2025, history: [] }), { dir: season, now: () => now }),
      [],
    );
    const loaded = await loadSeason(season);
    assert.equal(loaded.rounds.find((r) => r.round.round === 21)?.status, "ok");
  }));
