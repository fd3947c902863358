/**
 * The worker's side of `WorkerPool`'s protocol, for a worker module: keep
 * the `init` value, answer it with `{ ready: true }`, and answer each
 * `{ id, job }` with `{ id, result }` or the error's name and message.
 *
 * @module
 */

/// <reference lib="deno.worker" />

/**
 * Makes this worker run `run(job, init)` for every job it is sent.
 *
 * @example
 * ```ts ignore
 * import { answerJobs } from "./worker_jobs.ts";
 * answerJobs((job: number, init: { scale: number }) => job * init.scale);
 * ```
 */
export function answerJobs<Init, Job, Result>(run: (job: Job, init: Init) => Result): void {
  let init: Init;
  self.onmessage = (event: MessageEvent<{ init: Init } | { id: number; job: Job }>) => {
    const data = event.data;
    if ("init" in data) {
      init = data.init;
      self.postMessage({ ready: true });
      return;
    }
    try {
      self.postMessage({ id: data.id, result: run(data.job, init) });
    } catch (error) {
      self.postMessage({ id: data.id, error: { name: (error as Error).name, message: (error as Error).message } });
    }
  };
}
