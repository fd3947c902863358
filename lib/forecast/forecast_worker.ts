/**
 * A worker of the forecasting pool (`forecast_pool.ts`): forecasts the races
 * it is sent with the same `forecastRace` the main thread runs, and simulates
 * projection chunks with the same `simulateSeasonChunk`, on the same inputs
 * and seeds, so where the work is done never changes what is forecast.
 *
 * @module
 */

import { forecastRace } from "./race_forecast.ts";
import { simulateSeasonChunk } from "../sim/season.ts";
import { answerJobs } from "./worker_jobs.ts";
import type { ForecastWorkerJob } from "./forecast_pool.ts";

answerJobs((job: ForecastWorkerJob) =>
  "race" in job
    ? forecastRace(job.race.weekend, job.race.strengths, job.race.settings)
    : simulateSeasonChunk(job.seasons.input, job.seasons.chunk)
);
