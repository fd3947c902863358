/**
 * What a run reads and writes beside its output: the previous predictions
 * (for stale forecasts and the run history), the incremental cache, the
 * history file and database. The output itself is only ever replaced whole.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { toJsonText, writeFileAtomic } from "../data/files.ts";
import type { TrainingResult } from "../forecast/pipeline.ts";
import type {
  HistoryEntry,
  PredictionsDocument,
  SeasonProjection,
  TitleOddsAfterRound,
} from "../format/predictions.ts";
import type { TrainerConfig } from "./options.ts";
import { companionFiles } from "./outputs.ts";
import { type HistoryStore, redactedDatabaseUrl } from "../store/history.ts";
import { openHistoryStore } from "../store/open.ts";
import { appendLog } from "./log.ts";
import type { CacheFile, ResolvedRun, StoredRun } from "./resolved_run.ts";

async function readJson(path: string): Promise<unknown | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch {
    return undefined;
  }
}

/**
 * Reads what the previous run of this output left: its document and, when
 * the run is incremental, its cache.
 *
 * @example
 * ```ts ignore
 * import { readStoredRun } from "./run_files.ts";
 * const stored = await readStoredRun(config, run);
 * stored.entries.size; // cached rounds
 * ```
 */
export async function readStoredRun(config: TrainerConfig, run: ResolvedRun): Promise<StoredRun> {
  const previous = await readJson(config.output) as PredictionsDocument | undefined;
  // A stale forecast may only stand in for the same season's race under the same configuration.
  const sameRun = previous?.metadata?.season === (run.target?.season.year ?? config.season) &&
    previous?.metadata?.config_hash === run.configHash;
  const useCache = config.incremental && !config.forceRetrain;
  const cache = useCache ? await readJson(companionFiles(config.output).cache) as CacheFile | undefined : undefined;
  return {
    previous,
    previousRaces: sameRun ? previous?.predictions ?? {} : {},
    cache,
    entries: new Map(Object.entries(cache?.entries ?? {})),
  };
}

/**
 * Records a run's race forecasts in the history store (the SQLite file beside
 * the output, or the PostgreSQL database named by `database`). A failure is
 * logged and printed, never fatal to the run: the predictions file, written
 * first, stays; only its history is missing.
 */
