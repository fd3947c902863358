/**
 * Batches of named training configurations, read from a JSON file such as
 * the shipped `batch.json`:
 *
 * ```json
 * {
 *   "train_data": "data/demo",
 *   "output_dir": "predictions/batch",
 *   "configurations": [
 *     { "name": "baseline" },
 *     { "name": "mclaren-boost", "team_weights": { "McLaren-Mercedes": 1.35 } },
 *     { "name": "dry-only", "scenarios": ["dry"], "num_simulations": 2000 }
 *   ]
 * }
 * ```
 *
 * Each configuration's fields use the predictions file's metadata names and
 * default as `deno task train` does; each writes `<output_dir>/<name>.json`
 * with its own cache beside it, so a rerun reuses what is still valid.
 *
 * @module
 */

import { join } from "node:path";
import { runTraining, type TrainingOutcome } from "./trainer.ts";
import { runSettings, TRAINER_DEFAULTS, type TrainerConfig, trainerConfig } from "./options.ts";
import { modelFromLayers, MODELS } from "../model/registry.ts";

/** Thrown for a batch file that does not have the documented shape. */
export class BatchConfigError extends Error {
  /**
   * @example
   * ```ts
   * import { BatchConfigError } from "./batch.ts";
   * import assert from "node:assert/strict";
   * const problem = { path: "configurations[0].name", expected: "a name of letters, digits, - and _", found: '""' };
   * assert.equal(
   *   new BatchConfigError("batch.json", problem).message,
   *   'batch.json: configurations[0].name: expected a name of letters, digits, - and _; found ""',
   * );
   * ```
   */
  constructor(file: string, problem: { path: string; expected: string; found: string }) {
    super(`${file}: ${problem.path}: expected ${problem.expected}; found ${problem.found}`);
    this.name = "BatchConfigError";
  }
}

/** Where a batch writes when its file does not say. */
export const BATCH_OUTPUT_DIR = "predictions/batch";

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The file a batch writes beside its configurations' outputs, in `output_dir`: no configuration may take its name. */
export const BATCH_COMPARISON_FILE = "comparison.json";

type Fields = Record<string, unknown>;

function describe(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

/**
 * Reads the optional fields of one batch entry, stopping at the first bad one with the field's full path:
 * a batch file is short and hand-written, so one clear error at a time is enough. (Data files use
 * `lib/data/field_reader.ts`, which collects every problem of a file.)
 */
class BatchFields {
  constructor(readonly file: string, readonly prefix: string, readonly fields: Fields) {}

  fail(key: string, expected: string): never {
    throw new BatchConfigError(this.file, {
      path: `${this.prefix}${key}`,
      expected: expected,
      found: describe(this.fields[key]),
    });
  }

  string(key: string): string | undefined {
    const value = this.fields[key];
    if (value === undefined) return undefined;
    return typeof value === "string" && value.length > 0 ? value : this.fail(key, "a non-empty string");
  }

  integer(key: string, min: number): number | undefined {
    const value = this.fields[key];
    if (value === undefined) return undefined;
    return Number.isInteger(value) && (value as number) >= min
      ? value as number
      : this.fail(key, `an integer >= ${min}`);
  }

  boolean(key: string): boolean | undefined {
    const value = this.fields[key];
    if (value === undefined) return undefined;
    return typeof value === "boolean" ? value : this.fail(key, "true or false");
  }

  weights(key: string): Record<string, number> {
    const value = this.fields[key];
    if (value === undefined) return {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.fail(key, 'an object of name to weight, such as {"NOR": 1.35}');
    }
    return value as Record<string, number>;
  }

  names(key: string): string[] | undefined {
    const value = this.fields[key];
    if (value === undefined) return undefined;
    const ok = Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" && v.length > 0);
    return ok ? value as string[] : this.fail(key, 'a non-empty array of scenario names, such as ["dry", "wet"]');
  }

  unknown(allowed: readonly string[]): void {
    const extra = Object.keys(this.fields).find((key) => !allowed.includes(key));
    if (extra !== undefined) this.fail(extra, `one of the fields ${allowed.join(", ")}`);
  }
}

function asObject(value: unknown, file: string, field: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BatchConfigError(file, {
      path: field || "(the file)",
      expected: "a JSON object",
      found: describe(value),
    });
  }
  return value as Fields;
}

/** A configuration's keys: every run setting (`runSettings`, under the file's names) and the batch's own. */
const ENTRY_FIELDS: readonly string[] = [
  "name",
  "train_data",
  "season",
  "scenario_file",
  "conditions_file",
  "force_retrain",
  ...Object.keys(runSettings(trainerConfig("", ""))),
];

/**
 * The model a configuration names: `model`, or the older `use_bayesian` /
 * `use_ml_layer` pair (the seed's flags), or the trainer's default.
 */
function batchModel(entry: BatchFields): string {
  const model = entry.string("model");
  const bayesian = entry.boolean("use_bayesian");
  const mlLayer = entry.boolean("use_ml_layer");
  if (model !== undefined && (bayesian !== undefined || mlLayer !== undefined)) {
    entry.fail("model", "the model named once: model, or the older use_bayesian and use_ml_layer");
  }
  if (model !== undefined) {
    if (!MODELS.some((m) => m.name === model)) entry.fail("model", `one of ${MODELS.map((m) => m.name).join(", ")}`);
    return model;
  }
  if (bayesian === undefined && mlLayer === undefined) return TRAINER_DEFAULTS.model;
  return modelFromLayers({ bayesian, mlLayer });
}

