/**
 * A worker of the objective pool (`objective_pool.ts`): holds the data set
 * and the fit's settings (sent once, as `init`), and scores the
 * hyperparameters it is sent with the same `bayesObjective` the main thread
 * would run, so where a candidate is scored never changes its score. The
 * protocol is `WorkerPool`'s.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import type { LoadedSeason } from "../data/load.ts";
import type { BayesParameters } from "../model/bayes.ts";
import { bayesObjective } from "./fit_bayes.ts";
import type { ForecastSettings } from "./race_forecast.ts";

let context: { seasons: LoadedSeason[]; targets: number[]; settings: ForecastSettings } | undefined;

self.onmessage = (
  event: MessageEvent<
    | { init: { seasons: LoadedSeason[]; targets: number[]; settings: ForecastSettings } }
    | { id: number; job: BayesParameters }
  >,
) => {
  const data = event.data;
  if ("init" in data) {
    context = data.init;
    self.postMessage({ ready: true });
    return;
  }
  try {
    self.postMessage({ id: data.id, result: bayesObjective(context!.seasons, data.job, context!) });
  } catch (error) {
    self.postMessage({ id: data.id, error: { name: (error as Error).name, message: (error as Error).message } });
  }
};
