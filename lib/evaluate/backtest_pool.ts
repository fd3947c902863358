/**
 * Backtests on several cores: `deno task backtest --workers N` computes the
 * backtest's independent parts (each strength model, the stacked forecast,
 * the baselines) on a `WorkerPool` of `backtest_worker.ts`, each worker
 * holding the data set; the scores are the ones one thread gives.
 *
 * @module
 */

import type { LoadedSeason } from "../data/load.ts";
import type { BacktestPart, BacktestPartResult, BacktestRun } from "./backtest_all.ts";
import { WorkerPool } from "../parallel/worker_pool.ts";

/** A pool that computes backtest parts. */
export type BacktestPool = WorkerPool<BacktestPart, BacktestPartResult>;

/**
 * Starts `size` backtest workers for one run.
 *
 * @throws {import("../parallel/worker_pool.ts").WorkerStartError} when a worker cannot load.
 */
export function startBacktestPool(
  size: number,
  context: { seasons: readonly LoadedSeason[]; run: BacktestRun },
): Promise<BacktestPool> {
  return WorkerPool.start(new URL("./backtest_worker.ts", import.meta.url), size, context);
}
