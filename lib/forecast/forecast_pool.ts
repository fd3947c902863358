/**
 * Forecasting races on several cores: a fixed set of Web Workers
 * (`forecast_worker.ts`), started once per run, each forecasting whole races
 * as they are handed out. A race's forecast depends only on its inputs and
 * seeds (`deriveSeed` by season, round and scenario), never on which worker
 * ran it or when, so any number of workers gives byte-identical predictions.
 *
 * @module
 */

import type { RaceForecast, RaceForecastJob } from "./race_forecast.ts";

/** A race forecast that failed in a worker, carrying the worker's error name and message. */
export class WorkerForecastError extends Error {
  /**
   * @example
   * ```ts
   * import { WorkerForecastError } from "./forecast_pool.ts";
   * import assert from "node:assert/strict";
   * const e = new WorkerForecastError({ name: "SimulationInputError", message: "field[3].pace: expected a finite number; found NaN" });
   * assert.equal(e.name, "SimulationInputError");
   * ```
   */
  constructor(from: { name: string; message: string }) {
    super(from.message);
    this.name = from.name;
  }
}

/** The workers could not start (the one-file bundle has no worker module beside it, say). */
export class WorkerStartError extends Error {
  override name = "WorkerStartError";
  /**
   * @example
   * ```ts
   * import { WorkerStartError } from "./forecast_pool.ts";
   * import assert from "node:assert/strict";
   * assert.match(new WorkerStartError("Module not found").message, /^forecasting workers could not start: Module not found/);
   * ```
   */
  constructor(readonly reason: string) {
    super(`forecasting workers could not start: ${reason} (a one-file bundle forecasts in one thread only)`);
  }
}

interface Waiting {
  resolve: (forecast: RaceForecast) => void;
  reject: (error: Error) => void;
}

/**
 * A pool of `size` forecasting workers. Jobs queue when every worker is
 * busy; `close` ends the workers.
 *
 * @example
 * ```ts ignore
 * import { ForecastPool } from "./forecast_pool.ts";
 * const pool = await ForecastPool.start(2);
 * const forecast = await pool.forecast(job);
 * pool.close();
 * ```
 */
export class ForecastPool {
  readonly #workers: Worker[] = [];
  readonly #idle: Worker[] = [];
  readonly #queue: Array<{ id: number; job: RaceForecastJob }> = [];
  readonly #waiting = new Map<number, Waiting>();
  readonly #busy = new Map<Worker, number>();
  #next = 0;

  private constructor() {}

  /**
   * Starts `size` workers and waits until each has loaded.
   *
   * @throws {WorkerStartError} when a worker cannot load its module.
   */
  static async start(size: number): Promise<ForecastPool> {
    const pool = new ForecastPool();
    const ready: Array<Promise<void>> = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL("./forecast_worker.ts", import.meta.url).href, { type: "module" });
      ready.push(
        new Promise((resolve, reject) => {
          worker.onmessage = (event) => event.data?.ready ? resolve() : pool.#answer(worker, event.data);
          worker.onerror = (event) => {
            event.preventDefault();
            reject(new WorkerStartError(event.message));
            pool.#lose(worker, new Error(`a forecasting worker failed: ${event.message}`));
          };
        }),
      );
      pool.#workers.push(worker);
      pool.#idle.push(worker);
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  /** The number of workers still running. */
  get size(): number {
    return this.#workers.length;
  }

  /** Forecasts one race on the next free worker. */
  forecast(job: RaceForecastJob): Promise<RaceForecast> {
    const id = this.#next++;
    const answer = new Promise<RaceForecast>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    this.#queue.push({ id, job });
    this.#dispatch();
    return answer;
  }

  /** Ends every worker; jobs still waiting are rejected. */
  close(): void {
    for (const worker of this.#workers) worker.terminate();
    for (const { reject } of this.#waiting.values()) reject(new Error("the forecasting pool was closed"));
    this.#waiting.clear();
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.shift()!;
      const message = this.#queue.shift()!;
      this.#busy.set(worker, message.id);
      worker.postMessage(message);
    }
  }

  #answer(worker: Worker, data: { id: number; forecast?: RaceForecast; error?: { name: string; message: string } }) {
    const waiting = this.#waiting.get(data.id);
    this.#waiting.delete(data.id);
    this.#busy.delete(worker);
    this.#idle.push(worker);
    if (data.error !== undefined) waiting?.reject(new WorkerForecastError(data.error));
    else waiting?.resolve(data.forecast!);
    this.#dispatch();
  }

  /** A worker that died: its race fails, and with no worker left every race still queued fails too. */
  #lose(worker: Worker, error: Error): void {
    worker.terminate();
    this.#workers.splice(this.#workers.indexOf(worker), 1);
    const idle = this.#idle.indexOf(worker);
    if (idle >= 0) this.#idle.splice(idle, 1);
    const id = this.#busy.get(worker);
    this.#busy.delete(worker);
    if (id !== undefined) {
      this.#waiting.get(id)?.reject(error);
      this.#waiting.delete(id);
    }
    if (this.#workers.length > 0) return;
    for (const { id: queued } of this.#queue.splice(0)) {
      this.#waiting.get(queued)?.reject(error);
      this.#waiting.delete(queued);
    }
  }
}
