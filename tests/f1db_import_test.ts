import assert from "node:assert/strict";
import { importF1dbSeason, parseImportCut, parseRoundRanges } from "../lib/sources/f1db/f1db.ts";
import type { GridRow, QualifyingRow, ResultRow } from "../lib/data/format.ts";
import { formatIssue } from "../lib/data/issues.ts";
import { loadSeason, type ValidRound } from "../lib/data/load.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { F1DB_DIR, skipWithoutF1db, withTempDir } from "./helpers.ts";

const DATA = `${F1DB_DIR}/src/data`;
const ignore = skipWithoutF1db("the F1DB import tests");

async function importAndLoad(dir: string, year: number, through?: string) {
  const files = await importF1dbSeason(DATA, year, through === undefined ? {} : { cut: parseImportCut(through) });
  await writeSeasonFolder(dir, files);
  const loaded = await loadSeason(dir);
  const problems = [...loaded.issues, ...loaded.rounds.flatMap((r) => r.status === "invalid" ? r.issues : [])];
  assert.deepEqual(problems.map(formatIssue), [], `${year} validates clean`);
  return loaded;
}

function validRound(loaded: Awaited<ReturnType<typeof loadSeason>>, round: number): ValidRound {
  const found = loaded.rounds[round - 1];
  assert.equal(found.status, "ok");
  return found as ValidRound;
}

Deno.test("F1DB round ranges expand", () => {
  assert.deepEqual(parseRoundRanges("1-3,7,9-10"), [1, 2, 3, 7, 9, 10]);
  assert.deepEqual(parseRoundRanges(null), []);
});

for (const [year, rounds] of [[2022, 22], [2023, 22], [2024, 24], [2025, 24]] as const) {
  Deno.test({
    name: `F1DB ${year} imports and validates clean`,
    ignore,
    fn: () =>
      withTempDir(async (dir) => {
        const loaded = await importAndLoad(dir, year);
        assert.equal(loaded.season.calendar.length, rounds);
        assert.ok(loaded.rounds.every((round) => round.status === "ok" && round.sessions.race !== undefined));
      }),
  });
}

Deno.test({
  name: "F1DB 2025: sprint weekends, DSQ, pit-lane starts, grid penalties, driver swaps",
  ignore,
  fn: () =>
    withTempDir(async (dir) => {
      const loaded = await importAndLoad(dir, 2025);
      const calendar = loaded.season.calendar;
      assert.equal(calendar.length, 24);
      assert.deepEqual(calendar.filter((r) => r.sprint).map((r) => r.slug), [
        "china",
        "miami",
        "belgium",
        "united-states",
        "sao-paulo",
        "qatar",
      ]);
      // Sprint weekends have FP1 only, and the sprint runs before qualifying.
      const china = validRound(loaded, 2);
      assert.deepEqual(Object.keys(china.sessions).sort(), [
        "fp1",
        "grid",
        "qualifying",
        "race",
        "sprint",
        "sprint_qualifying",
      ]);
      assert.deepEqual(china.round.schedule, ["fp1", "sprint_qualifying", "sprint", "qualifying", "grid", "race"]);
      assert.equal(china.round.name, "Chinese Grand Prix");
      // Chinese GP 2025: both Ferraris and Gasly disqualified, Alonso retired; Piastri won.
      const race = china.sessions.race as ResultRow[];
      assert.deepEqual(race.filter((r) => r.position === "DSQ").map((r) => r.driver).sort(), ["GAS", "HAM", "LEC"]);
      assert.deepEqual(race.find((r) => r.driver === "ALO")?.position, "DNF");
      assert.deepEqual([race[0].driver, race[0].position, race[0].time_ms, race[0].points], ["PIA", 1, 5455026, 25]);
      assert.equal((china.sessions.qualifying as QualifyingRow[])[0].q3_ms, 90641);
      // Australian GP 2025: Bearman and Lawson started from the pit lane.
      const australia = validRound(loaded, 1).sessions.race as ResultRow[];
      assert.deepEqual(australia.filter((r) => r.grid === "PL").map((r) => r.driver).sort(), ["BEA", "LAW"]);
      // Monaco 2025: Hamilton qualified 4th and took a three-place penalty, so the grid differs from qualifying.
      const monaco = validRound(loaded, 8);
      const hamiltonQuali = (monaco.sessions.qualifying as QualifyingRow[]).find((r) => r.driver === "HAM");
      const hamiltonGrid = (monaco.sessions.grid as GridRow[]).find((r) => r.driver === "HAM");
      assert.equal(hamiltonQuali?.position, 4);
      assert.deepEqual([hamiltonGrid?.grid, hamiltonGrid?.penalty], [7, 3]);
      // Tsunoda and Lawson swapped seats after round 2; Colapinto replaced Doohan from round 7.
      const stints = (code: string) =>
        loaded.season.entrants.filter((e) => e.driver === code && e.rounds.length > 0).map((
          e,
        ) => [e.team, e.rounds[0], e.rounds.at(-1)]);
      assert.deepEqual(stints("TSU"), [["racing-bulls", 1, 2], ["red-bull", 3, 24]]);
      assert.deepEqual(stints("LAW"), [["racing-bulls", 3, 24], ["red-bull", 1, 2]]);
      assert.deepEqual(stints("DOO"), [["alpine", 1, 6]]);
      assert.deepEqual(stints("COL"), [["alpine", 7, 24]]);
      // Spanish GP 2025: Stroll withdrew injured; his grid slot went to Bearman and the race lists him as DNS.
      const spain = validRound(loaded, 9);
      assert.equal((spain.sessions.grid as GridRow[]).find((r) => r.driver === "STR"), undefined);
      assert.equal((spain.sessions.race as ResultRow[]).find((r) => r.driver === "STR")?.position, "DNS");
    }),
});

