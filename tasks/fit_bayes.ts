/**
 * `deno task fit-bayes --train-data DIR [--seasons 2022,2023] [--num-simulations N] [--sweeps N]`
 *
 * Fits the Bayesian model's hyperparameters by coordinate search on the
 * given seasons (`lib/forecast/fit_bayes.ts` states the objective) and prints
 * each kept step, then the result to freeze in `BAYES_DEFAULTS`.
 *
 * @module
 */

import { loadDataSet } from "../lib/data/load.ts";
import { fitBayesParameters } from "../lib/forecast/fit_bayes.ts";
import { NO_WEIGHTS } from "../lib/forecast/weights.ts";
import { ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { TRAINER_DEFAULTS } from "../lib/train/options.ts";
import {
  describeFailure,
  integerListOption,
  integerOption,
  parseTaskArgs,
  requiredOption,
  sharedOptions,
} from "./cli.ts";

const USAGE = `Usage: deno task fit-bayes --train-data DIR [options]

Fits the Bayesian model's hyperparameters by coordinate search, maximising the
likelihood of the winner and of every driver's position, after qualifying and
before the weekend, on the given seasons; prints the result for BAYES_DEFAULTS.
  --train-data DIR        a folder of season folders (seasons after the last fitted one are not read)
  --seasons LIST          the seasons to fit on (default 2022,2023)
  --num-simulations N     simulated races per scenario and race (default 1000)
  --sweeps N              sweeps of coordinate search (default 2)`;

async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "fit-bayes",
    usage: USAGE,
    options: {
      ...sharedOptions("train-data", "num-simulations"),
      seasons: { type: "string" },
      sweeps: { type: "string" },
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  try {
    const dir = requiredOption("--train-data", values["train-data"], "a folder of season folders");
    const targets = integerListOption("--seasons", values.seasons, { fallback: "2022,2023", min: 1950 });
    const simulations = integerOption("--num-simulations", values["num-simulations"], { fallback: 1000, min: 1 });
    const sweeps = integerOption("--sweeps", values.sweeps, { fallback: 2, min: 0 });
    const seasons = (await loadDataSet(dir)).filter((s) => s.season.year <= Math.max(...targets));
    const settings = {
      simulations,
      seed: 1,
      scenarios: ScenarioRegistry.withBuiltIns().named(TRAINER_DEFAULTS.scenarios),
      weights: NO_WEIGHTS,
    };
    const best = fitBayesParameters(seasons, {
      targets,
      settings,
      sweeps,
      onStep: (step) =>
        console.log(
          step.parameter === "start"
            ? `start: ${step.objective.toFixed(4)}`
            : `${step.parameter} = ${step.value.toPrecision(3)}: ${step.objective.toFixed(4)}`,
        ),
    });
    console.log(JSON.stringify(best, null, 2));
    return 0;
  } catch (error) {
    const { message, code } = describeFailure(error);
    console.error(`fit-bayes: ${message}`);
    return code;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
