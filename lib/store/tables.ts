/**
 * The forecast history's tables, written once for both databases: the
 * migrations in order, in the dialect of SQLite or PostgreSQL (they differ
 * only in the key and reference types, and in PostgreSQL's `IF NOT EXISTS`
 * for a column its first migration already made), the one query that reads
 * a race's history back, and what a stored forecast's row becomes.
 *
 * Never change what a shipped migration does, only add the next: a file or
 * database at version N has run exactly the first N.
 *
 * @module
 */

import { hashParts } from "../data/hash.ts";
import type { ForecastHistoryEntry, RunRecord, StoredForecastInput } from "./history.ts";

/** The two databases the history lives in. */
export type Dialect = "sqlite" | "postgres";

const TYPES: Record<Dialect, { key: string; reference: string; addColumn: string }> = {
  sqlite: { key: "INTEGER PRIMARY KEY", reference: "INTEGER", addColumn: "ADD COLUMN" },
  // PostgreSQL databases made before the migrations were shared got `output` in their first migration.
  postgres: { key: "BIGSERIAL PRIMARY KEY", reference: "BIGINT", addColumn: "ADD COLUMN IF NOT EXISTS" },
};

/**
 * The migrations, in order, in one database's dialect.
 *
 * @example
 * ```ts
 * import { historyMigrations } from "./tables.ts";
 * import assert from "node:assert/strict";
 * assert.equal(historyMigrations("sqlite").length, historyMigrations("postgres").length);
 * assert.match(historyMigrations("postgres")[0], /id BIGSERIAL PRIMARY KEY/);
 * ```
 */
export function historyMigrations(dialect: Dialect): readonly string[] {
  const { key, reference, addColumn } = TYPES[dialect];
  return [
    `CREATE TABLE runs (
       id ${key},
       generated_at TEXT NOT NULL,
       season INTEGER NOT NULL,
       model_version TEXT NOT NULL,
       config_hash TEXT NOT NULL,
       data_hash TEXT NOT NULL
     );
     CREATE TABLE forecasts (
       id ${key},
       content_hash TEXT NOT NULL UNIQUE,
       season INTEGER NOT NULL,
       round INTEGER NOT NULL,
       race TEXT NOT NULL,
       as_of TEXT NOT NULL,
       sessions_used TEXT NOT NULL,
       data_hash TEXT NOT NULL,
       predictions TEXT NOT NULL,
       first_run ${reference} NOT NULL REFERENCES runs(id)
     );
     CREATE INDEX forecasts_by_round ON forecasts(season, round);
     CREATE TABLE run_forecasts (
       run_id ${reference} NOT NULL REFERENCES runs(id),
       forecast_id ${reference} NOT NULL REFERENCES forecasts(id),
       PRIMARY KEY (run_id, forecast_id)
     );`,
    // Every output in a folder shares the history: a run says which output (its file name) it wrote, so each
    // output's history is its own. Runs recorded before this migration have output ''.
    `ALTER TABLE runs ${addColumn} output TEXT NOT NULL DEFAULT '';
     CREATE INDEX IF NOT EXISTS runs_by_output ON runs(output, config_hash);`,
  ];
}

/**
 * Every distinct forecast of a race by runs of one output and configuration,
 * first made first; parameters in order: season, round, output, config hash
 * (`?` each; PostgreSQL numbers them).
 */
export const FORECASTS_FOR_RACE = `
  SELECT MIN(r.generated_at) AS generated_at, MIN(r.model_version) AS model_version,
         f.as_of, f.sessions_used, f.data_hash, f.predictions
  FROM forecasts f JOIN run_forecasts rf ON rf.forecast_id = f.id JOIN runs r ON r.id = rf.run_id
  WHERE f.season = ? AND f.round = ? AND r.output = ? AND r.config_hash = ?
  GROUP BY f.id ORDER BY MIN(r.id)`;

/**
 * `?` placeholders numbered `$1`, `$2`, … for PostgreSQL.
 *
 * @example
 * ```ts
 * import { numberedPlaceholders } from "./tables.ts";
 * import assert from "node:assert/strict";
 * assert.equal(numberedPlaceholders("a = ? AND b = ?"), "a = $1 AND b = $2");
 * ```
 */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A row of {@linkcode FORECASTS_FOR_RACE} as the history gives it back. */
export function historyEntry(row: Record<string, string>): ForecastHistoryEntry {
  return {
    generated_at: row.generated_at,
    model_version: row.model_version,
    as_of: row.as_of,
    sessions_used: JSON.parse(row.sessions_used),
    data_hash: row.data_hash,
    predictions: JSON.parse(row.predictions),
  };
}

/**
 * A forecast's content key: the same forecast by the same model and
 * configuration is stored once, however many runs made it.
 */
export function forecastContent(run: RunRecord, forecast: StoredForecastInput): { hash: string; predictions: string } {
  const predictions = JSON.stringify(forecast.predictions);
  return {
    hash: hashParts(run.model_version, run.config_hash, String(run.season), String(forecast.round), predictions),
    predictions,
  };
}
