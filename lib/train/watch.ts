/**
 * Watch mode: train once, then retrain incrementally whenever the data folder
 * changes, until told to stop. Runs never overlap (see `RetrainScheduler`),
 * a half-written file never replaces good predictions, and stopping waits for
 * the run in flight so the output is always a whole file.
 *
 * @module
 */

import { join, relative, resolve, sep } from "node:path";
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
    // The log first: a line on the terminal is already in training.log when it is read.
    await appendLog(files.log, level, `watch: ${line}`).catch(() => {});
    options.report(level, line);
  };
  const session = { watch: await watchFolder(config.trainData), closed: false, relink: false };
  const close = () => {
    session.closed = true;
    session.watch.watcher.close();
  };
  const runs = new WatchRuns(config, { options, say, close });
  const scheduler = new RetrainScheduler(options.debounceMs, (changed) => runs.retrain(changed));
  if (options.signal.aborted) close();
  else options.signal.addEventListener("abort", close, { once: true });

  scheduler.runNow();
  await say("info", `watching ${config.trainData} (debounce ${options.debounceMs} ms) -> ${config.output}`);
  let reason: string | undefined;
  const stopRescan = rescanLinks(session, config.trainData);
  try {
    while (true) {
      await forwardChanges(session.watch, { config, scheduler });
      if (session.closed) break;
      if (session.relink) {
        // A season or round folder was linked in or out: watch the new set of targets, and retrain on it.
        const before = session.watch.links;
        session.watch = await watchFolder(config.trainData);
        session.relink = false;
        if (session.closed) break;
        const changed = linkChanges(before, session.watch.links);
        await say("debug", `linked folders changed: ${changed.join(", ")}`);
        for (const link of changed) scheduler.notify(relative(resolve(config.trainData), link));
        continue;
      }
      // The watcher ended by itself: the data folder was deleted. Wait for it to come back, then watch it again.
      await say("error", `${config.trainData} was removed; waiting for it to come back`);
      if (!await folderBack(config.trainData, options.signal)) break;
      session.watch = await watchFolder(config.trainData);
      if (session.closed) break;
      await say("info", `${config.trainData} is back; retraining`);
      scheduler.notify("(the data folder, recreated)");
    }
  } catch (error) {
    reason = `the watcher failed: ${(error as Error).message}`;
  } finally {
    stopRescan();
    options.signal.removeEventListener("abort", close);
    session.watch.watcher.close();
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

/** A folder linked into the data folder (a season or a round), where the system watches it: at its target. */
interface LinkedFolder {
  link: string;
  target: string;
}

/** The watcher of the data folder and of every folder linked into it, which a recursive watch does not enter. */
interface FolderWatch {
  watcher: Deno.FsWatcher;
  links: LinkedFolder[];
}

/**
 * Tells the scheduler of every data change, by its path inside the data folder (a change inside a linked folder by
 * its path through the link), until the watcher closes.
 */
async function forwardChanges(
  watch: FolderWatch,
  to: { config: TrainerConfig; scheduler: RetrainScheduler },
): Promise<void> {
  const ownFiles = trainerOwnFiles(to.config.output);
  const root = to.config.trainData;
  for await (const event of watch.watcher) {
    if (event.kind === "access" || event.kind === "other") continue;
    if (event.kind === "remove" && event.paths.some((path) => resolve(path) === resolve(root))) {
      watch.watcher.close(); // the folder itself is gone: this watcher will hear nothing more
      return;
    }
    for (const path of event.paths.map((path) => throughLink(path, watch.links))) {
      if (isWatchedChange(path, root, ownFiles)) to.scheduler.notify(relative(resolve(root), resolve(path)));
    }
  }
}

/** How often watch looks for folders linked in or out: the system reports no event when a link is made. */
export const LINK_RESCAN_MS = 2000;

/** Marks the session for a new watch, and closes its watcher, whenever the linked folders change; until stopped. */
function rescanLinks(session: { watch: FolderWatch; relink: boolean; closed: boolean }, root: string): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const scan = async () => {
    const links = await linkedFolders(root);
    if (session.closed) return;
    if (!session.relink && JSON.stringify(links) !== JSON.stringify(session.watch.links)) {
      session.relink = true;
      session.watch.watcher.close();
    }
    timer = setTimeout(scan, LINK_RESCAN_MS);
  };
  timer = setTimeout(scan, LINK_RESCAN_MS);
  return () => clearTimeout(timer);
}

/** Link paths added or removed between two scans. */
function linkChanges(before: readonly LinkedFolder[], after: readonly LinkedFolder[]): string[] {
  const key = (l: LinkedFolder) => `${l.link}\0${l.target}`;
  const was = new Set(before.map(key));
  const is = new Set(after.map(key));
  return [...before.filter((l) => !is.has(key(l))), ...after.filter((l) => !was.has(key(l)))].map((l) => l.link);
}

/** A path the system reports at a link's target, as the trainer reads it: through the link. */
function throughLink(path: string, links: readonly LinkedFolder[]): string {
  const absolute = resolve(path);
  const linked = links.find((l) => absolute === l.target || absolute.startsWith(l.target + sep));
  return linked === undefined ? absolute : join(linked.link, relative(linked.target, absolute));
}

/** Season and round folders that are links, two levels deep (a linked season's rounds included), with targets. */
async function linkedFolders(root: string): Promise<LinkedFolder[]> {
  const found: LinkedFolder[] = [];
  const visit = async (dir: string, depth: number) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch {
      return; // gone, or not a folder: nothing linked below it
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (isIgnoredFileName(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isSymlink) {
        const target = await Deno.realPath(path).catch(() => undefined);
        if (target === undefined || !(await Deno.stat(target)).isDirectory) continue;
        found.push({ link: path, target });
      }
      if (depth < 2 && (entry.isDirectory || entry.isSymlink)) await visit(path, depth + 1);
    }
  };
  await visit(resolve(root), 1);
  return found;
}

async function watchFolder(folder: string): Promise<FolderWatch> {
  const links = await linkedFolders(folder);
  try {
    return { watcher: Deno.watchFs([folder, ...links.map((l) => l.target)], { recursive: true }), links };
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
