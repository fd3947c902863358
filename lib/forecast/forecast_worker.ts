/**
 * A worker of the forecasting pool (`forecast_pool.ts`): forecasts the races
 * it is sent with the same `forecastRace` the main thread runs, on the same
 * inputs and seeds, so where a race is forecast never changes what is
 * forecast.
 *
 * @module
 */

import { forecastRace, type RaceForecastJob } from "./race_forecast.ts";
import { answerJobs } from "./worker_jobs.ts";

answerJobs((job: RaceForecastJob) => forecastRace(job.weekend, job.strengths, job.settings));
