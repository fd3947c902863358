/**
 * `deno task fit-bayes --train-data DIR [--seasons 2022,2023]`
 *
 * Fits the Bayesian model's hyperparameters by coordinate search, maximising
 * backtest likelihood after qualifying and before the weekend on the given
 * seasons only: the winner's log-loss plus the mean log-loss of every
 * driver's actual position. The winner term alone rewards overconfidence in
 * seasons one driver dominated (2022-2023); the positions keep the whole
 * field honest. The result
 * is printed for BAYES_DEFAULTS in lib/model/bayes.ts, where it is frozen:
 * fitting on 2022-2023 keeps 2024 and 2025 out of sample.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { loadDataSet } from "../lib/data/load.ts";
import { BAYES_DEFAULTS, type BayesParameters, createBayesModel } from "../lib/model/bayes.ts";
import { backtestModel } from "../lib/forecast/backtest.ts";
import { ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { finishingOrder } from "../lib/report/scores.ts";
import { raceLogLoss } from "../lib/forecast/weight_fit.ts";
import { TRAINER_DEFAULTS } from "../lib/train/options.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "train-data": { type: "string" },
    seasons: { type: "string", default: "2022,2023" },
    "num-simulations": { type: "string", default: "1000" },
    rounds: { type: "string", default: "2" },
  },
});
if (values["train-data"] === undefined) {
  console.error("fit-bayes: --train-data: expected a folder of season folders");
  Deno.exit(2);
}
const seasons = (await loadDataSet(values["train-data"])).filter((s) =>
  s.season.year <= Math.max(...values.seasons!.split(",").map(Number))
);
const targets = values.seasons!.split(",").map(Number);
const registry = ScenarioRegistry.withBuiltIns();
const scenarios = TRAINER_DEFAULTS.scenarios.map((name) => ({ name, scenario: registry.get(name) }));

function loss(p: BayesParameters): number {
  const model = createBayesModel(p);
  const settings = {
    simulations: Number(values["num-simulations"]),
    seed: 1,
    scenarios,
    weights: { drivers: new Map(), teams: new Map() },
  };
  let total = 0, count = 0;
  for (const year of targets) {
    for (const race of backtestModel(seasons, model, settings, year)) {
      const order = finishingOrder(race.result);
      for (const forecast of [race.forecasts.after_qualifying, race.forecasts.before_weekend]) {
        total += raceLogLoss(forecast, order);
        count++;
      }
    }
  }
  return total / count;
}

const FITTED: (keyof BayesParameters)[] = [
  "gridSlotScale",
  "raceDaySpread",
  "qualifyingNoise",
  "practiceNoise",
  "raceNoise",
  "rankScale",
  "carDrift",
  "skillDrift",
  "winterCarDrift",
  "skillPrior",
];
let best = { ...BAYES_DEFAULTS };
let bestLoss = loss(best);
console.log(`start: ${bestLoss.toFixed(4)}`);
for (let sweep = 0; sweep < Number(values.rounds); sweep++) {
  for (const key of FITTED) {
    for (const factor of [0.5, 0.7, 1.4, 2]) {
      const candidate = { ...best, [key]: best[key] * factor };
      const candidateLoss = loss(candidate);
      if (candidateLoss < bestLoss - 1e-4) {
        best = candidate;
        bestLoss = candidateLoss;
        console.log(`${key} = ${candidate[key].toPrecision(3)}: ${bestLoss.toFixed(4)}`);
      }
    }
  }
}
console.log(JSON.stringify(best, null, 2));
