/**
 * The forecast history in PostgreSQL, for a shared deployment: the same
 * tables as the SQLite file, through the `postgres` client from npm (one
 * dependency with no native parts, tagged-template queries, transactions and
 * `LISTEN/NOTIFY` built in; `pg` would need a separate pool and listener
 * client for the same).
 *
 * - Migrations: `f1hp_schema` holds the number applied; opening applies the
 *   missing ones in one transaction under an advisory lock, so two
 *   processes starting at once migrate once.
 * - A run is written in one transaction, which also sends `NOTIFY
 *   f1hp_runs` with the run's output and time: delivered on commit, so a
 *   listener never hears of a run it cannot read yet.
 * - A connection that drops while a run is written is retried with back-off
 *   (0.25, 0.5, 1, 2 s), as is a server not answering at start; after that the
 *   run's history is not recorded, and the
 *   caller says so (the predictions JSON is written first and stays).
 *
 * @module
 */

import postgres from "postgres";
import {
  type ForecastHistoryEntry,
  HistorySchemaError,
  type HistoryStore,
  type RecordedRun,
  redactedDatabaseUrl,
  type RunRecord,
  type StoredForecastInput,
} from "./history.ts";
import {
  forecastContent,
  FORECASTS_FOR_RACE,
  historyEntry,
  historyMigrations,
  numberedPlaceholders,
} from "./tables.ts";

/** The migrations, in order (`lib/store/tables.ts`). */
export const PG_MIGRATIONS: readonly string[] = historyMigrations("postgres");

/** The advisory lock key that serialises migrations ("f1hp" in ASCII). */
const MIGRATION_LOCK = 0x66316870;
/** The channel runs are announced on. */
export const RUNS_CHANNEL = "f1hp_runs";
const RETRY_DELAYS_MS = [250, 500, 1000, 2000];

/** Errors of the connection (not of the data): worth a retry. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? "";
  return /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|CONNECTION_|57P0|08)/.test(code) ||
    /connection|terminat/i.test((error as Error).message ?? "");
}

/** Runs `work`, again after each connection error, with back-off, until the delays run out. */
async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0;; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= RETRY_DELAYS_MS.length || !isConnectionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }
}

/** The longest a statement may run on the history database, ms (PostgreSQL's `statement_timeout`). */
export const STATEMENT_TIMEOUT_MS = 30_000;

/** The PostgreSQL store. */
export class PostgresHistoryStore implements HistoryStore {
  readonly where: string;
  readonly #sql: postgres.Sql;

  private constructor(url: string, sql: postgres.Sql) {
    this.where = redactedDatabaseUrl(url);
    this.#sql = sql;
  }

  /**
   * Connects and migrates.
   *
   * @throws {HistorySchemaError} when the database was migrated by a newer version.
   */
  static async open(url: string): Promise<PostgresHistoryStore> {
    // A server that accepts and then stalls must not hold a run: 10 s to connect, 30 s a statement.
    const sql = postgres(url, {
      max: 4,
      onnotice: () => {},
      connect_timeout: 10,
      connection: { statement_timeout: STATEMENT_TIMEOUT_MS },
    });
    const store = new PostgresHistoryStore(url, sql);
    try {
      await withRetries(() => store.#migrate());
    } catch (error) {
      await sql.end({ timeout: 5 });
      throw error;
    }
    return store;
  }

  async #migrate(): Promise<void> {
    await this.#sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
      await tx`CREATE TABLE IF NOT EXISTS f1hp_schema (version INTEGER NOT NULL)`;
      const rows = await tx`SELECT version FROM f1hp_schema`;
      const version = rows.length === 0 ? 0 : Number(rows[0].version);
      if (version > PG_MIGRATIONS.length) throw new HistorySchemaError(this.where, version, PG_MIGRATIONS.length);
      for (let v = version; v < PG_MIGRATIONS.length; v++) await tx.unsafe(PG_MIGRATIONS[v]);
      if (rows.length === 0) await tx`INSERT INTO f1hp_schema (version) VALUES (${PG_MIGRATIONS.length})`;
      else await tx`UPDATE f1hp_schema SET version = ${PG_MIGRATIONS.length}`;
    });
  }

  /** The schema version the database is at. */
  async version(): Promise<number> {
    return Number((await this.#sql`SELECT version FROM f1hp_schema`)[0].version);
  }

  recordRun(run: RunRecord, forecasts: readonly StoredForecastInput[]): Promise<number> {
    return withRetries(() => this.#writeRun(run, forecasts));
  }

  #writeRun(run: RunRecord, forecasts: readonly StoredForecastInput[]): Promise<number> {
    return this.#sql.begin(async (tx) => {
      const [{ id }] = await tx`
        INSERT INTO runs (generated_at, season, model_version, config_hash, data_hash, output)
        VALUES (${run.generated_at}, ${run.season}, ${run.model_version}, ${run.config_hash}, ${run.data_hash},
                ${run.output})
        RETURNING id`;
      for (const f of forecasts) {
        const { hash: content, predictions } = forecastContent(run, f);
        await tx`
          INSERT INTO forecasts (content_hash, season, round, race, as_of, sessions_used, data_hash, predictions, first_run)
          VALUES (${content}, ${run.season}, ${f.round}, ${f.race}, ${f.as_of}, ${JSON.stringify(f.sessions_used)},
                  ${f.data_hash}, ${predictions}, ${id})
          ON CONFLICT (content_hash) DO NOTHING`;
        await tx`
          INSERT INTO run_forecasts (run_id, forecast_id)
          SELECT ${id}, id FROM forecasts WHERE content_hash = ${content}
          ON CONFLICT DO NOTHING`;
      }
      const announced: RecordedRun = { output: run.output, generated_at: run.generated_at };
      await tx`SELECT pg_notify(${RUNS_CHANNEL}, ${JSON.stringify(announced)})`;
      return Number(id);
    });
  }

  async forecastsFor(
    race: { season: number; round: number },
    of: { output: string; configHash: string },
  ): Promise<ForecastHistoryEntry[]> {
    const rows = await this.#sql.unsafe(numberedPlaceholders(FORECASTS_FOR_RACE), [
      race.season,
      race.round,
      of.output,
      of.configHash,
    ]);
    return (rows as unknown as Array<Record<string, string>>).map(historyEntry);
  }

  async hasRun(output: string, generatedAt: string): Promise<boolean> {
    return (await this.#sql`SELECT 1 FROM runs WHERE output = ${output} AND generated_at = ${generatedAt}`).length > 0;
  }

  async runCount(): Promise<number> {
    return Number((await this.#sql`SELECT COUNT(*) AS n FROM runs`)[0].n);
  }

  async listen(listener: (run: RecordedRun) => void): Promise<() => Promise<void>> {
    const { unlisten } = await this.#sql.listen(RUNS_CHANNEL, (payload) => listener(JSON.parse(payload)));
    return unlisten;
  }

  async close(): Promise<void> {
    await this.#sql.end({ timeout: 5 });
  }
}
