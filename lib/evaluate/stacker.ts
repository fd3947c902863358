/**
 * The stacked final forecast: a conditional logit, learned walk-forward on
 * finished races, that combines the hybrid forecast's win chances with direct
 * evidence where the simulator is weak, applied by reweighting the
 * simulator's own races so the forecast stays one consistent distribution.
 *
 * The stacked win chance of driver i is `exp(b · x_i) / Σ_j exp(b · x_j)`,
 * with features `x_i` (`STACK_FEATURES`): the hybrid's log win chance and,
 * after qualifying, ln grid slot, a pole flag and the qualifying gap to pole
 * (% of a lap, capped). The forecast gets there by weighting every simulated
 * race won by i with `exp(b · x_i - ln p_i)` (`tiltByWinner`): the win column
 * becomes the stacked one, and every other column (places, retirements,
 * points) follows the races made more or less likely; of all distributions
 * with those win chances it is the closest to the simulated one. Every place
 * is then floored at `PLACE_FLOOR` (`floorPlaces`).
 *
 * The coefficients are fitted on the winners of earlier races, each weighted
 * `forgetting^(races since)`, with a ridge toward the prior `b = (1, 0, ...)`,
 * the hybrid forecast unchanged: with no history the stacker changes nothing,
 * and it moves only as far as the races ask (how decisive qualifying is,
 * learned online within a season).
 *
 * @module
 */

import type { Horizon } from "../data/horizons.ts";
import { startingGrid } from "../data/grid.ts";
import { finishingOrder, type RoundSessions } from "../data/format.ts";
import { type ChoiceSet, fitConditionalLogit, logitUtility } from "../model/conditional_logit.ts";
import { GAP_CAP, qualifyingGaps } from "./logit_baseline.ts";
import type { WinnerTilt } from "../forecast/race_forecast.ts";

/** The features the stacker reads at each horizon, in order. */
export const STACK_FEATURES: Readonly<Record<Horizon, readonly string[]>> = {
  before_weekend: ["ln_p_win"],
  after_practice: ["ln_p_win"],
  after_qualifying: ["ln_p_win", "ln_grid", "pole", "qualifying_gap"],
};

/** How the stacker learns: its memory and how hard it holds to the hybrid forecast. */
export interface StackerSettings {
  /** Each earlier race's weight is this to the power of how many races ago it was. */
  forgetting: number;
  /** Ridge toward the prior (the hybrid forecast unchanged), in units of one race's log-likelihood. */
  ridge: number;
}

/**
 * The settings chosen on 2023-2024 (each forecast with every earlier season as history) among ridge 4, 30,
 * 200 and forgetting 0.8, 0.9, 0.97, 0.99: the only ones to beat the hybrid forecast alone there, at both
 * horizons, if narrowly (docs/backtest-findings.md). Forgetting 0.8 remembers about five races: the stacker
 * follows the season it is in.
 */
export const STACKER_DEFAULTS: Readonly<StackerSettings> = { forgetting: 0.8, ridge: 4 };

/** The least win chance a feature reads, so one implausible forecast cannot dominate a fit. */
const FLOOR = 1e-4;

/**
 * Each driver's stacker features at a horizon: from the hybrid's win chances
 * (drivers in the forecast's order) and the weekend's sessions known then.
 *
 * @example
 * ```ts
 * import { stackFeatures } from "./stacker.ts";
 * import assert from "node:assert/strict";
 * const features = stackFeatures("before_weekend", { drivers: ["A"], win: [1], sessions: {} });
 * assert.deepEqual(features, [[0]]);
 * ```
 */
export function stackFeatures(
  horizon: Horizon,
  known: { drivers: readonly string[]; win: readonly number[]; sessions: RoundSessions },
): number[][] {
  const { drivers, win, sessions } = known;
  const grid = horizon === "after_qualifying" ? startingGrid(sessions, drivers) : undefined;
  const gaps = qualifyingGaps(sessions.qualifying ?? []);
  return drivers.map((driver, i) => {
    const features = [Math.log(Math.max(win[i], FLOOR))];
    if (horizon === "after_qualifying") {
      const slot = grid?.get(driver) ?? drivers.length;
      features.push(Math.log(slot), slot === 1 ? 1 : 0, gaps.get(driver) ?? GAP_CAP);
    }
    return features;
  });
}

/**
 * A finished race as the stacker learns from it: every forecast driver's
 * features and which of them won; undefined when the winner was not forecast.
 *
 * @example
 * ```ts
 * import { stackChoice } from "./stacker.ts";
 * import assert from "node:assert/strict";
 * const result = [{ driver: "B", position: 1 }, { driver: "A", position: "DNF" }];
 * assert.deepEqual(stackChoice({ drivers: ["A", "B"], features: [[0], [1]] }, result), { features: [[0], [1]], chosen: 1 });
 * ```
 */
export function stackChoice(
  forecast: { drivers: readonly string[]; features: number[][] },
  result: ReadonlyArray<{ driver: string; position: number | string }>,
): ChoiceSet | undefined {
  const winner = finishingOrder(result)[0];
  const chosen = winner === undefined ? -1 : forecast.drivers.indexOf(winner);
  return chosen < 0 || forecast.drivers.length < 2 ? undefined : { features: forecast.features, chosen };
}

/**
 * The tilt that turns a forecast into the stacked one: each driver's races
 * reweighted by `exp(b · x - ln p)`. `seen` hears the features, so a walk can
 * learn from the race once its result is known.
 *
 * @example
 * ```ts
 * import { stackTilt } from "./stacker.ts";
 * import assert from "node:assert/strict";
 * const tilt = stackTilt("before_weekend", { drivers: ["A", "B"], sessions: {}, coefficients: [1] });
 * assert.deepEqual([...tilt([0.6, 0.4])!], [0, 0]); // the prior: the forecast unchanged
 * ```
 */
export function stackTilt(
  horizon: Horizon,
  race: { drivers: readonly string[]; sessions: RoundSessions; coefficients: readonly number[] },
  seen?: (features: number[][]) => void,
): WinnerTilt {
  return (win) => {
    const features = stackFeatures(horizon, { drivers: race.drivers, win, sessions: race.sessions });
    seen?.(features);
    return Float64Array.from(features, (x) => logitUtility(race.coefficients, x) - x[0]);
  };
}

/**
 * The stacker's coefficients at a horizon from earlier races' choices, oldest
 * first: the prior (the hybrid forecast unchanged) when there are none.
 *
 * @example
 * ```ts
 * import { fitStacker, STACKER_DEFAULTS } from "./stacker.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(fitStacker("after_practice", [], STACKER_DEFAULTS), [1]);
 * ```
 */
export function fitStacker(
  horizon: Horizon,
  history: readonly ChoiceSet[],
  settings: Pick<StackerSettings, "forgetting" | "ridge">,
): number[] {
  const prior = STACK_FEATURES[horizon].map((_, k) => k === 0 ? 1 : 0);
  if (history.length === 0) return prior;
  const sets = history.map((set, i) => ({ ...set, weight: settings.forgetting ** (history.length - 1 - i) }));
  return fitConditionalLogit(sets, { ridge: settings.ridge, prior });
}
