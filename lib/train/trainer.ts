/**
 * A training run: resolve the configuration against the data, train every
 * round (reusing the cache), project the championship, assemble the
 * predictions document, persist it and its companions. Each step is its own
 * function; this module only sequences them under the output's lock.
 *
 * @module
 */

import { dirname } from "node:path";
import { loadDataSet, type LoadedSeason } from "../data/load.ts";
import { formatIssue } from "../data/issues.ts";
import { hashParts } from "../data/hash.ts";
import { strengthModel } from "../forecast/models.ts";
import { ScenarioFileError, ScenarioRegistry } from "../sim/scenarios.ts";
import { type TrainingCounts, trainSeasons } from "../forecast/pipeline.ts";
import { FORECAST_VERSION, type ForecastSettings, type NamedScenario } from "../forecast/race_forecast.ts";
import { ForecastWorkers } from "../forecast/forecast_pool.ts";
import { MAX_WORKERS, workersPerCore } from "../parallel/worker_pool.ts";
import { readConditionsFile } from "../forecast/scenario_odds.ts";
import { resolveWeights } from "../forecast/weights.ts";
import type { HistoryEntry, PredictionsDocument } from "../format/predictions.ts";
import { checkOutputPath, companionFiles } from "./outputs.ts";
import { runSettings, type TrainerConfig } from "./options.ts";
import { acquireOutputLock } from "./lock.ts";
import { appendLog, runSummary } from "./log.ts";
import { assembleRun } from "./document.ts";
import type { ResolvedRun } from "./resolved_run.ts";
import { persistRun, readStoredRun, removeStaleTemporaries, repairHistory } from "./run_files.ts";
import { projection, titleOddsOverSeason } from "./championship.ts";

/** What a run reports back. */
export interface TrainingOutcome {
  document: PredictionsDocument;
  counts: TrainingCounts;
  history: HistoryEntry;
  /** The run's line in the log: what changed (when told), which rounds were retrained, how long it took. */
  summary: string;
  /**
   * Problems of the data set outside any round (a folder that matches no round
   * of the calendar), one line each: their data was not read. Each is logged.
   */
  dataIssues: string[];
  /**
   * Drivers the data set gave another code, because a different driver also holds theirs
   * (`lib/data/driver_identity.ts`), one line each. Each is logged.
   */
  relabelled: string[];
}

/** How a run reports and what it tolerates, beyond its configuration. All optional. */
export interface TrainerHooks {
  progress?: (done: number, total: number) => void;
  /** Told once when another trainer is writing the output and this run waits for it to finish. */
  waiting?: (message: string) => void;
  /**
   * Refuse to write anything when a data file is not valid JSON (throwing
   * {@linkcode MalformedDataError}) instead of marking its round failed. Watch
   * mode sets it: such a file is usually still being written, and the next
   * change event will retry.
   */
  refuseMalformedJson?: boolean;
  /** The data files that changed since the last run, for the log line (watch mode knows them). */
  changed?: readonly string[];
  /**
   * Workers to forecast on, kept by the caller across runs (watch mode keeps one set for its life); absent, the
   * run starts its own per `TrainerConfig.workers` and ends them.
   */
  workers?: ForecastWorkers;
}

/**
 * The workers a configuration asks for, none started yet: undefined for one (this thread). `"auto"` is one per
 * core, and falls back to this thread where workers cannot start.
 *
 * @example
 * ```ts
 * import { forecastWorkers } from "./trainer.ts";
 * import assert from "node:assert/strict";
 * assert.equal(forecastWorkers({ workers: 1 }), undefined);
 * assert.equal(forecastWorkers({ workers: 4 })?.size, 4);
 * ```
 */
export function forecastWorkers(config: Pick<TrainerConfig, "workers">): ForecastWorkers | undefined {
  const auto = config.workers === "auto";
  const size = config.workers === "auto" ? workersPerCore() : Math.min(config.workers ?? 1, MAX_WORKERS);
  return size > 1 ? new ForecastWorkers(size, { auto }) : undefined;
}

/** Thrown, under `refuseMalformedJson`, when data files are not valid JSON; nothing was written. */
export class MalformedDataError extends Error {
  /** One line per file that did not parse: the file and the parser's complaint. */
  readonly problems: string[];
  /**
   * @example
   * ```ts
   * import { MalformedDataError } from "./trainer.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new MalformedDataError(["data/2025/03-x/qualifying.json: expected valid JSON"]).problems.length, 1);
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

/** A scenario file's JSON; a file that cannot be read or parsed is a `ScenarioFileError` naming it. */
async function readScenarioFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    const found = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new ScenarioFileError(file, { path: "(the file)", expected: "a readable JSON file of scenarios", found });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ScenarioFileError(file, { path: "(the file)", expected: "valid JSON", found: (error as Error).message });
  }
}

async function scenariosOf(config: TrainerConfig): Promise<NamedScenario[]> {
  const registry = ScenarioRegistry.withBuiltIns();
  if (config.scenarioFile !== undefined) {
    registry.addFromJson(await readScenarioFile(config.scenarioFile), config.scenarioFile);
  }
  return registry.named(config.scenarios);
}

/**
 * The configuration against its data: the model, the seasons, the forecast
 * settings and the identity of the configuration (its hash keys the cache).
 */
