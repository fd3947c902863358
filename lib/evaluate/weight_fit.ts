/**
 * Fitted weights: the driver and team weights under which the season's
 * finished races, each forecast from data before it, were most likely,
 * pulled toward 1.0 so that a weight moves only as far as the races justify.
 * Users can start from these instead of guesses. Also how a forecast's win
 * probabilities move with a weight, for sensitivity curves.
 *
 * The model's strengths do not depend on the weights (weights shift pace in
 * the simulator only), so each race's strengths are worked out once and each
 * trial of weights only re-simulates. Simulations use fixed seeds per race,
 * so trials differ only by the weights (common random numbers).
 *
 * @module
 */

import { finishingOrder, type Weekend } from "../data/format.ts";
import type { LoadedSeason } from "../data/load.ts";
import type { DriverStrength, SimulatorTuning, StrengthModel } from "../model/strength.ts";
import { forecastRace, type ForecastSettings } from "../forecast/race_forecast.ts";
import type { ResolvedWeights } from "../forecast/weights.ts";
import { seasonRounds } from "./backtest.ts";
import { type Horizon, knownAt, sessionsKnown } from "../data/horizons.ts";
import { logLoss } from "./scores.ts";

/** A race weekend ready for re-simulation under other weights: its sessions are those known at the horizon. */
export interface WeekendInput extends Weekend {
  /** The model's strengths at the horizon, from data before the race. */
  strengths: DriverStrength[];
}

/** How trials are simulated: the forecast's settings but the weights, and the model's simulator tuning. */
export type TrialSettings = Omit<ForecastSettings, "weights"> & { tuning?: SimulatorTuning };

/** A finished race ready for re-simulation: its weekend and how it ended. */
export interface WeightFitRace extends WeekendInput {
  /** Starters in classification order. */
  order: string[];
}

/**
 * Every round of `year` with readable data, with the model's strengths at a
 * horizon, each from data strictly before its race (earlier seasons as
 * history); finished races carry their classification order.
 *
 * @example
 * ```ts ignore
 * import { seasonWeekends } from "./weight_fit.ts";
 * const weekends = seasonWeekends(await loadDataSet("data/demo"), bayesModel, { year: 2025 });
 * ```
 */
export function seasonWeekends<State>(
  seasons: readonly LoadedSeason[],
  model: StrengthModel<State>,
  options: { year: number; horizon?: Horizon },
): Array<WeekendInput & { order?: string[] }> {
  const { year, horizon = "after_qualifying" } = options;
  return [...seasonRounds(seasons, model, year)].map((weekend) => {
    const { round, sessions, entrants } = weekend;
    const known = knownAt(horizon, round.schedule);
    const state = model.updateWithRound(weekend.stateBefore, weekend, known);
    return {
      year,
      round,
      entrants,
      strengths: model.strengthsFor(state, entrants, round.round),
      sessions: sessionsKnown(sessions, known),
      ...(sessions.race === undefined ? {} : { order: finishingOrder(sessions.race) }),
    };
  });
}

/**
 * The finished races of `year`, ready for weight fitting.
 *
 * @example
 * ```ts ignore
 * import { weightFitRaces } from "./weight_fit.ts";
 * const races = weightFitRaces(await loadDataSet("data/demo"), bayesModel, { year: 2025 });
 * ```
 */
export function weightFitRaces<State>(
  seasons: readonly LoadedSeason[],
  model: StrengthModel<State>,
  options: { year: number; horizon?: Horizon },
): WeightFitRace[] {
  return seasonWeekends(seasons, model, options).filter((w): w is WeightFitRace => w.order !== undefined);
}

/**
 * One race's log-loss as fitting uses it: the winner's -ln P(win) plus the
 * mean over starters of -ln P(their actual position), each a
 * {@linkcode logLoss}. Lower is better.
 *
 * @example
 * ```ts
 * import { raceLogLoss } from "./weight_fit.ts";
 * const row = { driver: "A", win_probability: 0.5, position_probabilities: [0.5, 0.5] };
 * import assert from "node:assert/strict";
 * const loss = raceLogLoss([row, { driver: "B", win_probability: 0.5, position_probabilities: [0.5, 0.5] }], ["A", "B"]);
 * assert.equal(loss.toFixed(6), (2 * Math.LN2).toFixed(6));
 * ```
 */
export function raceLogLoss(
  forecast: ReadonlyArray<{ driver: string; win_probability: number; position_probabilities: readonly number[] }>,
  order: readonly string[],
): number {
  const byDriver = new Map(forecast.map((row) => [row.driver, row]));
  const winner = logLoss(byDriver.get(order[0])?.win_probability ?? 0);
  const positions = order.reduce(
    (sum, driver, k) => sum + logLoss(byDriver.get(driver)?.position_probabilities[k] ?? 0),
    0,
  );
  return winner + positions / order.length;
}

/**
 * Mean log-loss of races under weights: per race, the winner's -ln P(win)
 * plus the mean over starters of -ln P(their actual position) (`raceLogLoss`). Lower is better.
 *
 * @example
 * ```ts ignore
 * import { weightLogLoss } from "./weight_fit.ts";
 * weightLogLoss(races, { drivers: new Map([["NOR", 1.2]]), teams: new Map() }, { ...settings, tuning: bayesModel.simulator });
 * ```
 */
