/**
 * A training run's shapes, shared by the modules that resolve, read,
 * assemble and write it: the configuration resolved against its data, and
 * what an earlier run left beside the output.
 *
 * @module
 */

import type { LoadedSeason } from "../data/load.ts";
import type { StrengthModel } from "../model/strength.ts";
import type { CachedRound } from "../forecast/pipeline.ts";
import type { ForecastSettings } from "../forecast/race_forecast.ts";
import type { PredictionsDocument, RaceRecord, SeasonProjection, TitleOddsAfterRound } from "../format/predictions.ts";
import type { TrainerConfig } from "./options.ts";

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

/** What the cache file holds. */
export interface CacheFile {
  config_hash?: string;
  entries?: Record<string, CachedRound>;
  projection?: { key: string; value: SeasonProjection };
  /** The title odds after each round run, by the key of the round they stand on (`lib/train/championship.ts`). */
  title_odds?: Record<string, TitleOddsAfterRound>;
}

/** What an earlier run left beside the output. */
export interface StoredRun {
  /** The previous predictions file, if any. */
  previous: PredictionsDocument | undefined;
  /** Its race records, where they may stand in as stale forecasts: same season, same configuration. */
  previousRaces: Record<string, RaceRecord>;
  /** The cache file, unless the run ignores it. */
  cache: CacheFile | undefined;
  entries: Map<string, CachedRound>;
}
