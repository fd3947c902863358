/**
 * `bayes`: the Bayesian strength model (`lib/model/bayes.ts`), with the
 * hyperparameters fitted on the seasons before the one forecast.
 *
 * @module
 */

import type { ModelAdapter } from "../adapter.ts";
import { bayesModelFor } from "../bayes.ts";

/** The Bayesian model of car and driver strength. */
export const bayes: ModelAdapter = {
  name: "bayes",
  description: "the Bayesian model: car and driver strength tracked as beliefs, fitted on the seasons before",
  layers: { bayesian: true, mlLayer: false },
  build: ({ season }) => bayesModelFor(season),
};
