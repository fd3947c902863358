/**
 * Watch mode: train once, then retrain incrementally whenever the data folder
 * changes, until told to stop. Runs never overlap (see `RetrainScheduler`),
 * a half-written file never replaces good predictions, and stopping waits for
 * the run in flight so the output is always a whole file.
 *
 * @module
 */

import { relative, resolve, sep } from "node:path";
import { isIgnoredFileName } from "../data/ignore.ts";
import { RetrainScheduler } from "./scheduler.ts";
import { forecastWorkers, runTraining } from "./trainer.ts";
import type { ForecastWorkers } from "../forecast/forecast_pool.ts";
import { companionFiles } from "./outputs.ts";
import { appendLog } from "./log.ts";
import { type TrainerConfig } from "./options.ts";
import { UserInputError } from "../errors/errors.ts";

/** Thrown when the data folder to watch does not exist: there is nothing to wait for. */
export class WatchFolderError extends UserInputError {
  /**
   * @example
   * ```ts
   * import { WatchFolderError } from "./watch.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new WatchFolderError("data/f1").message, "data/f1: expected a data folder to watch; found no such folder");
   * ```
   */
  constructor(folder: string) {
    super(`${folder}: expected a data folder to watch; found no such folder`);
    this.name = "WatchFolderError";
  }
}

/** The quiet time after the last change before a retrain, unless `--debounce-ms` says otherwise. */
export const DEFAULT_DEBOUNCE_MS = 5000;

/** How watch mode is run. */
export interface WatchOptions {
  /** Quiet time after the last change before a retrain starts. */
  debounceMs: number;
  /** Aborting it stops the watch once the run in flight (if any) has finished. */
  signal: AbortSignal;
  /** Where lines for the user go (the log file gets them too). Debug lines come only with `verbose`. */
  report: (level: "info" | "debug" | "error", line: string) => void;
  /**
   * Errors that no data change can fix (bad weights, an unknown scenario):
   * when a run throws one, the watch stops and rejects with it. Every other
   * error is reported and waits for the next change.
   *
   * @default {no error is fatal}
   */
  fatal?: (error: unknown) => boolean;
}

/**
 * Whether a changed path should trigger a retrain: inside the watched
 * folder, not hidden or temporary at any level, and not one of the trainer's
 * own files.
 *
 * @example
 * ```ts
 * import { isWatchedChange } from "./watch.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isWatchedChange("/d/2025/03-x/qualifying.json", "/d", new Set()));
 * assert.equal(isWatchedChange("/d/2025/03-x/.qualifying.json.swp", "/d", new Set()), false);
 * assert.equal(isWatchedChange("/d/out.json", "/d", new Set(["/d/out.json"])), false);
 * ```
 */
export function isWatchedChange(path: string, root: string, ownFiles: ReadonlySet<string>): boolean {
  const absolute = resolve(path);
  if (ownFiles.has(absolute)) return false;
  const inside = relative(resolve(root), absolute);
  if (inside === "" || inside.startsWith("..")) return false;
  return !inside.split(sep).some(isIgnoredFileName);
}

/**
 * Trains, then watches `config.trainData` (recursively) and retrains after
 * each burst of changes, until `options.signal` aborts. One line per run goes
 * to the log and to `options.report`: what changed, which rounds were
 * retrained, how long it took. A run that fails (bad data, a file still being
 * written) is reported and leaves the previous output in place; the next
 * change retries. Resolves with why the watch stopped.
 *
 * @throws whatever `options.fatal` accepts, from the run that threw it.
 *
 * @example
 * ```ts ignore
 * import { watchAndTrain } from "./watch.ts";
 * const stop = new AbortController();
 * Deno.addSignalListener("SIGINT", () => stop.abort("SIGINT"));
 * const reason = await watchAndTrain(config, { debounceMs: 5000, signal: stop.signal, report: console.log });
 * ```
 */
export async function watchAndTrain(config: TrainerConfig, options: WatchOptions): Promise<string> {
  const files = companionFiles(config.output);
  const say = async (level: "info" | "debug" | "error", line: string) => {
    if (level === "debug" && !config.verbose) return;
    options.report(level, line);
    await appendLog(files.log, level, `watch: ${line}`).catch(() => {});
  };
  const session = { watcher: watchFolder(config.trainData), closed: false };
  const close = () => {
    session.closed = true;
    session.watcher.close();
  };
  const runs = new WatchRuns(config, { options, say, close });
  const scheduler = new RetrainScheduler(options.debounceMs, (changed) => runs.retrain(changed));
  if (options.signal.aborted) close();
  else options.signal.addEventListener("abort", close, { once: true });

  scheduler.runNow();
  await say("info", `watching ${config.trainData} (debounce ${options.debounceMs} ms) -> ${config.output}`);
  let reason: string | undefined;
  try {
    while (true) {
      await forwardChanges(session.watcher, { config, scheduler });
      if (session.closed) break;
      // The watcher ended by itself: the data folder was deleted. Wait for it to come back, then watch it again.
      await say("error", `${config.trainData} was removed; waiting for it to come back`);
      if (!await folderBack(config.trainData, options.signal)) break;
      session.watcher = watchFolder(config.trainData);
      await say("info", `${config.trainData} is back; retraining`);
      scheduler.notify("(the data folder, recreated)");
    }
  } catch (error) {
    reason = `the watcher failed: ${(error as Error).message}`;
  } finally {
    options.signal.removeEventListener("abort", close);
  }
  const inFlight = scheduler.running;
  await scheduler.stop();
  runs.workers?.close();
  if (runs.fatalError !== undefined) throw runs.fatalError;
  reason ??= options.signal.aborted ? `${options.signal.reason ?? "asked to stop"}` : "the watcher closed";
  await say("info", `stopped: ${reason}${inFlight ? "; the run in flight finished first" : ""}`);
  return reason;
}

