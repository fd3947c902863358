/**
 * Backtests: every finished race of a season forecast from data strictly
 * before it, at each horizon of the weekend (`lib/data/horizons.ts`), by a
 * strength model and by baselines that need no model at all.
 *
 * Pure: the caller loads the data.
 *
 * @module
 */

import type { ResultRow, Weekend } from "../data/format.ts";
import type { LoadedSeason } from "../data/load.ts";
import type { StrengthModel } from "../model/strength.ts";
import { type ForecastSettings, forecastWeekend } from "../forecast/race_forecast.ts";
import { SeasonNotFoundError } from "../forecast/pipeline.ts";
import { type Horizon, HORIZONS, knownAt } from "../data/horizons.ts";
import type { DriverForecast, HeadToHead, QualifyingForecast } from "../format/predictions.ts";

/** The forecasts beside the race's at one horizon: qualifying (where it had not run) and head-to-heads. */
export interface SideForecasts {
  qualifying?: QualifyingForecast[];
  sprint?: DriverForecast[];
  head_to_head: HeadToHead[];
}

/** One finished race of a backtest: what happened, and each horizon's forecast. */
export interface BacktestRace {
  round: number;
  name: string;
  /** The race result, classification order. */
  result: ResultRow[];
  forecasts: Record<Horizon, DriverForecast[]>;
  /** The model's qualifying and head-to-head forecasts (the stacked forecast has none of its own). */
  side?: Record<Horizon, SideForecasts>;
}

/**
 * Forecasts every finished race of `year` at every horizon with a model.
 * Earlier seasons of the data set serve as history.
 *
 * @throws {SeasonNotFoundError} when `year` is not in the data set.
 * @example
 * ```ts ignore
 * import { backtestModel } from "./backtest.ts";
 * const races = backtestModel(await loadDataSet("data/f1"), bayesModel, { settings, year: 2025 });
 * races[0].forecasts.after_qualifying[0].win_probability;
 * ```
 */
export function backtestModel<State>(
  seasons: readonly LoadedSeason[],
  model: StrengthModel<State>,
  options: { settings: ForecastSettings; year: number },
): BacktestRace[] {
  const races: BacktestRace[] = [];
  for (const weekend of seasonRounds(seasons, model, options.year)) {
    const { round, sessions } = weekend;
    if (sessions.race === undefined) continue;
    const forecasts = {} as Record<Horizon, DriverForecast[]>;
    const side = {} as Record<Horizon, SideForecasts>;
    for (const horizon of HORIZONS) {
      const known = knownAt(horizon, round.schedule);
      const forecast = forecastWeekend(model, { weekend, state: weekend.stateBefore }, {
        known,
        settings: options.settings,
      });
      forecasts[horizon] = forecast.predictions;
      side[horizon] = { qualifying: forecast.qualifying, sprint: forecast.sprint, head_to_head: forecast.head_to_head };
    }
    races.push({ round: round.round, name: round.name, result: sessions.race, forecasts, side });
  }
  return races;
}

/** A round of the target season with the model's state from everything before it. */
export interface RoundWithState<State> extends Weekend {
  /** The model's state after every earlier round (earlier seasons included), before this one. */
  stateBefore: State;
}

/**
 * Walks the data set in time order, folding every readable round into the
 * model, and yields each readable round of `year` with the state before it:
 * the one walk that backtests and weight fitting share, so neither can see a
 * round's own data in the state it forecasts from.
 *
 * @throws {SeasonNotFoundError} when `year` is not in the data set.
 * @example
 * ```ts ignore
 * import { seasonRounds } from "./backtest.ts";
 * for (const { round, stateBefore } of seasonRounds(seasons, bayesModel, 2025)) console.log(round.name);
 * ```
 */
export function seasonRounds<State>(
  seasons: readonly LoadedSeason[],
  model: StrengthModel<State>,
  year: number,
): Generator<RoundWithState<State>> {
  return roundsThrough(seasons, model, { from: year, through: year });
}

/**
 * As {@linkcode seasonRounds}, for every season from `span.from` through
 * `span.through` in one walk: what a walk-forward learner over several
 * seasons needs, without re-walking the earlier seasons for each one.
 *
 * @throws {SeasonNotFoundError} when `span.through` is not in the data set.
 * @example
 * ```ts ignore
 * import { roundsThrough } from "./backtest.ts";
 * for (const { year, round } of roundsThrough(seasons, bayesModel, { from: 2022, through: 2025 })) console.log(year, round.name);
 * ```
 */
export function* roundsThrough<State>(
  seasons: readonly LoadedSeason[],
  model: StrengthModel<State>,
  span: { from: number; through: number },
): Generator<RoundWithState<State>> {
  const years = seasons.map((s) => s.season.year);
  if (!years.includes(span.through)) throw new SeasonNotFoundError(span.through, years);
  let state = model.empty();
  for (const loaded of seasons.filter((s) => s.season.year <= span.through)) {
    const entrants = loaded.season.entrants;
    for (const loadedRound of loaded.rounds) {
      if (loadedRound.status !== "ok") continue;
      const { round, sessions } = loadedRound;
      const weekend = { year: loaded.season.year, round, entrants, sessions };
      if (loaded.season.year >= span.from) yield { ...weekend, stateBefore: state };
      state = model.updateWithRound(state, weekend);
    }
  }
}
