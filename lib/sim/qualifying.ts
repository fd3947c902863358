/**
 * A simulated qualifying: the same lap the race simulator draws when a grid
 * is not known yet (`RaceConditions.qualifyingSpread`), tallied on its own.
 * Each driver's lap is their day's pace, which shares the team's draw,
 *
 *     lap = pace + teamDraw + paceSpread * z + qualifyingSpread * z'
 *
 * and the order of laps is the grid. The tally counts poles, top-N places
 * (reaching Q3 for N = 10), the sum of grid slots, and the pairs asked for.
 * Wet skill is left out: the forecast is of a dry session.
 *
 * @module
 */

import { Xoshiro128 } from "./rng.ts";
import { type DriverPace, RACE_CHUNK } from "./simulate.ts";
import { addCounts, simulationChunks } from "./chunks.ts";
import { sortByScore } from "./sort.ts";

/** Counts from simulated qualifying sessions. */
export interface QualifyingTally {
  simulations: number;
  /** `pole[i]`: sessions driver i topped. */
  pole: Float64Array;
  /** `top[i]`: sessions in which driver i finished in the top `topN`. */
  top: Float64Array;
  /** `slotSum[i]`: the sum of driver i's grid slots (1 = pole). */
  slotSum: Float64Array;
  /** `ahead[p]`: sessions in which pair p's first driver out-qualified the second. */
  ahead: Float64Array;
}

/** How many qualifying sessions to simulate, and what to count. */
export interface QualifyingSimulationOptions {
  simulations: number;
  seed: number;
  /** Seconds per lap of each driver's normal error on the day (`RaceConditions.qualifyingSpread`). */
  qualifyingSpread: number;
  /** The places counted as the top (10: reaching Q3). */
  topN: number;
  /**
   * Per team index: standard deviation of the car's pace, one draw per session shared by team-mates.
   *
   * @default {no team draw}
   */
  teamPaceSpread?: readonly number[];
  /**
   * Pairs of drivers to count head-to-head, flattened as in `SimulationOptions.pairs`.
   *
   * @default {none}
   */
  pairs?: Int32Array;
}

/**
 * Simulates `simulations` qualifying sessions.
 *
 * @example
 * ```ts
 * import { simulateQualifying } from "./qualifying.ts";
 * import assert from "node:assert/strict";
 * const driver = { paceSpread: 0.2, grid: 1, mechanicalDnf: 0, incidentDnf: 0, wetSkill: 0, team: 0 };
 * const tally = simulateQualifying([{ ...driver, pace: 0 }, { ...driver, pace: 0.5 }], {
 *   simulations: 10_000, seed: 1, qualifyingSpread: 0.15, topN: 1, pairs: Int32Array.of(0, 1),
 * });
 * assert.ok(tally.pole[0] > 8500 && tally.pole[0] === tally.ahead[0]); // P = Phi(0.5 / 0.35) = 0.92
 * ```
 */
export function simulateQualifying(
  field: readonly DriverPace[],
  options: QualifyingSimulationOptions,
): QualifyingTally {
  const n = field.length;
  const pace = Float64Array.from(field, (d) => d.pace);
  const spread = Float64Array.from(field, (d) => d.paceSpread);
  const team = Int32Array.from(field, (d) => options.teamPaceSpread === undefined ? 0 : d.team);
  const teamSpread = Float64Array.from(options.teamPaceSpread ?? [0]);
  const teamDraw = new Float64Array(teamSpread.length);
  const draws = new Float64Array(Math.max(2 * n, teamSpread.length));
  const lap = new Float64Array(n);
  const order = new Int32Array(n);
  const pairs = options.pairs ?? new Int32Array(0);
  // As in a race's tally: every pair counted without a branch, the pairs asked for read off at the end.
  const aheadOf = new Float64Array(pairs.length > 0 ? n * n : 0);
  const tally: QualifyingTally = {
    simulations: options.simulations,
    pole: new Float64Array(n),
    top: new Float64Array(n),
    slotSum: new Float64Array(n),
    ahead: new Float64Array(pairs.length / 2),
  };
  const topN = Math.min(options.topN, n);
  // In chunks of RACE_CHUNK sessions, each from its own stream, as races are: a split run tallies the same.
  for (const chunk of simulationChunks(options, RACE_CHUNK)) {
    const rng = new Xoshiro128(chunk.seed);
    for (let sim = 0; sim < chunk.simulations; sim++) {
      rng.fillNormals(draws, teamSpread.length);
      for (let t = 0; t < teamSpread.length; t++) teamDraw[t] = teamSpread[t] * draws[t];
      rng.fillNormals(draws, 2 * n);
      for (let i = 0; i < n; i++) {
        lap[i] = pace[i] + teamDraw[team[i]] + spread[i] * draws[i] + options.qualifyingSpread * draws[n + i];
        order[i] = i;
      }
      sortByScore(order, lap, n);
      tally.pole[order[0]]++;
      for (let k = 0; k < n; k++) {
        tally.slotSum[order[k]] += k + 1;
        if (k < topN) tally.top[order[k]]++;
      }
      if (pairs.length > 0) {
        for (let a = 0; a < n - 1; a++) {
          const row = order[a] * n;
          for (let b = a + 1; b < n; b++) aheadOf[row + order[b]]++;
        }
      }
    }
  }
  for (let p = 0; p < tally.ahead.length; p++) tally.ahead[p] = aheadOf[pairs[2 * p] * n + pairs[2 * p + 1]];
  return tally;
}

/**
 * Adds one qualifying tally into another of the same field: the tallies of a session's chunks, wherever they ran.
 *
 * @example
 * ```ts
 * import { addQualifyingTally } from "./qualifying.ts";
 * import assert from "node:assert/strict";
 * const one = () => ({ simulations: 1, pole: Float64Array.of(1), top: Float64Array.of(1), slotSum: Float64Array.of(1), ahead: new Float64Array(0) });
 * const a = one();
 * addQualifyingTally(a, one());
 * assert.deepEqual([a.simulations, a.pole[0], a.slotSum[0]], [2, 2, 2]);
 * ```
 */
export function addQualifyingTally(into: QualifyingTally, other: QualifyingTally): void {
  into.simulations += other.simulations;
  for (const part of ["pole", "top", "slotSum", "ahead"] as const) addCounts(into[part], other[part]);
}
