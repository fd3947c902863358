/**
 * The command line: `deno task train [options]`. Trains on a season folder
 * and writes one JSON file with a forecast for every race of the season;
 * with `--watch-folder`, keeps retraining as the data changes.
 *
 * @module
 */

import { MAX_SEED, MAX_SIMULATIONS, TRAINER_DEFAULTS, type TrainerConfig } from "../lib/train/options.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { modelAdapter, modelFromLayers, MODELS } from "../lib/model/registry.ts";
import { defaultOutputFor, PREDICTIONS_DIR } from "../lib/train/outputs.ts";
import { DEFAULT_DEBOUNCE_MS, watchAndTrain } from "../lib/train/watch.ts";
import { formatSummary, progressBar } from "../lib/report/terminal.ts";
import { rerunForDatabase } from "./cli/database_access.ts";
import {
  databaseOption,
  describeFailure,
  integerOption,
  jsonObjectOption,
  parseTaskArgs,
  requiredOption,
  sharedOptions,
  UsageError,
  workersOption,
} from "./cli.ts";

const USAGE = `Usage: deno task train [options]

Trains on a season folder and writes a forecast for every race of the season,
each made only from data before that race.

Options:
  --train-data DIR          season folder, or a folder of season folders (task default: data/f1, real 2023-2025)
  --output FILE             predictions file (default ${PREDICTIONS_DIR}/season_<YEAR>_incremental.json, YEAR the season
                              trained; demo_<YEAR>_incremental.json for the generated demo season)
  --num-simulations N       simulated races per scenario and race, 1-${MAX_SIMULATIONS} (default ${TRAINER_DEFAULTS.numSimulations})
  --model NAME              the forecast model (default ${TRAINER_DEFAULTS.model}):
${MODELS.map((m) => `                              ${m.name.padEnd(10)}${m.description}`).join("\n")}
  --use-bayesian, --use-form-model, --use-ml-layer
                            the seed's flags, kept as aliases: --use-form-model is --model form,
                            --use-ml-layer adds +ml to the model
  --driver-weights JSON     e.g. '{"NOR":1.35}' or @weights.json; a weight scales strength, 1.0 changes nothing
  --team-weights JSON       e.g. '{"McLaren-Mercedes":1.35}' or @file; team ids, names or the original's names
  --scenarios NAMES         scenarios to simulate and mix (default: ${TRAINER_DEFAULTS.scenarios.join(" ")})
  --scenario-file FILE      JSON file of extra scenarios, usable in --scenarios
  --conditions FILE         JSON file of rain and safety-car probabilities per round, e.g.
                            {"season": 2025, "rounds": {"12": {"rain_probability": 0.6}}} (docs/models.md)
  --incremental-update      reuse cached rounds whose data is unchanged (on by default)
  --force-retrain           ignore the cache and retrain every round
  --watch-folder            train, then keep watching --train-data and retrain after changes (Ctrl+C stops)
  --debounce-ms N           with --watch-folder: quiet time after the last change before a retrain (default ${DEFAULT_DEBOUNCE_MS})
  --season YEAR             season to predict in a multi-season folder (default the latest)
  --seed N                  random seed 0-${MAX_SEED} (default ${TRAINER_DEFAULTS.seed}); same data, options and seed give the same file
  --database URL            keep the forecast history in PostgreSQL (postgres://...; or set F1HP_DATABASE_URL)
                            instead of history.sqlite beside the output
  --workers N               forecast races and the projection on N worker threads, 1-64, or auto (default: one
                            per core, started once the simulations outweigh starting them); the file is the same for any N
  --verbose                 debug detail in training.log, and stack traces of unexpected errors
  -h, --help                this help

Exit codes: 0 every race predicted (watch mode: stopped by Ctrl+C or SIGTERM; 131 by Ctrl+\\); 1 a round failed (named)
or the run failed; 2 bad options.`;

const OPTIONS = {
  ...sharedOptions("train-data", "num-simulations", "season", "seed", "database"),
  output: { type: "string" },
  model: { type: "string" },
  "use-bayesian": { type: "boolean" },
  "use-form-model": { type: "boolean" },
  "use-ml-layer": { type: "boolean" },
  workers: { type: "string" },
  "driver-weights": { type: "string" },
  "team-weights": { type: "string" },
  scenarios: { type: "string" },
  "scenario-file": { type: "string" },
  conditions: { type: "string" },
  "incremental-update": { type: "boolean" },
  "force-retrain": { type: "boolean" },
  "watch-folder": { type: "boolean" },
  "debounce-ms": { type: "string" },
  verbose: { type: "boolean" },
} as const;

