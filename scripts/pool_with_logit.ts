/**
 * An experiment, kept so its figures in `docs/backtest-findings.md` can be
 * rerun: the Bayesian model's win chances pooled with the conditional logit
 * baseline's, at a fixed weight w, scored by winner log-loss.
 *
 * - linear pool: p_i ∝ (1 − w)·b_i + w·l_i;
 * - log pool:    p_i ∝ b_i^(1 − w) · l_i^w (each chance floored at 1e-6).
 *
 * Then with w learned walk-forward: before each race, the w in 0, 0.1, ..., 1
 * that minimises Σ_j λ^(age_j) · loss_j(w) + prior · w² over every earlier
 * race j scored here (seasons in order, memory carried across them).
 *
 * Usage: `deno run --allow-read --allow-env scripts/pool_with_logit.ts DIR [SEASONS]`
 * with DIR an F1DB import (2022-2025) and SEASONS a list such as 2023,2024,2025.
 *
 * @module
 */

import { finishingOrder } from "../lib/data/format.ts";
import { loadDataSet } from "../lib/data/load.ts";
import { backtestAll } from "../lib/evaluate/backtest_all.ts";
import { logLoss } from "../lib/evaluate/scores.ts";

const WEIGHTS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const HORIZONS = ["before_weekend", "after_qualifying"] as const;
const FLOOR = 1e-6;

type Chances = ReadonlyMap<string, number>;

function pooled(bayes: Chances, logit: Chances, options: { weight: number; kind: "linear" | "log" }): Chances {
  const w = options.weight;
  const raw = new Map<string, number>();
  for (const [driver, b] of bayes) {
    const l = logit.get(driver) ?? 0;
    raw.set(
      driver,
      options.kind === "linear"
        ? (1 - w) * b + w * l
        : Math.exp((1 - w) * Math.log(Math.max(b, FLOOR)) + w * Math.log(Math.max(l, FLOOR))),
    );
  }
  const total = [...raw.values()].reduce((a, b) => a + b, 0);
  return new Map([...raw].map(([driver, p]) => [driver, p / total]));
}

const [dir, seasonList = "2023,2024,2025"] = Deno.args;
if (dir === undefined) throw new Error("expected a data folder: scripts/pool_with_logit.ts DIR [SEASONS]");
const seasons = await loadDataSet(dir);
const years = seasonList.split(",").map(Number);
const races = years.map((year) => {
  const all = backtestAll(seasons, { year, simulations: 2000, seed: 42, scenarios: ["dry", "wet", "safety_car"] });
  return all.bayes.map((race) => ({
    winner: finishingOrder(race.result)[0] ?? "",
    bayes: race.forecasts,
    logit: all.logit.find((other) => other.name === race.name)?.forecasts ?? {},
  }));
});
const chances = (lines: ReadonlyArray<{ driver: string; win_probability: number }>) =>
  new Map(lines.map((line) => [line.driver, line.win_probability]));

console.log(`| horizon | pool | w | ${years.join(" | ")} |`);
console.log(`| --- | --- | --- | ${years.map(() => "---").join(" | ")} |`);
for (const horizon of HORIZONS) {
  for (const kind of ["linear", "log"] as const) {
    for (const weight of WEIGHTS) {
      const losses = races.map((season) => {
        const scored = season.filter((race) => race.bayes[horizon] && race.logit[horizon]);
        const sum = scored.reduce((total, race) => {
          const p = pooled(chances(race.bayes[horizon]!), chances(race.logit[horizon]!), { weight, kind });
          return total + logLoss(p.get(race.winner) ?? 0);
        }, 0);
        return (sum / scored.length).toFixed(3);
      });
      console.log(`| ${horizon} | ${kind} | ${weight} | ${losses.join(" | ")} |`);
    }
  }
}

const GRID = Array.from({ length: 11 }, (_, i) => i / 10);

/** Winner log-loss per season with w chosen before each race from the races before it. */
function walkForward(
  horizon: typeof HORIZONS[number],
  options: { kind: "linear" | "log"; forgetting: number; prior: number },
): string[] {
  const history: number[][] = [];
  return races.map((season) => {
    const scored = season.filter((race) => race.bayes[horizon] && race.logit[horizon]);
    const sum = scored.reduce((total, race) => {
      const bayes = chances(race.bayes[horizon]!), logit = chances(race.logit[horizon]!);
      const penalty = GRID.map((w, k) =>
        history.reduce((acc, losses, j) => acc + options.forgetting ** (history.length - 1 - j) * losses[k], 0) +
        options.prior * w * w
      );
      const losses = GRID.map((weight) => {
        const p = pooled(bayes, logit, { weight, kind: options.kind });
        return logLoss(p.get(race.winner) ?? 0);
      });
      history.push(losses);
      return total + losses[penalty.indexOf(Math.min(...penalty))];
    }, 0);
    return (sum / scored.length).toFixed(3);
  });
}

console.log(`\n| horizon | pool | forgetting | prior | ${years.join(" | ")} |`);
console.log(`| --- | --- | --- | --- | ${years.map(() => "---").join(" | ")} |`);
for (const horizon of HORIZONS) {
  for (const kind of ["linear", "log"] as const) {
    for (const forgetting of [0.8, 0.9, 0.95, 1]) {
      for (const prior of [0, 2, 8]) {
        const losses = walkForward(horizon, { kind, forgetting, prior });
        console.log(`| ${horizon} | ${kind} | ${forgetting} | ${prior} | ${losses.join(" | ")} |`);
      }
    }
  }
}
