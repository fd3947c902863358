/**
 * A worker of the backtest pool (`backtest_pool.ts`): holds the data set and
 * the run (sent once, as `init`) and computes the parts of the backtest it
 * is sent with the same `backtestPart` the main thread runs.
 *
 * @module
 */

import type { LoadedSeason } from "../data/load.ts";
import { type BacktestPart, backtestPart, type BacktestRun } from "./backtest_all.ts";
import { answerJobs } from "../parallel/worker_jobs.ts";

answerJobs((part: BacktestPart, init: { seasons: LoadedSeason[]; run: BacktestRun }) =>
  backtestPart(init.seasons, { ...init.run, part })
);