/** `--scenarios dry wet` takes several words, as the original's did: fold them into one value. */
function collectScenarios(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--scenarios") {
      const names: string[] = [];
      while (i + 1 < args.length && !args[i + 1].startsWith("-")) names.push(args[++i]);
      out.push(`--scenarios=${names.join(",")}`);
    } else out.push(args[i]);
  }
  return out;
}

/** A parsed command line: the training, and whether to keep watching afterwards. */
export interface TrainCommand {
  config: TrainerConfig;
  /** Set by --watch-folder. */
  watch: { debounceMs: number } | null;
}

/** `deno task watch` is this task with --watch-folder: its help and errors name it so. */
function taskName(args: readonly string[]): "train" | "watch" {
  return args.includes("--watch-folder") ? "watch" : "train";
}

/**
 * Parses the command line into a trainer configuration; a number is the exit
 * code when there is nothing to run (0 after --help, 2 after an unknown option).
 *
 * @throws {UsageError} for bad values.
 * @example
 * ```ts
 * import { parseTrainArgs } from "./train.ts";
 * import assert from "node:assert/strict";
 * const command = await parseTrainArgs(["--train-data", "data/demo", "--scenarios", "dry", "wet"]);
 * assert.deepEqual(typeof command === "number" ? command : command.config.scenarios, ["dry", "wet"]);
 * ```
 */
export async function parseTrainArgs(args: string[]): Promise<TrainCommand | number> {
  const task = taskName(args);
  const usage = USAGE.replace("Usage: deno task train", `Usage: deno task ${task}`);
  const parsed = parseTaskArgs(collectScenarios(args), { task, usage, options: OPTIONS });
  if (typeof parsed === "number") return parsed;
  const v = parsed.values;
  if (v["debounce-ms"] !== undefined && !v["watch-folder"]) {
    throw new UsageError("--debounce-ms: only means something with --watch-folder");
  }
  const aliases = ["use-bayesian", "use-form-model", "use-ml-layer"].filter((flag) => v[flag as keyof typeof v]);
  if (v["use-bayesian"] && v["use-form-model"]) {
    throw new UsageError("--use-bayesian and --use-form-model: choose one strength model");
  }
  if (v.model !== undefined && aliases.length > 0) {
    throw new UsageError(`--model and --${aliases[0]}: choose one way to name the model`);
  }
  const trainData = requiredOption("--train-data", v["train-data"], "a season folder");
  if ((await Deno.stat(trainData).catch(() => undefined))?.isFile) {
    throw new UsageError(
      `--train-data ${trainData}: expected a season folder or a folder of season folders; found a file`,
    );
  }
  const scenarios = (v.scenarios ?? TRAINER_DEFAULTS.scenarios.join(",")).split(",").map((s) => s.trim())
    .filter(Boolean);
  if (scenarios.length === 0) throw new UsageError("--scenarios: expected at least one scenario name");
  const season = v.season === undefined ? undefined : integerOption("--season", v.season, { fallback: 0, min: 1950 });
  // Unreadable data leaves the year unknown; loading it then reports what is wrong before anything is written.
  const config: TrainerConfig = {
    trainData,
    output: v.output ?? await defaultOutputFor(trainData, season),
    numSimulations: integerOption("--num-simulations", v["num-simulations"], {
      fallback: TRAINER_DEFAULTS.numSimulations,
      min: 1,
      max: MAX_SIMULATIONS,
    }),
    model: modelOption(v, aliases),
    driverWeights: await jsonObjectOption("--driver-weights", v["driver-weights"]),
    teamWeights: await jsonObjectOption("--team-weights", v["team-weights"]),
    scenarios,
    ...(v["scenario-file"] === undefined ? {} : { scenarioFile: v["scenario-file"] }),
    ...(v.conditions === undefined ? {} : { conditionsFile: v.conditions }),
    seed: integerOption("--seed", v.seed, { fallback: TRAINER_DEFAULTS.seed, min: 0, max: MAX_SEED }),
    ...(season === undefined ? {} : { season }),
    incremental: true,
    forceRetrain: v["force-retrain"] ?? false,
    verbose: v.verbose ?? false,
    workers: workersOption(v.workers),
    ...(databaseOption(v.database) === undefined ? {} : { database: databaseOption(v.database) }),
  };
  const watch = v["watch-folder"]
    ? { debounceMs: integerOption("--debounce-ms", v["debounce-ms"], { fallback: DEFAULT_DEBOUNCE_MS, min: 0 }) }
    : null;
  return { config, watch };
}

