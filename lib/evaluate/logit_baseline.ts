/**
 * The conditional-logit baselines that the issue quotes for scale, computed
 * here so their figures can be checked and so they get every score, not only
 * the winner's log-loss:
 *
 * - after qualifying, four features: ln(grid slot), the driver's qualifying
 *   gap to pole in % (best of Q1-Q3), recent finishing form (mean place over
 *   the last five races) and a pole flag;
 * - before the weekend, three: recent finishing form, recent qualifying gap
 *   (mean over the last five qualifyings) and the team's recent form (its
 *   mean place over the last five races).
 *
 * A conditional logit scores winners only; the rest of the order follows
 * Plackett-Luce on the same utilities (each next place a logit among those
 * left), sampled with Gumbel noise from a fixed seed.
 *
 * @module
 */

import type { QualifyingRow } from "../data/format.ts";
import { choiceProbabilities, logitUtility } from "../model/conditional_logit.ts";
import { Xoshiro128 } from "../sim/rng.ts";
import type { ScoredForecast } from "../format/predictions.ts";
import { bestQualifyingLap, lapGapPercent } from "../data/laptime.ts";
import { sortByScore } from "../sim/sort.ts";

/** Races a form feature averages over. */
export const FORM_RACES = 5;
/** Qualifying gap, %, of a driver with no time (and the most any time counts for). */
export const GAP_CAP = 5;
/** Mean place of a driver or team with no history: the middle of a twenty-car field. */
const NO_FORM = 10.5;
/** Recent qualifying gap, %, of a driver with no history: a typical midfield gap. */
const NO_GAP = 1.5;

/** Names of the features, in order, at each horizon the baseline forecasts. */
export const LOGIT_FEATURES = {
  after_qualifying: ["ln_grid_slot", "qualifying_gap_pct", "recent_form", "pole"],
  before_weekend: ["recent_form", "recent_qualifying_gap_pct", "team_form"],
} as const;

/** What happened before a race: the last places and qualifying gaps of drivers and teams, newest last. */
export interface RecentPlaces {
  driverPlaces: ReadonlyMap<string, readonly number[]>;
  teamPlaces: ReadonlyMap<string, readonly number[]>;
  qualifyingGaps: ReadonlyMap<string, readonly number[]>;
}

/**
 * The mean of `xs`, or `fallback` when there are none.
 *
 * @example
 * ```ts
 * import { meanOr } from "./logit_baseline.ts";
 * import assert from "node:assert/strict";
 * assert.equal(meanOr([1, 3], 10.5), 2);
 * assert.equal(meanOr(undefined, 10.5), 10.5);
 * ```
 */