async function recordHistory(
  files: { historyDb: string; log: string; output: string; database?: string },
  document: PredictionsDocument,
): Promise<void> {
  const { historyDb, log, output, database } = files;
  let store: HistoryStore | undefined;
  try {
    store = await openHistoryStore({ database, sqlitePath: historyDb });
    await store.recordRun(
      {
        generated_at: document.metadata.generated_at,
        season: document.metadata.season,
        model_version: document.metadata.model_version,
        config_hash: document.metadata.config_hash,
        data_hash: document.metadata.data_hash,
        output: basename(output),
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
    const where = store?.where ?? (database === undefined ? historyDb : redactedDatabaseUrl(database));
    const line = `${where}: the forecast history was not recorded (the predictions file was written): ${
      (error as Error).message
    }`;
    console.error(`train: ${line}`);
    await appendLog(log, "error", line);
  } finally {
    await store?.close().catch(() => {});
  }
}

/**
 * Writes a run: the predictions file (atomically), then the cache, the
 * history line and the history database.
 *
 * @example
 * ```ts ignore
 * import { persistRun } from "./run_files.ts";
 * await persistRun(document, { run, result, history, projection: { key, value } });
 * ```
 */
export async function persistRun(
  document: PredictionsDocument,
  written: {
    run: ResolvedRun;
    result: TrainingResult;
    history: HistoryEntry;
    projection: { key: string; value: SeasonProjection | null };
    titleOdds?: Record<string, TitleOddsAfterRound>;
  },
): Promise<void> {
  const { run, result, history, projection, titleOdds } = written;
  const output = run.config.output;
  const files = companionFiles(output);
  await writeFileAtomic(output, toJsonText(document));
  await writeFileAtomic(
    files.cache,
    JSON.stringify(
      {
        config_hash: run.configHash,
        entries: Object.fromEntries(result.cache),
        ...(projection.value === null ? {} : { projection: { key: projection.key, value: projection.value } }),
        ...(titleOdds === undefined ? {} : { title_odds: titleOdds }),
      } satisfies CacheFile,
    ),
  );
  // Every output in the folder appends here: each line says which output it was.
  await Deno.writeTextFile(files.history, `${JSON.stringify({ ...history, output: basename(output) })}\n`, {
    append: true,
  });
  await recordHistory({ ...files, output, database: run.config.database }, document);
}

/**
 * Removes temporary files that an earlier run of this output left when it was
 * killed mid-write (`.<output>.<pid>.<id>.tmp` and the same for its cache).
 * Called under the output's lock, so no live writer owns them.
 *
 * @example
 * ```ts ignore
 * import { removeStaleTemporaries } from "./run_files.ts";
 * await removeStaleTemporaries("predictions/season_2025_incremental.json"); // ["....tmp"]
 * ```
 */
export async function removeStaleTemporaries(output: string): Promise<string[]> {
  const dir = dirname(output);
  // writeFileAtomic's temporary for a file `name` is `.name.<pid>.<id>.tmp`.
  const owned = [output, companionFiles(output).cache].map((path) => `.${basename(path)}.`);
  const removed: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".tmp")) continue;
    if (!owned.some((prefix) => entry.name.startsWith(prefix))) continue;
    await Deno.remove(join(dir, entry.name)).catch(() => {});
    removed.push(join(dir, entry.name));
  }
  return removed;
}

async function recordedInDb(
  at: { historyDb: string; database?: string },
  run: { output: string; generatedAt: string },
): Promise<boolean> {
  let store: HistoryStore | undefined;
  try {
    store = await openHistoryStore({ database: at.database, sqlitePath: at.historyDb });
    return await store.hasRun(run.output, run.generatedAt);
  } catch {
    return true; // an unreadable database is reported when the run records itself
  } finally {
    await store?.close().catch(() => {});
  }
}

/**
 * Makes the history beside an output agree with the output itself. The
 * predictions file is written first and is the source of truth: a run killed
 * between renaming it into place and appending its history line, or recording
 * it in the history database, left a run that the output has and the
 * history lacks. This appends what is missing, from the output's own
 * `training_history` and forecasts; returns how many runs were repaired.
 *
 * @example
 * ```ts ignore
 * import { repairHistory } from "./run_files.ts";
 * await repairHistory("predictions/p.json", previousDocument); // 0 when nothing was lost
 * ```
 */
export async function repairHistory(
  output: string,
  previous: PredictionsDocument | undefined,
  options: { database?: string } = {},
): Promise<number> {
  if (previous?.metadata?.training_history === undefined) return 0;
  const files = companionFiles(output);
  const name = basename(output);
  const logged = new Set<string>();
  const text = await Deno.readTextFile(files.history).catch(() => "");
  for (const line of text.split("\n")) {
    try {
      const entry = JSON.parse(line);
      if (entry.output === name || entry.output === undefined) logged.add(entry.timestamp);
    } catch {
      // a line cut short by a kill: the repair below appends the run again
    }
  }
  const missing = previous.metadata.training_history.filter((entry) => !logged.has(entry.timestamp));
  for (const entry of missing) {
    await Deno.writeTextFile(files.history, `${JSON.stringify({ ...entry, output: name })}\n`, { append: true });
  }
  const at = { historyDb: files.historyDb, database: options.database };
  if (!await recordedInDb(at, { output: name, generatedAt: previous.metadata.generated_at })) {
    await recordHistory({ ...files, output, database: options.database }, previous);
    return missing.length + 1;
  }
  return missing.length;
}
