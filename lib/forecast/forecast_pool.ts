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
 * Simulated races (simulations x scenarios) from which a race alone starts the workers: at 20,000 simulations a
 * season is 1.3 times faster on 2 workers than in one thread (`deno task train` on real 2025: 2.5 s against 3.3 s).
 */
export const LONG_RACE = 50_000;

/**
 * Simulated races of shorter races, summed over a run, forecast in this thread before the workers start: about a
 * second here. Starting two costs 0.3-0.4 s of CPU, and a whole season at the default settings (24 races x 3
 * scenarios x 5,000, and its stages: about 600,000) took as long without them as with them on 2 cores (real 2025:
 * 2.0-2.3 s either way, 2.2-2.4 s of CPU against 2.5-2.8 s), so it starts none.
 */
export const IN_THREAD_WORK = 1_000_000;

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

/** How a run's forecasting workers start. */
export interface ForecastWorkersOptions {
  /**
   * The default worker count, not a number the user chose: races stay in this thread until the work pays for
   * starting workers (`LONG_RACE`, `IN_THREAD_WORK`), and workers that cannot start (a one-file bundle has no worker
   * module) leave the work to this thread and say why in `unavailable`. Otherwise the workers start at the first
   * race and a `WorkerStartError` fails the job.
   *
   * @default {false}
   */
  auto?: boolean;
}

/**
 * A run's forecasting workers, started when there is work for them (see `ForecastWorkersOptions.auto`).
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

  constructor(readonly size: number, readonly options: ForecastWorkersOptions = {}) {}

  /** Whether the workers were asked to start: false while every race so far was forecast in this thread. */
  get started(): boolean {
    return this.#pool !== undefined;
  }

  /** Why the workers could not start, when the work went to this thread instead. */
  get unavailable(): string | undefined {
    return this.#unavailable;
  }

  /**
   * Checks, before any work, that the workers can load, without starting them: a missing worker module (a
   * one-file bundle) is a `WorkerStartError` for a chosen size, and this thread for `auto`.
   */
  async check(): Promise<void> {
    try {
      await checkWorkerModule(WORKER_MODULE);
    } catch (error) {
      this.#pool = Promise.resolve(this.#inThreadInstead(error));
    }
  }

  /**
   * Forecasts a race with its simulations on the workers, started by the first race (a run with nothing to
   * forecast starts none). Under `auto`, races are forecast here, and the workers not started, until a race of
   * `LONG_RACE` simulated races or more comes, or the work done here would pass `IN_THREAD_WORK`: a run at the
   * default settings, a whole season included, starts none; a season at 20,000 simulations or a race of a million
   * starts them at its first race. So are all races forecast here where workers could not start and that is allowed.
   */
  async forecast(job: RaceForecastJob): Promise<RaceForecast> {
    const work = job.settings.simulations * job.settings.scenarios.length;
    const short = work < LONG_RACE && this.#inThread + work < IN_THREAD_WORK;
    if (this.#pool === undefined && this.options.auto && short) {
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
    if (!(error instanceof WorkerStartError && this.options.auto)) throw error;
    this.#unavailable = error.message;
    return undefined;
  }
}
