/**
 * The stacked final forecast: a conditional logit, learned walk-forward on
 * finished races, that combines the hybrid forecast with direct evidence
 * where the simulator is weak, and turns the result back into one consistent
 * distribution per race.
 *
 * The generative model: each driver retires with the hybrid forecast's DNF
 * probability; the drivers who finish are ordered by Plackett-Luce on
 * utilities `u_i = b · x_i` (Gumbel-max sampling), retirees classified behind
 * them. So the winner is, among the finishers, driver i with probability
 * `exp(u_i) / Σ_finishers exp(u_j)`, and every column of the forecast (win,
 * podium, points, DNF, positions, expected points) comes from the same
 * sampled races.
 *
 * Features at a horizon (`STACK_FEATURES`): `ln p_finish_win`, the hybrid's
 * log win probability given that the driver finishes,
 * `ln(win / (1 - dnf))`; after qualifying also ln grid slot, a pole flag and
 * the qualifying gap to pole (% of a lap, capped). The coefficients are
 * fitted on the winners of earlier races (choice set: the classified
 * drivers), each weighted `forgetting^(races since)`, with a ridge toward the
 * prior `b = (1, 0, ...)`, the hybrid forecast unchanged. So with no history
 * the stacker is the identity, and it moves only as far as the races ask:
 * how decisive qualifying is, learned online within a season.
 *
 * @module
 */

import type { Horizon } from "../data/horizons.ts";
import { startingGrid } from "../data/grid.ts";
import type { RoundSessions } from "../data/format.ts";
import { round6 } from "../data/files.ts";
import { type ChoiceSet, fitConditionalLogit } from "../model/conditional_logit.ts";
import { sortByScore } from "../sim/simulate.ts";
import { Xoshiro128 } from "../sim/rng.ts";
import { RACE_POINTS } from "../sim/points.ts";
import type { DriverForecast } from "./format.ts";
import { GAP_CAP, qualifyingGaps } from "./logit_baseline.ts";

/** The features the stacker reads at each horizon, in order. */
export const STACK_FEATURES: Readonly<Record<Horizon, readonly string[]>> = {
  before_weekend: ["ln_p_finish_win"],
  after_practice: ["ln_p_finish_win"],
  after_qualifying: ["ln_p_finish_win", "ln_grid", "pole", "qualifying_gap"],
};

/** How the stacker learns: its memory and how hard it holds to the hybrid forecast. */
export interface StackerSettings {
  /** Each earlier race's weight is this to the power of how many races ago it was. */
  forgetting: number;
  /** Ridge toward the prior (the hybrid forecast unchanged), in units of one race's log-likelihood. */
  ridge: number;
  /** Sampled races per forecast. */
  samples: number;
}

/**
 * The settings that scored best on 2023-2024 (forecast with 2022 onward as history) among ridge 4, 30,
 * 200 and forgetting 0.97, 0.99; still worse than the hybrid forecast alone there, so the stacker is
 * not part of the forecast yet (docs/backtest-findings.md).
 */
export const STACKER_DEFAULTS: Readonly<StackerSettings> = { forgetting: 0.97, ridge: 30, samples: 4000 };

/** The least win probability a feature reads, so one implausible forecast cannot dominate a fit. */
const FLOOR = 1e-4;

/**
 * The least probability the stacked forecast gives any driver for any place,
 * the win included: 1/2000, so a shock result (a win from the back) costs at
 * most ln 2000 = 7.6 nats. Reached by mixing the sampled positions with a
 * uniform share `n × floor`, which keeps every row and column summing to 1.
 */
export const PLACE_FLOOR = 1 / 2000;

const UNIFORM_POINTS = RACE_POINTS.reduce((a, b) => a + b, 0);

/**
 * Each driver's stacker features at a horizon, from the hybrid forecast and
 * the weekend's sessions known then.
 *
 * @example
 * ```ts
 * import { stackFeatures } from "./stacker.ts";
 * import assert from "node:assert/strict";
 * const row = { driver: "A", win_probability: 0.5, dnf_probability: 0.5 };
 * assert.deepEqual(stackFeatures("before_weekend", { forecast: [row], sessions: {} }).get("A"), [0]);
 * ```
 */
export function stackFeatures(
  horizon: Horizon,
  known: {
    forecast: ReadonlyArray<Pick<DriverForecast, "driver" | "win_probability" | "dnf_probability">>;
    sessions: RoundSessions;
  },
): Map<string, number[]> {
  const drivers = known.forecast.map((row) => row.driver);
  const grid = horizon === "after_qualifying" ? startingGrid(known.sessions, drivers) : undefined;
  const gaps = qualifyingGaps(known.sessions.qualifying ?? []);
  return new Map(known.forecast.map((row) => {
    const finishWin = Math.max(row.win_probability, FLOOR) / Math.max(1 - row.dnf_probability, 0.05);
    const features = [Math.log(finishWin)];
    if (horizon === "after_qualifying") {
      const slot = grid?.get(row.driver) ?? drivers.length;
      features.push(Math.log(slot), slot === 1 ? 1 : 0, gaps.get(row.driver) ?? GAP_CAP);
    }
    return [row.driver, features];
  }));
}

