/**
 * Scoring hyperparameter candidates on several cores: `fit-bayes --workers
 * N` starts a `WorkerPool` of `objective_worker.ts`, sends each worker the
 * data set once, and hands out candidates. `fitBayesParameters` scores a
 * sweep's candidates a batch at a time and keeps the first improvement in
 * order, scoring the rest again from there, so the search takes exactly the
 * steps it takes on one thread.
 *
 * @module
 */

import type { LoadedSeason } from "../data/load.ts";
import type { BayesParameters } from "../model/bayes.ts";
import type { ForecastSettings } from "../forecast/race_forecast.ts";
import { WorkerPool } from "../parallel/worker_pool.ts";

/** A pool that scores candidates. */
export type ObjectivePool = WorkerPool<BayesParameters, number>;

/**
 * Starts `size` objective workers, each holding the data set and the fit's settings.
 *
 * @throws {import("../parallel/worker_pool.ts").WorkerStartError} when a worker cannot load.
 */
export function startObjectivePool(
  size: number,
  context: { seasons: readonly LoadedSeason[]; targets: readonly number[]; settings: ForecastSettings },
): Promise<ObjectivePool> {
  return WorkerPool.start(new URL("./objective_worker.ts", import.meta.url), size, context);
}
