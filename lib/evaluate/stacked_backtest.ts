/**
 * The stacked forecast backtested walk-forward: every finished race of every
 * season up to the target is forecast from the data before it; at each race
 * the stacker is fitted on the winners of every earlier race (earlier seasons
 * and earlier rounds alike, older ones forgotten geometrically) and tilts
 * that race's forecast. A race's own result joins the history only after its
 * forecast is made.
 *
 * @module
 */

import { type Horizon, HORIZONS, knownAt, sessionsKnown } from "../data/horizons.ts";
import type { LoadedSeason } from "../data/load.ts";
import type { ChoiceSet } from "../model/conditional_logit.ts";
import type { StrengthModel } from "../model/strength.ts";
import { type BacktestRace, roundsThrough } from "./backtest.ts";
import type { DriverForecast } from "../format/predictions.ts";
import { type ForecastSettings, forecastWeekend } from "../forecast/race_forecast.ts";
import { fitStacker, stackChoice, STACKER_DEFAULTS, type StackerSettings, stackTilt } from "./stacker.ts";

/** A stacked race of the backtest, with the coefficients each horizon's forecast used. */
export type StackedRace = BacktestRace & { coefficients: Record<Horizon, number[]> };

/**
 * The stacked forecasts of every finished race of `options.year`.
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
): StackedRace[] {
  const stacker = options.stacker ?? STACKER_DEFAULTS;
  const history: Record<Horizon, ChoiceSet[]> = { before_weekend: [], after_practice: [], after_qualifying: [] };
  const out: StackedRace[] = [];
  const first = Math.min(...seasons.map((s) => s.season.year));
  for (const weekend of roundsThrough(seasons, model, { from: first, through: options.year })) {
    const result = weekend.sessions.race;
    if (result === undefined) continue;
    const forecasts = {} as Record<Horizon, DriverForecast[]>;
    const coefficients = {} as Record<Horizon, number[]>;
    for (const horizon of HORIZONS) {
      const known = knownAt(horizon, weekend.round.schedule);
      const b = coefficients[horizon] = fitStacker(horizon, history[horizon], stacker);
      let features: number[][] = [];
      const drivers = weekend.entrants.filter((e) => e.rounds.includes(weekend.round.round)).map((e) => e.driver);
      const sessions = sessionsKnown(weekend.sessions, known);
      const tilt = stackTilt(horizon, { drivers, sessions, coefficients: b }, (x) => features = x);
      forecasts[horizon] = forecastWeekend(model, { weekend, state: weekend.stateBefore }, {
        known,
        settings: options.settings,
        tilt,
      }).predictions;
      const choice = stackChoice({ drivers, features }, result);
      if (choice !== undefined) history[horizon].push(choice);
    }
    if (weekend.year === options.year) {
      out.push({ round: weekend.round.round, name: weekend.round.name, result, forecasts, coefficients });
    }
  }
  return out;
}
