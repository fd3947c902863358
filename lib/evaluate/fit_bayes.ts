/**
 * Fitting the Bayesian model's hyperparameters: coordinate search on a
 * backtest objective. The objective, per finished race of the target seasons
 * and for the forecasts after qualifying and before the weekend, is
 * `raceLogLoss`: the winner's -ln P(win) plus the mean over starters of
 * -ln P(their actual position). The winner term alone rewards overconfidence
 * in seasons one driver dominated; the positions keep the whole field honest.
 * Each sweep tries every fitted parameter at 0.5, 0.7, 1.4 and 2 times its
 * current value (to four significant digits, so what is printed is what was
 * scored) and keeps a change that lowers the objective by more than 1e-4; the
 * search stops after a sweep that keeps nothing.
 *
 * @module
 */

import type { LoadedSeason } from "../data/load.ts";
import { BAYES_FIT_START, type BayesParameters, createBayesModel } from "../model/bayes.ts";
import { roundsThrough } from "./backtest.ts";
import { type Horizon, knownAt } from "../data/horizons.ts";
import { forecastWeekend } from "../forecast/race_forecast.ts";
import { finishingOrder } from "../data/format.ts";
import type { ForecastSettings } from "../forecast/race_forecast.ts";
import { raceLogLoss } from "./weight_fit.ts";
import { DEFAULT_SCENARIOS, ScenarioRegistry } from "../sim/scenarios.ts";
import { NO_WEIGHTS } from "../forecast/weights.ts";

/**
 * Simulated races per scenario and race when `fit-bayes` scores a candidate. At 1,000 the search's steps were
 * within the objective's Monte Carlo noise: new random streams (the ziggurat sampler) moved two of the three fits
 * to other points. At 4,000 (half the noise) the same change left the 2022-2024 fit as it was but for one step.
 */
export const FIT_SIMULATIONS = 4000;

/**
 * What `fit-bayes` scores every candidate with: `simulations` a race and scenario, the scenarios `train` mixes by
 * default, no weights, and one seed for every candidate, so candidates differ by their parameters and not by their
 * random numbers.
 *
 * @example
 * ```ts
 * import { FIT_SIMULATIONS, fitSettings } from "./fit_bayes.ts";
 * import assert from "node:assert/strict";
 * assert.equal(fitSettings().simulations, FIT_SIMULATIONS);
 * assert.deepEqual(fitSettings(100).scenarios.map((s) => s.name), ["dry", "wet", "safety_car"]);
 * ```
 */
export function fitSettings(simulations: number = FIT_SIMULATIONS): ForecastSettings {
  const scenarios = ScenarioRegistry.withBuiltIns().named(DEFAULT_SCENARIOS);
  return { simulations, seed: 1, scenarios, weights: NO_WEIGHTS };
}

/** The parameters the search moves; the rest keep their values (see `BAYES_DEFAULTS`). */
export const FITTED_BAYES_PARAMETERS: readonly (keyof BayesParameters)[] = [
  "gridSlotScale",
  "raceDaySpread",
  "qualifyingNoise",
  "practiceNoise",
  "raceNoise",
  "rankScale",
  "carDrift",
  "skillDrift",
  "winterCarDrift",
  "skillPrior",
];

/**
 * The objective: mean `raceLogLoss` after qualifying and before the weekend
 * over the finished races of `targets`, each from the data before it.
 *
 * @example
 * ```ts ignore
 * import { bayesObjective } from "./fit_bayes.ts";
 * bayesObjective(seasons, BAYES_DEFAULTS, { targets: [2022, 2023], settings }); // 3.55
 * ```
 */
export function bayesObjective(
  seasons: readonly LoadedSeason[],
  p: Readonly<BayesParameters>,
  options: { targets: readonly number[]; settings: ForecastSettings },
): number {
  const model = createBayesModel(p);
  const targets = new Set(options.targets);
  // The race's own simulations only: the qualifying, sprint and head-to-head forecasts beside them draw from streams
  // of their own, so leaving them out changes no race probability, and the fit scores none of them.
  const settings = { ...options.settings, raceOnly: true };
  const span = { from: Math.min(...targets), through: Math.max(...targets) };
  let total = 0, count = 0;
  // One walk through every target season: the filter runs over each earlier round once, not once per target.
  for (const weekend of roundsThrough(seasons, model, span)) {
    if (!targets.has(weekend.year) || weekend.sessions.race === undefined) continue;
    const order = finishingOrder(weekend.sessions.race);
    for (const horizon of OBJECTIVE_HORIZONS) {
      const known = knownAt(horizon, weekend.round.schedule);
      const forecast = forecastWeekend(model, { weekend, state: weekend.stateBefore }, { known, settings });
      total += raceLogLoss(forecast.predictions, order);
      count++;
    }
  }
  return total / count;
}

