/**
 * What a training run is told: the configuration every entry point (the
 * command line, batches, watch mode, benchmarks, tests) builds, and its
 * defaults, stated once.
 *
 * @module
 */

import { DEFAULT_SCENARIOS } from "../sim/scenarios.ts";
import { DEFAULT_MODEL, modelAdapter } from "../model/registry.ts";

/** Everything a training run is told. */
export interface TrainerConfig {
  trainData: string;
  output: string;
  numSimulations: number;
  /** A registered model's name (`lib/model/registry.ts`): `form`, `bayes`, `bayes+ml`, … */
  model: string;
  driverWeights: Record<string, number>;
  teamWeights: Record<string, number>;
  scenarios: string[];
  /** A JSON file of user scenarios, added to the built-in ones. */
  scenarioFile?: string;
  /** A JSON file of the season's rain and safety-car forecasts per round (`lib/forecast/scenario_odds.ts`). */
  conditionsFile?: string;
  seed: number;
  /** The season to predict; default the latest in the data set. */
  season?: number;
  incremental: boolean;
  forceRetrain: boolean;
  verbose: boolean;
  /**
   * Workers that forecast races and the projection in parallel (`lib/forecast/forecast_pool.ts`); 1 (the
   * default here) forecasts in this thread, `"auto"` (the command line's default) uses one per core and this
   * thread where workers cannot start. The predictions are byte-identical for any number.
   */
  workers?: number | "auto";
  /** A PostgreSQL URL for the forecast history; absent: `history.sqlite` beside the output. */
  database?: string;
  /**
   * Whether to project the championship after every round whose race has run (the file's `title_odds`), about a
   * third of a full training's work. Without them `title_odds` is empty; every race forecast and the projection
   * are the same.
   *
   * @default {true}
   */
  titleOdds?: boolean;
}

/**
 * The most simulations a race may ask for: a million take about a second per
 * scenario and race, and every count past that buys precision no forecast needs.
 */
export const MAX_SIMULATIONS = 1_000_000;

/** Seeds are 32-bit: a larger number would silently wrap onto a smaller one. */
export const MAX_SEED = 4_294_967_295;

/** The defaults of `deno task train`, shared by the CLI, batches and benchmarks. */
export const TRAINER_DEFAULTS = {
  numSimulations: 5000,
  seed: 42,
  scenarios: DEFAULT_SCENARIOS,
  model: DEFAULT_MODEL,
} as const;

/**
 * A full trainer configuration from a data folder and an output file, with
 * `deno task train`'s defaults for everything not overridden.
 *
 * @example
 * ```ts
 * import { trainerConfig } from "./options.ts";
 * import assert from "node:assert/strict";
 * assert.equal(trainerConfig("data/demo", "predictions/out.json", { seed: 7 }).numSimulations, 5000);
 * ```
 */
export function trainerConfig(
  trainData: string,
  output: string,
  overrides: Partial<TrainerConfig> = {},
): TrainerConfig {
  return {
    trainData,
    output,
    numSimulations: TRAINER_DEFAULTS.numSimulations,
    model: TRAINER_DEFAULTS.model,
    driverWeights: {},
    teamWeights: {},
    scenarios: [...TRAINER_DEFAULTS.scenarios],
    seed: TRAINER_DEFAULTS.seed,
    incremental: true,
    forceRetrain: false,
    verbose: false,
    ...overrides,
  };
}

/** A run's settings under the names the predictions file gives them. */
export interface RunSettings {
  num_simulations: number;
  model: string;
  use_bayesian: boolean;
  use_ml_layer: boolean;
  driver_weights: Record<string, number>;
  team_weights: Record<string, number>;
  scenarios: string[];
  seed: number;
}

/**
 * What a run was told that shapes its forecasts, as the predictions file
 * names it: the one list that the file's metadata, the configuration's
 * identity (its hash keys the cache) and a batch configuration's keys come
 * from.
 *
 * @throws {UnknownNameError} for a model no adapter is registered under.
 * @example
 * ```ts
 * import { runSettings, trainerConfig } from "./options.ts";
 * import assert from "node:assert/strict";
 * const settings = runSettings(trainerConfig("data/demo", "out.json", { model: "bayes+ml" }));
 * assert.deepEqual([settings.model, settings.use_bayesian, settings.use_ml_layer], ["bayes+ml", true, true]);
 * ```
 */
export function runSettings(config: TrainerConfig): RunSettings {
  const { layers } = modelAdapter(config.model);
  return {
    num_simulations: config.numSimulations,
    model: config.model,
    use_bayesian: layers.bayesian,
    use_ml_layer: layers.mlLayer,
    driver_weights: config.driverWeights,
    team_weights: config.teamWeights,
    scenarios: config.scenarios,
    seed: config.seed,
  };
}
