/**
 * A training run with its files: loads the data, reuses the cache, writes
 * the predictions file atomically under a lock, and keeps the history and
 * the log beside it.
 *
 * @module
 */

import { dirname } from "node:path";
import { companionFiles } from "./outputs.ts";
import { loadDataSet, type LoadedSeason } from "../data/load.ts";
import { formatIssue } from "../data/issues.ts";
import { DATA_HASH_ALGORITHM, hashParts } from "../data/hash.ts";
import { toJsonText, writeFileAtomic } from "../data/files.ts";
import { formModel } from "../model/form.ts";
import { bayesModel } from "../model/bayes.ts";
import type { StrengthModel } from "../model/strength.ts";
import { type MlLayerState, type MlLayerSummary, mlLayerSummary } from "../model/ml_layer.ts";
import { mlModel } from "./ml.ts";
import { HistoryDb } from "./history_db.ts";
import { DEFAULT_SCENARIOS, ScenarioRegistry } from "../sim/scenarios.ts";
import { type CachedRound, type RaceRecord, type TrainingCounts, trainSeasons } from "./pipeline.ts";
import type { ForecastSettings, NamedScenario } from "./race_forecast.ts";
import { resolveWeights } from "./weights.ts";
import { PROJECTION_VERSION, projectSeason, type SeasonProjection } from "./projection.ts";

/** Everything a training run is told. */
export interface TrainerConfig {
  trainData: string;
  output: string;
  numSimulations: number;
  useBayesian: boolean;
  useMlLayer: boolean;
  driverWeights: Record<string, number>;
  teamWeights: Record<string, number>;
  scenarios: string[];
  /** A JSON file of user scenarios, added to the built-in ones. */
  scenarioFile?: string;
  seed: number;
  /** The season to predict; default the latest in the data set. */
  season?: number;
  incremental: boolean;
  forceRetrain: boolean;
  verbose: boolean;
}

/** The defaults of `deno task train`, shared by the CLI, batches and benchmarks. */
export const TRAINER_DEFAULTS = {
  numSimulations: 5000,
  seed: 42,
  scenarios: DEFAULT_SCENARIOS,
} as const;

/**
 * A full trainer configuration from a data folder and an output file, with
 * `deno task train`'s defaults for everything not overridden.
 *
 * @example
 * ```ts
 * import { trainerConfig } from "./trainer.ts";
 * trainerConfig("data/demo", "predictions/out.json", { seed: 7 }).numSimulations; // 5000
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
    useBayesian: false,
    useMlLayer: false,
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

/** One line of the training history. */
export interface HistoryEntry {
  timestamp: string;
  duration_seconds: number;
  season: number;
  races_processed: number;
  races_retrained: number;
  races_reused: number;
  succeeded: number;
  failed: string[];
  data_hash: string;
  config_hash: string;
  config: Record<string, unknown>;
}

/** The predictions file. */
export interface PredictionsDocument {
  metadata: {
    generated_at: string;
    training_time: number;
    season: number;
    num_simulations: number;
    use_bayesian: boolean;
    use_ml_layer: boolean;
    driver_weights: Record<string, number>;
    team_weights: Record<string, number>;
    scenarios: string[];
    scenario_weights: Record<string, number>;
    seed: number;
    model_version: string;
    data_hash: string;
    hash_algorithm: string;
    config_hash: string;
    source: string | null;
    /** With --use-ml-layer: the races it learned from and its feature importances; else null. */
    ml_layer: MlLayerSummary | null;
    training_history: HistoryEntry[];
  };
  /** The championship from the latest data to the season's end; null if it could not be projected (see the log). */
  season_projection: SeasonProjection | null;
  predictions: Record<string, RaceRecord>;
}

/** What the cache file holds. */
interface CacheFile {
  config_hash?: string;
  entries?: Record<string, CachedRound>;
  projection?: { key: string; value: SeasonProjection };
}

/** Thrown when another trainer holds the output's lock. */
export class OutputLockedError extends Error {
  /**
   * @example
   * ```ts
   * import { OutputLockedError } from "./trainer.ts";
   * new OutputLockedError("out.json", 42).message.includes("pid 42"); // true
   * ```
   */
  constructor(output: string, pid: number) {
    super(
      `${output}: another trainer (pid ${pid}) is writing it; wait for it, or remove ${output}.lock if that process is gone`,
    );
    this.name = "OutputLockedError";
  }
}

