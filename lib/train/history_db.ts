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
import { hashParts } from "../data/hash.ts";

/** The migrations, in order; never edit one that has shipped, add the next. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY,
     generated_at TEXT NOT NULL,
     season INTEGER NOT NULL,
     model_version TEXT NOT NULL,
     config_hash TEXT NOT NULL,
     data_hash TEXT NOT NULL
   );
   CREATE TABLE forecasts (
     id INTEGER PRIMARY KEY,
     content_hash TEXT NOT NULL UNIQUE,
     season INTEGER NOT NULL,
     round INTEGER NOT NULL,
     race TEXT NOT NULL,
     as_of TEXT NOT NULL,
     sessions_used TEXT NOT NULL,
     data_hash TEXT NOT NULL,
     predictions TEXT NOT NULL,
     first_run INTEGER NOT NULL REFERENCES runs(id)
   );
   CREATE INDEX forecasts_by_round ON forecasts(season, round);
   CREATE TABLE run_forecasts (
     run_id INTEGER NOT NULL REFERENCES runs(id),
     forecast_id INTEGER NOT NULL REFERENCES forecasts(id),
     PRIMARY KEY (run_id, forecast_id)
   );`,
  // Every output in a folder shares the file: a run says which output (its file name) it wrote, so each output's
  // history is its own. Runs recorded before this migration have output ''.
  `ALTER TABLE runs ADD COLUMN output TEXT NOT NULL DEFAULT '';
   CREATE INDEX runs_by_output ON runs(output, config_hash);`,
];

/** A race forecast as a run hands it over. */
export interface StoredForecastInput {
  round: number;
  race: string;
  as_of: string;
  sessions_used: readonly string[];
  data_hash: string;
  /** The driver lines, as in the predictions file. */
  predictions: unknown;
}

/** A run as the history records it. */
export interface RunRecord {
  generated_at: string;
  season: number;
  model_version: string;
  config_hash: string;
  data_hash: string;
  /** The output file's name (not its path: every output of a folder shares the history). */
  output: string;
}

/** One forecast of a race as the history gives it back, oldest first. */
export interface ForecastHistoryEntry {
  /** When the run that first made this forecast finished. */
  generated_at: string;
  model_version: string;
  as_of: string;
  sessions_used: string[];
  data_hash: string;
  predictions: unknown;
}

/** Thrown when the file's schema is newer than this version knows. */
export class HistorySchemaError extends Error {
  /**
   * @example
   * ```ts
   * import { HistorySchemaError } from "./history_db.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new HistorySchemaError("h.sqlite", 9, 1).name, "HistorySchemaError");
   * ```
   */
  constructor(path: string, found: number, known: number) {
    super(
      `${path}: expected a history schema of version ${known} or older; found version ${found} (written by a newer version of this tool)`,
    );
    this.name = "HistorySchemaError";
  }
}

/**
 * The history database at a path, created or migrated on open.
 *
 * @example
 * ```ts ignore
 * import { HistoryDb } from "./history_db.ts";
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
        const predictions = JSON.stringify(f.predictions);
        const content = hashParts(run.model_version, run.config_hash, String(run.season), String(f.round), predictions);
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
    const rows = this.#db.prepare(
      `SELECT MIN(r.generated_at) AS generated_at, MIN(r.model_version) AS model_version,
              f.as_of, f.sessions_used, f.data_hash, f.predictions
       FROM forecasts f JOIN run_forecasts rf ON rf.forecast_id = f.id JOIN runs r ON r.id = rf.run_id
       WHERE f.season = ? AND f.round = ? AND r.output = ? AND r.config_hash = ?
       GROUP BY f.id ORDER BY MIN(r.id)`,
    ).all(race.season, race.round, of.output, of.configHash) as Array<Record<string, string>>;
    return rows.map((row) => ({
      generated_at: row.generated_at,
      model_version: row.model_version,
      as_of: row.as_of,
      sessions_used: JSON.parse(row.sessions_used),
      data_hash: row.data_hash,
      predictions: JSON.parse(row.predictions),
    }));
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