export function meanOr(xs: readonly number[] | undefined, fallback: number): number {
  return xs === undefined || xs.length === 0 ? fallback : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Each driver's qualifying gap to pole, % of the pole lap, from their best of Q1-Q3; `GAP_CAP` without a time.
 *
 * @example
 * ```ts
 * import { qualifyingGaps } from "./logit_baseline.ts";
 * import assert from "node:assert/strict";
 * const row = { position: 1, q1_ms: 90_000, q2_ms: null, q3_ms: null, laps: 10 };
 * assert.equal(qualifyingGaps([{ ...row, driver: "A" }, { ...row, driver: "B", q1_ms: 90_900 }]).get("B")!.toFixed(6), "1.000000");
 * ```
 */
export function qualifyingGaps(rows: readonly QualifyingRow[]): Map<string, number> {
  const best = (row: QualifyingRow) => bestQualifyingLap(row) ?? Infinity;
  const pole = Math.min(...rows.map(best));
  return new Map(rows.map((row) => [row.driver, Math.min(GAP_CAP, lapGapPercent(best(row), pole))]));
}

/**
 * The after-qualifying features of each driver (see `LOGIT_FEATURES`).
 *
 * @example
 * ```ts
 * import { afterQualifyingFeatures } from "./logit_baseline.ts";
 * import assert from "node:assert/strict";
 * const form = { driverPlaces: new Map([["A", [1, 3]]]), teamPlaces: new Map(), qualifyingGaps: new Map() };
 * assert.deepEqual(afterQualifyingFeatures(["A"], { slots: new Map([["A", 1]]), gaps: new Map([["A", 0]]) }, form), [[0, 0, 2, 1]]);
 * ```
 */
export function afterQualifyingFeatures(
  drivers: readonly string[],
  weekend: { slots: ReadonlyMap<string, number>; gaps: ReadonlyMap<string, number> },
  form: RecentPlaces,
): number[][] {
  const { slots, gaps } = weekend;
  return drivers.map((driver) => {
    const slot = slots.get(driver) ?? drivers.length;
    return [
      Math.log(slot),
      gaps.get(driver) ?? GAP_CAP,
      meanOr(form.driverPlaces.get(driver), NO_FORM),
      slot === 1 ? 1 : 0,
    ];
  });
}

/**
 * The before-the-weekend features of each driver (see `LOGIT_FEATURES`).
 *
 * @example
 * ```ts
 * import { beforeWeekendFeatures } from "./logit_baseline.ts";
 * import assert from "node:assert/strict";
 * const form = { driverPlaces: new Map([["A", [2]]]), teamPlaces: new Map([["t", [3]]]), qualifyingGaps: new Map([["A", [0.5]]]) };
 * assert.deepEqual(beforeWeekendFeatures([{ driver: "A", team: "t" }], form), [[2, 0.5, 3]]);
 * ```
 */
export function beforeWeekendFeatures(
  drivers: ReadonlyArray<{ driver: string; team: string }>,
  form: RecentPlaces,
): number[][] {
  return drivers.map(({ driver, team }) => [
    meanOr(form.driverPlaces.get(driver), NO_FORM),
    meanOr(form.qualifyingGaps.get(driver), NO_GAP),
    meanOr(form.teamPlaces.get(team), NO_FORM),
  ]);
}

/**
 * A full forecast from logit utilities: win chances exactly (the softmax),
 * places by Plackett-Luce, sampled `samples` times with Gumbel noise from `seed`.
 *
 * @example
 * ```ts
 * import { plackettLuceForecast } from "./logit_baseline.ts";
 * import assert from "node:assert/strict";
 * const [a, b] = plackettLuceForecast(["A", "B"], { features: [[Math.log(3)], [0]], coefficients: [1] }, { samples: 1000, seed: 1 });
 * assert.equal(a.win_probability, 0.75);
 * assert.equal(a.position_probabilities[0] + b.position_probabilities[0], 1);
 * ```
 */
export function plackettLuceForecast(
  drivers: readonly string[],
  logit: { features: readonly (readonly number[])[]; coefficients: readonly number[] },
  sampling: { samples: number; seed: number },
): ScoredForecast[] {
  const { features, coefficients } = logit;
  const { samples, seed } = sampling;
  const n = drivers.length;
  const win = choiceProbabilities(coefficients, features);
  const utility = Float64Array.from(features, (x) => logitUtility(coefficients, x));
  const counts = new Float64Array(n * n);
  const score = new Float64Array(n);
  const order = new Int32Array(n);
  const rng = new Xoshiro128(seed);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) {
      const u = (rng.nextUint32() + 0.5) / 4294967296;
      // Negated utility plus Gumbel noise, so the ascending sort puts the first place first.
      score[i] = Math.log(-Math.log(u)) - utility[i];
      order[i] = i;
    }
    sortByScore(order, score, n);
    for (let k = 0; k < n; k++) counts[order[k] * n + k]++;
  }
  return drivers.map((driver, i) => {
    const positions = Array.from(counts.subarray(i * n, i * n + n), (c) => c / samples);
    const upTo = (places: number) => positions.slice(0, places).reduce((a, b) => a + b, 0);
    return {
      driver,
      win_probability: win[i],
      podium_probability: upTo(3),
      points_probability: upTo(10),
      expected_position: positions.reduce((sum, p, k) => sum + p * (k + 1), 0),
      position_probabilities: positions,
    };
  });
}
