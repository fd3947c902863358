/**
 * A tidy table as an Apache Parquet file, through hyparquet-writer (pure JavaScript, no native code): each column
 * with its type, missing values as nulls, so pandas, polars and DuckDB read it with its types.
 *
 * @module
 */

import { parquetWriteBuffer } from "hyparquet-writer";
import type { Table } from "./tables.ts";

/**
 * The Parquet file of a table.
 *
 * @example
 * ```ts
 * import { tableParquet } from "./parquet.ts";
 * import assert from "node:assert/strict";
 * const bytes = tableParquet({ name: "t", columns: [{ name: "p", type: "DOUBLE", values: [0.5, null] }] });
 * assert.equal(new TextDecoder().decode(bytes.slice(0, 4)), "PAR1");
 * ```
 */
export function tableParquet(table: Table): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: table.columns.map((column) => ({ name: column.name, data: column.values, type: column.type })),
  });
  return new Uint8Array(buffer);
}