/**
 * The trainer's own files beside the output, resolved: changes to them are
 * not data changes, even when the output lives inside the data folder.
 *
 * @example
 * ```ts
 * import { trainerOwnFiles } from "./watch.ts";
 * import assert from "node:assert/strict";
 * assert.ok(trainerOwnFiles("/d/out/p.json").has("/d/out/history.sqlite-journal"));
 * ```
 */
export function trainerOwnFiles(output: string): Set<string> {
  const files = companionFiles(output);
  const resolved = resolve(output);
  return new Set([
    resolved,
    `${resolved}.lock`,
    ...Object.values(files).map((f) => resolve(f)),
    // SQLite's write-ahead log, shared memory and rollback journal beside the history database.
    resolve(`${files.historyDb}-wal`),
    resolve(`${files.historyDb}-shm`),
    resolve(`${files.historyDb}-journal`),
  ]);
}

/** Tells the scheduler of every data change, by its path inside the data folder, until the watcher closes. */
async function forwardChanges(
  watcher: Deno.FsWatcher,
  to: { config: TrainerConfig; scheduler: RetrainScheduler },
): Promise<void> {
  const ownFiles = trainerOwnFiles(to.config.output);
  const root = to.config.trainData;
  for await (const event of watcher) {
    if (event.kind === "access" || event.kind === "other") continue;
    if (event.kind === "remove" && event.paths.some((path) => resolve(path) === resolve(root))) {
      watcher.close(); // the folder itself is gone: this watcher will hear nothing more
      return;
    }
    for (const path of event.paths) {
      if (isWatchedChange(path, root, ownFiles)) to.scheduler.notify(relative(resolve(root), resolve(path)));
    }
  }
}

function watchFolder(folder: string): Deno.FsWatcher {
  try {
    return Deno.watchFs(folder, { recursive: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new WatchFolderError(folder);
    throw error;
  }
}

/** Waits until `folder` exists again (true), or until told to stop (false). */
async function folderBack(folder: string, signal: AbortSignal): Promise<boolean> {
  while (!signal.aborted) {
    try {
      if ((await Deno.stat(folder)).isDirectory) return true;
    } catch {
      // not back yet
    }
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", wake);
        resolve();
      };
      const timer = setTimeout(wake, 250);
      signal.addEventListener("abort", wake, { once: true });
    });
  }
  return false;
}

/** The runs of one watch: each reported in one line; the first fatal error closes the watcher. */
class WatchRuns {
  #runs = 0;
  fatalError: unknown;
  /** One set of workers for the whole watch, started by the first run with a race to forecast. */
  readonly workers: ForecastWorkers | undefined;

  constructor(
    readonly config: TrainerConfig,
    readonly context: {
      options: WatchOptions;
      say: (level: "info" | "debug" | "error", line: string) => Promise<void>;
      /** Stops the watch: closes the watcher for good. */
      close: () => void;
    },
  ) {
    this.workers = forecastWorkers(config);
  }

  async retrain(changed: readonly string[]): Promise<void> {
    const { options, say, close } = this.context;
    const run = ++this.#runs;
    const trigger = changed.length === 0
      ? "start"
      : `${changed.length} ${changed.length === 1 ? "file" : "files"} changed`;
    await say("debug", `run ${run} started (${trigger})`);
    try {
      // The trainer logs the run's one line; the terminal gets the same line.
      const outcome = await runTraining(this.config, {
        refuseMalformedJson: true,
        ...(changed.length > 0 ? { changed } : {}),
        ...(this.workers === undefined ? {} : { workers: this.workers }),
      });
      options.report(
        outcome.counts.failed.length > 0 ? "error" : "info",
        `run ${run} (${trigger}): ${outcome.summary}`,
      );
      for (const issue of outcome.dataIssues) options.report("error", `not read: ${issue}`);
    } catch (error) {
      if (options.fatal?.(error)) {
        this.fatalError ??= error;
        close();
        return;
      }
      const message = String((error as Error).message ?? error).replaceAll("\n", " | ");
      await say("error", `run ${run} (${trigger}) wrote nothing: ${message}`);
    }
  }
}
