/**
 * What every command line of this project shares: parsing options (with
 * `--help`), whole-number and JSON options, picking the predictions file, and
 * the one table that turns `lib/` errors, which describe data, into the
 * option a user should look at and an exit code (0 fine, 1 the run or the
 * data failed, 2 the options are wrong).
 *
 * @module
 */

import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { newestPredictionsFile, PREDICTIONS_DIR } from "../lib/train/outputs.ts";
import { UnknownIdentityError } from "../lib/sources/identity.ts";
import { MAX_WORKERS, workersPerCore } from "../lib/parallel/worker_pool.ts";
import { DATABASE_ENV, isPostgresUrl } from "../lib/store/history.ts";
import { UserInputError } from "../lib/errors/errors.ts";

/** Thrown for a bad command-line value; commands exit 2. */
export class UsageError extends UserInputError {
  /**
   * @example
   * ```ts
   * import { UsageError } from "./cli.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new UsageError("--seed: expected an integer").name, "UsageError");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A whole-number option, written in decimal digits (no `0x10`, `1e3`, spaces or empty text): `fallback` when absent.
 *
 * @throws {UsageError} when the text is not an integer in range.
 * @example
 * ```ts
 * import { integerOption } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.equal(integerOption("--seed", "7", { fallback: 42, min: 0 }), 7);
 * assert.equal(integerOption("--seed", undefined, { fallback: 42, min: 0 }), 42);
 * assert.throws(() => integerOption("--port", "70000", { fallback: 8000, min: 0, max: 65535 }), /0-65535/);
 * for (const text of ["0x10", "1e3", "", " 7"]) assert.throws(() => integerOption("--seed", text, { fallback: 42, min: 0 }));
 * ```
 */
export function integerOption(
  option: string,
  text: string | undefined,
  range: { fallback: number; min: number; max?: number },
): number {
  if (text === undefined) return range.fallback;
  const value = /^-?\d+$/.test(text) ? Number(text) : NaN;
  const { min, max = Number.MAX_SAFE_INTEGER } = range;
  if (!Number.isInteger(value) || value < min || value > max) {
    const expected = range.max === undefined ? `an integer >= ${min}` : `an integer ${min}-${max}`;
    throw new UsageError(`${option}: expected ${expected}; found "${text}"`);
  }
  return value;
}

/**
 * `--workers`: a number of worker threads, 1-64, or `auto` (the default when absent): one per core, this thread
 * where workers cannot start.
 *
 * @throws {UsageError} when the text is neither.
 * @example
 * ```ts
 * import { workersOption } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.equal(workersOption(undefined), "auto");
 * assert.equal(workersOption("2"), 2);
 * assert.throws(() => workersOption("0"), /--workers: expected an integer 1-64 or auto; found "0"/);
 * ```
 */
export function workersOption(text: string | undefined): number | "auto" {
  if (text === undefined || text === "auto") return "auto";
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_WORKERS) {
    throw new UsageError(`--workers: expected an integer 1-${MAX_WORKERS} or auto; found "${text}"`);
  }
  return value;
}

/**
 * `--workers` as a count: `auto` is one per core.
 *
 * @example
 * ```ts
 * import { workerCount } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([workerCount("3"), workerCount(undefined)], [3, navigator.hardwareConcurrency]);
 * ```
 */
export function workerCount(text: string | undefined): number {
  const workers = workersOption(text);
  return workers === "auto" ? workersPerCore() : workers;
}

/**
 * A comma-separated list of whole numbers (`--seasons 2024,2025`): `fallback`
 * when absent; each entry checked as {@linkcode integerOption} checks one.
 *
 * @throws {UsageError} when an entry is not an integer in range.
 * @example
 * ```ts
 * import { integerListOption } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(integerListOption("--seasons", "2024, 2025", { fallback: "2025", min: 1950 }), [2024, 2025]);
 * assert.deepEqual(integerListOption("--rounds", undefined, { fallback: "6,12", min: 1 }), [6, 12]);
 * assert.throws(() => integerListOption("--rounds", "6,x", { fallback: "6", min: 1 }), /--rounds: expected/);
 * ```
 */
export function integerListOption(
  option: string,
  text: string | undefined,
  range: { fallback: string; min: number; max?: number },
): number[] {
  const { min, max } = range;
  return (text ?? range.fallback).split(",").map((entry) =>
    integerOption(option, entry.trim(), { fallback: 0, min, max })
  );
}

/**
 * `--seasons 2016-2025` (or `2025`): the seasons from the first through the last; else a {@linkcode UsageError}.
 * @example
 * ```ts
 * import { yearRangeOption } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([yearRangeOption("--seasons", "2023-2025"), yearRangeOption("-", "2025")], [[2023, 2024, 2025], [2025]]);
 * assert.throws(() => yearRangeOption("--seasons", "2025-2023"), /expected seasons such as 2016-2025; found "2025-2023"/);
 * ```
 */
