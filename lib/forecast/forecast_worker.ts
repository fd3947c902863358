/**
 * A worker of `ForecastPool`: forecasts the races it is sent. Each message
 * is a `RaceForecastJob` with an id; the answer is the race's forecast, or
 * the error's name and message. The simulation is the same function the
 * main thread runs, on the same inputs and seeds, so where a race is
 * forecast never changes what is forecast.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { forecastRace, type RaceForecastJob } from "./race_forecast.ts";

self.onmessage = (event: MessageEvent<{ id: number; job: RaceForecastJob }>) => {
  const { id, job } = event.data;
  try {
    self.postMessage({ id, forecast: forecastRace(job.weekend, job.strengths, job.settings) });
  } catch (error) {
    self.postMessage({ id, error: { name: (error as Error).name, message: (error as Error).message } });
  }
};

// Loaded: the pool starts handing out races only once every worker says so.
self.postMessage({ ready: true });
