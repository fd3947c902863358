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
import type { ScoredForecast } from "./format.ts";
import { strengthModel } from "./models.ts";
import type { ForecastSettings } from "./race_forecast.ts";
import { backtestStacked } from "./stacked_backtest.ts";
import { NO_WEIGHTS } from "./weights.ts";

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
    form: strengthModel({ bayesian: false, mlLayer: false, season }),
    bayes: strengthModel({ bayesian: true, mlLayer: false, season }),
    "bayes+ml": strengthModel({ bayesian: true, mlLayer: true, season }),
  };
}

/**
 * Every forecaster's forecasts of `run.year`'s finished races, by name:
 * the models, `bayes+stack`, and the baselines.
 *
 * @example
 * ```ts ignore
 * import { backtestAll } from "./backtest_all.ts";
 * const all = backtestAll(seasons, { year: 2025, simulations: 2000, seed: 42, scenarios: ["dry", "wet", "safety_car"] });
 * Object.keys(all); // ["form", "bayes", "bayes+ml", "bayes+stack", "uniform", "team_order", "grid_table", "logit"]
 * ```
 */
export function backtestAll(
  seasons: readonly LoadedSeason[],
  run: { year: number; simulations: number; seed: number; scenarios: readonly string[] },
): Record<string, ForecasterRace[]> {
  const { year } = run;
  const settings: ForecastSettings = {
    simulations: run.simulations,
    seed: run.seed,
    scenarios: ScenarioRegistry.withBuiltIns().named(run.scenarios),
    weights: NO_WEIGHTS,
  };
  const forecasted: Record<string, ForecasterRace[]> = {};
  const models = backtestModels(year);
  for (const [name, model] of Object.entries(models)) {
    forecasted[name] = backtestModel(seasons, model, { settings, year });
  }
  forecasted["bayes+stack"] = backtestStacked(seasons, models.bayes, { settings, year });
  const results = new Map(forecasted.bayes.map((race) => [race.name, race.result]));
  for (const race of backtestBaselines(seasons, year)) {
    for (const [name, forecasts] of Object.entries(race.forecasts)) {
      (forecasted[name] ??= []).push({ name: race.name, result: results.get(race.name)!, forecasts });
    }
  }
  return forecasted;
}

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
