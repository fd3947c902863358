/**
 * Every forecast model by name: the one list `--model`, batches, the
 * backtest and the report read. A new model is one adapter file in
 * `lib/model/models/` and one line in `MODELS`.
 *
 * @module
 */

import type { ModelAdapter } from "./adapter.ts";
import { form } from "./models/form.ts";
import { bayes } from "./models/bayes.ts";
import { withMl } from "./models/ml.ts";
import { UnknownNameError } from "../errors/errors.ts";

export type { ModelAdapter, ModelContext } from "./adapter.ts";

/** The models, in the order `--help` lists them. */
export const MODELS: readonly ModelAdapter[] = [
  form,
  withMl(form),
  bayes,
  withMl(bayes),
];

/**
 * The model `deno task train` uses when none is named: the Bayesian model
 * scores best of the registered models at every horizon in the seasons
 * scored (docs/backtest-findings.md).
 */
export const DEFAULT_MODEL = "bayes";

/** The seed's layer flags, as `--use-bayesian` and `--use-ml-layer` give them. */
export interface ModelLayerOptions {
  /**
   * With the Bayesian strength model (true) or the form model (false).
   *
   * @default {the default model's}
   */
  bayesian?: boolean;
  /**
   * With the ML layer on top.
   *
   * @default {the default model's}
   */
  mlLayer?: boolean;
}

/**
 * The registered model of a name.
 *
 * @throws {UnknownNameError} naming the registered models.
 * @example
 * ```ts
 * import { modelAdapter } from "./registry.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(modelAdapter("bayes+ml").layers, { bayesian: true, mlLayer: true });
 * assert.throws(() => modelAdapter("bayes+xgboost"), /expected one of form, form\+ml, bayes, bayes\+ml/);
 * ```
 */
export function modelAdapter(name: string, models: readonly ModelAdapter[] = MODELS): ModelAdapter {
  const found = models.find((model) => model.name === name);
  if (found === undefined) throw new UnknownNameError("model", name, models.map((model) => model.name));
  return found;
}

/**
 * The name of the model the seed's flags chose: `--use-bayesian` (or
 * `--use-form-model`) and `--use-ml-layer`, kept as aliases of `--model`,
 * and a batch's `use_bayesian` and `use_ml_layer`. A flag not given is the
 * default model's layer (`--use-ml-layer` alone is the default with the ML
 * layer); the first registered model with both layers is the one named.
 *
 * @example
 * ```ts
 * import { modelFromLayers } from "./registry.ts";
 * import assert from "node:assert/strict";
 * assert.equal(modelFromLayers({ bayesian: true, mlLayer: true }), "bayes+ml");
 * assert.equal(modelFromLayers({ bayesian: false, mlLayer: false }), "form");
 * assert.equal(modelFromLayers({ mlLayer: true }), "bayes+ml");
 * ```
 */
export function modelFromLayers(given: ModelLayerOptions): string {
  const layers = { ...modelAdapter(DEFAULT_MODEL).layers, ...definedOnly(given) };
  const found = MODELS.find((model) =>
    model.layers.bayesian === layers.bayesian && model.layers.mlLayer === layers.mlLayer
  );
  // The four seed combinations are all registered, so a miss is a registry that lost one.
  if (found === undefined) throw new Error(`no registered model has the layers ${JSON.stringify(layers)}`);
  return found.name;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
