/**
 * `deno task batch --config batch.json [--train-data DIR] [--output-dir DIR]`
 *
 * Trains every named configuration of a batch file, writes one predictions
 * file each and a comparison (`comparison.json` plus a table on stdout).
 *
 * @module
 */

import { databaseOption, parseTaskArgs, sharedOptions } from "./cli.ts";
import { rerunForDatabase } from "./cli/database_access.ts";
import { join } from "node:path";
import { BATCH_COMPARISON_FILE, BatchConfigError, parseBatchConfig, runBatch } from "../lib/train/batch.ts";
import { toJsonText, writeFileAtomic } from "../lib/data/files.ts";
import { compareRuns, formatComparison } from "../lib/train/batch_comparison.ts";

const USAGE = `Usage: deno task batch --config FILE [--train-data DIR] [--output-dir DIR]

Trains each named configuration in FILE (see batch.json) and compares them.
  --config FILE       the batch file (required)
  --train-data DIR    data folder for every configuration that does not name its own
  --output-dir DIR    where the predictions and comparison.json go (default: the file's output_dir)
  --database URL      keep every configuration's forecast history in PostgreSQL (or set F1HP_DATABASE_URL)
Exit codes: 0 every configuration trained; 1 one failed (named); 2 bad options or batch file.`;

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "batch",
    usage: USAGE,
    options: {
      ...sharedOptions("train-data", "database"),
      config: { type: "string" },
      "output-dir": { type: "string" },
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  if (values.config === undefined) {
    console.error(`batch: --config: expected a batch file such as batch.json\n\n${USAGE}`);
    return 2;
  }
  let plan;
  try {
    const text = await Deno.readTextFile(values.config);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new BatchConfigError(values.config, {
        path: "(the file)",
        expected: "valid JSON",
        found: (error as Error).message,
      });
    }
    const database = databaseOption(values.database);
    plan = parseBatchConfig(parsed, values.config, {
      ...(database === undefined ? {} : { database }),
      ...(values["train-data"] === undefined ? {} : { trainData: values["train-data"] }),
      ...(values["output-dir"] === undefined ? {} : { outputDir: values["output-dir"] }),
    });
  } catch (error) {
    console.error(`batch: ${(error as Error).message}`);
    return 2;
  }
  try {
    const reran = await rerunForDatabase(plan.runs.find((run) => run.config.database !== undefined)?.config.database);
    if (reran !== undefined) return reran;
  } catch (error) {
    console.error(`batch: ${(error as Error).message}`);
    return 2;
  }
  const results = await runBatch(plan.runs, (result) => {
    const status = result.outcome === undefined
      ? `failed: ${result.error.message}`
      : `${result.outcome.counts.retrained} retrained, ${result.outcome.counts.reused} reused`;
    console.error(`batch: ${result.name}: ${status}`);
  });
  const rows = compareRuns(results);
  const comparison = join(plan.outputDir, BATCH_COMPARISON_FILE);
  await writeFileAtomic(comparison, toJsonText({ generated_at: new Date().toISOString(), configurations: rows }));
  console.log(formatComparison(rows));
  console.log(`-> ${comparison}`);
  return rows.some((row) => row.status === "failed") ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
