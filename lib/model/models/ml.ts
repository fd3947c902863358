/**
 * `…+ml`: any model with the ML layer (`lib/model/ml_layer.ts`) on top, its
 * residuals taken against what the simulator expects of the model below.
 *
 * @module
 */

import type { ModelAdapter } from "../adapter.ts";
import { withMlLayer } from "../ml_layer.ts";
import type { StrengthModel } from "../strength.ts";

/**
 * `base` with the ML correction layer on top, named `base.name + "+ml"`.
 *
 * @example
 * ```ts
 * import { withMl } from "./ml.ts";
 * import { form } from "./form.ts";
 * import assert from "node:assert/strict";
 * assert.equal(withMl(form).name, "form+ml");
 * assert.deepEqual(withMl(form).layers, { bayesian: false, mlLayer: true });
 * ```
 */
export function withMl(base: ModelAdapter): ModelAdapter {
  return {
    name: `${base.name}+ml`,
    description: `${base.name} with the ML layer: a ridge regression on its residuals, by horizon`,
    layers: { ...base.layers, mlLayer: true },
    build(context) {
      const model = base.build(context);
      return withMlLayer(model, context.expectedScores(model.simulator)) as StrengthModel<unknown>;
    },
  };
}
