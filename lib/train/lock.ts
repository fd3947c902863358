/**
 * The output's lock file, so two trainers never write one predictions file
 * at once. The lock holds the owner's process id; a lock whose process is
 * gone is taken over.
 *
 * @module
 */

function isProcessAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return Deno.build.os !== "linux";
  }
}

/** Thrown when another trainer holds the output's lock. */
export class OutputLockedError extends Error {
  /**
   * @example
   * ```ts
   * import { OutputLockedError } from "./lock.ts";
   * import assert from "node:assert/strict";
   * assert.ok(new OutputLockedError("out.json", 42).message.includes("pid 42"));
   * ```
   */
  constructor(output: string, pid: number) {
    super(
      `${output}: another trainer (pid ${pid}) is writing it; wait for it, or remove ${output}.lock if that process is gone`,
    );
    this.name = "OutputLockedError";
  }
}

/**
 * Takes the output's lock file, or throws if a live trainer holds it.
 * Returns the function that releases it.
 *
 * @throws {OutputLockedError}
 * @example
 * ```ts ignore
 * import { acquireOutputLock } from "./lock.ts";
 * const release = await acquireOutputLock("predictions/out.json");
 * try { /* write *\/ } finally { await release(); }
 * ```
 */
export async function acquireOutputLock(output: string): Promise<() => Promise<void>> {
  const path = `${output}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await Deno.open(path, { write: true, createNew: true });
      await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
      file.close();
      return () => Deno.remove(path).catch(() => {});
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      const pid = Number((await Deno.readTextFile(path).catch(() => "")).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== Deno.pid && isProcessAlive(pid)) {
        throw new OutputLockedError(output, pid);
      }
      await Deno.remove(path).catch(() => {}); // left by a trainer that died
    }
  }
  throw new OutputLockedError(output, -1);
}
