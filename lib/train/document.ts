/**
 * The predictions document and the history entry of a run, assembled from
 * what the run resolved and trained. Pure: nothing here touches the disk.
 *
 * @module
 */

import { DATA_HASH_ALGORITHM } from "../data/hash.ts";
import type { LoadedSeason } from "../data/load.ts";
import type { StrengthModel } from "../model/strength.ts";
import { type MlLayerState, mlLayerSummary } from "../model/ml_layer.ts";
import type { TrainingResult } from "../forecast/pipeline.ts";
import type { ForecastSettings } from "../forecast/race_forecast.ts";
import type { HistoryEntry, PredictionsDocument, SeasonProjection } from "../forecast/format.ts";
import type { TrainerConfig } from "./options.ts";
import type { StoredRun } from "./run_files.ts";

/** How many runs `metadata.training_history` keeps. */
export const HISTORY_KEPT = 100;

/** A configuration resolved against its data. */
export interface ResolvedRun {
  config: TrainerConfig;
  model: StrengthModel<unknown>;
  seasons: LoadedSeason[];
  /** The season to forecast; undefined only when it is missing, which training reports. */
  target: LoadedSeason | undefined;
  settings: ForecastSettings;
  /** What identifies the configuration: hashed into `config_hash`, recorded in the history. */
  identity: Record<string, unknown>;
  configHash: string;
}

/** What a run produced, for its document. */
export interface RunProducts {
  result: TrainingResult;
  projection: SeasonProjection | null;
  stored: StoredRun;
  /** How long the run took so far. */
  seconds: number;
}

function historyEntry(run: ResolvedRun, products: RunProducts): HistoryEntry {
  const { config } = run;
  const { result } = products;
  return {
    timestamp: new Date().toISOString(),
    duration_seconds: Math.round(products.seconds * 1000) / 1000,
    season: result.year,
    races_processed: result.counts.processed,
    races_retrained: result.counts.retrained,
    races_reused: result.counts.reused,
    succeeded: result.counts.succeeded,
    failed: result.counts.failed,
    data_hash: result.dataHash,
    config_hash: run.configHash,
    config: {
      ...run.identity,
      scenarios: config.scenarios,
      train_data: config.trainData,
      force_retrain: config.forceRetrain,
    },
  };
}

/**
 * The predictions document and the run's history entry.
 *
 * @example
 * ```ts ignore
 * import { assembleRun } from "./document.ts";
 * const { document } = assembleRun(run, { result, projection, stored, seconds: 1.2 });
 * document.metadata.training_time; // 1.2
 * ```
 */
export function assembleRun(
  run: ResolvedRun,
  products: RunProducts,
): { document: PredictionsDocument; history: HistoryEntry } {
  const { config, model, settings } = run;
  const { result, stored } = products;
  const history = historyEntry(run, products);
  const document: PredictionsDocument = {
    metadata: {
      generated_at: history.timestamp,
      training_time: history.duration_seconds,
      season: result.year,
      num_simulations: config.numSimulations,
      use_bayesian: config.useBayesian,
      use_ml_layer: config.useMlLayer,
      driver_weights: config.driverWeights,
      team_weights: config.teamWeights,
      scenarios: config.scenarios,
      scenario_weights: Object.fromEntries(settings.scenarios.map(({ name, scenario }) => [name, scenario.weight])),
      seed: config.seed,
      model_version: model.version,
      data_hash: result.dataHash,
      hash_algorithm: DATA_HASH_ALGORITHM,
      config_hash: run.configHash,
      source: run.target?.season.source ?? null,
      ml_layer: config.useMlLayer ? mlLayerSummary(result.latestState as MlLayerState<unknown>) : null,
      training_history: [...(stored.previous?.metadata?.training_history ?? []), history].slice(-HISTORY_KEPT),
    },
    season_projection: products.projection,
    predictions: result.races,
  };
  return { document, history };
}
