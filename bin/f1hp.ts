/**
 * Every task behind one entry point, for the bundle (`deno task bundle`) and the compiled binary:
 * `deno run -A dist/f1hp.js TASK [options]` is `deno task TASK [options]`, with the options deno.json gives the task
 * before the user's (a test holds the two lists equal). Without a task, or with `--help`, it lists them.
 *
 * @module
 */

import { main as train } from "../tasks/train.ts";
import { main as batch } from "../tasks/batch.ts";
import { main as backtest } from "../tasks/backtest.ts";
import { main as ablation } from "../tasks/ablation.ts";
import { main as projectionCheck } from "../tasks/projection_check.ts";
import { main as serve } from "../tasks/serve.ts";
import { main as report } from "../tasks/report.ts";
import { main as exportTables } from "../tasks/export.ts";
import { main as fitBayes } from "../tasks/fit_bayes.ts";
import { main as demoData } from "../tasks/demo_data.ts";
import { main as importF1db } from "../tasks/import_f1db.ts";
import { main as importJolpica } from "../tasks/import_jolpica.ts";
import { main as live } from "../tasks/live.ts";
import { describeFailure } from "../tasks/cli.ts";

/** A task as the entry point runs it. */
export interface Subcommand {
  main: (args: string[]) => Promise<number>;
  /** The options deno.json's task passes before the user's. */
  defaults: readonly string[];
}

/** Every task, by its `deno task` name. */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  train: { main: train, defaults: ["--train-data", "data/f1", "--incremental-update"] },
  watch: { main: train, defaults: ["--train-data", "data/f1", "--watch-folder"] },
  batch: { main: batch, defaults: [] },
  backtest: { main: backtest, defaults: [] },
  ablation: { main: ablation, defaults: [] },
  "projection-check": { main: projectionCheck, defaults: [] },
  serve: { main: serve, defaults: [] },
  report: { main: report, defaults: [] },
  export: { main: exportTables, defaults: [] },
  "fit-bayes": { main: fitBayes, defaults: [] },
  "demo-data": { main: demoData, defaults: [] },
  "import-f1db": { main: importF1db, defaults: [] },
  "import-jolpica": { main: importJolpica, defaults: [] },
  live: { main: live, defaults: [] },
};

const USAGE = `Usage: f1hp TASK [options]   (deno run -A dist/f1hp.js TASK ..., or the compiled dist/f1hp TASK ...)

Tasks: ${Object.keys(SUBCOMMANDS).join(", ")}. Each is what deno task TASK runs, with the same options and defaults;
f1hp TASK --help prints them.`;

/**
 * Runs the task `args` names with the rest of `args`; resolves with its exit code (2 for no or an unknown task).
 *
 * @example
 * ```ts
 * import { runSubcommand } from "./f1hp.ts";
 * import assert from "node:assert/strict";
 * assert.equal(await runSubcommand(["no-such-task"]), 2);
 * ```
 */
export async function runSubcommand(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h") {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const task = SUBCOMMANDS[name];
  if (task === undefined) {
    console.error(`f1hp: expected a task (${Object.keys(SUBCOMMANDS).join(", ")}); found "${name}"`);
    return 2;
  }
  try {
    return await task.main([...task.defaults, ...rest]);
  } catch (error) {
    const { message, code } = describeFailure(error);
    console.error(`${name}: ${message}`);
    return code;
  }
}

if (import.meta.main) Deno.exit(await runSubcommand(Deno.args));
