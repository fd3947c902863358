/**
 * The command line: `deno task train [options]`. Trains on a season folder
 * and writes one JSON file with a forecast for every race of the season.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { integerOption, UsageError } from "./tasks/cli.ts";
import { DataFormatError } from "./lib/data/issues.ts";
import { ScenarioFileError, UnknownScenarioError } from "./lib/sim/scenarios.ts";
import { SeasonNotFoundError } from "./lib/forecast/pipeline.ts";
import { runTraining } from "./lib/train/trainer.ts";
import { defaultOutputPath, PREDICTIONS_DIR, seasonToPredict } from "./lib/train/outputs.ts";
import { WeightError } from "./lib/forecast/weights.ts";
import { DEFAULT_DEBOUNCE_MS, watchAndTrain } from "./lib/train/watch.ts";
import { formatSummary, progressBar } from "./lib/report/terminal.ts";
import { OutputLockedError } from "./lib/train/lock.ts";
import { TRAINER_DEFAULTS, type TrainerConfig } from "./lib/train/options.ts";

export { UsageError };

const USAGE = `Usage: deno task train [options]

Trains on a season folder and writes a forecast for every race of the season,
each made only from data before that race.

Options:
  --train-data DIR          season folder, or a folder of season folders (task default: data/demo)
  --output FILE             predictions file (default ${PREDICTIONS_DIR}/season_<YEAR>_incremental.json, YEAR the season trained)
  --num-simulations N       simulated races per scenario and race (default ${TRAINER_DEFAULTS.numSimulations})
  --use-bayesian            Bayesian strength model instead of the form model (lib/model/bayes.ts)
  --use-ml-layer            learned correction on top of the strength model (lib/model/ml_layer.ts)
  --driver-weights JSON     e.g. '{"NOR":1.35}' or @weights.json; a weight scales strength, 1.0 changes nothing
  --team-weights JSON       e.g. '{"McLaren-Mercedes":1.35}' or @file; team ids, names or the original's names
  --scenarios NAMES         scenarios to simulate and mix (default: ${TRAINER_DEFAULTS.scenarios.join(" ")})
  --scenario-file FILE      JSON file of extra scenarios, usable in --scenarios
  --incremental-update      reuse cached rounds whose data is unchanged (on by default)
  --force-retrain           ignore the cache and retrain every round
  --watch-folder            train, then keep watching --train-data and retrain after changes (Ctrl+C stops)
  --debounce-ms N           with --watch-folder: quiet time after the last change before a retrain (default ${DEFAULT_DEBOUNCE_MS})
  --season YEAR             season to predict in a multi-season folder (default the latest)
  --seed N                  random seed (default ${TRAINER_DEFAULTS.seed}); same data, options and seed give the same file
  --verbose                 debug detail in training.log
  -h, --help                this help

Exit codes: 0 every race predicted (watch mode: stopped by Ctrl+C or SIGTERM); 1 a round failed (named)
or the run failed; 2 bad options.`;

function collectScenarios(args: string[]): string[] {
  // --scenarios takes several words (`--scenarios dry wet`), as the original's did.
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

async function readWeights(option: string, text: string | undefined): Promise<Record<string, number>> {
  if (text === undefined) return {};
  let raw = text;
  if (text.startsWith("@")) {
    try {
      raw = await Deno.readTextFile(text.slice(1));
    } catch (error) {
      throw new UsageError(`${option}: cannot read ${text.slice(1)}: ${(error as Error).message}`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new UsageError(
      `${option}: expected a JSON object such as '{"NOR":1.35}' or @file; found ${JSON.stringify(text)}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${option}: expected a JSON object of name to weight; found ${JSON.stringify(value)}`);
  }
  return value as Record<string, number>;
}

/** A parsed command line: the training, and whether to keep watching afterwards. */
export interface TrainCommand {
  config: TrainerConfig;
  /** Set by --watch-folder. */
  watch: { debounceMs: number } | null;
}

/**
 * Parses the command line into a trainer configuration; undefined for --help.
 *
 * @throws {UsageError} for unknown options and bad values.
 * @example
 * ```ts
 * import { parseTrainArgs } from "./main.ts";
 * const command = await parseTrainArgs(["--train-data", "data/demo", "--scenarios", "dry", "wet"]);
 * command?.config.scenarios; // ["dry", "wet"]
 * ```
 */
