/**
 * `form`: the form model (`lib/model/form.ts`), recent results and lap times
 * with exponential forgetting.
 *
 * @module
 */

import type { ModelAdapter } from "../adapter.ts";
import { formModel } from "../form.ts";

/** The form model: the same for every season. */
export const form: ModelAdapter = {
  name: "form",
  description: "the form model: recent results and lap times, older races forgotten exponentially",
  layers: { bayesian: false, mlLayer: false },
  build: () => formModel,
};