/** The model `--model` names, or the one the seed's layer flags (`aliases`, those given) choose; else the default. */
function modelOption(
  v: { model?: string; "use-bayesian"?: boolean; "use-form-model"?: boolean; "use-ml-layer"?: boolean },
  aliases: readonly string[],
): string {
  const name = v.model ?? (aliases.length === 0 ? TRAINER_DEFAULTS.model : modelFromLayers({
    bayesian: v["use-form-model"] ? false : v["use-bayesian"],
    mlLayer: v["use-ml-layer"],
  }));
  return modelAdapter(name).name;
}

function fail(error: unknown, verbose: boolean): number {
  const { message, code } = describeFailure(error, { verbose });
  console.error(`train: ${message}`);
  return code;
}

/** The first line of a round's error, with a count of the rest, so each failed round is one terminal line. */
function firstLine(error: string | null): string {
  const lines = (error ?? "unknown error").split("\n");
  return lines.length > 1 ? `${lines[0]} (and ${lines.length - 1} more)` : lines[0];
}

/**
 * Watch mode: Ctrl+C or SIGTERM stops it once the run in flight has written its output; Ctrl+\ (SIGQUIT) stops it at
 * once. A second Ctrl+C cannot mean "at once": `deno task` passes on the Ctrl+C the terminal already sent its whole
 * process group, so one keypress arrives twice, and only a clock could tell the two apart (a loaded one cannot).
 */
async function watchUntilStopped(config: TrainerConfig, debounceMs: number): Promise<number> {
  const stop = new AbortController();
  const windows = Deno.build.os === "windows";
  const onSignal = (signal: Deno.Signal) => () => {
    if (signal === "SIGQUIT") {
      console.error("watch: SIGQUIT: stopped at once; the output is the last one written in full");
      Deno.exit(131);
    }
    if (stop.signal.aborted) return;
    const hint = windows ? "" : "; Ctrl+\\ stops at once";
    console.error(`watch: ${signal} received: stopping once the run in flight is written${hint}`);
    stop.abort(`${signal} received`);
  };
  const signals: Deno.Signal[] = windows ? ["SIGINT"] : ["SIGINT", "SIGTERM", "SIGQUIT"];
  const handlers = signals.map((signal) => [signal, onSignal(signal)] as const);
  for (const [signal, handler] of handlers) Deno.addSignalListener(signal, handler);
  try {
    await watchAndTrain(config, {
      debounceMs,
      signal: stop.signal,
      report: (level, line) => (level === "error" ? console.error : console.log)(`watch: ${line}`),
      fatal: (error) => describeFailure(error).code === 2,
    });
    return 0;
  } catch (error) {
    return fail(error, config.verbose);
  } finally {
    for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  }
}

/** One training run, its summary on the terminal, and a line per failed round. */
async function trainOnce(config: TrainerConfig): Promise<number> {
  const waiting = (message: string) => console.error(`train: ${message}`);
  const outcome = await runTraining(
    config,
    { progress: progressBar(), waiting },
  );
  console.log(formatSummary(outcome.document, outcome.counts, config.output));
  for (const issue of outcome.dataIssues) console.error(`train: not read: ${issue}`);
  for (const line of outcome.relabelled) console.log(`train: ${line}`);
  const failed = Object.entries(outcome.document.predictions).filter(([, race]) => race.metadata.status !== "ok");
  for (const [name, race] of failed) {
    const kept = race.metadata.stale ? "; kept its last good forecast" : "; no forecast";
    console.error(`train: round ${race.metadata.round} (${name}) failed: ${firstLine(race.metadata.error)}${kept}`);
  }
  if (failed.length === 0) return outcome.dataIssues.length === 0 ? 0 : 1;
  console.error(`train: ${failed.length} round(s) failed; metadata.error in ${config.output} has every reason`);
  return 1;
}

/**
 * Runs the CLI; returns the exit code (0 ok, 1 a failed run, 2 a usage error).
 *
 * @example
 * ```ts ignore
 * import { main } from "./train.ts";
 * await main(["--train-data", "data/demo", "--num-simulations", "500"]); // 0
 * ```
 */
export async function main(args: string[]): Promise<number> {
  let command: TrainCommand | number;
  try {
    command = await parseTrainArgs(args);
  } catch (error) {
    const { message, code } = describeFailure(error);
    console.error(`${taskName(args)}: ${message}\nRun with --help for the options.`);
    return code;
  }
  if (typeof command === "number") return command;
  const { config, watch } = command;
  try {
    const reran = await rerunForDatabase(config.database);
    if (reran !== undefined) return reran;
    return watch === null ? await trainOnce(config) : await watchUntilStopped(config, watch.debounceMs);
  } catch (error) {
    return fail(error, config.verbose);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