Deno.test({
  name: "F1DB 2022 sprint weekends keep FP2 and run qualifying before the sprint",
  ignore,
  fn: () =>
    withTempDir(async (dir) => {
      const loaded = await importAndLoad(dir, 2022);
      const imola = validRound(loaded, 4);
      assert.equal(imola.round.sprint, true);
      assert.deepEqual(imola.round.schedule, ["fp1", "qualifying", "fp2", "sprint", "grid", "race"]);
      assert.ok(imola.sessions.fp2 !== undefined && imola.sessions.sprint !== undefined);
    }),
});

Deno.test({
  name: "F1DB --through cuts the season at a session",
  ignore,
  fn: () =>
    withTempDir(async (dir) => {
      const loaded = await importAndLoad(dir, 2025, "12:qualifying");
      assert.equal(loaded.season.calendar.length, 24);
      for (const round of loaded.rounds) {
        assert.equal(round.status, "ok");
        const present = Object.keys((round as ValidRound).sessions).sort();
        if (round.round.round < 12) assert.ok(present.includes("race"), `round ${round.round.round} is complete`);
        if (round.round.round === 12) assert.deepEqual(present, ["fp1", "fp2", "fp3", "qualifying"]);
        if (round.round.round > 12) assert.deepEqual(present, [], `round ${round.round.round} is still to come`);
      }
      // Cutting a sprint weekend after the sprint keeps exactly the sessions run so far.
      const sprintCut = await importAndLoad(`${dir}/sprint`, 2025, "13:sprint");
      assert.deepEqual(Object.keys((sprintCut.rounds[12] as ValidRound).sessions).sort(), [
        "fp1",
        "sprint",
        "sprint_qualifying",
      ]);
      assert.throws(() => parseImportCut("12:warmup"), /expected a session from fp1/);
    }),
});

Deno.test({
  name: "re-importing unchanged data rewrites no file",
  ignore,
  fn: () =>
    withTempDir(async (dir) => {
      await writeSeasonFolder(dir, await importF1dbSeason(DATA, 2024));
      const mtimes = async () => {
        const times = new Map<string, number>();
        for await (const round of Deno.readDir(dir)) {
          if (!round.isDirectory) continue;
          for await (const file of Deno.readDir(`${dir}/${round.name}`)) {
            times.set(
              `${round.name}/${file.name}`,
              (await Deno.stat(`${dir}/${round.name}/${file.name}`)).mtime!.getTime(),
            );
          }
        }
        times.set("season.json", (await Deno.stat(`${dir}/season.json`)).mtime!.getTime());
        return times;
      };
      const before = await mtimes();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const summary = await writeSeasonFolder(dir, await importF1dbSeason(DATA, 2024));
      assert.deepEqual([summary.written, summary.removed], [[], []]);
      assert.deepEqual(await mtimes(), before);
      // Cutting earlier removes the sessions after the cut, and only those.
      const cut = await writeSeasonFolder(
        dir,
        await importF1dbSeason(DATA, 2024, { cut: parseImportCut("24:qualifying") }),
      );
      assert.deepEqual(cut.removed, ["24-abu-dhabi/grid.json", "24-abu-dhabi/race.json"]);
    }),
});

Deno.test({
  name: "F1DB season in progress: round folders holding only race.yml are races still to come",
  ignore,
  fn: () =>
    withTempDir(async (dir) => {
      // An F1DB tree as it looks mid-season: results up to round 20, only race.yml after.
      const root = `${dir}/f1db`;
      await Deno.mkdir(`${root}/seasons/2025/races`, { recursive: true });
      for (const shared of ["drivers", "constructors", "circuits", "grands-prix"]) {
        await Deno.symlink(`${DATA}/${shared}`, `${root}/${shared}`);
      }
      await Deno.copyFile(`${DATA}/seasons/2025/entrants.yml`, `${root}/seasons/2025/entrants.yml`);
      for await (const race of Deno.readDir(`${DATA}/seasons/2025/races`)) {
        const from = `${DATA}/seasons/2025/races/${race.name}`, to = `${root}/seasons/2025/races/${race.name}`;
        await Deno.mkdir(to);
        for await (const file of Deno.readDir(from)) {
          if (Number(race.name.slice(0, 2)) <= 20 || file.name === "race.yml") {
            await Deno.copyFile(`${from}/${file.name}`, `${to}/${file.name}`);
          }
        }
      }
      const files = await importF1dbSeason(root, 2025);
      await writeSeasonFolder(`${dir}/out`, files);
      const loaded = await loadSeason(`${dir}/out`);
      assert.equal(loaded.season.calendar.length, 24);
      assert.ok(loaded.rounds.every((round) => round.status === "ok"));
      assert.deepEqual(loaded.rounds.map((round) => Object.keys((round as ValidRound).sessions).length > 0), [
        ...Array(20).fill(true),
        ...Array(4).fill(false),
      ]);
    }),
});
