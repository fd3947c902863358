/**
 * `deno task fit-bayes --train-data DIR [--seasons 2022,2023] [--num-simulations N] [--sweeps N] [--min-sweep-gain X]`
 *
 * Fits the Bayesian model's hyperparameters by coordinate search on the
 * given seasons (`lib/evaluate/fit_bayes.ts` states the objective) and prints
 * each kept step, then the result as an entry of `BAYES_FITS`, and whether it
 * reproduces the entry shipped for the same seasons (exit 1 if not).
 *
 * @module
 */

import { loadDataSet, type LoadedSeason } from "../lib/data/load.ts";
import type { ForecastSettings } from "../lib/forecast/race_forecast.ts";
import {
  FIT_SIMULATIONS,
  fitBayesParameters,
  fitSettings,
  FITTED_BAYES_PARAMETERS,
} from "../lib/evaluate/fit_bayes.ts";
import type { BayesParameters } from "../lib/model/bayes_parameters.ts";
import { progressBar } from "../lib/report/terminal.ts";
import { startObjectivePool } from "../lib/evaluate/objective_pool.ts";
import { BAYES_FIT_START, BAYES_FITS } from "../lib/model/bayes.ts";
import {
  describeFailure,
  integerListOption,
  integerOption,
  parseTaskArgs,
  requiredOption,
  sharedOptions,
  UsageError,
  workerCount,
} from "./cli.ts";

const USAGE = `Usage: deno task fit-bayes --train-data DIR [options]

Fits the Bayesian model's hyperparameters by coordinate search, maximising the
likelihood of the winner and of every driver's position, after qualifying and
before the weekend, on the given seasons, from BAYES_FIT_START; prints the result
as an entry of BAYES_FITS and checks it against the one shipped for those seasons
(exit 1 if it differs).
  --train-data DIR        a folder of season folders (seasons after the last fitted one are not read)
  --seasons LIST          the seasons to fit on (default 2022,2023)
  --num-simulations N     simulated races per scenario and race (default ${FIT_SIMULATIONS})
  --sweeps N              at most N sweeps; the search stops after a sweep that keeps nothing (default 5)
  --min-sweep-gain X      also stop after a sweep that lowers the objective by less than X nats (default 0; the
                          shipped fits use 0)
  --workers N             score N candidates at once on worker threads (default auto: one per core); the same
                          steps and result`;

/** The fit, its candidates scored on `workers` threads, with a progress bar on a terminal and each kept step said. */
async function fitWithProgress(
  seasons: LoadedSeason[],
  options: { targets: number[]; settings: ForecastSettings; sweeps: number; minSweepGain: number; workers: number },
): Promise<BayesParameters> {
  const { targets, settings, sweeps, minSweepGain, workers } = options;
  const pool = workers > 1 ? await startObjectivePool(workers, { seasons, targets, settings }) : undefined;
  const progress = progressBar({ unit: "fits at most" });
  try {
    return await fitBayesParameters(seasons, {
      targets,
      settings,
      sweeps,
      minSweepGain,
      ...(pool === undefined ? {} : { evaluate: (p) => pool.run(p), batch: pool.size }),
      onProgress: progress,
      onStep: (step) =>
        progress.say(
          step.parameter === "start"
            ? `start: ${step.objective.toFixed(4)}`
            : `${step.parameter} = ${step.value}: ${step.objective.toFixed(4)}`,
        ),
    });
  } finally {
    pool?.close();
  }
}

/** `--min-sweep-gain`: nats in decimal notation (`0.001`), 0 when absent. */
function gainOption(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new UsageError(`--min-sweep-gain: expected a number of nats such as 0.001; found "${text}"`);
  }
  return Number(text);
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "fit-bayes",
    usage: USAGE,
    options: {
      ...sharedOptions("train-data", "num-simulations"),
      seasons: { type: "string" },
      sweeps: { type: "string" },
      "min-sweep-gain": { type: "string" },
      workers: { type: "string" },
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  try {
    const dir = requiredOption("--train-data", values["train-data"], "a folder of season folders");
    const targets = integerListOption("--seasons", values.seasons, { fallback: "2022,2023", min: 1950 });
    const simulations = integerOption("--num-simulations", values["num-simulations"], {
      fallback: FIT_SIMULATIONS,
      min: 1,
    });
    const sweeps = integerOption("--sweeps", values.sweeps, { fallback: 5, min: 0 });
    const minSweepGain = gainOption(values["min-sweep-gain"]);
    const workers = workerCount(values.workers);
    const seasons = (await loadDataSet(dir)).filter((s) => s.season.year <= Math.max(...targets));
    const settings = fitSettings(simulations);
    const best = await fitWithProgress(seasons, { targets, settings, sweeps, minSweepGain, workers });
    const moved = FITTED_BAYES_PARAMETERS.filter((k) => best[k] !== BAYES_FIT_START[k]);
    console.log(
      `{ seasons: [${targets.join(", ")}], parameters: { ...BAYES_FIT_START${
        moved.map((k) => `, ${k}: ${best[k]}`).join("")
      } } }`,
    );
    const shipped = BAYES_FITS.find((fit) => fit.seasons.join() === targets.join());
    if (shipped === undefined) {
      console.log(`no fit on ${targets.join(", ")} is shipped in BAYES_FITS`);
      return 0;
    }
    const differ = FITTED_BAYES_PARAMETERS.filter((k) => shipped.parameters[k] !== best[k]);
    if (differ.length === 0) {
      console.log(`reproduces the shipped fit on ${targets.join(", ")}`);
      return 0;
    }
    console.log(
      `differs from the shipped fit on ${targets.join(", ")}: ${
        differ.map((k) => `${k} shipped ${shipped.parameters[k]}, found ${best[k]}`).join("; ")
      }`,
    );
    return 1;
  } catch (error) {
    const { message, code } = describeFailure(error);
    console.error(`fit-bayes: ${message}`);
    return code;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
