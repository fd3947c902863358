/**
 * `/api/compare/:pair`: any two drivers of a season side by side. For a race
 * still to run, the chance that the first finishes (and qualifies) ahead of
 * the second comes from the race's `pairwise` forecast, read off the same
 * simulated races as its other probabilities; for a race that has run, from
 * the result: who finished ahead where both were classified, and who started
 * ahead.
 *
 * @module
 */

import type { PairwiseForecast, PredictionsDocument, RaceRecord } from "../format/predictions.ts";
import type { ActualPosition, CompareRace, CompareResponse } from "../format/api.ts";
import { round6 } from "../data/files.ts";

/**
 * P(`a` ahead of `b`) in a pairwise forecast's `race` or `qualifying` list; undefined where either is not in it.
 *
 * @example
 * ```ts
 * import { pairChance } from "./compare.ts";
 * import assert from "node:assert/strict";
 * const pairwise = { drivers: ["AAA", "BBB", "CCC"], race: [0.6, 0.7, 0.8], qualifying: null };
 * assert.equal(pairChance(pairwise.race, pairwise.drivers, ["BBB", "CCC"]), 0.8); // pair (1, 2) is k = 2
 * assert.equal(pairChance(pairwise.race, pairwise.drivers, ["CCC", "AAA"]), 0.3);
 * ```
 */
export function pairChance(
  chances: readonly number[],
  drivers: PairwiseForecast["drivers"],
  pair: readonly [string, string],
): number | undefined {
  const [i, j] = pair.map((d) => drivers.indexOf(d));
  if (i < 0 || j < 0 || i === j) return undefined;
  const n = drivers.length;
  const [low, high] = i < j ? [i, j] : [j, i];
  const p = chances[low * (2 * n - low - 1) / 2 + high - low - 1];
  return i < j ? p : round6(1 - p);
}

/** Whether `a` ended ahead of `b`: both classified (a number), the lower number; else undefined. */
function before(a: ActualPosition | undefined, b: ActualPosition | undefined): boolean | undefined {
  return typeof a === "number" && typeof b === "number" ? a < b : undefined;
}

function compareRace(name: string, race: RaceRecord, pair: [string, string]): CompareRace | undefined {
  const rows = pair.map((d) => race.predictions.find((row) => row.driver === d));
  const actual = pair.map((d) => race.actual?.find((row) => row.driver === d));
  if (rows.every((row) => row === undefined) && actual.every((row) => row === undefined)) return undefined;
  const pairwise = race.actual === undefined ? race.pairwise : undefined;
  return {
    round: race.metadata.round,
    race: name,
    race_ahead: pairwise === undefined ? null : pairChance(pairwise.race, pairwise.drivers, pair) ?? null,
    qualifying_ahead: pairwise?.qualifying == null
      ? null
      : pairChance(pairwise.qualifying, pairwise.drivers, pair) ?? null,
    win: [rows[0]?.win_probability ?? null, rows[1]?.win_probability ?? null],
    expected_points: [rows[0]?.expected_points ?? null, rows[1]?.expected_points ?? null],
    result: race.actual === undefined ? null : [actual[0]?.position ?? null, actual[1]?.position ?? null],
    grid: race.actual === undefined ? null : [actual[0]?.grid ?? null, actual[1]?.grid ?? null],
  };
}

/**
 * The comparison of two drivers of the season; undefined unless both appear in it.
 *
 * @example
 * ```ts ignore
 * import { compareBody } from "./compare.ts";
 * compareBody(document, ["NOR", "VER"])?.so_far; // { races: 21, ahead: 10, starts: 24, started_ahead: 12 }
 * ```
 */
export function compareBody(document: PredictionsDocument, pair: [string, string]): CompareResponse | undefined {
  const name = (code: string) =>
    Object.values(document.predictions).flatMap((race) => race.predictions).find((row) => row.driver === code)
      ?.driver_name;
  const names = pair.map(name);
  if (names[0] === undefined || names[1] === undefined || pair[0] === pair[1]) return undefined;
  const races = Object.entries(document.predictions).flatMap(([raceName, race]) =>
    compareRace(raceName, race, pair) ?? []
  );
  const so_far = { races: 0, ahead: 0, starts: 0, started_ahead: 0 };
  for (const race of races) {
    const finished = before(race.result?.[0], race.result?.[1]);
    if (finished !== undefined) (so_far.races++, so_far.ahead += Number(finished));
    const started = before(race.grid?.[0], race.grid?.[1]);
    if (started !== undefined) (so_far.starts++, so_far.started_ahead += Number(started));
  }
  const standing = (code: string) => document.season_projection?.drivers.find((line) => line.id === code) ?? null;
  return {
    drivers: pair,
    names: [names[0], names[1]],
    so_far,
    championship: [standing(pair[0]), standing(pair[1])],
    races,
  };
}
