/**
 * The rule that picks the default model, as docs/backtest-findings.md
 * states it ("How the default is chosen"), written down before the
 * walk-forward fits were scored:
 *
 *     score(model, season) = mean over the three horizons of its winner log-loss
 *     pick(Y) = argmin over the candidates of mean over seasons 2016..Y-1 of score
 *
 * ties within `SELECTION_TIE` nats going to the simpler candidate, and
 * `SELECTION_FALLBACK` where fewer than two seasons before Y were scored.
 *
 * @module
 */

import { type Horizon, HORIZONS } from "../data/horizons.ts";

/** The candidates, simplest first: the models `train --model` can write that a backtest scores. */
export const SELECTION_CANDIDATES = ["form", "bayes", "bayes+ml"] as const;

/** Nats within which a simpler candidate is preferred. */
export const SELECTION_TIE = 0.01;

/** The pick before two seasons have been scored: the default chosen before the rule. */
export const SELECTION_FALLBACK = "bayes";

/** The first season the rule scores. */
export const SELECTION_FROM = 2016;

/** One season's backtest as the rule reads it: each model's winner log-loss at each horizon. */
export interface ScoredSeason {
  season: number;
  rows: ReadonlyArray<{ model: string; horizon: Horizon; scores: { winner_logloss: number } }>;
}

/**
 * A model's score in one season: its winner log-loss averaged over the three horizons; undefined where it was not
 * scored at all three.
 *
 * @example
 * ```ts
 * import { selectionScore } from "./selection.ts";
 * import assert from "node:assert/strict";
 * const rows = (["before_weekend", "after_practice", "after_qualifying"] as const)
 *   .map((horizon, i) => ({ model: "bayes", horizon, scores: { winner_logloss: 1 + i } }));
 * assert.equal(selectionScore({ season: 2020, rows }, "bayes"), 2);
 * assert.equal(selectionScore({ season: 2020, rows }, "form"), undefined);
 * ```
 */
export function selectionScore(season: ScoredSeason, model: string): number | undefined {
  const losses = HORIZONS.map((horizon) =>
    season.rows.find((row) => row.model === model && row.horizon === horizon)?.scores.winner_logloss
  );
  return losses.some((loss) => loss === undefined) ? undefined : losses.reduce((a, b) => a! + b!, 0)! / losses.length;
}

/**
 * The rule's pick for `year`, from the seasons scored before it (from `SELECTION_FROM`), with each candidate's
 * mean score (absent where a season lacks it).
 *
 * @example
 * ```ts
 * import { selectDefault } from "./selection.ts";
 * import assert from "node:assert/strict";
 * const season = (year: number, bayes: number, form: number) => ({
 *   season: year,
 *   rows: (["before_weekend", "after_practice", "after_qualifying"] as const).flatMap((horizon) => [
 *     { model: "bayes", horizon, scores: { winner_logloss: bayes } },
 *     { model: "form", horizon, scores: { winner_logloss: form } },
 *   ]),
 * });
 * assert.equal(selectDefault([season(2016, 1.5, 1.6)], 2017).model, "bayes"); // one season: the fallback
 * assert.equal(selectDefault([season(2016, 1.5, 1.2), season(2017, 1.5, 1.3)], 2018).model, "form");
 * assert.equal(selectDefault([season(2016, 1.5, 1.505), season(2017, 1.5, 1.505)], 2018).model, "form"); // a tie
 * ```
 */
export function selectDefault(
  seasons: readonly ScoredSeason[],
  year: number,
): { model: string; scores: Record<string, number> } {
  const before = seasons.filter((s) => s.season >= SELECTION_FROM && s.season < year);
  const scores: Record<string, number> = {};
  for (const model of SELECTION_CANDIDATES) {
    const each = before.map((season) => selectionScore(season, model));
    if (each.length > 0 && each.every((score) => score !== undefined)) {
      scores[model] = each.reduce((a, b) => a! + b!, 0)! / each.length;
    }
  }
  if (before.length < 2 || Object.keys(scores).length === 0) return { model: SELECTION_FALLBACK, scores };
  const best = Math.min(...Object.values(scores));
  const model = SELECTION_CANDIDATES.find((candidate) => scores[candidate] <= best + SELECTION_TIE)!;
  return { model, scores };
}
