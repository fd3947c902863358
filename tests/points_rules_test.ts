/**
 * The points rules of `lib/sim/points.ts` against what F1DB says each race and sprint of 2014-2025 awarded, and
 * the arithmetic of decided titles against the title fights that went to the last race.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { pointsRules } from "../lib/sim/points.ts";
import { decidedTitles } from "../lib/report/presentation.ts";
import { F1DB_DIR, skipWithoutF1db } from "./helpers.ts";

type Row = { position: number | string; driverId: string; points: number | null };

const SEASONS = `${F1DB_DIR}/src/data/seasons`;
const SKIP = skipWithoutF1db("the points rules against F1DB");

/** Races scored on a shortened distance, whose points are a result's own, not a table's. */
const SHORTENED = new Set(["2021/12-belgium"]);

function rows(path: string): Row[] | undefined {
  try {
    return (parse(Deno.readTextFileSync(path)) ?? []) as Row[];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Every race folder of 2014-2025 with its season, round and files read. */
function* races(): Generator<{ year: number; round: number; key: string; dir: string }> {
  for (let year = 2014; year <= 2025; year++) {
    for (
      const entry of [...Deno.readDirSync(join(SEASONS, String(year), "races"))].sort((a, b) =>
        a.name < b.name ? -1 : 1
      )
    ) {
      const dir = join(SEASONS, String(year), "races", entry.name);
      yield { year, round: Number(entry.name.slice(0, 2)), key: `${year}/${entry.name}`, dir };
    }
  }
}

/** Where a table and F1DB disagree on a row's points, as lines. */
function disagreements(
  session: Row[],
  expected: (row: Row, place: number) => number,
  where: string,
): string[] {
  return session.flatMap((row) => {
    const place = typeof row.position === "number" ? row.position : Infinity;
    const want = expected(row, place);
    return (row.points ?? 0) === want ? [] : [`${where} ${row.driverId}: F1DB ${row.points}, rules ${want}`];
  });
}

Deno.test({
  name: "points: every race of 2014-2025 scores as the season's table says, with double points and the fastest lap",
  ignore: SKIP,
  fn: () => {
    const found: string[] = [];
    let checked = 0, doubled = 0, fastestLaps = 0;
    for (const race of races()) {
      const result = rows(join(race.dir, "race-results.yml"));
      if (result === undefined || SHORTENED.has(race.key)) continue;
      const rules = pointsRules(race.year, race.round);
      const fastest = rows(join(race.dir, "fastest-laps.yml"))?.find((row) => row.position === 1)?.driverId;
      if (rules.race[0] === 50) doubled++;
      found.push(...disagreements(result, (row, place) => {
        const bonus = rules.fastestLap && row.driverId === fastest && place <= 10 ? 1 : 0;
        fastestLaps += bonus;
        return (rules.race[place - 1] ?? 0) + bonus;
      }, race.key));
      checked++;
    }
    assert.deepEqual(found, []);
    assert.ok(checked > 240, `${checked} races`);
    assert.equal(doubled, 1, "one double-points race: 2014 Abu Dhabi");
    assert.ok(fastestLaps > 100, `${fastestLaps} fastest-lap points, 2019-2024`);
  },
});

Deno.test({
  name: "points: every sprint scores 3-2-1 in 2021 and 8-1 from 2022",
  ignore: SKIP,
  fn: () => {
    const found: string[] = [];
    const byYear = new Map<number, number>();
    for (const race of races()) {
      const sprint = rows(join(race.dir, "sprint-race-results.yml"));
      if (sprint === undefined) continue;
      const table = pointsRules(race.year, race.round).sprint;
      found.push(...disagreements(sprint, (_, place) => table[place - 1] ?? 0, `${race.key} sprint`));
      byYear.set(race.year, (byYear.get(race.year) ?? 0) + 1);
    }
    assert.deepEqual(found, []);
    assert.deepEqual([byYear.get(2021), byYear.get(2022)], [3, 3]);
  },
});

Deno.test("points: titles that went to the last race stay open; one decided a race early is decided", () => {
  // 2014 before Abu Dhabi: Hamilton 334, Rosberg 317, with double points at stake: open, as it was.
  const open2014 = [{ id: "HAM", current_points: 334 }, { id: "ROS", current_points: 317 }];
  assert.equal(decidedTitles(open2014, { year: 2014, races: 1, sprints: 0, kind: "drivers" }).size, 0);
  // The same gap under 2025's rules (25 at stake) would still be open; 26 points would not.
  const gap26 = [{ id: "A", current_points: 351 }, { id: "B", current_points: 325 }];
  assert.equal(decidedTitles(gap26, { year: 2025, races: 1, sprints: 0, kind: "drivers" }).get("A"), "clinched");
  // 2019-2024: the fastest-lap point keeps a 26-point gap open a race from the end.
  assert.equal(decidedTitles(gap26, { year: 2024, races: 1, sprints: 0, kind: "drivers" }).size, 0);
});
