/**
 * Forecasts beside the race's: the qualifying of a race whose qualifying has
 * not run (pole, reaching Q3, expected grid slot), each pair of team-mates'
 * head-to-head, in the race and in that qualifying, and the strengths the
 * forecast used, with intervals. All come from the same inputs as the race
 * forecast.
 *
 * A head-to-head is P(first driver classified ahead of the second), read off
 * the same simulated races as the race forecast and mixed by the same
 * scenario weights; a retirement counts as being behind, unless both retire.
 *
 * @module
 */

import type { DriverStrength } from "../model/strength.ts";
import type { DriverPace, RaceConditions } from "../sim/simulate.ts";
import { type QualifyingTally, simulateQualifying } from "../sim/qualifying.ts";
import { PLACE_FLOOR } from "../sim/outcomes.ts";
import { round6 } from "../data/files.ts";
import type { HeadToHead, QualifyingForecast, StrengthLine } from "../format/predictions.ts";

/** The places that reach the last part of qualifying. */
export const Q3_PLACES = 10;

/** Team-mates paired for head-to-heads: flattened field indices, and who they are. */
export interface TeamMatePairs {
  /** Pair p is field index `indices[2p]` against `indices[2p + 1]`. */
  indices: Int32Array;
  pairs: Array<{ team: string; drivers: [string, string] }>;
}

/**
 * Every pair of drivers of the same team, each pair in driver-code order,
 * teams in the order they first appear.
 *
 * @example
 * ```ts
 * import { teamMatePairs } from "./head_to_head.ts";
 * import assert from "node:assert/strict";
 * const pairs = teamMatePairs([{ driver: "VER", team: "red-bull" }, { driver: "LEC", team: "ferrari" }, { driver: "HAM", team: "ferrari" }] as never);
 * assert.deepEqual(pairs.pairs, [{ team: "ferrari", drivers: ["HAM", "LEC"] }]);
 * assert.deepEqual([...pairs.indices], [2, 1]);
 * ```
 */
export function teamMatePairs(strengths: ReadonlyArray<Pick<DriverStrength, "driver" | "team">>): TeamMatePairs {
  const indices: number[] = [];
  const pairs: TeamMatePairs["pairs"] = [];
  for (const team of new Set(strengths.map((s) => s.team))) {
    const members = strengths.flatMap((s, i) => s.team === team ? [i] : [])
      .sort((a, b) => strengths[a].driver.localeCompare(strengths[b].driver));
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        indices.push(members[x], members[y]);
        pairs.push({ team, drivers: [strengths[members[x]].driver, strengths[members[y]].driver] });
      }
    }
  }
  return { indices: Int32Array.from(indices), pairs };
}

/**
 * Every pair of drivers in the field, in driver-code order (pair (a, b) with a before b, pairs ordered by a then
 * b), and which of them are team-mates: the simulator counts each pair once, and the team-mates' head-to-heads and
 * the any-two-drivers comparison both read those counts. With `every: false`, the team-mates alone (a race that
 * has run needs no comparison of any two: its result is known, and every pair costs the simulator a pass).
 *
 * @example
 * ```ts
 * import { driverPairs } from "./head_to_head.ts";
 * import assert from "node:assert/strict";
 * const pairs = driverPairs([{ driver: "VER", team: "red-bull" }, { driver: "LEC", team: "ferrari" }, { driver: "HAM", team: "ferrari" }] as never);
 * assert.deepEqual(pairs.drivers, ["HAM", "LEC", "VER"]);
 * assert.deepEqual([...pairs.all.indices], [2, 1, 2, 0, 1, 0]); // HAM-LEC, HAM-VER, LEC-VER
 * assert.deepEqual(pairs.teamMates, [0]); // HAM-LEC
 * ```
 */
