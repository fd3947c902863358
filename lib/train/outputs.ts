/**
 * Where a run's files live: the predictions file named after its season, the
 * files kept beside it, and how readers (report, serve) find the newest one.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { UserInputError } from "../errors/errors.ts";
import { DEMO_SOURCE } from "../demo/season.ts";
import { seasonFoldersIn } from "../data/load.ts";

/** The folder predictions go to unless told otherwise. */
export const PREDICTIONS_DIR = "predictions";

/**
 * The default predictions file of a season, so a run for one season never
 * overwrites another's.
 *
 * @example
 * ```ts
 * import { defaultOutputPath } from "./outputs.ts";
 * import assert from "node:assert/strict";
 * assert.equal(defaultOutputPath(2024), "predictions/season_2024_incremental.json");
 * ```
 */
export function defaultOutputPath(year: number): string {
  return join(PREDICTIONS_DIR, `season_${year}_incremental.json`);
}

/**
 * Where a run writes when `--output` is not given: `defaultOutputPath` of the season it predicts, or, for a
 * generated demo season, `predictions/demo_<YEAR>_incremental.json`, so the invented season never shares a file
 * (and so a run history) with the real one.
 *
 * @example
 * ```ts ignore
 * import { defaultOutputFor } from "./outputs.ts";
 * await defaultOutputFor("data/f1"); // "predictions/season_2025_incremental.json"
 * await defaultOutputFor("data/demo"); // "predictions/demo_2025_incremental.json"
 * ```
 */
export async function defaultOutputFor(trainData: string, season?: number): Promise<string> {
  const head = await seasonHead(trainData, season);
  if (head === undefined) return join(PREDICTIONS_DIR, "season_incremental.json");
  return head.source === DEMO_SOURCE
    ? join(PREDICTIONS_DIR, `demo_${head.year}_incremental.json`)
    : defaultOutputPath(head.year);
}

/**
 * Paths of the files a run keeps beside its output.
 *
 * @example
 * ```ts
 * import { companionFiles } from "./outputs.ts";
 * import assert from "node:assert/strict";
 * assert.equal(companionFiles("predictions/season_2025.json").log, "predictions/training.log");
 * ```
 */
export function companionFiles(
  output: string,
): { cache: string; history: string; log: string; historyDb: string } {
  const dir = dirname(output);
  return {
    cache: join(dir, `.${basename(output)}.cache.json`),
    history: join(dir, "training_history.jsonl"),
    log: join(dir, "training.log"),
    historyDb: join(dir, "history.sqlite"),
  };
}

/** A season file's year and source, where it can be read. */
async function readHead(path: string): Promise<{ year: number; source: unknown } | undefined> {
  try {
    const season = JSON.parse(await Deno.readTextFile(path));
    return Number.isInteger(season?.year) ? { year: season.year, source: season.source } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The season a run will predict: `season` when given, else the latest season
 * in the data folder (a season folder, or a folder of season folders).
 * Reads only the `season.json` files; undefined where none can be read, in
 * which case loading the data reports what is wrong.
 *
 * @example
 * ```ts ignore
 * import { seasonToPredict } from "./outputs.ts";
 * await seasonToPredict("data/demo"); // 2025
 * ```
 */
export async function seasonToPredict(trainData: string, season?: number): Promise<number | undefined> {
  return season ?? (await seasonHead(trainData))?.year;
}

/** The year and source of the season a run predicts (`season`, else the latest), from the season files. */
async function seasonHead(
  trainData: string,
  season?: number,
): Promise<{ year: number; source: unknown } | undefined> {
  const own = await readHead(join(trainData, "season.json"));
  if (own !== undefined) return season === undefined || own.year === season ? own : undefined;
  const folders = await seasonFoldersIn(trainData).catch(() => []);
  const heads = (await Promise.all(folders.map((dir) => readHead(join(dir, "season.json")))))
    .filter((head) => head !== undefined);
  const year = season ?? Math.max(...heads.map((head) => head.year));
  return heads.find((head) => head.year === year);
}

/**
 * The most recently written predictions file in a folder: a visible `.json`
 * file with `metadata.season` and `predictions`, newest by modification time
 * (then by name, so the choice is stable). Undefined where there is none.
 *
 * @example
 * ```ts ignore
 * import { newestPredictionsFile } from "./outputs.ts";
 * await newestPredictionsFile("predictions"); // "predictions/season_2025_incremental.json"
 * ```
 */
export async function newestPredictionsFile(dir: string = PREDICTIONS_DIR): Promise<string | undefined> {
  const candidates: Array<{ path: string; mtime: number }> = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || entry.name.startsWith(".") || !entry.name.endsWith(".json")) continue;
      const path = join(dir, entry.name);
      candidates.push({ path, mtime: (await Deno.stat(path)).mtime?.getTime() ?? 0 });
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  candidates.sort((a, b) => b.mtime - a.mtime || a.path.localeCompare(b.path));
  for (const { path } of candidates) {
    try {
      const document = JSON.parse(await Deno.readTextFile(path));
      if (typeof document?.metadata?.season === "number" && typeof document.predictions === "object") return path;
    } catch {
      // not a predictions file (a batch comparison, say): look at the next newest
    }
  }
  return undefined;
}

/** Thrown for an output path that cannot be a predictions file: empty, or a folder. */
export class OutputPathError extends UserInputError {
  /**
   * @example
   * ```ts
   * import { OutputPathError } from "./outputs.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new OutputPathError("predictions", "a folder").message, 'output "predictions": expected a file path; found a folder');
   * ```
   */
  constructor(path: string, found: string) {
    super(`output "${path}": expected a file path; found ${found}`);
    this.name = "OutputPathError";
  }
}

/**
 * Checks, before any work, that a predictions file can be written at `path`.
 *
 * @throws {OutputPathError}
 * @example
 * ```ts
 * import { checkOutputPath } from "./outputs.ts";
 * import assert from "node:assert/strict";
 * await assert.rejects(checkOutputPath(Deno.cwd()), /found a folder/);
 * ```
 */
export async function checkOutputPath(path: string): Promise<void> {
  if (path.trim() === "") throw new OutputPathError(path, "an empty path");
  try {
    if ((await Deno.stat(path)).isDirectory) throw new OutputPathError(path, "a folder");
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
