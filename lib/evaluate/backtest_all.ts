/**
 * Every forecaster a backtest compares, on one season: the models (form,
 * Bayesian, Bayesian with the ML layer), the stacked forecast, and the
 * baselines, each race forecast from the data before it. The one list the
 * backtest and the ablation table share.
 *
 * @module
 */

import type { CalendarRound, ResultRow } from "../data/format.ts";
import type { Horizon } from "../data/horizons.ts";
import type { LoadedSeason } from "../data/load.ts";
import type { StrengthModel } from "../model/strength.ts";
import { ScenarioRegistry } from "../sim/scenarios.ts";
import { backtestModel, type SideForecasts } from "./backtest.ts";
import { backtestBaselines } from "./baselines.ts";
import type { ScoredForecast } from "../format/predictions.ts";
import { strengthModel } from "../forecast/models.ts";
import type { ForecastSettings } from "../forecast/race_forecast.ts";
import { backtestStacked } from "./stacked_backtest.ts";
import { NO_WEIGHTS } from "../forecast/weights.ts";

/** A finished race as one forecaster saw it, at each horizon it forecasts. */
export interface ForecasterRace {
  name: string;
  result: readonly ResultRow[];
  forecasts: Partial<Record<Horizon, readonly ScoredForecast[]>>;
  /** A model's qualifying and head-to-head forecasts at each horizon (baselines have none). */
  side?: Record<Horizon, SideForecasts>;
}

/**
 * The models that forecast `season`, from the simplest up: each adds one layer
 * to the one before (`bayes+stack` is added after them).
 *
 * @example
 * ```ts
 * import { backtestModels } from "./backtest_all.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Object.keys(backtestModels(2025)), ["form", "bayes", "bayes+ml"]);
 * ```
 */
export function backtestModels(season: number): Record<string, StrengthModel<unknown>> {
  return {
    form: strengthModel("form", season),
    bayes: strengthModel("bayes", season),
    "bayes+ml": strengthModel("bayes+ml", season),
  };
}

/** The run a backtest makes: the season, and the simulations, seed and scenarios of every forecast. */
export interface BacktestRun {
  year: number;
  simulations: number;
  seed: number;
  scenarios: readonly string[];
}

/** The independent parts of a backtest, each of which a worker can compute alone. */
export const BACKTEST_PARTS = ["form", "bayes", "bayes+ml", "bayes+stack", "baselines"] as const;

/** One part of a backtest. */
export type BacktestPart = typeof BACKTEST_PARTS[number];

/** A part's output: a model's races, or the baselines' forecasts race by race. */
export type BacktestPartResult =
  | { part: Exclude<BacktestPart, "baselines">; races: ForecasterRace[] }
  | { part: "baselines"; races: ReturnType<typeof backtestBaselines> };

/** Computes one part of the backtest of `run.year`. */
export function backtestPart(
  seasons: readonly LoadedSeason[],
  run: BacktestRun & { part: BacktestPart },
): BacktestPartResult {
  const { year, part } = run;
  const settings: ForecastSettings = {
    simulations: run.simulations,
    seed: run.seed,
    scenarios: ScenarioRegistry.withBuiltIns().named(run.scenarios),
    weights: NO_WEIGHTS,
  };
  if (part === "baselines") return { part, races: backtestBaselines(seasons, year) };
  const models = backtestModels(year);
  if (part === "bayes+stack") return { part, races: backtestStacked(seasons, models.bayes, { settings, year }) };
  return { part, races: backtestModel(seasons, models[part], { settings, year }) };
}

/** The parts put together, models first, then the baselines by name. */
function assembled(parts: readonly BacktestPartResult[]): Record<string, ForecasterRace[]> {
  const forecasted: Record<string, ForecasterRace[]> = {};
  for (const result of parts) if (result.part !== "baselines") forecasted[result.part] = result.races;
  const results = new Map(forecasted.bayes.map((race) => [race.name, race.result]));
  for (const result of parts) {
    if (result.part !== "baselines") continue;
    for (const race of result.races) {
      for (const [name, forecasts] of Object.entries(race.forecasts)) {
        (forecasted[name] ??= []).push({ name: race.name, result: results.get(race.name)!, forecasts });
      }
    }
  }
  return forecasted;
}

/**
 * Every forecaster the backtest scores on `run.year`: the three strength
 * models, the stacked forecast and the baselines, by name.
 *
 * @example
 * ```ts ignore
 * import { backtestAll } from "./backtest_all.ts";
 * const all = backtestAll(seasons, { year: 2025, simulations: 2000, seed: 42, scenarios: ["dry", "wet", "safety_car"] });
 * Object.keys(all); // ["form", "bayes", "bayes+ml", "bayes+stack", "uniform", "team_order", "grid_table", "logit"]
 * ```
 */
export function backtestAll(seasons: readonly LoadedSeason[], run: BacktestRun): Record<string, ForecasterRace[]> {
  return assembled(BACKTEST_PARTS.map((part) => backtestPart(seasons, { ...run, part })));
}

/**
 * As {@linkcode backtestAll}, its parts computed by `compute` (a pool of
 * workers, `lib/evaluate/backtest_pool.ts`) at the same time; the same
 * forecasts, since each part depends only on the data and the run.
 */
export async function backtestAllWith(
  compute: (part: BacktestPart) => Promise<BacktestPartResult>,
): Promise<Record<string, ForecasterRace[]>> {
  // Handed out longest first (the stacked forecast takes about half of the whole): the others fill the other cores.
  const started = new Map(LONGEST_FIRST.map((part) => [part, compute(part)]));
  return assembled(await Promise.all(BACKTEST_PARTS.map((part) => started.get(part)!)));
}

/** The parts by how long they take (2025, 2,000 simulations: 4.9, 1.7, 1.3, 1.1 and 0.2 s). */
const LONGEST_FIRST: readonly BacktestPart[] = ["bayes+stack", "bayes+ml", "bayes", "form", "baselines"];

/**
 * The forecasters' races split by the race's own conditions in the data:
 * wet or mixed, and dry or unknown. Only for scoring: a forecast never sees
 * its race's conditions.
 *
 * @example
 * ```ts
 * import { splitByRaceConditions } from "./backtest_all.ts";
 * import assert from "node:assert/strict";
 * const races = { bayes: [{ name: "A", result: [], forecasts: {} }, { name: "B", result: [], forecasts: {} }] };
 * const split = splitByRaceConditions(races, [{ name: "A", conditions: { race: "wet" } }, { name: "B" }]);
 * assert.deepEqual([split.wet.bayes.map((r) => r.name), split.dry.bayes.map((r) => r.name)], [["A"], ["B"]]);
 * ```
 */
export function splitByRaceConditions(
  forecasted: Readonly<Record<string, readonly ForecasterRace[]>>,
  calendar: ReadonlyArray<Pick<CalendarRound, "name" | "conditions">>,
): { wet: Record<string, ForecasterRace[]>; dry: Record<string, ForecasterRace[]> } {
  const wetNames = new Set(
    calendar.filter((round) => round.conditions?.race === "wet" || round.conditions?.race === "mixed")
      .map((round) => round.name),
  );
  const wet: Record<string, ForecasterRace[]> = {};
  const dry: Record<string, ForecasterRace[]> = {};
  for (const [name, races] of Object.entries(forecasted)) {
    wet[name] = races.filter((race) => wetNames.has(race.name));
    dry[name] = races.filter((race) => !wetNames.has(race.name));
  }
  return { wet, dry };
}