/** One configuration of a batch, ready for the trainer. */
export interface BatchRun {
  name: string;
  config: TrainerConfig;
}

/** A checked batch file: where its outputs go and the runs, in the file's order. */
export interface BatchPlan {
  outputDir: string;
  runs: BatchRun[];
}

/** What the command line sets over a batch file's own fields. */
export interface BatchOverrides {
  /**
   * The data set, over the file's `train_data`.
   *
   * @default {the file's train_data}
   */
  trainData?: string;
  /**
   * Where the outputs go, over the file's `output_dir`.
   *
   * @default {the file's output_dir, else BATCH_OUTPUT_DIR}
   */
  outputDir?: string;
  /**
   * The history database for every run.
   *
   * @default {undefined: SQLite beside the outputs}
   */
  database?: string;
}

/**
 * Checks a parsed batch file and turns it into trainer configurations.
 * `trainData` and `outputDir` override the file's own.
 *
 * @throws {BatchConfigError} naming the file and the field.
 * @example
 * ```ts
 * import { parseBatchConfig } from "./batch.ts";
 * import assert from "node:assert/strict";
 * const plan = parseBatchConfig({ train_data: "data/demo", configurations: [{ name: "base" }, { name: "dry", scenarios: ["dry"] }] }, "batch.json");
 * assert.deepEqual(plan.runs.map((run) => run.config.output), ["predictions/batch/base.json", "predictions/batch/dry.json"]);
 * ```
 */
export function parseBatchConfig(
  value: unknown,
  file: string,
  overrides: BatchOverrides = {},
): BatchPlan {
  const top: BatchFields = new BatchFields(file, "", asObject(value, file, ""));
  top.unknown(["train_data", "output_dir", "configurations"]);
  const trainData = overrides.trainData ?? top.string("train_data");
  const outputDir = overrides.outputDir ?? top.string("output_dir") ?? BATCH_OUTPUT_DIR;
  const list = top.fields.configurations;
  if (!Array.isArray(list) || list.length === 0) top.fail("configurations", "a non-empty array of configurations");
  const seen = new Set<string>();
  const runs = list.map((item, index): BatchRun => {
    const prefix = `configurations[${index}].`;
    const entry: BatchFields = new BatchFields(file, prefix, asObject(item, file, prefix.slice(0, -1)));
    entry.unknown(ENTRY_FIELDS);
    const name = entry.string("name");
    if (name === undefined || !NAME_PATTERN.test(name)) entry.fail("name", "a name of letters, digits, - and _");
    if (seen.has(name)) entry.fail("name", "a name no other configuration uses");
    if (`${name}.json`.toLowerCase() === BATCH_COMPARISON_FILE) {
      entry.fail("name", `a name other than ${BATCH_COMPARISON_FILE.replace(/\.json$/, "")}, the batch's own file`);
    }
    seen.add(name);
    const data = entry.string("train_data") ?? trainData;
    if (data === undefined) entry.fail("train_data", "a data folder, here or at the top of the file");
    const season = entry.integer("season", 1950);
    const scenarioFile = entry.string("scenario_file");
    const conditionsFile = entry.string("conditions_file");
    const numSimulations = entry.integer("num_simulations", 1);
    const seed = entry.integer("seed", 0);
    const scenarios = entry.names("scenarios");
    return {
      name,
      config: trainerConfig(data, join(outputDir, `${name}.json`), {
        ...(numSimulations === undefined ? {} : { numSimulations }),
        model: batchModel(entry),
        driverWeights: entry.weights("driver_weights"),
        teamWeights: entry.weights("team_weights"),
        ...(scenarios === undefined ? {} : { scenarios }),
        ...(scenarioFile === undefined ? {} : { scenarioFile }),
        ...(conditionsFile === undefined ? {} : { conditionsFile }),
        ...(seed === undefined ? {} : { seed }),
        ...(season === undefined ? {} : { season }),
        forceRetrain: entry.boolean("force_retrain") ?? false,
        ...(overrides.database === undefined ? {} : { database: overrides.database }),
      }),
    };
  });
  return { outputDir, runs };
}

/** A run's outcome, or the error that stopped it. */
export type RunResult =
  & { name: string; output: string }
  & (
    | { outcome: TrainingOutcome; error?: undefined }
    | { outcome?: undefined; error: Error }
  );

/**
 * Trains each configuration in turn. One that fails (bad weights, a missing
 * folder) is reported with its error; the others still run.
 *
 * @example
 * ```ts ignore
 * import { parseBatchConfig, runBatch } from "./batch.ts";
 * const plan = parseBatchConfig(JSON.parse(await Deno.readTextFile("batch.json")), "batch.json");
 * const results = await runBatch(plan.runs);
 * ```
 */
export async function runBatch(
  runs: readonly BatchRun[],
  onDone?: (result: RunResult) => void,
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const { name, config } of runs) {
    let result: RunResult;
    try {
      result = { name, output: config.output, outcome: await runTraining(config) };
    } catch (error) {
      result = { name, output: config.output, error: error instanceof Error ? error : new Error(String(error)) };
    }
    results.push(result);
    onDone?.(result);
  }
  return results;
}