export function yearRangeOption(option: string, text: string): number[] {
  const [, first, last] = /^(\d{4})(?:-(\d{4}))?$/.exec(text.trim()) ?? [];
  const [from, to] = [Number(first), Number(last ?? first)];
  if (!(from >= 1950 && to >= from)) {
    throw new UsageError(`${option}: expected seasons such as 2016-2025; found "${text}"`);
  }
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * An option every run needs, such as `--train-data`.
 *
 * @throws {UsageError} naming the option and what it expects when it is absent.
 * @example
 * ```ts
 * import { requiredOption } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.equal(requiredOption("--train-data", "data/f1", "a folder of season folders"), "data/f1");
 * assert.throws(() => requiredOption("--train-data", undefined, "a folder of season folders"), /--train-data: expected a folder/);
 * ```
 */
export function requiredOption(option: string, text: string | undefined, expected: string): string {
  if (text === undefined) throw new UsageError(`${option}: expected ${expected}`);
  return text;
}

/**
 * A JSON-object option, given inline or as `@file`: `{}` when absent.
 *
 * @throws {UsageError} when the file cannot be read or the text is not a JSON object.
 * @example
 * ```ts
 * import { jsonObjectOption } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(await jsonObjectOption("--driver-weights", '{"NOR":1.35}'), { NOR: 1.35 });
 * await assert.rejects(jsonObjectOption("--driver-weights", "{nope"), /expected a JSON object/);
 * ```
 */
export async function jsonObjectOption(option: string, text: string | undefined): Promise<Record<string, number>> {
  if (text === undefined) return {};
  let raw = text;
  if (text.startsWith("@")) {
    try {
      raw = await Deno.readTextFile(text.slice(1));
    } catch (error) {
      throw new UsageError(`${option}: cannot read ${text.slice(1)}: ${(error as Error).message}`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new UsageError(
      `${option}: expected a JSON object such as '{"NOR":1.35}' or @file; found ${JSON.stringify(text)}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${option}: expected a JSON object of name to weight; found ${JSON.stringify(value)}`);
  }
  return value as Record<string, number>;
}

/** The options several tasks take, declared once so they mean the same everywhere. */
export const SHARED_OPTIONS = {
  "train-data": { type: "string" },
  season: { type: "string" },
  "num-simulations": { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
  predictions: { type: "string" },
  database: { type: "string" },
} as const;

/**
 * Some of {@linkcode SHARED_OPTIONS}, for a task's option table.
 *
 * @example
 * ```ts
 * import { sharedOptions } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Object.keys(sharedOptions("train-data", "seed")), ["train-data", "seed"]);
 * ```
 */
export function sharedOptions<K extends keyof typeof SHARED_OPTIONS>(...names: K[]): Pick<typeof SHARED_OPTIONS, K> {
  return Object.fromEntries(names.map((name) => [name, SHARED_OPTIONS[name]])) as Pick<typeof SHARED_OPTIONS, K>;
}

/** A task's command line: its name, its usage text and its options (`-h`/`--help` is added). */
export interface TaskSpec<O extends ParseArgsOptionsConfig> {
  task: string;
  usage: string;
  options: O;
  /** Whether the task takes positional arguments (file names, say). */
  positionals?: boolean;
}

/** The option values `parseArgs` gives for options `O`. */
export type TaskValues<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; strict: true; options: O }>
>["values"];

/**
 * Parses a task's command line, strictly: the option values and positionals,
 * or the exit code when the task should stop here (0 after printing the usage
 * for --help, 2 after printing an unknown or malformed option).
 *
 * @example
 * ```ts
 * import { parseTaskArgs } from "./cli.ts";
 * import assert from "node:assert/strict";
 * const parsed = parseTaskArgs(["--out", "x"], { task: "demo", usage: "Usage: demo --out DIR", options: { out: { type: "string" } } });
 * assert.equal(typeof parsed === "number" ? parsed : parsed.values.out, "x");
 * ```
 */
export function parseTaskArgs<const O extends ParseArgsOptionsConfig>(
  args: string[],
  spec: TaskSpec<O>,
): { values: TaskValues<O>; positionals: string[] } | number {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: spec.positionals ?? false,
      options: { ...spec.options, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    console.error(`${spec.task}: ${(error as Error).message}\n\n${spec.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(spec.usage);
    return 0;
  }
  return { values: parsed.values as TaskValues<O>, positionals: parsed.positionals };
}

/**
 * The predictions file a reading task works on: `given`, else the newest in
 * `predictions/`, saying on the terminal which one it picked. Undefined, after
 * saying why, where there is none.
 *
 * @example
 * ```ts ignore
 * import { predictionsFileOption } from "./cli.ts";
 * await predictionsFileOption("report", undefined); // "predictions/season_2025_incremental.json"
 * ```
 */
export async function predictionsFileOption(task: string, given: string | undefined): Promise<string | undefined> {
  if (given !== undefined) return given;
  const newest = await newestPredictionsFile();
  if (newest === undefined) {
    console.error(
      `${task}: no predictions file in ${PREDICTIONS_DIR}/; run deno task train first, or pass --predictions`,
    );
  } else console.log(`${task}: the newest predictions file is ${newest}`);
  return newest;
}

/**
 * What a user sees of an error, and the exit code: the option to fix for
 * errors in what was asked (exit 2), the data's own message for the rest
 * (exit 1). Unexpected errors show their stack only with `verbose`.
 *
 * @example
 * ```ts
 * import { describeFailure } from "./cli.ts";
 * import { WeightError } from "../lib/forecast/weights.ts";
 * import assert from "node:assert/strict";
 * const failure = describeFailure(new WeightError("team", "Nowhere", { expected: "a team", found: '"Nowhere"' }));
 * assert.deepEqual(failure, { message: '--team-weights: Nowhere: expected a team; found "Nowhere"', code: 2 });
 * ```
 */
export function describeFailure(
  error: unknown,
  options: { verbose?: boolean } = {},
): { message: string; code: number } {
  if (error instanceof UserInputError) {
    return { message: error.input === undefined ? error.message : `--${error.input}: ${error.detail}`, code: 2 };
  }
  if (error instanceof UnknownIdentityError) {
    const hint = error.identity.kind === "constructor" ? " (map it with --team SOURCE_ID=F1DB_ID)" : "";
    return { message: `${error.message}${hint}`, code: 1 };
  }
  if (!(error instanceof Error)) return { message: String(error), code: 1 };
  const known = error.name !== "Error" && !(error instanceof TypeError) && !(error instanceof RangeError);
  if (known || !options.verbose) {
    const hint = known ? "" : " (run with --verbose for the stack trace)";
    return { message: `${error.message}${hint}`, code: 1 };
  }
  return { message: error.stack ?? error.message, code: 1 };
}

/**
 * `--team cadillac=cadillac,Cadillac F1 Team=cadillac`: a source's team ids (Ergast's constructor id, OpenF1's
 * team name) to F1DB team ids.
 *
 * @throws {UsageError} for a pair that is not `id=id`.
 * @example
 * ```ts
 * import { teamMappingOption } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(teamMappingOption("--team", "cadillac=cadillac, audi=audi"), { cadillac: "cadillac", audi: "audi" });
 * assert.deepEqual(teamMappingOption("--team", undefined), {});
 * assert.deepEqual(teamMappingOption("--team", "Cadillac F1 Team=cadillac"), { "Cadillac F1 Team": "cadillac" });
 * assert.throws(() => teamMappingOption("--team", "cadillac"), /--team: expected SOURCE_ID=F1DB_ID/);
 * ```
 */
export function teamMappingOption(option: string, text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  const mapping: Record<string, string> = {};
  for (const pair of text.split(",").map((part) => part.trim()).filter((part) => part !== "")) {
    const match = /^([^=]+)=([a-z0-9-]+)$/.exec(pair);
    if (match === null) throw new UsageError(`${option}: expected SOURCE_ID=F1DB_ID pairs; found "${pair}"`);
    mapping[match[1].trim()] = match[2];
  }
  return mapping;
}

/**
 * How a task that reads a web source reports being refused the network:
 * tasks may reach their sources' hosts and 127.0.0.1 only, so a mirror
 * elsewhere needs a wider permission (exit 2). Undefined for other errors.
 *
 * @example
 * ```ts
 * import { sourceFailure } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.equal(sourceFailure(new Deno.errors.NotCapable("no"), "https://mirror.example/f1")?.code, 2);
 * assert.equal(sourceFailure(new Error("x"), "https://mirror.example/f1"), undefined);
 * ```
 */
export function sourceFailure(error: unknown, baseUrl: string): { message: string; code: number } | undefined {
  if (!(error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied)) return undefined;
  const host = URL.canParse(baseUrl) ? new URL(baseUrl).host : baseUrl;
  return {
    message:
      `--base-url ${baseUrl}: the task may reach its sources' hosts and 127.0.0.1 only; for ${host} run it with ` +
      `deno run --allow-read --allow-write --allow-env --allow-net=${host} and the task's file`,
    code: 2,
  };
}

/**
 * The forecast-history database: `--database`, else the environment's
 * `F1HP_DATABASE_URL`, else undefined (the SQLite file beside the output).
 *
 * @throws {UsageError} for a value that is not a PostgreSQL URL.
 * @example
 * ```ts
 * import { databaseOption } from "./cli.ts";
 * import assert from "node:assert/strict";
 * assert.equal(databaseOption("postgres://localhost/f1hp"), "postgres://localhost/f1hp");
 * assert.throws(() => databaseOption("mysql://x"), /--database: expected a PostgreSQL URL/);
 * ```
 */
export function databaseOption(given: string | undefined): string | undefined {
  const value = given ?? (Deno.env.get(DATABASE_ENV) || undefined);
  if (value === undefined) return undefined;
  if (!isPostgresUrl(value)) {
    const from = given === undefined ? DATABASE_ENV : "--database";
    throw new UsageError(`${from}: expected a PostgreSQL URL such as postgres://user@host:5432/f1hp; found "${value}"`);
  }
  return value;
}
