/**
 * `deno task export [--predictions FILE] [--format csv|parquet] [--out DIR]`
 *
 * Writes a predictions file as tidy tables for pandas, polars or a database (`lib/format/tables.ts`): one file a
 * table (`races`, `race_probabilities`, `stage_probabilities`, `finishing_positions`, `head_to_heads`, `results`,
 * `title_odds`), each written whole or not at all.
 *
 * @module
 */

import { join } from "node:path";
import { writeFileAtomic } from "../lib/data/files.ts";
import { predictionTables, tableCsv } from "../lib/format/tables.ts";
import { tableParquet } from "../lib/format/parquet.ts";
import { PREDICTIONS_DIR } from "../lib/train/outputs.ts";
import { parseTaskArgs, sharedOptions } from "./cli.ts";
import { readPredictionsFile } from "./cli/predictions_file.ts";

const FORMATS = ["csv", "parquet"] as const;

const USAGE = `Usage: deno task export [options]

Writes a predictions file as tidy tables, one file a table: races, race_probabilities (a row a driver and race),
stage_probabilities (the same at each stage of the weekend), finishing_positions (a row a driver, race and
position), head_to_heads, results and title_odds (after each round, and from the latest data).
  --predictions FILE   the predictions file (default: the newest in ${PREDICTIONS_DIR}/)
  --format F           csv or parquet (default csv)
  --out DIR            where the tables go (default predictions/export)`;

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "export",
    usage: USAGE,
    options: { ...sharedOptions("predictions", "out"), format: { type: "string" } },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const format = values.format ?? "csv";
  if (!(FORMATS as readonly string[]).includes(format)) {
    console.error(`export: --format: expected one of ${FORMATS.join(", ")}; found "${format}"\n\n${USAGE}`);
    return 2;
  }
  const read = await readPredictionsFile("export", values.predictions);
  if (read === undefined) return 1;
  const { document } = read;
  const out = values.out ?? join(PREDICTIONS_DIR, "export");
  await Deno.mkdir(out, { recursive: true });
  for (const table of predictionTables(document)) {
    const path = join(out, `${table.name}.${format}`);
    await writeFileAtomic(path, format === "csv" ? tableCsv(table) : tableParquet(table));
    console.log(`export: ${table.name}: ${table.columns[0]?.values.length ?? 0} rows -> ${path}`);
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
