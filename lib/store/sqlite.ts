/**
 * The forecast-history database: every training run and the race forecasts
 * it made, in an embedded SQLite file beside the predictions
 * (`history.sqlite`), so the history of a race's forecast (how it moved from
 * practice to qualifying to the grid) can be read back. `node:sqlite`, built
 * into Deno: nothing to install or start.
 *
 * The schema is versioned: `PRAGMA user_version` holds the number of
 * migrations applied, and opening a file applies the missing ones in order,
 * in one write transaction that re-reads the version (so two processes
 * opening at once migrate once). A forecast is stored once per distinct content; a
 * run that reuses a cached forecast only references it.
 *
 * @module
 */

import { DatabaseSync } from "node:sqlite";
import {
  type ForecastHistoryEntry,
  HistorySchemaError,
  type HistoryStore,
  type RunRecord,
  type StoredForecastInput,
} from "./history.ts";
import { forecastContent, FORECASTS_FOR_RACE, historyEntry, historyMigrations } from "./tables.ts";

/** The migrations, in order (`lib/store/tables.ts`). */
export const MIGRATIONS: readonly string[] = historyMigrations("sqlite");

/**
 * The history database at a path, created or migrated on open.
 *
 * @example
 * ```ts ignore
 * import { HistoryDb } from "./sqlite.ts";
 * using db = HistoryDb.open("predictions/history.sqlite");
 * db.forecastsFor(2025, 4).map((f) => f.as_of); // ["none", "fp1", ..., "grid"]
 * ```
 */
export class HistoryDb {
  readonly #db: DatabaseSync;

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * Opens (creating if needed) and migrates.
   *
   * @throws {HistorySchemaError} when the file is from a newer version.
   */
  static open(path: string, options: { readOnly?: boolean } = {}): HistoryDb {
    const db = new DatabaseSync(path, { readOnly: options.readOnly ?? false });
    try {
      // Another process may hold the file (migrating, or writing a run): wait for it rather than fail.
      db.exec("PRAGMA busy_timeout = 10000");
      const versionOf = () => (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
      const version = versionOf();
      if (version > MIGRATIONS.length) throw new HistorySchemaError(path, version, MIGRATIONS.length);
      if (!options.readOnly && version < MIGRATIONS.length) {
        db.exec("PRAGMA journal_mode = WAL");
        // One write transaction for all the migrations, the version read again inside it: two processes
        // opening a new file at once migrate it once.
        db.exec("BEGIN IMMEDIATE");
        try {
          for (let v = versionOf(); v < MIGRATIONS.length; v++) {
            db.exec(MIGRATIONS[v]);
            db.exec(`PRAGMA user_version = ${v + 1}`);
          }
          db.exec("COMMIT");
        } catch (error) {
          db.exec("ROLLBACK");
          throw error;
        }
      }
    } catch (error) {
      db.close();
      throw error;
    }
    return new HistoryDb(db);
  }

  /** The schema version the file is at. */
  get version(): number {
    return (this.#db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  }

  /** Records a run and its race forecasts (each stored once per distinct content); returns the run's id. */
  recordRun(run: RunRecord, forecasts: readonly StoredForecastInput[]): number {
    this.#db.exec("BEGIN");
    try {
      const { lastInsertRowid } = this.#db.prepare(
        "INSERT INTO runs (generated_at, season, model_version, config_hash, data_hash, output) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(run.generated_at, run.season, run.model_version, run.config_hash, run.data_hash, run.output);
      const runId = Number(lastInsertRowid);
      const insert = this.#db.prepare(
        `INSERT INTO forecasts (content_hash, season, round, race, as_of, sessions_used, data_hash, predictions, first_run)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(content_hash) DO NOTHING`,
      );
      const find = this.#db.prepare("SELECT id FROM forecasts WHERE content_hash = ?");
      const link = this.#db.prepare("INSERT OR IGNORE INTO run_forecasts (run_id, forecast_id) VALUES (?, ?)");
      for (const f of forecasts) {
        const { hash: content, predictions } = forecastContent(run, f);
        insert.run(
          content,
          run.season,
          f.round,
          f.race,
          f.as_of,
          JSON.stringify(f.sessions_used),
          f.data_hash,
          predictions,
          runId,
        );
        const { id } = find.get(content) as { id: number };
        link.run(runId, id);
      }
      this.#db.exec("COMMIT");
      return runId;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /**
   * Every distinct forecast of a race that runs of one output and
   * configuration made, in the order they first made them.
   */
  forecastsFor(
    race: { season: number; round: number },
    of: { output: string; configHash: string },
  ): ForecastHistoryEntry[] {
    const rows = this.#db.prepare(FORECASTS_FOR_RACE).all(race.season, race.round, of.output, of.configHash);
    return (rows as Array<Record<string, string>>).map(historyEntry);
  }

  /** Whether a run of `output` that finished at `generatedAt` is recorded. */
  hasRun(output: string, generatedAt: string): boolean {
    return this.#db.prepare("SELECT 1 FROM runs WHERE output = ? AND generated_at = ?").get(output, generatedAt) !==
      undefined;
  }

  /** How many runs are recorded. */
  runCount(): number {
    return (this.#db.prepare("SELECT COUNT(*) AS n FROM runs").get() as { n: number }).n;
  }

  /** Closes the file. */
  close(): void {
    this.#db.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** The SQLite store: `HistoryDb` behind the async interface. */
export class SqliteHistoryStore implements HistoryStore {
  readonly where: string;
  readonly #db: HistoryDb;

  constructor(path: string, options: { readOnly?: boolean } = {}) {
    this.where = path;
    this.#db = HistoryDb.open(path, options);
  }

  recordRun(run: RunRecord, forecasts: readonly StoredForecastInput[]): Promise<number> {
    return Promise.resolve(this.#db.recordRun(run, forecasts));
  }

  forecastsFor(
    race: { season: number; round: number },
    of: { output: string; configHash: string },
  ): Promise<ForecastHistoryEntry[]> {
    return Promise.resolve(this.#db.forecastsFor(race, of));
  }

  hasRun(output: string, generatedAt: string): Promise<boolean> {
    return Promise.resolve(this.#db.hasRun(output, generatedAt));
  }

  runCount(): Promise<number> {
    return Promise.resolve(this.#db.runCount());
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}