export function driverPairs(
  strengths: ReadonlyArray<Pick<DriverStrength, "driver" | "team">>,
  options: { every: boolean } = { every: true },
): { drivers: string[]; all: TeamMatePairs; teamMates: number[]; every: boolean } {
  if (!options.every) {
    const teamMates = teamMatePairs(strengths);
    const drivers = strengths.map((s) => s.driver).sort();
    return { drivers, all: teamMates, teamMates: teamMates.pairs.map((_, p) => p), every: false };
  }
  const order = strengths.map((_, i) => i).sort((a, b) => strengths[a].driver.localeCompare(strengths[b].driver));
  const indices: number[] = [];
  const pairs: TeamMatePairs["pairs"] = [];
  const at = new Map<string, number>();
  for (let x = 0; x < order.length; x++) {
    for (let y = x + 1; y < order.length; y++) {
      const [a, b] = [strengths[order[x]], strengths[order[y]]];
      at.set(`${a.driver} ${b.driver}`, pairs.length);
      indices.push(order[x], order[y]);
      pairs.push({ team: a.team === b.team ? a.team : "", drivers: [a.driver, b.driver] });
    }
  }
  // Team-mates in teamMatePairs' order (teams as they first appear), as the head-to-head lines have always been.
  const teamMates = teamMatePairs(strengths).pairs.map(({ drivers }) => at.get(drivers.join(" "))!);
  return {
    drivers: order.map((i) => strengths[i].driver),
    all: { indices: Int32Array.from(indices), pairs },
    teamMates,
    every: true,
  };
}

/** A probability kept off 0 and 1 by the forecast's place floor, so that a surprise costs a bounded score. */
function floored(p: number): number {
  return round6(Math.min(1 - PLACE_FLOOR, Math.max(PLACE_FLOOR, p)));
}

/**
 * The qualifying forecast of a race: `simulations` simulated sessions from
 * the race's simulator inputs, one line per driver, most likely pole first.
 *
 * @example
 * ```ts
 * import { qualifyingForecast } from "./head_to_head.ts";
 * import assert from "node:assert/strict";
 * const driver = { paceSpread: 0.2, grid: 1, mechanicalDnf: 0, incidentDnf: 0, wetSkill: 0, team: 0 };
 * const field = [{ ...driver, pace: 0.3 }, { ...driver, pace: 0 }];
 * const lines = qualifyingForecast({ field, race: {} }, { drivers: ["SLO", "FST"], simulations: 2000, seed: 1, qualifyingSpread: 0.15 });
 * assert.equal(lines[0].driver, "FST");
 * assert.equal(lines[0].q3_probability, 1 - 1 / 10000); // two drivers: both reach Q3, floored
 * ```
 */
export function qualifyingForecast(
  input: { field: readonly DriverPace[]; race: Pick<RaceConditions, "teamPaceSpread"> },
  options: {
    drivers: readonly string[];
    simulations: number;
    seed: number;
    qualifyingSpread: number;
    pairs?: Int32Array;
  },
): QualifyingForecast[] & { ahead?: Float64Array } {
  const tally = simulateQualifying(input.field, {
    simulations: options.simulations,
    seed: options.seed,
    qualifyingSpread: options.qualifyingSpread,
    topN: Q3_PLACES,
    teamPaceSpread: input.race.teamPaceSpread,
    pairs: options.pairs,
  });
  return qualifyingLines(tally, options.drivers);
}

/**
 * The qualifying forecast from a simulated qualifying's tally (`drivers` in the field's order), most likely pole
 * first, with each pair's chance of out-qualifying the other as `ahead`.
 */
export function qualifyingLines(
  tally: QualifyingTally,
  drivers: readonly string[],
): QualifyingForecast[] & { ahead: Float64Array } {
  const sims = tally.simulations;
  const lines = drivers.map((driver, i): QualifyingForecast => ({
    driver,
    pole_probability: floored(tally.pole[i] / sims),
    q3_probability: floored(tally.top[i] / sims),
    expected_grid: round6(tally.slotSum[i] / sims),
  })).sort((a, b) => b.pole_probability - a.pole_probability || a.expected_grid - b.expected_grid);
  return Object.assign(lines, { ahead: tally.ahead.map((count) => count / sims) });
}

