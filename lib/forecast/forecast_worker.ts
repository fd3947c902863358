/**
 * A worker of the forecasting pool (`forecast_pool.ts`): runs the chunks of
 * race simulations it is sent with the same `runSimulation` the main thread
 * runs, and projection chunks with the same `simulateSeasonChunk`, on the
 * same inputs and seeds, so where the work is done never changes what is
 * forecast.
 *
 * @module
 */

import { runSimulation } from "./race_simulations.ts";
import { simulateSeasonChunk } from "../sim/season.ts";
import { answerJobs } from "../parallel/worker_jobs.ts";
import type { ForecastWorkerJob } from "./forecast_pool.ts";

answerJobs((job: ForecastWorkerJob) =>
  "simulation" in job ? runSimulation(job.simulation) : simulateSeasonChunk(job.seasons.input, job.seasons.chunk)
);
