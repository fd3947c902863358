/**
 * The stacked forecast backtested walk-forward: the base model forecasts
 * every finished race of every season up to the target from the data before
 * it; at each race of the target season the stacker is fitted on the winners
 * of every earlier race (earlier seasons and earlier rounds alike, older ones
 * forgotten geometrically) and applied to that race's forecast. A race's own
 * result only ever joins the history after its forecast is made.
 *
 * @module
 */

import { type Horizon, HORIZONS, knownAt, sessionsKnown } from "../data/horizons.ts";
import type { LoadedSeason } from "../data/load.ts";
import type { ChoiceSet } from "../model/conditional_logit.ts";
import { logitUtility } from "../model/conditional_logit.ts";
import type { StrengthModel } from "../model/strength.ts";
import { deriveSeed } from "../sim/rng.ts";
import { backtestModel, type BacktestRace } from "./backtest.ts";
import type { ForecastSettings } from "./race_forecast.ts";
import {
  fitStacker,
  stackChoice,
  stackedForecast,
  STACKER_DEFAULTS,
  type StackerSettings,
  stackFeatures,
} from "./stacker.ts";

/**
 * The stacked forecasts of every finished race of `options.year`, beside the
 * coefficients each race was forecast with.
 *
 * @example
 * ```ts ignore
 * import { backtestStacked } from "./stacked_backtest.ts";
 * const races = backtestStacked(seasons, bayesModel, { settings, year: 2025 });
 * races[0].forecasts.after_qualifying[0].win_probability;
 * ```
 */
export function backtestStacked<State>(
  seasons: readonly LoadedSeason[],
  model: StrengthModel<State>,
  options: { settings: ForecastSettings; year: number; stacker?: StackerSettings },
): Array<BacktestRace & { coefficients: Record<Horizon, number[]> }> {
  const stacker = options.stacker ?? STACKER_DEFAULTS;
  const history: Record<Horizon, ChoiceSet[]> = { before_weekend: [], after_practice: [], after_qualifying: [] };
  const out: Array<BacktestRace & { coefficients: Record<Horizon, number[]> }> = [];
  for (const loaded of seasons.filter((s) => s.season.year <= options.year)) {
    const year = loaded.season.year;
    const base = backtestModel(seasons, model, { settings: options.settings, year });
    for (const race of base) {
      const loadedRound = loaded.rounds.find((r) => r.round.round === race.round)!;
      const sessions = loadedRound.status === "ok" ? loadedRound.sessions : {};
      const forecasts = { ...race.forecasts };
      const coefficients = {} as Record<Horizon, number[]>;
      for (const horizon of HORIZONS) {
        const known = sessionsKnown(sessions, knownAt(horizon, loadedRound.round.schedule));
        const features = stackFeatures(horizon, { forecast: race.forecasts[horizon], sessions: known });
        if (year === options.year) {
          const b = coefficients[horizon] = fitStacker(horizon, history[horizon], stacker);
          forecasts[horizon] = stackedForecast(race.forecasts[horizon], {
            utilities: new Map([...features].map(([driver, x]) => [driver, logitUtility(b, x)])),
            samples: stacker.samples,
            seed: deriveSeed(options.settings.seed, year, race.round, `stack-${horizon}`),
          });
        }
        const choice = stackChoice(features, race.result);
        if (choice !== undefined) history[horizon].push(choice);
      }
      if (year === options.year) out.push({ ...race, forecasts, coefficients });
    }
  }
  return out;
}
