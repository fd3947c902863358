/**
 * The forecast's models: the one place a configuration's layers become a
 * strength model, and the ML layer wired to the race simulator: what the forecast without the
 * layer expects of each driver comes from simulating the race on the base
 * model's strengths, so the layer learns the residual of the whole hybrid
 * forecast, not of the strengths alone.
 *
 * @module
 */

import type { CalendarRound, RoundSessions } from "../data/format.ts";
import type { DriverStrength, SimulatorTuning, StrengthModel } from "../model/strength.ts";
import {
  type ExpectedScores,
  ML_LAYER_DEFAULTS,
  type MlLayerState,
  positionScore,
  withMlLayer,
} from "../model/ml_layer.ts";
import { deriveSeed } from "../sim/rng.ts";
import { BUILT_IN_SCENARIOS } from "../sim/scenarios.ts";
import { simulateRace } from "../sim/simulate.ts";
import { DEFAULT_TUNING, simulatorInput } from "./race_forecast.ts";
import { bayesModelFor } from "../model/bayes.ts";
import { formModel } from "../model/form.ts";
import { NO_WEIGHTS } from "./weights.ts";

/** Simulated races behind each expected score: enough for a mean, cheap enough for every past race. */
export const EXPECTED_SCORE_SIMULATIONS = 300;

/**
 * Expected finishing scores from the simulator (dry races, no user weights,
 * a seed fixed per round, so the layer stays deterministic).
 *
 * @example
 * ```ts ignore
 * import { simulatedExpectedScores } from "./models.ts";
 * const expected = simulatedExpectedScores(DEFAULT_TUNING)(strengths, round, sessions);
 * ```
 */
export function simulatedExpectedScores(tuning: SimulatorTuning = DEFAULT_TUNING): ExpectedScores {
  return (strengths: readonly DriverStrength[], round: CalendarRound, sessions: RoundSessions) => {
    const { field, race } = simulatorInput(strengths, { round, sessions }, { weights: NO_WEIGHTS, tuning });
    const tally = simulateRace(field, race, {
      simulations: EXPECTED_SCORE_SIMULATIONS,
      seed: deriveSeed(1, round.round, round.date, "ml-expected"),
      scenario: BUILT_IN_SCENARIOS.dry,
    });
    const n = tally.size;
    return new Map(strengths.map((s, i) => {
      let expected = 0;
      for (let k = 0; k < n; k++) {
        expected += tally.positions[i * n + k] / tally.simulations *
          positionScore(k + 1, n, ML_LAYER_DEFAULTS.lapGapPerScore);
      }
      return [s.driver, expected];
    }));
  };
}

/**
 * A strength model with the ML layer on top, its residuals taken against the simulator.
 *
 * @example
 * ```ts
 * import { mlModel } from "./models.ts";
 * import { bayesModelFor } from "../model/bayes.ts";
 * import assert from "node:assert/strict";
 * assert.equal(mlModel(bayesModelFor(2025)).version, "bayes-3+fit2022-2024+ml-2");
 * ```
 */
export function mlModel<Base>(base: StrengthModel<Base>): StrengthModel<MlLayerState<Base>> {
  return withMlLayer(base, simulatedExpectedScores(base.simulator));
}

/** Which layers a forecast stacks: the strength model, and the ML layer on top of it. */
export interface ModelLayers {
  /** The Bayesian strength model (`lib/model/bayes.ts`) instead of the form model. */
  bayesian: boolean;
  /** The ML correction layer on top of the strength model. */
  mlLayer: boolean;
  /** The season forecast: the Bayesian model's hyperparameters are those fitted on the seasons before it. */
  season: number;
}

/**
 * The strength model a configuration names: the one place layers become a model.
 *
 * @example
 * ```ts
 * import { strengthModel } from "./models.ts";
 * import assert from "node:assert/strict";
 * assert.equal(strengthModel({ bayesian: true, mlLayer: true, season: 2025 }).version, "bayes-3+fit2022-2024+ml-2");
 * assert.equal(strengthModel({ bayesian: false, mlLayer: false, season: 2025 }).version, "form-3");
 * ```
 */
export function strengthModel(layers: ModelLayers): StrengthModel<unknown> {
  const base: StrengthModel<unknown> = layers.bayesian ? bayesModelFor(layers.season) : formModel;
  return layers.mlLayer ? mlModel(base) as StrengthModel<unknown> : base;
}
