/**
 * Opening the forecast history: the one place that picks the store from
 * where the user said it lives.
 *
 * @module
 */

import { type HistoryStore, isPostgresUrl } from "./history.ts";
import { SqliteHistoryStore } from "./sqlite.ts";

/** Where the forecast history is. */
export interface HistoryStoreOptions {
  /**
   * A PostgreSQL URL; anything else (or nothing) means the SQLite file.
   *
   * @default {undefined}
   */
  database?: string;
  /** The SQLite file, used when `database` is not a PostgreSQL URL. */
  sqlitePath: string;
  /**
   * Open the SQLite file read-only (the server does).
   *
   * @default {false}
   */
  readOnly?: boolean;
}

/**
 * Opens the history: PostgreSQL when `database` names a server, else the
 * SQLite file at `sqlitePath`. Migrations are applied on open.
 */
export async function openHistoryStore(
  at: HistoryStoreOptions,
): Promise<HistoryStore> {
  const database = at.database;
  if (database !== undefined && isPostgresUrl(database)) {
    // Loaded only when asked for: the PostgreSQL client is most of a SQLite run's start-up otherwise.
    const { PostgresHistoryStore } = await import("./postgres.ts");
    return await PostgresHistoryStore.open(database);
  }
  return new SqliteHistoryStore(at.sqlitePath, { readOnly: at.readOnly });
}