export async function parseTrainArgs(args: string[]): Promise<TrainCommand | undefined> {
  let parsed;
  try {
    parsed = parseArgs({
      args: collectScenarios(args),
      strict: true,
      allowPositionals: false,
      options: {
        "train-data": { type: "string" },
        output: { type: "string" },
        "num-simulations": { type: "string" },
        "use-bayesian": { type: "boolean" },
        "use-ml-layer": { type: "boolean" },
        "driver-weights": { type: "string" },
        "team-weights": { type: "string" },
        scenarios: { type: "string" },
        "scenario-file": { type: "string" },
        "incremental-update": { type: "boolean" },
        "force-retrain": { type: "boolean" },
        "watch-folder": { type: "boolean" },
        "debounce-ms": { type: "string" },
        season: { type: "string" },
        seed: { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return undefined;
  if (v["debounce-ms"] !== undefined && !v["watch-folder"]) {
    throw new UsageError("--debounce-ms: only means something with --watch-folder");
  }
  if (v["train-data"] === undefined) throw new UsageError("--train-data: expected a season folder");
  const scenarios = (v.scenarios ?? TRAINER_DEFAULTS.scenarios.join(",")).split(",").map((s) => s.trim()).filter(
    Boolean,
  );
  if (scenarios.length === 0) throw new UsageError("--scenarios: expected at least one scenario name");
  const season = v.season === undefined ? undefined : integerOption("--season", v.season, 0, 1950);
  // Unreadable data leaves the year unknown; loading it then reports what is wrong before anything is written.
  const year = v.output === undefined ? await seasonToPredict(v["train-data"], season) : undefined;
  const config: TrainerConfig = {
    trainData: v["train-data"],
    output: v.output ?? (year === undefined ? `${PREDICTIONS_DIR}/season_incremental.json` : defaultOutputPath(year)),
    numSimulations: integerOption("--num-simulations", v["num-simulations"], TRAINER_DEFAULTS.numSimulations, 1),
    useBayesian: v["use-bayesian"] ?? false,
    useMlLayer: v["use-ml-layer"] ?? false,
    driverWeights: await readWeights("--driver-weights", v["driver-weights"]),
    teamWeights: await readWeights("--team-weights", v["team-weights"]),
    scenarios,
    ...(v["scenario-file"] === undefined ? {} : { scenarioFile: v["scenario-file"] }),
    seed: integerOption("--seed", v.seed, TRAINER_DEFAULTS.seed, 0),
    ...(season === undefined ? {} : { season }),
    incremental: true,
    forceRetrain: v["force-retrain"] ?? false,
    verbose: v.verbose ?? false,
  };
  const watch = v["watch-folder"]
    ? { debounceMs: integerOption("--debounce-ms", v["debounce-ms"], DEFAULT_DEBOUNCE_MS, 0) }
    : null;
  return { config, watch };
}

/** The first line of a round's error, with a count of the rest, so each failed round is one terminal line. */
function firstLine(error: string | null): string {
  const lines = (error ?? "unknown error").split("\n");
  return lines.length > 1 ? `${lines[0]} (and ${lines.length - 1} more)` : lines[0];
}

/** Errors in what the user asked for rather than in the data: exit code 2. */
function isUsageError(error: unknown): boolean {
  return error instanceof WeightError || error instanceof UnknownScenarioError ||
    error instanceof ScenarioFileError || error instanceof SeasonNotFoundError;
}

/** Prints a failed run's error (a stack only for the unexpected) and returns the exit code. */
function reportFailure(error: unknown): number {
  const usage = isUsageError(error);
  const known = usage || error instanceof DataFormatError || error instanceof OutputLockedError;
  console.error(`train: ${known ? (error as Error).message : (error as Error).stack}`);
  return usage ? 2 : 1;
}

/** Watch mode: Ctrl+C or SIGTERM stops it once the run in flight has finished; a second one stops it at once. */
async function watchUntilStopped(config: TrainerConfig, debounceMs: number): Promise<number> {
  const stop = new AbortController();
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  const onSignal = (signal: Deno.Signal) => () => {
    if (stop.signal.aborted) Deno.exit(130);
    stop.abort(`${signal} received`);
  };
  const handlers = signals.map((signal) => [signal, onSignal(signal)] as const);
  for (const [signal, handler] of handlers) Deno.addSignalListener(signal, handler);
  try {
    await watchAndTrain(config, {
      debounceMs,
      signal: stop.signal,
      report: (level, line) => (level === "error" ? console.error : console.log)(`watch: ${line}`),
      fatal: isUsageError,
    });
    return 0;
  } catch (error) {
    return reportFailure(error);
  } finally {
    for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  }
}

/**
 * Runs the CLI; returns the exit code (0 ok, 1 a failed run, 2 a usage error).
 *
 * @example
 * ```ts ignore
 * import { main } from "./main.ts";
 * await main(["--train-data", "data/demo", "--num-simulations", "500"]); // 0
 * ```
 */
export async function main(args: string[]): Promise<number> {
  let command: TrainCommand | undefined;
  try {
    command = await parseTrainArgs(args);
  } catch (error) {
    console.error(`train: ${(error as Error).message}\nRun with --help for the options.`);
    return 2;
  }
  if (command === undefined) {
    console.log(USAGE);
    return 0;
  }
  const { config, watch } = command;
  if (watch !== null) return await watchUntilStopped(config, watch.debounceMs);
  const terminal = Deno.stderr.isTerminal();
  try {
    const outcome = await runTraining(config, terminal ? { progress: progressBar() } : {});
    console.log(formatSummary(outcome.document, outcome.counts, config.output));
    const failed = Object.entries(outcome.document.predictions).filter(([, race]) => race.metadata.status !== "ok");
    for (const [name, race] of failed) {
      const kept = race.metadata.stale ? "; kept its last good forecast" : "; no forecast";
      console.error(`train: round ${race.metadata.round} (${name}) failed: ${firstLine(race.metadata.error)}${kept}`);
    }
    if (failed.length > 0) {
      console.error(`train: ${failed.length} round(s) failed; metadata.error in ${config.output} has every reason`);
      return 1;
    }
    return 0;
  } catch (error) {
    return reportFailure(error);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
