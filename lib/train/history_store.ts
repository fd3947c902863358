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

import { type ForecastHistoryEntry, HistoryDb, type RunRecord, type StoredForecastInput } from "./history_db.ts";

export type { RunRecord };

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

/**
 * Whether `database` names a PostgreSQL server.
 *
 * @example
 * ```ts
 * import { isPostgresUrl } from "./history_store.ts";
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
 * import { redactedDatabaseUrl } from "./history_store.ts";
 * import assert from "node:assert/strict";
 * assert.equal(redactedDatabaseUrl("postgres://f1:secret@db:5432/f1hp"), "postgres://f1:***@db:5432/f1hp");
 * ```
 */
export function redactedDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/**
 * Opens the history: PostgreSQL when `database` names a server, else the
 * SQLite file at `sqlitePath`. Migrations are applied on open.
 */
export async function openHistoryStore(
  at: { database?: string; sqlitePath: string; readOnly?: boolean },
): Promise<HistoryStore> {
  const database = at.database;
  if (database !== undefined && isPostgresUrl(database)) {
    const { PostgresHistoryStore } = await import("./postgres_store.ts");
    return await PostgresHistoryStore.open(database);
  }
  return new SqliteHistoryStore(at.sqlitePath, { readOnly: at.readOnly });
}
