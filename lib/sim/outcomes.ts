/**
 * From simulated tallies to the probabilities a forecast reports.
 *
 * Smoothing: finite sampling must never claim certainty, so each tally gets
 * one pseudo-race spread evenly, a Dirichlet(1/n, ..., 1/n) prior on each
 * driver's positions: p(i, k) = (count(i, k) + 1/n) / (N + 1). Every
 * driver's row and every position's column still sums to exactly 1, so win
 * probabilities sum to 1. Retirement gets the Jeffreys prior:
 * p(DNF) = (count + 1/2) / (N + 1).
 *
 * @module
 */

import type { RaceTally } from "./simulate.ts";

/** Smoothed probabilities for one race: position matrix and retirement chances. */
export interface RaceProbabilities {
  size: number;
  /** `positions[i * n + k]`: probability that driver i is classified P(k + 1). Rows and columns sum to 1. */
  positions: Float64Array;
  /** Probability that each driver retires. */
  dnf: Float64Array;
}

/** What a forecast says of one driver in one race. */
export interface DriverOutcome {
  win: number;
  podium: number;
  /** Probability of a top-ten finish. */
  points: number;
  dnf: number;
  expectedPosition: number;
  expectedPoints: number;
  /** Index 0 = P1; sums to 1 (retirements are classified behind the finishers). */
  positions: number[];
}

/**
 * Turns a tally into smoothed probabilities.
 *
 * @example
 * ```ts
 * import { tallyProbabilities } from "./outcomes.ts";
 * import assert from "node:assert/strict";
 * const p = tallyProbabilities({ size: 2, simulations: 3, positions: Float64Array.of(3, 0, 0, 3), dnfs: Float64Array.of(0, 0) });
 * assert.equal(p.positions[1], 0.125); // never seen, yet not impossible
 * ```
 */
export function tallyProbabilities(tally: RaceTally): RaceProbabilities {
  const n = tally.size;
  const denominator = tally.simulations + 1;
  const positions = new Float64Array(n * n);
  for (let k = 0; k < positions.length; k++) positions[k] = (tally.positions[k] + 1 / n) / denominator;
  const dnf = new Float64Array(n);
  for (let i = 0; i < n; i++) dnf[i] = (tally.dnfs[i] + 0.5) / denominator;
  return { size: n, positions, dnf };
}

/**
 * The mixture of several races' probabilities for the same field, by weight (normalised here).
 *
 * @example
 * ```ts
 * import { mixProbabilities } from "./outcomes.ts";
 * import assert from "node:assert/strict";
 * const a = { size: 1, positions: Float64Array.of(1), dnf: Float64Array.of(0.1) };
 * const b = { size: 1, positions: Float64Array.of(1), dnf: Float64Array.of(0.3) };
 * assert.equal(mixProbabilities([{ probabilities: a, weight: 3 }, { probabilities: b, weight: 1 }]).dnf[0].toFixed(6), "0.150000");
 * ```
 */
export function mixProbabilities(
  parts: ReadonlyArray<{ probabilities: RaceProbabilities; weight: number }>,
): RaceProbabilities {
  if (parts.length === 0) throw new RangeError("a mixture needs at least one part");
  const n = parts[0].probabilities.size;
  const total = parts.reduce((sum, part) => sum + part.weight, 0);
  if (!(total > 0)) throw new RangeError("mixture weights must add up to more than 0");
  const positions = new Float64Array(n * n);
  const dnf = new Float64Array(n);
  for (const { probabilities, weight } of parts) {
    if (probabilities.size !== n) throw new RangeError(`cannot mix fields of ${n} and ${probabilities.size} drivers`);
    const w = weight / total;
    for (let k = 0; k < positions.length; k++) positions[k] += w * probabilities.positions[k];
    for (let i = 0; i < n; i++) dnf[i] += w * probabilities.dnf[i];
  }
  return { size: n, positions, dnf };
}

/**
 * Each driver's outcome: win, podium, points (a place `pointsTable` scores) and retirement chances, expected
 * position and expected points under `pointsTable` (index 0 = P1).
 *
 * @example
 * ```ts
 * import { driverOutcomes } from "./outcomes.ts";
 * import assert from "node:assert/strict";
 * const p = { size: 2, positions: Float64Array.of(0.75, 0.25, 0.25, 0.75), dnf: Float64Array.of(0.1, 0.1) };
 * assert.equal(driverOutcomes(p, [25, 18])[0].expectedPoints, 23.25);
 * ```
 */
