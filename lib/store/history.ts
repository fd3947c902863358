/**
 * Where the forecast history lives: the runs and the race forecasts they
 * made. Two stores with one interface:
 *
 * - SQLite, the default: `history.sqlite` beside the predictions file
 *   (`HistoryDb`), nothing to install or start;
 * - PostgreSQL, for a shared deployment (a trainer or watcher writing,
 *   several servers and notebooks reading): `--database postgres://...` or
 *   the `F1HP_DATABASE_URL` environment variable (`PostgresHistoryStore`).
 *
 * The predictions JSON is the forecast; the store is its history. A run
 * whose history cannot be written keeps its JSON and says so.
 *
 * @module
 */

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
   * import { HistorySchemaError } from "./history.ts";
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

/** The environment variable that names a PostgreSQL history store when `--database` is not given. */
export const DATABASE_ENV = "F1HP_DATABASE_URL";

/** A run another process recorded, as a store announces it. */
export interface RecordedRun {
  output: string;
  generated_at: string;
}

/** The forecast history, whichever database holds it. */
export interface HistoryStore {
  /** Where it is, for messages (a PostgreSQL URL without its password). */
  readonly where: string;
  /** Records a run and its forecasts in one transaction: a reader sees all of it or none. */
  recordRun(run: RunRecord, forecasts: readonly StoredForecastInput[]): Promise<number>;
  /** Every distinct forecast of a race by runs of one output and configuration, in the order first made. */
  forecastsFor(
    race: { season: number; round: number },
    of: { output: string; configHash: string },
  ): Promise<ForecastHistoryEntry[]>;
  hasRun(output: string, generatedAt: string): Promise<boolean>;
  runCount(): Promise<number>;
  /**
   * Calls `listener` when any process records a run; resolves to a stop. Only
   * a server database can tell (PostgreSQL `LISTEN/NOTIFY`); absent for SQLite.
   */
  listen?(listener: (run: RecordedRun) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * Whether `database` names a PostgreSQL server.
 *
 * @example
 * ```ts
 * import { isPostgresUrl } from "./history.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isPostgresUrl("postgres://f1@db:5432/f1hp"));
 * assert.ok(isPostgresUrl("postgresql://localhost/f1hp"));
 * assert.equal(isPostgresUrl("predictions/history.sqlite"), false);
 * ```
 */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}

/**
 * A database URL without its password, for messages and logs.
 *
 * @example
 * ```ts
 * import { redactedDatabaseUrl } from "./history.ts";
 * import assert from "node:assert/strict";
 * assert.equal(redactedDatabaseUrl("postgres://f1:secret@db:5432/f1hp"), "postgres://f1:***@db:5432/f1hp");
 * ```
 */
export function redactedDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
