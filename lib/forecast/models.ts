/**
 * The forecast's models: a registered model's name becomes a strength
 * model here, with the ML layer wired to the race simulator: what the forecast without the
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
import { modelAdapter } from "../model/registry.ts";
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
export function simulatedExpectedScores(tuning: SimulatorTuning | undefined = DEFAULT_TUNING): ExpectedScores {
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

/**
 * The strength model of a registered model (`lib/model/registry.ts`) for a
 * season, with the simulator wired in for a layer that needs expected
 * scores.
 *
 * @throws {UnknownNameError} for a name no model has.
 * @example
 * ```ts
 * import { strengthModel } from "./models.ts";
 * import assert from "node:assert/strict";
 * assert.equal(strengthModel("bayes+ml", 2025).version, "bayes-3+fit2022-2024+ml-2");
 * assert.equal(strengthModel("form", 2025).version, "form-3");
 * ```
 */
export function strengthModel(name: string, season: number): StrengthModel<unknown> {
  return modelAdapter(name).build({ season, expectedScores: simulatedExpectedScores });
}