export function driverOutcomes(probabilities: RaceProbabilities, pointsTable: readonly number[]): DriverOutcome[] {
  const n = probabilities.size;
  const outcomes: DriverOutcome[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from(probabilities.positions.subarray(i * n, (i + 1) * n));
    let podium = 0, points = 0, expectedPosition = 0, expectedPoints = 0;
    row.forEach((p, k) => {
      if (k < 3) podium += p;
      if (k < pointsTable.length) points += p;
      expectedPosition += p * (k + 1);
      expectedPoints += p * (pointsTable[k] ?? 0);
    });
    outcomes.push({
      win: row[0],
      podium,
      points,
      dnf: probabilities.dnf[i],
      expectedPosition,
      expectedPoints,
      positions: row,
    });
  }
  return outcomes;
}

/**
 * The races of a tally reweighted by their winner: a race won by w counts
 * `exp(tilt[w])` times as much, the total kept at the tally's simulations.
 * Every column moves together, since whole races are reweighted: the win
 * chances become proportional to `wins[w] * exp(tilt[w])`, and each driver's
 * other places, retirements and points follow the races that were made more
 * or less likely. This is the closest distribution to the simulated one (in
 * relative entropy) with the new win chances. Needs `byWinner` counts.
 *
 * @throws {RangeError} when the tally was not counted by winner.
 * @example
 * ```ts
 * import { tiltByWinner } from "./outcomes.ts";
 * import { simulateRace } from "./simulate.ts";
 * import { BUILT_IN_SCENARIOS } from "./scenarios.ts";
 * import assert from "node:assert/strict";
 * const driver = { pace: 0, paceSpread: 0.3, grid: 1, mechanicalDnf: 0, incidentDnf: 0, wetSkill: 0, team: 0 };
 * const tally = simulateRace([driver, { ...driver, grid: 2 }], { laps: 50, overtakingDifficulty: 0.4 },
 *   { simulations: 1000, seed: 1, scenario: BUILT_IN_SCENARIOS.dry, byWinner: true });
 * const tilted = tiltByWinner(tally, Float64Array.of(Math.log(3), 0));
 * const odds = (t: typeof tally) => t.positions[0] / t.positions[2];
 * assert.equal(odds(tilted).toFixed(6), (3 * odds(tally)).toFixed(6)); // the winner's odds tripled
 * ```
 */
export function tiltByWinner(tally: RaceTally, tilt: Float64Array): RaceTally {
  const byWinner = tally.byWinner;
  if (byWinner === undefined) throw new RangeError("tiltByWinner: the tally was not counted by winner");
  const n = tally.size;
  const top = Math.max(...tilt);
  const factor = Float64Array.from(tilt, (t) => Math.exp(t - top));
  let weighted = 0;
  for (let w = 0; w < n; w++) weighted += factor[w] * byWinner.wins[w];
  const scale = weighted > 0 ? tally.simulations / weighted : 0;
  const positions = new Float64Array(n * n);
  const dnfs = new Float64Array(n);
  for (let w = 0; w < n; w++) {
    const f = factor[w] * scale;
    if (f === 0 || byWinner.wins[w] === 0) continue;
    for (let cell = 0; cell < n * n; cell++) positions[cell] += f * byWinner.positions[w * n * n + cell];
    for (let i = 0; i < n; i++) dnfs[i] += f * byWinner.dnfs[w * n + i];
  }
  return { size: n, simulations: tally.simulations, positions, dnfs };
}

/**
 * The least probability any driver gets for any place, the win included, so
 * that one shock result (a win from the back) costs at most -ln(1/10000) =
 * 9.2 nats. Its price is the share n × floor taken from the rest: about 0.002
 * nats of winner log-loss per race in 2024-2025 (docs/backtest-findings.md);
 * a floor of 1/2000 cost 0.005-0.008.
 */
export const PLACE_FLOOR = 1 / 10000;

/**
 * Mixes a race's probabilities with a share `n × floor` of a race where every
 * place is equally likely and nobody retires, so every place has at least
 * `floor` and every row and column still sums to 1.
 *
 * @example
 * ```ts
 * import { floorPlaces } from "./outcomes.ts";
 * import assert from "node:assert/strict";
 * const floored = floorPlaces({ size: 2, positions: Float64Array.of(1, 0, 0, 1), dnf: Float64Array.of(0.1, 0) }, 0.01);
 * assert.deepEqual([...floored.positions], [0.99, 0.01, 0.01, 0.99]);
 * assert.equal(floored.dnf[0].toFixed(3), "0.098");
 * ```
 */
export function floorPlaces(probabilities: RaceProbabilities, floor: number): RaceProbabilities {
  const n = probabilities.size;
  const share = Math.min(1, n * floor);
  return {
    size: n,
    positions: Float64Array.from(probabilities.positions, (p) => (1 - share) * p + share / n),
    dnf: Float64Array.from(probabilities.dnf, (p) => (1 - share) * p),
  };
}
