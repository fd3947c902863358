/**
 * What a forecast model is to the rest of the workbench: a name `--model`
 * takes, a line of help, and a way to build its strength model for a season.
 * Each model is one small adapter in `lib/model/models/`, listed once in
 * `lib/model/registry.ts`; the trainer, batches, the backtest and the report
 * find it there by name.
 *
 * @module
 */

import type { SimulatorTuning, StrengthModel } from "./strength.ts";
import type { ExpectedScores } from "./ml_layer.ts";

/** What a model may ask of the layers above it when it is built. */
export interface ModelContext {
  /** The season forecast: a fitted model takes the hyperparameters fitted on the seasons before it. */
  season: number;
  /**
   * Expected finishing scores from the race simulator at a tuning, for a layer that learns the residual of the
   * whole forecast (the ML layer). Injected, so that no model needs the simulator or the forecast.
   */
  expectedScores: (tuning: SimulatorTuning | undefined) => ExpectedScores;
}

/** A forecast model as the registry holds it. */
export interface ModelAdapter {
  /** The name `--model` and a batch's `model` take: letters, digits, `+` and `-`. */
  readonly name: string;
  /** One line for `--help` and the docs. */
  readonly description: string;
  /**
   * The seed's two layer flags this model answers to, written to the predictions file as `use_bayesian` and
   * `use_ml_layer`: the Bayesian strength model, the ML layer. A model that uses neither says so.
   */
  readonly layers: { readonly bayesian: boolean; readonly mlLayer: boolean };
  /** The strength model that forecasts `context.season`. */
  build(context: ModelContext): StrengthModel<unknown>;
}