/**
 * A finished race as the stacker learns from it: the classified drivers'
 * features and which of them won; undefined when the winner has no features.
 *
 * @example
 * ```ts
 * import { stackChoice } from "./stacker.ts";
 * import assert from "node:assert/strict";
 * const features = new Map([["A", [0]], ["B", [1]]]);
 * const result = [{ driver: "B", position: 1 }, { driver: "A", position: 2 }];
 * assert.deepEqual(stackChoice(features, result), { features: [[1], [0]], chosen: 0 });
 * ```
 */
export function stackChoice(
  features: ReadonlyMap<string, number[]>,
  result: ReadonlyArray<{ driver: string; position: number | string }>,
): ChoiceSet | undefined {
  const classified = result.filter((row) => typeof row.position === "number" && features.has(row.driver))
    .sort((a, b) => (a.position as number) - (b.position as number));
  if (classified.length < 2 || classified[0].position !== 1) return undefined;
  return { features: classified.map((row) => features.get(row.driver)!), chosen: 0 };
}

/**
 * The stacker's coefficients at a horizon from earlier races' choices, oldest
 * first: the prior (the hybrid forecast unchanged) when there are none.
 *
 * @example
 * ```ts
 * import { fitStacker, STACKER_DEFAULTS } from "./stacker.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(fitStacker("after_practice", [], STACKER_DEFAULTS), [1]);
 * ```
 */
export function fitStacker(
  horizon: Horizon,
  history: readonly ChoiceSet[],
  settings: Pick<StackerSettings, "forgetting" | "ridge">,
): number[] {
  const prior = STACK_FEATURES[horizon].map((_, k) => k === 0 ? 1 : 0);
  if (history.length === 0) return prior;
  const sets = history.map((set, i) => ({ ...set, weight: settings.forgetting ** (history.length - 1 - i) }));
  return fitConditionalLogit(sets, { ridge: settings.ridge, prior });
}

/**
 * The stacked forecast of a race: the hybrid forecast's drivers, names and
 * DNF chances, with finishing orders drawn from the stacker's utilities.
 * Deterministic for a seed.
 *
 * @example
 * ```ts
 * import { stackedForecast } from "./stacker.ts";
 * import assert from "node:assert/strict";
 * const row = (driver: string) => ({ driver, driver_name: driver, team: "t", win_probability: 0.5, podium_probability: 1,
 *   points_probability: 1, dnf_probability: 0, expected_position: 1.5, expected_points: 21.5, position_probabilities: [0.5, 0.5] });
 * const utilities = new Map([["A", Math.log(3)], ["B", 0]]);
 * const [a] = stackedForecast([row("A"), row("B")], { utilities, samples: 20_000, seed: 1 });
 * assert.ok(Math.abs(a.win_probability - 0.75) < 0.01);
 * ```
 */
export function stackedForecast(
  base: readonly DriverForecast[],
  draw: { utilities: ReadonlyMap<string, number>; samples: number; seed: number },
): DriverForecast[] {
  const n = base.length;
  const utility = Float64Array.from(base, (row) => draw.utilities.get(row.driver) ?? Math.log(FLOOR));
  const dnf = Float64Array.from(base, (row) => row.dnf_probability);
  const counts = new Float64Array(n * n);
  const retired = new Float64Array(n);
  const pointsSum = new Float64Array(n);
  const score = new Float64Array(n);
  const order = new Int32Array(n);
  const rng = new Xoshiro128(draw.seed);
  for (let s = 0; s < draw.samples; s++) {
    for (let i = 0; i < n; i++) {
      const out = rng.nextFloat() < dnf[i];
      const u = (rng.nextUint32() + 0.5) / 4294967296;
      // Negated utility plus Gumbel noise sorts the winner first; a retiree sorts behind every finisher.
      score[i] = (out ? 1e6 : 0) + Math.log(-Math.log(u)) - utility[i];
      if (out) retired[i]++;
      order[i] = i;
    }
    sortByScore(order, score, n);
    for (let k = 0; k < n; k++) {
      counts[order[k] * n + k]++;
      if (k < RACE_POINTS.length && score[order[k]] < 1e5) pointsSum[order[k]] += RACE_POINTS[k];
    }
  }
  const uniform = Math.min(1, n * PLACE_FLOOR);
  return base.map((row, i) => {
    const positions = Array.from(
      counts.subarray(i * n, i * n + n),
      (c) => (1 - uniform) * c / draw.samples + uniform / n,
    );
    const upTo = (places: number) => positions.slice(0, places).reduce((a, b) => a + b, 0);
    // The mixture's other part is a race with every place equally likely and nobody retiring.
    const dnfShare = (1 - uniform) * retired[i] / draw.samples;
    const points = (1 - uniform) * pointsSum[i] / draw.samples + uniform * UNIFORM_POINTS / n;
    return {
      ...row,
      win_probability: round6(upTo(1)),
      podium_probability: round6(upTo(3)),
      points_probability: round6(upTo(10)),
      dnf_probability: round6(dnfShare),
      expected_position: round6(positions.reduce((sum, p, k) => sum + p * (k + 1), 0)),
      expected_points: round6(points),
      position_probabilities: positions.map(round6),
    };
  }).sort((a, b) =>
    b.win_probability - a.win_probability || a.expected_position - b.expected_position ||
    a.driver.localeCompare(b.driver)
  );
}