async function resolveRun(config: TrainerConfig, hooks: TrainerHooks): Promise<ResolvedRun> {
  const scenarios = await scenariosOf(config);
  const seasons = await loadDataSet(config.trainData);
  if (hooks.refuseMalformedJson) {
    const problems = malformedJsonProblems(seasons);
    if (problems.length > 0) throw new MalformedDataError(problems);
  }
  const season = config.season ?? Math.max(...seasons.map((s) => s.season.year));
  const target = seasons.find((s) => s.season.year === season);
  // The Bayesian model's hyperparameters depend on the season forecast: fitted on the seasons before it.
  const model = strengthModel(config.model, season);
  const weights = resolveWeights(
    config.driverWeights,
    config.teamWeights,
    target?.season.entrants ?? seasons.at(-1)!.season.entrants,
  );
  const conditions = config.conditionsFile === undefined || target === undefined
    ? undefined
    : await readConditionsFile(config.conditionsFile, {
      season: target.season.year,
      rounds: target.season.calendar.map((r) => r.round),
    });
  const settings: ForecastSettings = {
    simulations: config.numSimulations,
    seed: config.seed,
    scenarios,
    weights,
    ...(conditions === undefined ? {} : { conditions }),
  };
  const identity = {
    ...runSettings(config),
    model_version: model.version,
    model_parameters: model.parameters ?? null,
    forecast_version: FORECAST_VERSION,
    num_simulations: config.numSimulations,
    seed: config.seed,
    scenarios: scenarios.map(({ name, scenario }) => ({ name, ...scenario })),
    driver_weights: Object.fromEntries([...weights.drivers].sort()),
    team_weights: Object.fromEntries([...weights.teams].sort()),
    conditions: conditions ?? null,
  };
  return { config, model, seasons, target, settings, identity, configHash: hashParts(JSON.stringify(identity)) };
}

/**
 * Runs one training: every race of the season predicted, the output written
 * atomically, the cache, history and log updated.
 *
 * @example
 * ```ts ignore
 * import { runTraining } from "./trainer.ts";
 * import { trainerConfig } from "./options.ts";
 * const outcome = await runTraining(trainerConfig("data/demo", "predictions/out.json"));
 * outcome.counts.failed; // []
 * ```
 */
export async function runTraining(config: TrainerConfig, hooks: TrainerHooks = {}): Promise<TrainingOutcome> {
  const started = performance.now();
  await checkOutputPath(config.output);
  const run = await resolveRun(config, hooks);
  const files = companionFiles(config.output);
  await Deno.mkdir(dirname(config.output) || ".", { recursive: true });
  const release = await acquireOutputLock(config.output, { onWait: hooks.waiting });
  try {
    for (const path of await removeStaleTemporaries(config.output)) {
      await appendLog(files.log, "info", `removed ${path}, left by a run that was killed while writing`);
    }
    const stored = await readStoredRun(config, run);
    const repaired = await repairHistory(config.output, stored.previous, { database: config.database });
    if (repaired > 0) {
      await appendLog(files.log, "info", `history: ${repaired} run(s) the output has and the history lacked, restored`);
    }
    if (config.verbose) {
      await appendLog(
        files.log,
        "debug",
        `loaded ${run.seasons.length} season(s) from ${config.trainData}; ${stored.entries.size} cached rounds`,
      );
    }
    const workers = hooks.workers ?? forecastWorkers(config);
    let result, projected, titleOdds;
    try {
      await workers?.check();
      result = await trainSeasons(run.seasons, run.model, {
        settings: run.settings,
        configHash: run.configHash,
        cache: stored.entries,
        previous: stored.previousRaces,
        year: config.season,
        progress: hooks.progress,
        ...(workers === undefined ? {} : { forecaster: (job) => workers.forecast(job) }),
      });
      projected = await projection(run, result, { stored, workers });
      titleOdds = config.titleOdds === false
        ? { list: [], byKey: {} }
        : await titleOddsOverSeason(run, result, { stored, workers });
    } finally {
      if (hooks.workers === undefined) workers?.close();
    }
    if (workers?.unavailable !== undefined) {
      await appendLog(files.log, "info", `forecast in this thread: ${workers.unavailable}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const { document, history } = assembleRun(run, {
      result,
      projection: projected.value,
      titleOdds: titleOdds.list,
      stored,
      seconds,
    });
    await persistRun(document, { run, result, history, projection: projected, titleOdds: titleOdds.byKey });
    const summary = runSummary(result, {
      seconds: history.duration_seconds,
      output: config.output,
      changed: hooks.changed,
    });
    await appendLog(files.log, result.counts.failed.length > 0 ? "error" : "info", summary);
    const dataIssues = run.seasons.flatMap((season) => season.issues.map(formatIssue));
    for (const issue of dataIssues) await appendLog(files.log, "error", `not read: ${issue}`);
    const relabelled = run.seasons.flatMap((season) =>
      (season.relabelled ?? []).map(({ name, from, to }) =>
        `${season.season.year}: ${name} is ${to} in this data set (${from} in the season's files)`
      )
    );
    for (const line of relabelled) await appendLog(files.log, "info", line);
    return { document, counts: result.counts, history, summary, dataIssues, relabelled };
  } finally {
    await release();
  }
}
