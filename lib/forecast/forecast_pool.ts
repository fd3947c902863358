/**
 * Forecasting races on several cores: a `WorkerPool` of
 * `forecast_worker.ts`, started once per run, each worker forecasting whole
 * races as they are handed out. A race's forecast depends only on its inputs
 * and seeds (`deriveSeed` by season, round and scenario), never on which
 * worker ran it or when, so any number of workers gives byte-identical
 * predictions.
 *
 * @module
 */

import type { RaceForecast, RaceForecastJob } from "./race_forecast.ts";
import { WorkerPool } from "./worker_pool.ts";

/** A pool that forecasts races. */
export type ForecastPool = WorkerPool<RaceForecastJob, RaceForecast>;

/**
 * Starts `size` forecasting workers.
 *
 * @throws {import("./worker_pool.ts").WorkerStartError} when a worker cannot load.
 * @example
 * ```ts ignore
 * import { startForecastPool } from "./forecast_pool.ts";
 * const pool = await startForecastPool(2);
 * const forecast = await pool.run(job);
 * pool.close();
 * ```
 */
export function startForecastPool(size: number): Promise<ForecastPool> {
  return WorkerPool.start(new URL("./forecast_worker.ts", import.meta.url), size);
}
