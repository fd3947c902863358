/**
 * `deno task projection-check --train-data DIR [--rounds 6,12,18] [--num-simulations N] [--seed N] [--out FILE]`
 *
 * Checks the championship projection on finished seasons: for every season
 * in DIR, with the seasons before it as history, project from the state after
 * each of `--rounds` and compare with how the season ended (share of final
 * points inside the 80% intervals, log-loss of the champions). Prints a
 * Markdown table and writes a JSON report.
 *
 * @module
 */

import { dirname } from "node:path";
import { loadDataSet } from "../lib/data/load.ts";
import { toJsonText, writeFileAtomic } from "../lib/data/files.ts";
import { bayesModelFor } from "../lib/model/bayes.ts";
import { ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { checkProjections, type ProjectionCheck } from "../lib/evaluate/projection_check.ts";
import { formatProjectionChecks } from "../lib/report/projection_check.ts";
import { integerListOption, integerOption, parseTaskArgs, requiredOption, sharedOptions } from "./cli.ts";
import { TRAINER_DEFAULTS } from "../lib/train/options.ts";
import { NO_WEIGHTS } from "../lib/forecast/weights.ts";

const USAGE = `Usage: deno task projection-check --train-data DIR [options]

Projects each season in DIR from the state after the given rounds (the Bayesian
model, any earlier seasons as history) and scores the projections against the final standings.
  --train-data DIR        a folder of season folders, e.g. 2022-2025 imported from F1DB
  --rounds LIST           rounds to project from (default 6,12,18)
  --num-simulations N     simulated seasons per projection (default 2000)
  --seed N                random seed (default ${TRAINER_DEFAULTS.seed})
  --out FILE              JSON report (default predictions/backtest/projection_check.json)`;

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "projection-check",
    usage: USAGE,
    options: {
      ...sharedOptions("train-data", "num-simulations", "seed", "out"),
      rounds: { type: "string" },
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  let options;
  try {
    options = {
      dir: requiredOption("--train-data", values["train-data"], "a folder of season folders"),
      rounds: integerListOption("--rounds", values.rounds, { fallback: "6,12,18", min: 1 }),
      simulations: integerOption("--num-simulations", values["num-simulations"], { fallback: 2000, min: 1 }),
      seed: integerOption("--seed", values.seed, { fallback: TRAINER_DEFAULTS.seed, min: 0 }),
      out: values.out ?? "predictions/backtest/projection_check.json",
    };
  } catch (error) {
    console.error(`projection-check: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const seasons = await loadDataSet(options.dir);
  const registry = ScenarioRegistry.withBuiltIns();
  const settings = {
    simulations: options.simulations,
    seed: options.seed,
    scenarios: registry.named(TRAINER_DEFAULTS.scenarios),
    weights: NO_WEIGHTS,
  };
  const checks: ProjectionCheck[] = [];
  const models: Record<number, string> = {};
  for (const { season } of seasons) {
    const rounds = options.rounds.filter((round) => round < season.calendar.length);
    const model = bayesModelFor(season.year);
    models[season.year] = model.version;
    checks.push(...checkProjections(seasons, model, { target: season.year, cuts: rounds, settings }).checks);
  }
  if (checks.length === 0) {
    console.error(`projection-check: no season in ${options.dir} has more rounds than ${options.rounds.join(", ")}`);
    return 1;
  }
  console.log(
    `championship projections, ${options.simulations} simulated seasons each, models ${
      Object.entries(models).map(([year, version]) => `${year} ${version}`).join(", ")
    }`,
  );
  console.log(formatProjectionChecks(checks));
  await Deno.mkdir(dirname(options.out), { recursive: true });
  await writeFileAtomic(
    options.out,
    toJsonText({ models, simulations: options.simulations, seed: options.seed, checks }),
  );
  console.log(`-> ${options.out}`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
