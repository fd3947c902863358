/**
 * A fixed set of Web Workers that run jobs of one kind: started once, each
 * sent the same `init` value and waited for until it says it is ready, then
 * handed jobs as they fall free. A worker that dies fails its job (and, once
 * none is left, every job still queued) instead of leaving it waiting.
 *
 * The worker module's side of the protocol is `answerJobs` (`worker_jobs.ts`).
 *
 * @module
 */

import { UserInputError } from "../errors/errors.ts";

/** The most workers a pool takes: `--workers` accepts 1 to this many. */
export const MAX_WORKERS = 64;

/**
 * How many workers `auto` means: one per core, at most `MAX_WORKERS`.
 *
 * @example
 * ```ts
 * import { workersPerCore } from "./worker_pool.ts";
 * import assert from "node:assert/strict";
 * assert.equal(workersPerCore(), Math.min(64, navigator.hardwareConcurrency));
 * ```
 */
export function workersPerCore(): number {
  return Math.min(MAX_WORKERS, navigator.hardwareConcurrency ?? 1);
}

/** The workers could not start (a one-file bundle has no worker module beside it, say). */
export class WorkerStartError extends UserInputError {
  override name = "WorkerStartError";
  /**
   * @example
   * ```ts
   * import { WorkerStartError } from "./worker_pool.ts";
   * import assert from "node:assert/strict";
   * assert.match(new WorkerStartError("Module not found").message, /^workers could not start: Module not found/);
   * ```
   */
  constructor(readonly reason: string) {
    super(`workers could not start: ${reason} (a one-file bundle runs in one thread only)`, { input: "workers" });
  }
}

/** A job that failed in a worker, carrying the worker's error name and message. */
export class WorkerJobError extends Error {
  /**
   * @example
   * ```ts
   * import { WorkerJobError } from "./worker_pool.ts";
   * import assert from "node:assert/strict";
   * const e = new WorkerJobError({ name: "SimulationInputError", message: "field[3].pace: expected a finite number; found NaN" });
   * assert.equal(e.name, "SimulationInputError");
   * ```
   */
  constructor(from: { name: string; message: string }) {
    super(from.message);
    this.name = from.name;
  }
}

/**
 * Fails, as a `WorkerStartError`, for a worker module file that is not there (a one-file bundle): cheap enough to
 * ask before any worker starts, and a worker started on it would print Deno's own uncaught error to the terminal.
 *
 * @example
 * ```ts
 * import { checkWorkerModule } from "./worker_pool.ts";
 * import assert from "node:assert/strict";
 * await assert.rejects(checkWorkerModule(new URL("./no_such_worker.ts", import.meta.url)), /Module not found/);
 * ```
 */
export async function checkWorkerModule(module: URL): Promise<void> {
  if (module.protocol !== "file:") return;
  try {
    await Deno.stat(module);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new WorkerStartError(`Module not found "${module.href}".`);
    // Without read permission the worker itself will say whether it loads.
  }
}

/** A pool of workers running `Job`s into `Result`s. */
export class WorkerPool<Job, Result> {
  readonly #workers: Worker[] = [];
  readonly #idle: Worker[] = [];
  readonly #queue: Array<{ id: number; job: Job }> = [];
  readonly #waiting = new Map<number, { resolve: (result: Result) => void; reject: (error: Error) => void }>();
  readonly #busy = new Map<Worker, number>();
  #next = 0;

  private constructor() {}

  /**
   * Starts `size` workers of `module`, sends each `init`, and waits until all are ready.
   *
   * @throws {WorkerStartError} when a worker cannot load its module.
   */
  static async start<Job, Result>(module: URL, size: number, init: unknown = null): Promise<WorkerPool<Job, Result>> {
    await checkWorkerModule(module);
    const pool = new WorkerPool<Job, Result>();
    const ready = Array.from({ length: size }, () => {
      const worker = new Worker(module.href, { type: "module" });
      pool.#workers.push(worker);
      return new Promise<void>((resolve, reject) => {
        worker.onmessage = (event) => {
          if (event.data?.ready) {
            pool.#idle.push(worker);
            resolve();
          } else pool.#answer(worker, event.data);
        };
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new WorkerStartError(event.message));
          pool.#lose(worker, new Error(`a worker failed: ${event.message}`));
        };
        worker.postMessage({ init });
      });
    });
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

  /** Runs one job on the next free worker. */
  run(job: Job): Promise<Result> {
    const id = this.#next++;
    const answer = new Promise<Result>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    this.#queue.push({ id, job });
    this.#dispatch();
    return answer;
  }

  /** Ends every worker; jobs still waiting are rejected. */
  close(): void {
    for (const worker of this.#workers) worker.terminate();
    for (const { reject } of this.#waiting.values()) reject(new Error("the worker pool was closed"));
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

  #answer(worker: Worker, data: { id: number; result?: Result; error?: { name: string; message: string } }): void {
    const waiting = this.#waiting.get(data.id);
    this.#waiting.delete(data.id);
    this.#busy.delete(worker);
    this.#idle.push(worker);
    if (data.error !== undefined) waiting?.reject(new WorkerJobError(data.error));
    else waiting?.resolve(data.result!);
    this.#dispatch();
  }

  /** A worker that died: its job fails, and with no worker left every job still queued fails too. */
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
