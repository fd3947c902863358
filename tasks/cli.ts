/**
 * What every command line of this project shares: the error for a bad
 * option and the parsing of whole-number options.
 *
 * @module
 */

import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { newestPredictionsFile, PREDICTIONS_DIR } from "../lib/train/outputs.ts";

/** Thrown for a bad command-line value; commands exit 2. */
export class UsageError extends Error {
  /**
   * @example
   * ```ts
   * import { UsageError } from "./cli.ts";
   * new UsageError("--seed: expected an integer").name; // "UsageError"
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A whole-number option: `fallback` when absent.
 *
 * @throws {UsageError} when the text is not an integer >= `min`.
 * @example
 * ```ts
 * import { integerOption } from "./cli.ts";
 * integerOption("--seed", "7", 42, 0); // 7
 * integerOption("--seed", undefined, 42, 0); // 42
 * ```
 */
export function integerOption(option: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`${option}: expected an integer >= ${min}; found "${text}"`);
  }
  return value;
}

/**
 * Parses a task's command line, strictly, with `-h`/`--help` added: the
 * option values, or the exit code when the task should stop here (0 after
 * printing the usage for --help, 2 after printing an unknown or malformed option).
 *
 * @example
 * ```ts
 * import { parseTaskArgs } from "./cli.ts";
 * const values = parseTaskArgs("demo", "Usage: demo --out DIR", ["--out", "x"], { out: { type: "string" } });
 * typeof values === "number" ? values : values.out; // "x"
 * ```
 */
export function parseTaskArgs<const O extends ParseArgsOptionsConfig>(
  task: string,
  usage: string,
  args: string[],
  options: O,
): TaskValues<O> | number {
  let parsed: { values: Record<string, unknown> };
  try {
    parsed = parseArgs({ args, strict: true, options: { ...options, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`${task}: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  return parsed.values as TaskValues<O>;
}

/** The option values `parseArgs` gives for options `O`. */
export type TaskValues<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; strict: true; options: O }>
>["values"];

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
