/**
 * A worker of the forecasting pool (`forecast_pool.ts`): forecasts the races
 * it is sent with the same `forecastRace` the main thread runs, on the same
 * inputs and seeds, so where a race is forecast never changes what is
 * forecast. The protocol is `WorkerPool`'s.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { forecastRace, type RaceForecastJob } from "./race_forecast.ts";

self.onmessage = (event: MessageEvent<{ init: unknown } | { id: number; job: RaceForecastJob }>) => {
  const data = event.data;
  if ("init" in data) {
    self.postMessage({ ready: true });
    return;
  }
  try {
    self.postMessage({ id: data.id, result: forecastRace(data.job.weekend, data.job.strengths, data.job.settings) });
  } catch (error) {
    self.postMessage({ id: data.id, error: { name: (error as Error).name, message: (error as Error).message } });
  }
};
