/**
 * When a watched folder should be retrained: debounced, one run at a time,
 * and changes that land during a run folded into exactly one follow-up run.
 *
 * @module
 */

/** What a run is told: the paths that changed since the previous run began (empty for the first run). */
export type RetrainRun = (changed: readonly string[]) => Promise<void>;

/**
 * Debounces change notifications into retraining runs.
 *
 * A run starts once `debounceMs` have passed since the last change. Changes
 * that arrive while a run is going are collected; when it ends, one more run
 * is scheduled for them (again `debounceMs` after the last of them). Two runs
 * never overlap. A run that throws is the caller's to report: `run` should
 * catch its own errors; the scheduler only guarantees the next run still comes.
 *
 * @example
 * ```ts
 * import { RetrainScheduler } from "./scheduler.ts";
 * import assert from "node:assert/strict";
 * const runs: string[][] = [];
 * const ran = Promise.withResolvers<void>();
 * const scheduler = new RetrainScheduler(10, async (changed) => {
 *   runs.push([...changed]);
 *   ran.resolve();
 * });
 * scheduler.notify("a.json");
 * scheduler.notify("b.json");
 * await ran.promise;
 * await scheduler.stop();
 * assert.deepEqual(runs, [["a.json", "b.json"]]);
 * ```
 */
export class RetrainScheduler {
  readonly #debounceMs: number;
  readonly #run: RetrainRun;
  readonly #now: () => number;
  #changed = new Set<string>();
  #lastChangeAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  /**
   * @param debounceMs quiet time after the last change before a run starts.
   * @param run the retraining itself.
   * @param now the clock, in milliseconds; tests may pass their own.
   */
  constructor(debounceMs: number, run: RetrainRun, now: () => number = () => performance.now()) {
    if (!(debounceMs >= 0 && Number.isFinite(debounceMs))) {
      throw new RangeError(`debounce: expected milliseconds >= 0; found ${debounceMs}`);
    }
    this.#debounceMs = debounceMs;
    this.#run = run;
    this.#now = now;
  }

  /** True while a run is in flight. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Records a changed path and (re)starts the debounce, unless a run is going, which then schedules the next. */
  notify(path: string): void {
    if (this.#stopped) return;
    this.#changed.add(path);
    this.#lastChangeAt = this.#now();
    if (this.#running === undefined) this.#arm(this.#debounceMs);
  }

  /** Starts a run now, without waiting for the debounce (the first training on start). */
  runNow(): void {
    if (this.#stopped || this.#running !== undefined) return;
    this.#clearTimer();
    this.#start();
  }

  /** Stops scheduling; resolves once the run in flight, if any, has finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimer();
    await this.#running;
  }

  #arm(delay: number): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#start();
    }, Math.max(0, delay));
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #start(): void {
    const changed = [...this.#changed].sort();
    this.#changed.clear();
    this.#running = this.#run(changed).catch(() => {}).finally(() => {
      this.#running = undefined;
      if (this.#stopped || this.#changed.size === 0) return;
      this.#arm(this.#lastChangeAt + this.#debounceMs - this.#now());
    });
  }
}