export function weightLogLoss(
  races: readonly WeightFitRace[],
  weights: ResolvedWeights,
  settings: TrialSettings,
): number {
  let total = 0;
  for (const race of races) {
    const forecast = forecastRace(race, race.strengths, { ...settings, weights }).predictions;
    total += raceLogLoss(forecast, race.order);
  }
  return races.length === 0 ? 0 : total / races.length;
}

/** What to fit and how hard to hold weights at 1.0. */
export interface WeightFitOptions {
  drivers: boolean;
  teams: boolean;
  /** Penalty per unit of (ln weight)^2 on the per-race log-loss: larger keeps weights nearer 1.0. */
  regularization: number;
  /** Sweeps of coordinate search. */
  sweeps: number;
}

/** The defaults: both kinds, a penalty that lets a weight reach about 1.3 only on clear evidence. */
export const WEIGHT_FIT_DEFAULTS: Readonly<WeightFitOptions> = {
  drivers: true,
  teams: true,
  regularization: 1,
  sweeps: 2,
};

/** Fitted weights, in the form `--driver-weights` and `--team-weights` take. */
export interface FittedWeights {
  driverWeights: Record<string, number>;
  teamWeights: Record<string, number>;
  /** Mean log-loss of the races with every weight 1.0, and with the fitted weights (penalty excluded). */
  logLossBefore: number;
  logLossAfter: number;
  races: number;
}

/**
 * Fits driver and/or team weights by coordinate search on ln(weight),
 * minimising mean log-loss plus `regularization` times the sum of squared ln
 * weights. Weights of 1.0 are left out of the result. Deterministic.
 *
 * @example
 * ```ts ignore
 * import { fitWeights } from "./weight_fit.ts";
 * const fitted = fitWeights(races, { simulations: 300, seed: 42, scenarios, tuning: bayesModel.simulator });
 * fitted.driverWeights; // e.g. { NOR: 1.18 }
 * ```
 */
export function fitWeights(
  races: readonly WeightFitRace[],
  settings: TrialSettings,
  options: Partial<WeightFitOptions> = {},
): FittedWeights {
  const o = { ...WEIGHT_FIT_DEFAULTS, ...options };
  const drivers = new Map<string, number>();
  const teams = new Map<string, number>();
  const penalty = () =>
    o.regularization * [...drivers.values(), ...teams.values()].reduce((sum, w) => sum + Math.log(w) ** 2, 0);
  const loss = () => weightLogLoss(races, { drivers, teams }, settings);
  const before = loss();
  let bestObjective = before;
  const parameters: Array<[Map<string, number>, string]> = [
    ...(o.drivers ? [...new Set(races.flatMap((r) => r.strengths.map((s) => s.driver)))].sort() : [])
      .map((id): [Map<string, number>, string] => [drivers, id]),
    ...(o.teams ? [...new Set(races.flatMap((r) => r.strengths.map((s) => s.team)))].sort() : [])
      .map((id): [Map<string, number>, string] => [teams, id]),
  ];
  for (let sweep = 0; sweep < o.sweeps; sweep++) {
    for (const [map, id] of parameters) {
      for (const step of [0.2, 0.1, 0.05]) {
        for (const direction of [1, -1]) {
          const current = map.get(id) ?? 1;
          map.set(id, current * Math.exp(direction * step));
          const objective = loss() + penalty();
          if (objective < bestObjective - 1e-9) bestObjective = objective;
          else map.set(id, current);
        }
      }
    }
  }
  const rounded = (map: Map<string, number>) =>
    Object.fromEntries(
      [...map].map(([id, w]) => [id, Math.round(w * 1000) / 1000]).filter(([, w]) => w !== 1),
    );
  return {
    driverWeights: rounded(drivers),
    teamWeights: rounded(teams),
    logLossBefore: before,
    logLossAfter: loss(),
    races: races.length,
  };
}

/**
 * Win probability of each of `drivers` as their own weight runs over
 * `weights` (everyone else at 1.0), in one race.
 *
 * @example
 * ```ts ignore
 * import { weightSensitivity } from "./weight_fit.ts";
 * weightSensitivity(race, { drivers: ["NOR", "PIA"], weights: [0.8, 1, 1.25] }, settings);
 * // [{ driver: "NOR", weight: 0.8, win: 0.21 }, ...]
 * ```
 */
export function weightSensitivity(
  race: WeekendInput,
  trials: { drivers: readonly string[]; weights: readonly number[] },
  settings: TrialSettings,
): Array<{ driver: string; weight: number; win: number }> {
  return trials.drivers.flatMap((driver) =>
    trials.weights.map((weight) => {
      const forecast = forecastRace(race, race.strengths, {
        ...settings,
        weights: { drivers: new Map([[driver, weight]]), teams: new Map() },
      });
      return { driver, weight, win: forecast.predictions.find((row) => row.driver === driver)?.win_probability ?? 0 };
    })
  );
}
