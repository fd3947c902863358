/**
 * Proper scores of a race forecast against what happened, defined as the
 * independent scorer in `../shared/tools/f1eval.py` defines them, so the two
 * agree:
 *
 * - the finishing order is the race's classification without non-starters
 *   (DNS), retirements in the order listed;
 * - winner log-loss is −ln P(actual winner), with P floored at 1e-6. Every
 *   log-loss of the workbench (pole, champion, the fits' objectives) is
 *   {@linkcode logLoss} with this one floor, so a forecast that never drew
 *   what happened (a Monte Carlo zero) costs the same 13.8 nats everywhere;
 * - Brier scores average (p − outcome)² over the starters;
 * - RPS@10 compares, for each starter, the forecast's cumulative P(P1..Pj)
 *   for j = 1..10 with the observed step; P11 and below is the eleventh
 *   category, "outside the points";
 * - Spearman correlates the ranks of expected position with the
 *   classification; tied expectations share their average rank (f1eval
 *   breaks ties by order instead, which only matters for tied forecasts:
 *   a uniform forecast has no Spearman here, not 1).
 *
 * A starter the forecast does not list scores as 0 for every chance and the
 * back of the field for expected position, and is left out of RPS@10.
 *
 * @module
 */

import { sampleCorrelation } from "simple-statistics";
import type { ScoredForecast } from "../format/predictions.ts";
import type { RaceScore, ScoreSummary } from "../format/scores.ts";
import { finishingOrder } from "../data/format.ts";

/** The score names, in the order tables show them. */
export const SCORE_NAMES = [
  "winner_logloss",
  "p_winner",
  "win_brier",
  "podium_brier",
  "points_brier",
  "rps10",
  "spearman",
] as const satisfies readonly (keyof RaceScore)[];

/** The least probability an outcome is scored at, so one impossible-looking outcome costs at most 13.8 nats. */
export const MIN_PROBABILITY = 1e-6;
const POINTS_POSITIONS = 10;

/**
 * The log-loss of what happened: −ln of the chance it was given, floored at
 * {@linkcode MIN_PROBABILITY}. A race's winner log-loss is this of the
 * winner's win probability.
 *
 * @example
 * ```ts
 * import { logLoss } from "./scores.ts";
 * import assert from "node:assert/strict";
 * assert.equal(logLoss(0.5).toFixed(3), "0.693");
 * assert.equal(logLoss(0).toFixed(3), "13.816");
 * ```
 */
export function logLoss(probability: number): number {
  return -Math.log(Math.max(probability, MIN_PROBABILITY));
}

/** Ranks 0..n-1 of `values`; tied values share their average rank. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    for (let k = start; k <= end; k++) out[order[k].index] = (start + end) / 2;
    start = end + 1;
  }
  return out;
}

/**
 * Scores one race forecast against the finishing order. `pointsPlaces` is
 * how many places score (10 in a race, 8 in a sprint); RPS stays over the
 * top ten, as in every race.
 *
 * @example
 * ```ts
 * import { scoreRace } from "./scores.ts";
 * import assert from "node:assert/strict";
 * const row = (driver: string, p: number) => ({ driver, win_probability: p, podium_probability: 1,
 *   points_probability: 1, expected_position: 2 - p, position_probabilities: [p, 1 - p] });
 * const score = scoreRace([row("PIA", 0.75), row("NOR", 0.25)], ["PIA", "NOR"]);
 * assert.equal(score.winner_logloss, 0.2876820724517809); // (= -ln 0.75)
 * ```
 */
export function scoreRace(
  forecast: readonly ScoredForecast[],
  order: readonly string[],
  options: { pointsPlaces?: number } = {},
): RaceScore {
  const pointsPlaces = options.pointsPlaces ?? POINTS_POSITIONS;
  if (order.length === 0) throw new RangeError("scoreRace: the finishing order is empty");
  const byDriver = new Map(forecast.map((row) => [row.driver, row]));
  const pWinner = Math.max(byDriver.get(order[0])?.win_probability ?? 0, MIN_PROBABILITY);
  let win = 0, podium = 0, points = 0, rpsSum = 0, rpsCount = 0;
  const expected: number[] = [];
  order.forEach((driver, k) => {
    const row = byDriver.get(driver);
    win += ((row?.win_probability ?? 0) - (k === 0 ? 1 : 0)) ** 2;
    podium += ((row?.podium_probability ?? 0) - (k < 3 ? 1 : 0)) ** 2;
    points += ((row?.points_probability ?? 0) - (k < pointsPlaces ? 1 : 0)) ** 2;
    expected.push(row?.expected_position ?? order.length);
    if (row !== undefined) {
      let cumulative = 0, squared = 0;
      for (let j = 0; j < POINTS_POSITIONS; j++) {
        cumulative += row.position_probabilities[j] ?? 0;
        squared += (cumulative - (j >= k ? 1 : 0)) ** 2;
      }
      rpsSum += squared / POINTS_POSITIONS;
      rpsCount++;
    }
  });
  const n = order.length;
  return {
    winner_logloss: logLoss(pWinner),
    p_winner: pWinner,
    win_brier: win / n,
    podium_brier: podium / n,
    points_brier: points / n,
    rps10: rpsCount > 0 ? rpsSum / rpsCount : NaN,
    spearman: n < 3 || expected.every((e) => e === expected[0])
      ? NaN
      : sampleCorrelation(ranks(expected), ranks(order.map((_, k) => k))),
  };
}

/**
 * Mean of each score over races, skipping a race's NaN for that score only.
 *
 * @example
 * ```ts
 * import { meanScores } from "./scores.ts";
 * import assert from "node:assert/strict";
 * const one = { winner_logloss: 1, p_winner: 0.4, win_brier: 0.04, podium_brier: 0.1, points_brier: 0.2, rps10: 0.1, spearman: 0.6 };
 * assert.equal(meanScores([one, { ...one, winner_logloss: 2 }]).winner_logloss, 1.5);
 * ```
 */
export function meanScores(scores: readonly RaceScore[]): ScoreSummary {
  const summary = { races: scores.length } as ScoreSummary;
  for (const name of SCORE_NAMES) {
    const values = scores.map((score) => score[name]).filter((value) => !Number.isNaN(value));
    summary[name] = values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
  }
  return summary;
}

/** A race as the predictions file holds it, as far as scoring needs. */
export interface ScoredRace {
  predictions: readonly ScoredForecast[];
  actual?: ReadonlyArray<{ driver: string; position: number | string }>;
}

/**
 * Scores every race of a predictions file that has a result and a forecast,
 * in file order.
 *
 * @example
 * ```ts ignore
 * import { meanScores, scorePredictions } from "./scores.ts";
 * const document = JSON.parse(await Deno.readTextFile("predictions/season_2025_incremental.json"));
 * meanScores(scorePredictions(document.predictions).map((row) => row.score)).winner_logloss;
 * ```
 */
export function scorePredictions(
  races: Readonly<Record<string, ScoredRace>>,
): Array<{ race: string; score: RaceScore }> {
  const out: Array<{ race: string; score: RaceScore }> = [];
  for (const [race, record] of Object.entries(races)) {
    if (record.actual === undefined || record.predictions.length === 0) continue;
    const order = finishingOrder(record.actual);
    if (order.length > 0) out.push({ race, score: scoreRace(record.predictions, order) });
  }
  return out;
}