/** What a run reports back. */
export interface TrainingOutcome {
  document: PredictionsDocument;
  counts: TrainingCounts;
  history: HistoryEntry;
  /** The run's line in the log: what changed (when told), which rounds were retrained, how long it took. */
  summary: string;
}

/** How a run reports and what it tolerates, beyond its configuration. All optional. */
export interface TrainerHooks {
  progress?: (done: number, total: number) => void;
  /**
   * Refuse to write anything when a data file is not valid JSON (throwing
   * {@linkcode MalformedDataError}) instead of marking its round failed. Watch
   * mode sets it: such a file is usually still being written, and the next
   * change event will retry.
   */
  refuseMalformedJson?: boolean;
  /** The data files that changed since the last run, for the log line (watch mode knows them). */
  changed?: readonly string[];
}

/**
 * Round numbers as short ranges.
 *
 * @example
 * ```ts
 * import { formatRounds } from "./trainer.ts";
 * formatRounds([1, 2, 3, 5, 7, 8]); // "1-3, 5, 7-8"
 * formatRounds([]); // "none"
 * ```
 */
export function formatRounds(rounds: readonly number[]): string {
  if (rounds.length === 0) return "none";
  const parts: string[] = [];
  let start = rounds[0];
  for (let k = 1; k <= rounds.length; k++) {
    if (k < rounds.length && rounds[k] === rounds[k - 1] + 1) continue;
    const end = rounds[k - 1];
    parts.push(start === end ? `${start}` : `${start}-${end}`);
    start = rounds[k];
  }
  return parts.join(", ");
}

function describeChanges(changed: readonly string[]): string {
  const shown = changed.slice(0, 4).join(", ");
  return changed.length > 4 ? `${shown} and ${changed.length - 4} more` : shown;
}

/**
 * A training run as one log line.
 *
 * @example
 * ```ts
 * import { runSummary } from "./trainer.ts";
 * const counts = { processed: 3, retrained: 1, retrainedRounds: [3], reused: 2, succeeded: 3, failed: [] };
 * runSummary(2025, counts, 0.1, "out.json", ["2025/03-x/qualifying.json"]);
 * // "season 2025: 3 races, 1 retrained (rounds 3), 2 reused, 0 failed in 0.1 s -> out.json; changed: 2025/03-x/qualifying.json"
 * ```
 */
export function runSummary(
  year: number,
  counts: TrainingCounts,
  seconds: number,
  output: string,
  changed?: readonly string[],
): string {
  const failed = counts.failed.length > 0 ? ` (${counts.failed.join(", ")})` : "";
  const trigger = changed === undefined ? "" : `; changed: ${changed.length > 0 ? describeChanges(changed) : "none"}`;
  const rounds = counts.retrainedRounds.length > 0 ? ` (rounds ${formatRounds(counts.retrainedRounds)})` : "";
  return `season ${year}: ${counts.processed} races, ${counts.retrained} retrained${rounds}, ${counts.reused} reused, ` +
    `${counts.failed.length} failed${failed} in ${seconds} s -> ${output}${trigger}`;
}

/** Thrown, under `refuseMalformedJson`, when data files are not valid JSON; nothing was written. */
export class MalformedDataError extends Error {
  /** One line per file that did not parse: the file and the parser's complaint. */
  readonly problems: string[];
  /**
   * @example
   * ```ts
   * import { MalformedDataError } from "./trainer.ts";
   * new MalformedDataError(["data/2025/03-x/qualifying.json: expected valid JSON; found ..."]).problems.length; // 1
   * ```
   */
  constructor(problems: readonly string[]) {
    super(`not valid JSON, perhaps still being written; kept the previous output:\n${problems.join("\n")}`);
    this.name = "MalformedDataError";
    this.problems = [...problems];
  }
}

function malformedJsonProblems(seasons: readonly LoadedSeason[]): string[] {
  const issues = seasons.flatMap((s) => [...s.issues, ...s.rounds.flatMap((r) => r.status === "ok" ? [] : r.issues)]);
  return issues.filter((issue) => issue.expected === "valid JSON").map(formatIssue);
}

const HISTORY_KEPT = 100;

function isProcessAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return Deno.build.os !== "linux";
  }
}

/**
 * Takes the output's lock file, or throws if a live trainer holds it.
 * Returns the function that releases it.
 *
 * @throws {OutputLockedError}
 * @example
 * ```ts ignore
 * import { acquireOutputLock } from "./trainer.ts";
 * const release = await acquireOutputLock("predictions/out.json");
 * try { /* write *\/ } finally { await release(); }
 * ```
 */
export async function acquireOutputLock(output: string): Promise<() => Promise<void>> {
  const path = `${output}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await Deno.open(path, { write: true, createNew: true });
      await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
      file.close();
      return () => Deno.remove(path).catch(() => {});
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      const pid = Number((await Deno.readTextFile(path).catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== Deno.pid && isProcessAlive(pid)) {
        throw new OutputLockedError(output, pid);
      }
      await Deno.remove(path).catch(() => {}); // left by a trainer that died
    }
  }
  throw new OutputLockedError(output, -1);
}

async function readJson(path: string): Promise<unknown | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch {
    return undefined;
  }
}

/** Records a run's race forecasts in the history database; a failure is logged, never fatal to the run. */
async function recordHistory(path: string, log: string, document: PredictionsDocument): Promise<void> {
  try {
    using db = HistoryDb.open(path);
    db.recordRun(
      {
        generated_at: document.metadata.generated_at,
        season: document.metadata.season,
        model_version: document.metadata.model_version,
        config_hash: document.metadata.config_hash,
        data_hash: document.metadata.data_hash,
      },
      Object.entries(document.predictions)
        .filter(([, race]) => race.metadata.status === "ok" && !race.metadata.stale && race.predictions.length > 0)
        .map(([race, record]) => ({
          round: record.metadata.round,
          race,
          as_of: record.metadata.as_of,
          sessions_used: record.metadata.sessions_used,
          data_hash: record.metadata.data_hash,
          predictions: record.predictions,
        })),
    );
  } catch (error) {
    await appendLog(log, "error", `${path}: the forecast history was not updated: ${(error as Error).message}`);
  }
}

/**
 * Appends a line to the training log.
 *
 * @example
 * ```ts ignore
 * import { appendLog } from "./trainer.ts";
 * await appendLog("predictions/training.log", "info", "trained 24 races");
 * ```
 */
export async function appendLog(path: string, level: "info" | "debug" | "error", message: string): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, `${new Date().toISOString()} ${level.toUpperCase()} ${message}\n`, { append: true });
}

/**
 * Runs one training: every race of the season predicted, the output written
 * atomically, the cache, history and log updated.
 *
 * @example
 * ```ts ignore
 * import { runTraining } from "./trainer.ts";
 * const outcome = await runTraining({ trainData: "data/demo", output: "predictions/out.json", numSimulations: 5000,
 *   useBayesian: false, useMlLayer: false, driverWeights: {}, teamWeights: {}, scenarios: ["dry", "wet", "safety_car"],
 *   seed: 42, incremental: true, forceRetrain: false, verbose: false });
 * outcome.counts.failed; // []
 * ```
 */
export async function runTraining(config: TrainerConfig, hooks: TrainerHooks = {}): Promise<TrainingOutcome> {
  const started = performance.now();
  const base: StrengthModel<unknown> = config.useBayesian ? bayesModel : formModel;
  const model: StrengthModel<unknown> = config.useMlLayer ? mlModel(base) : base;
  const files = companionFiles(config.output);
  const debug = (message: string) => config.verbose ? appendLog(files.log, "debug", message) : Promise.resolve();

  const registry = ScenarioRegistry.withBuiltIns();
  if (config.scenarioFile !== undefined) {
    registry.addFromJson(JSON.parse(await Deno.readTextFile(config.scenarioFile)), config.scenarioFile);
  }
  const scenarios: NamedScenario[] = config.scenarios.map((name) => ({ name, scenario: registry.get(name) }));
  const seasons = await loadDataSet(config.trainData);
  if (hooks.refuseMalformedJson) {
    const problems = malformedJsonProblems(seasons);
    if (problems.length > 0) throw new MalformedDataError(problems);
  }
  const target = seasons.find((s) =>
    s.season.year === (config.season ?? Math.max(...seasons.map((x) => x.season.year)))
  );
  const weights = resolveWeights(
    config.driverWeights,
    config.teamWeights,
    target?.season.entrants ?? seasons.at(-1)!.season.entrants,
  );
  const settings: ForecastSettings = { simulations: config.numSimulations, seed: config.seed, scenarios, weights };
  const configRecord = {
    model_version: model.version,
    num_simulations: config.numSimulations,
    seed: config.seed,
    scenarios: scenarios.map(({ name, scenario }) => ({ name, ...scenario })),
    driver_weights: Object.fromEntries([...weights.drivers].sort()),
    team_weights: Object.fromEntries([...weights.teams].sort()),
    use_bayesian: config.useBayesian,
    use_ml_layer: config.useMlLayer,
  };
  const configHash = hashParts(JSON.stringify(configRecord));

  await Deno.mkdir(dirname(config.output) || ".", { recursive: true });
  const release = await acquireOutputLock(config.output);
  try {
    const previous = await readJson(config.output) as PredictionsDocument | undefined;
    // A stale forecast may only stand in for the same season's race under the same configuration.
    const sameRun = previous?.metadata?.season === (target?.season.year ?? config.season) &&
      previous?.metadata?.config_hash === configHash;
    const useCache = config.incremental && !config.forceRetrain;
    const cacheFile = useCache ? await readJson(files.cache) as CacheFile | undefined : undefined;
    const cache = new Map(Object.entries(cacheFile?.entries ?? {}));
    await debug(`loaded ${seasons.length} season(s) from ${config.trainData}; ${cache.size} cached rounds`);
    const result = trainSeasons(
      seasons,
      model,
      settings,
      configHash,
      cache,
      sameRun ? previous?.predictions ?? {} : {},
      config.season,
      hooks.progress,
    );
    const projectionKey = hashParts(result.latestKey, PROJECTION_VERSION);
    let projection: SeasonProjection | null = cacheFile?.projection?.key === projectionKey
      ? cacheFile.projection.value
      : null;
    if (projection === null) {
      try {
        // trainSeasons threw already if the target season were missing.
        projection = projectSeason(model, result.latestState, target!, settings);
      } catch (error) {
        // The race forecasts stand on their own; a projection that cannot be made must not cost them.
        await appendLog(files.log, "error", `season projection failed: ${(error as Error).message}`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const history: HistoryEntry = {
      timestamp: new Date().toISOString(),
      duration_seconds: Math.round(seconds * 1000) / 1000,
      season: result.year,
      races_processed: result.counts.processed,
      races_retrained: result.counts.retrained,
      races_reused: result.counts.reused,
      succeeded: result.counts.succeeded,
      failed: result.counts.failed,
      data_hash: result.dataHash,
      config_hash: configHash,
      config: {
        ...configRecord,
        scenarios: config.scenarios,
        train_data: config.trainData,
        force_retrain: config.forceRetrain,
      },
    };
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
        scenario_weights: Object.fromEntries(scenarios.map(({ name, scenario }) => [name, scenario.weight])),
        seed: config.seed,
        model_version: model.version,
        data_hash: result.dataHash,
        hash_algorithm: DATA_HASH_ALGORITHM,
        config_hash: configHash,
        source: target?.season.source ?? null,
        ml_layer: config.useMlLayer ? mlLayerSummary(result.latestState as MlLayerState<unknown>) : null,
        training_history: [...(previous?.metadata?.training_history ?? []), history].slice(-HISTORY_KEPT),
      },
      season_projection: projection,
      predictions: result.races,
    };
    await writeFileAtomic(config.output, toJsonText(document));
    await writeFileAtomic(
      files.cache,
      JSON.stringify(
        {
          config_hash: configHash,
          entries: Object.fromEntries(result.cache),
          ...(projection === null ? {} : { projection: { key: projectionKey, value: projection } }),
        } satisfies CacheFile,
      ),
    );
    await Deno.writeTextFile(files.history, `${JSON.stringify(history)}\n`, { append: true });
    await recordHistory(files.historyDb, files.log, document);
    const summary = runSummary(result.year, result.counts, history.duration_seconds, config.output, hooks.changed);
    await appendLog(files.log, result.counts.failed.length > 0 ? "error" : "info", summary);
    return { document, counts: result.counts, history, summary };
  } finally {
    await release();
  }
}
