/**
 * The predictions document and the history entry of a run, assembled from
 * what the run resolved and trained. Pure: nothing here touches the disk.
 *
 * @module
 */

import { DATA_HASH_ALGORITHM } from "../data/hash.ts";
import { type MlLayerState, mlLayerSummary } from "../model/ml_layer.ts";
import type { TrainingResult } from "../forecast/pipeline.ts";
import type {
  HistoryEntry,
  PredictionsDocument,
  SeasonProjection,
  TitleOddsAfterRound,
} from "../format/predictions.ts";
import type { ResolvedRun, StoredRun } from "./resolved_run.ts";
import { runSettings } from "./options.ts";

/** How many runs `metadata.training_history` keeps. */
export const HISTORY_KEPT = 100;

/** What a run produced, for its document. */
export interface RunProducts {
  result: TrainingResult;
  projection: SeasonProjection | null;
  /** The title odds after each round run. */
  titleOdds: TitleOddsAfterRound[];
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
  const ran = runSettings(config);
  const document: PredictionsDocument = {
    metadata: {
      generated_at: history.timestamp,
      training_time: history.duration_seconds,
      season: result.year,
      ...ran,
      scenario_weights: Object.fromEntries(settings.scenarios.map(({ name, scenario }) => [name, scenario.weight])),
      model_version: model.version,
      data_hash: result.dataHash,
      hash_algorithm: DATA_HASH_ALGORITHM,
      config_hash: run.configHash,
      source: run.target?.season.source ?? null,
      ml_layer: ran.use_ml_layer ? mlLayerSummary(result.latestState as MlLayerState<unknown>) : null,
      // Runs on another data folder that wrote this output before (another data set of the same season) are its
      // history, not this one's: the list holds only runs on the folder this run read.
      training_history: [
        ...(stored.previous?.metadata?.training_history ?? []).filter((entry) =>
          entry.config?.train_data === config.trainData
        ),
        history,
      ].slice(-HISTORY_KEPT),
    },
    season_projection: products.projection,
    title_odds: products.titleOdds,
    predictions: result.races,
  };
  return { document, history };
}
