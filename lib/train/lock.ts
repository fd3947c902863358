/**
 * The output's lock, so two trainers never write one predictions file at
 * once: an exclusive advisory lock (flock) on `<output>.lock`, held for the
 * run. The operating system releases it when its holder exits, however it
 * exits, so a killed trainer leaves no stale lock, and taking it needs only
 * the read and write permissions the tasks already have. A second trainer
 * waits for the first to finish, then runs on what it wrote. The file stays
 * in place: deleting it would let a third trainer lock a new file while a
 * second waits on the old one.
 *
 * @module
 */

/** How {@linkcode acquireOutputLock} waits. */
export interface OutputLockOptions {
  /**
   * Told once, when another trainer holds the lock and this one starts to wait for it.
   *
   * @default {nothing is told}
   */
  onWait?: (message: string) => void;
}

/**
 * Takes the output's lock, waiting while another trainer (this process or another) holds it. Returns the function
 * that releases it.
 *
 * @example
 * ```ts
 * import { acquireOutputLock } from "./lock.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const release = await acquireOutputLock(`${dir}/out.json`);
 * const order: string[] = [];
 * const waiting = Promise.withResolvers<void>();
 * const second = acquireOutputLock(`${dir}/out.json`, { onWait: () => waiting.resolve() })
 *   .then((release) => { order.push("second"); return release(); });
 * await waiting.promise; // the second trainer is queued behind the first
 * order.push("first done");
 * await release();
 * await second;
 * assert.deepEqual(order, ["first done", "second"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function acquireOutputLock(
  output: string,
  options: OutputLockOptions = {},
): Promise<() => Promise<void>> {
  const path = `${output}.lock`;
  const file = await Deno.open(path, { read: true, write: true, create: true });
  let held = false;
  const locking = file.lock(true).then(() => held = true);
  // Only to say so: whether the lock came at once decides nothing.
  await Promise.race([locking, new Promise((resolve) => setTimeout(resolve, 0))]);
  if (!held) options.onWait?.(`${output}: another trainer is writing it; waiting for it to finish`);
  try {
    await locking;
    await file.truncate(0);
    await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
  } catch (error) {
    file.close();
    throw error;
  }
  return async () => {
    await file.unlock().catch(() => {});
    file.close();
  };
}
