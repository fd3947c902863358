/**
 * Forecasting on several cores: a `WorkerPool` of `forecast_worker.ts`,
 * started at the first race to forecast (a run with nothing to compute
 * starts none; a short first race is forecast in this thread) and then kept.
 * A race is planned and assembled here (`planRaceForecast`); its simulations
 * (each scenario of the race and the sprint, and the qualifying), split into
 * chunks of `RACE_CHUNK`, and the projection's chunks of seasons are what the
 * workers run, as they fall free. Every chunk depends only on its inputs and
 * its own seed (`lib/sim/chunks.ts`), never on which worker ran it or when,
 * and chunks add up exactly, so any number of workers gives byte-identical
 * predictions, and one long race spreads over every core.
 *
 * @module
 */

import { forecastRace, planRaceForecast, type RaceForecast, type RaceForecastJob } from "./race_forecast.ts";
import { addResult, requestChunks, type SimulationRequest, type SimulationResult } from "./race_simulations.ts";
import { mergeSeasonTallies, seasonChunks, type SeasonInput, type SeasonTally, simulateSeason } from "../sim/season.ts";
import { checkWorkerModule, WorkerPool, WorkerStartError } from "../parallel/worker_pool.ts";
import type { SimulationChunk } from "../sim/chunks.ts";

const WORKER_MODULE = new URL("./forecast_worker.ts", import.meta.url);

/**
 * Simulated races (simulations x scenarios) under which a race is short: about 50 ms here, less than starting
 * workers costs (about 80 ms for two).
 */
export const SHORT_RACE = 50_000;

/** What a forecasting worker is sent: one chunk of a race's simulation, or one chunk of a projection's seasons. */
export type ForecastWorkerJob = { simulation: SimulationRequest } | {
  seasons: { input: SeasonInput; chunk: SimulationChunk };
};

/** A pool that runs race simulations and projection chunks. */
export type ForecastPool = WorkerPool<ForecastWorkerJob, SimulationResult | SeasonTally>;

/**
 * Starts `size` forecasting workers.
 *
 * @throws {WorkerStartError} when a worker cannot load.
 */
export function startForecastPool(size: number): Promise<ForecastPool> {
  return WorkerPool.start(WORKER_MODULE, size);
}

/**
 * A run's forecasting workers, started at the first job. With
 * `inThreadIfUnavailable` (the default worker count, not a number the user
 * chose), workers that cannot start (a one-file bundle has no worker module)
 * leave the work to this thread and say why in `unavailable`; otherwise the
 * `WorkerStartError` fails the job.
 *
 * @example
 * ```ts ignore
 * import { ForecastWorkers } from "./forecast_pool.ts";
 * const workers = new ForecastWorkers(2);
 * const forecast = await workers.forecast(job);
 * workers.close();
 * ```
 */
export class ForecastWorkers {
  #pool: Promise<ForecastPool | undefined> | undefined;
  #unavailable: string | undefined;
  #ready: ForecastPool | undefined;
  /** Simulated races forecast in this thread before the workers started. */
  #inThread = 0;

  constructor(readonly size: number, readonly options: { inThreadIfUnavailable?: boolean } = {}) {}

  /** Why the workers could not start, when the work went to this thread instead. */
  get unavailable(): string | undefined {
    return this.#unavailable;
  }

  /**
   * Checks, before any work, that the workers can load, without starting them: a missing worker module (a
   * one-file bundle) is a `WorkerStartError` for a chosen size, and this thread for `inThreadIfUnavailable`.
   */
  async check(): Promise<void> {
    try {
      await checkWorkerModule(WORKER_MODULE);
    } catch (error) {
      this.#pool = Promise.resolve(this.#inThreadInstead(error));
    }
  }

  /**
   * Forecasts a race with its simulations on the workers. Races are forecast here, and the workers not started,
   * until the work done here would pass `SHORT_RACE` simulated races, which is about what starting them costs: a
   * run with one race to forecast at the default settings (a new qualifying file in the last round), or a whole
   * season at a few hundred simulations, starts none; a season at the default settings starts them at its fourth
   * race; a race of a million simulations at its first. So are all races forecast here where workers could not
   * start and that is allowed.
   */
  async forecast(job: RaceForecastJob): Promise<RaceForecast> {
    const work = job.settings.simulations * job.settings.scenarios.length;
    if (this.#pool === undefined && this.#inThread + work < SHORT_RACE) {
      this.#inThread += work;
      return forecastRace(job.weekend, job.strengths, job.settings);
    }
    const pool = await this.#started();
    if (pool === undefined) return forecastRace(job.weekend, job.strengths, job.settings);
    const plan = planRaceForecast(job.weekend, job.strengths, job.settings);
    const results = await Promise.all(plan.requests.map(async (request) => {
      const chunks = await Promise.all(
        requestChunks(request).map((chunk) => pool.run({ simulation: chunk }) as Promise<SimulationResult>),
      );
      for (const chunk of chunks.slice(1)) addResult(chunks[0], chunk);
      return chunks[0];
    }));
    return plan.assemble(results);
  }

  /**
   * `simulateSeason(input, options)`, its chunks spread over the workers when they are up (in this thread while
   * they are still starting, rather than wait): the same tally, bit for bit, either way.
   */
  async simulateSeason(input: SeasonInput, options: { simulations: number; seed: number }): Promise<SeasonTally> {
    const pool = this.#ready;
    if (pool === undefined) return simulateSeason(input, options);
    const tallies = await Promise.all(
      seasonChunks(options).map((chunk) => pool.run({ seasons: { input, chunk } }) as Promise<SeasonTally>),
    );
    return mergeSeasonTallies(tallies);
  }

  /** Ends the workers, if any started. */
  close(): void {
    this.#pool?.then((pool) => pool?.close(), () => {});
  }

  #started(): Promise<ForecastPool | undefined> {
    this.#pool ??= startForecastPool(this.size).then(
      (pool) => this.#ready = pool,
      (error) => this.#inThreadInstead(error),
    );
    return this.#pool;
  }

  /** Workers that could not start leave the work to this thread where that is allowed; any other error stands. */
  #inThreadInstead(error: unknown): undefined {
    if (!(error instanceof WorkerStartError && this.options.inThreadIfUnavailable)) throw error;
    this.#unavailable = error.message;
    return undefined;
  }
}