/** The horizons the objective scores: the two ends of the weekend (after practice lies between them). */
const OBJECTIVE_HORIZONS = ["after_qualifying", "before_weekend"] as const satisfies readonly Horizon[];

/** A step the search kept: the parameter, its new value and the objective after it. */
export interface FitStep {
  parameter: keyof BayesParameters | "start";
  value: number;
  objective: number;
}

/** What each sweep multiplies a parameter by, in the order they are tried. */
const FIT_FACTORS = [0.5, 0.7, 1.4, 2] as const;

/** How {@linkcode fitBayesParameters} searches. */
export interface BayesFitOptions {
  /** The seasons scored: each is forecast from the seasons before it. */
  targets: readonly number[];
  settings: ForecastSettings;
  /** Sweeps of coordinate search over the parameters. */
  sweeps: number;
  /**
   * Stop after a sweep that lowers the objective by less than this (nats): later sweeps of a fit mostly keep steps
   * within the objective's Monte Carlo noise. 0 stops only after a sweep that keeps nothing.
   *
   * @default {0}
   */
  minSweepGain?: number;
  /**
   * Where the search starts.
   *
   * @default {BAYES_FIT_START}
   */
  start?: Readonly<BayesParameters>;
  /**
   * Told of every step tried, for progress lines.
   *
   * @default {undefined}
   */
  onStep?: (step: FitStep) => void;
  /**
   * Told after the start and after every batch how many candidates a one-by-one search would have scored by then, of
   * the most it can score (the start, then every factor of every parameter in every sweep), and `(most, most)` when it
   * ends (a sweep that keeps nothing ends it sooner): a progress bar's feed, the same for any batch.
   *
   * @default {undefined}
   */
  onProgress?: (scored: number, most: number) => void;
  /**
   * Scores a candidate (mean winner log-loss over the targets); a worker pool's, to spread the work.
   *
   * @default {the objective, in this thread}
   */
  evaluate?: (p: BayesParameters) => Promise<number>;
  /**
   * Candidates scored at once (set it to the pool's size).
   *
   * @default {1}
   */
  batch?: number;
}

/**
 * Coordinate search from `start` (default `BAYES_FIT_START`), at most
 * `sweeps` sweeps; `onStep` hears the starting objective and every kept step.
 *
 * `evaluate` scores candidates elsewhere (an `ObjectivePool`), `batch` at a
 * time: a parameter's factors are scored together from the current best, the
 * first that improves (in the order 0.5, 0.7, 1.4, 2) is kept, and the ones
 * after it are scored again from there. The steps are the ones a one-by-one
 * search takes, whatever the batch.
 *
 * @example
 * ```ts ignore
 * import { fitBayesParameters } from "./fit_bayes.ts";
 * const best = await fitBayesParameters(seasons, { targets: [2022, 2023], settings, sweeps: 2 });
 * ```
 */
export async function fitBayesParameters(
  seasons: readonly LoadedSeason[],
  options: BayesFitOptions,
): Promise<BayesParameters> {
  const evaluate = options.evaluate ?? ((p: BayesParameters) => Promise.resolve(bayesObjective(seasons, p, options)));
  const batch = Math.max(1, options.batch ?? 1);
  const most = 1 + options.sweeps * FITTED_BAYES_PARAMETERS.length * FIT_FACTORS.length;
  let best = { ...(options.start ?? BAYES_FIT_START) };
  let bestLoss = await evaluate(best);
  // Progress counts the candidates a one-by-one search would have scored: a batch scores some again after a keep.
  let done = 1;
  options.onProgress?.(done, most);
  options.onStep?.({ parameter: "start", value: 0, objective: bestLoss });
  for (let sweep = 0; sweep < options.sweeps; sweep++) {
    let kept = false;
    const sweepStart = bestLoss;
    for (const key of FITTED_BAYES_PARAMETERS) {
      let factors = [...FIT_FACTORS];
      while (factors.length > 0) {
        const candidates = factors.slice(0, batch).map((factor) => ({
          ...best,
          [key]: Number((best[key] * factor).toPrecision(4)),
        }));
        const losses = await Promise.all(candidates.map(evaluate));
        const first = losses.findIndex((loss) => loss < bestLoss - 1e-4);
        done += first < 0 ? candidates.length : first + 1;
        options.onProgress?.(done, most);
        if (first < 0) {
          factors = factors.slice(candidates.length);
          continue;
        }
        best = candidates[first];
        bestLoss = losses[first];
        kept = true;
        options.onStep?.({ parameter: key, value: best[key], objective: bestLoss });
        factors = factors.slice(first + 1);
      }
    }
    if (!kept || sweepStart - bestLoss < (options.minSweepGain ?? 0)) break;
  }
  options.onProgress?.(most, most);
  return best;
}