/**
 * The head-to-head lines of a race: each pair's race probability mixed over
 * the scenarios by weight, and its qualifying probability where the
 * qualifying is forecast too (null where it has run).
 *
 * @example
 * ```ts
 * import { headToHeadLines } from "./head_to_head.ts";
 * import assert from "node:assert/strict";
 * const pairs = { indices: Int32Array.of(0, 1), pairs: [{ team: "t", drivers: ["AAA", "BBB"] as [string, string] }] };
 * const lines = headToHeadLines(pairs, { race: [{ weight: 0.75, ahead: Float64Array.of(600), simulations: 1000 }, { weight: 0.25, ahead: Float64Array.of(200), simulations: 1000 }] });
 * assert.deepEqual(lines, [{ team: "t", drivers: ["AAA", "BBB"], race: 0.5, qualifying: null }]);
 * ```
 */
export function headToHeadLines(
  teamMates: TeamMatePairs,
  tallies: {
    race: ReadonlyArray<{ weight: number; ahead: Float64Array; simulations: number }>;
    qualifying?: Float64Array;
  },
): HeadToHead[] {
  const total = tallies.race.reduce((sum, part) => sum + part.weight, 0);
  return teamMates.pairs.map(({ team, drivers }, p) => ({
    team,
    drivers,
    race: floored(tallies.race.reduce((sum, part) => sum + part.weight * part.ahead[p] / part.simulations, 0) / total),
    qualifying: tallies.qualifying === undefined ? null : floored(tallies.qualifying[p]),
  }));
}

/** The standard normal's 90th percentile: a belief's 80% interval is its mean +- this many standard deviations. */
export const Z80 = 1.2816;

/**
 * The strengths a forecast used, for people: each driver's gap with the 80%
 * interval of its whole uncertainty (car and driver), and each team's as its
 * drivers' mean gap with the car's uncertainty alone. Drivers fastest first,
 * teams likewise.
 *
 * @example
 * ```ts
 * import { strengthLines } from "./head_to_head.ts";
 * import assert from "node:assert/strict";
 * const s = (driver: string, gap: number) => ({ driver, team: "t", gap, teamUncertainty: 0.3, driverUncertainty: 0.4, mechanicalDnf: 0, incidentDnf: 0 });
 * const lines = strengthLines([s("AAA", 0.2), s("BBB", 0.4)], new Map([["t", "Team"]]));
 * assert.deepEqual(lines.drivers[0], { name: "AAA", gap: 0.2, interval: [-0.4408, 0.8408] });
 * assert.deepEqual(lines.teams, [{ name: "Team", gap: 0.3, interval: [-0.0845, 0.6845] }]);
 * ```
 */
export function strengthLines(
  strengths: readonly DriverStrength[],
  teamNames: ReadonlyMap<string, string>,
): { drivers: StrengthLine[]; teams: StrengthLine[] } {
  const line = (name: string, gap: number, sd: number): StrengthLine => ({
    name,
    gap: round4(gap),
    interval: [round4(gap - Z80 * sd), round4(gap + Z80 * sd)],
  });
  const drivers = strengths.map((s) => line(s.driver, s.gap, Math.hypot(s.teamUncertainty, s.driverUncertainty)));
  const teams = [...new Set(strengths.map((s) => s.team))].map((team) => {
    const members = strengths.filter((s) => s.team === team);
    const gap = members.reduce((sum, s) => sum + s.gap, 0) / members.length;
    return line(teamNames.get(team) ?? team, gap, members[0].teamUncertainty);
  });
  const byGap = (a: StrengthLine, b: StrengthLine) => a.gap - b.gap || a.name.localeCompare(b.name);
  return { drivers: drivers.sort(byGap), teams: teams.sort(byGap) };
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
