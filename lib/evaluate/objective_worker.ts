/**
 * A worker of the objective pool (`objective_pool.ts`): holds the data set
 * and the fit's settings (sent once, as `init`), and scores the
 * hyperparameters it is sent with the same `bayesObjective` the main thread
 * would run, so where a candidate is scored never changes its score.
 *
 * @module
 */

import type { LoadedSeason } from "../data/load.ts";
import type { BayesParameters } from "../model/bayes.ts";
import { bayesObjective } from "./fit_bayes.ts";
import type { ForecastSettings } from "../forecast/race_forecast.ts";
import { answerJobs } from "../parallel/worker_jobs.ts";

answerJobs((
  parameters: BayesParameters,
  init: { seasons: LoadedSeason[]; targets: number[]; settings: ForecastSettings },
) => bayesObjective(init.seasons, parameters, init));
