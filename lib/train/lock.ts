/**
 * The output's lock file, so two trainers never write one predictions file
 * at once. The lock records its owner: process id and the process's start
 * time (Linux: clock ticks since boot, from /proc). A lock whose process is
 * gone, or whose process id now belongs to a process started at another
 * time (the id was reused), is taken over.
 *
 * @module
 */

/** A process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat); undefined off Linux or if gone. */
function startTime(pid: number): string | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Whether the owner a lock file records is still running, as far as can be told. */
function ownerAlive(owner: { pid: number; started?: string }): boolean {
  if (Deno.build.os !== "linux") return true;
  const started = startTime(owner.pid);
  if (started === undefined) return false;
  return owner.started === undefined || owner.started === started;
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
      await file.write(new TextEncoder().encode(`${Deno.pid}\n${startTime(Deno.pid) ?? ""}\n`));
      file.close();
      return () => Deno.remove(path).catch(() => {});
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      const [pidText, started] = (await Deno.readTextFile(path).catch(() => "")).split("\n");
      const pid = Number(pidText);
      const owner = { pid, started: started || undefined };
      if (Number.isInteger(pid) && pid > 0 && pid !== Deno.pid && ownerAlive(owner)) {
        throw new OutputLockedError(output, pid);
      }
      await Deno.remove(path).catch(() => {}); // left by a trainer that died
    }
  }
  throw new OutputLockedError(output, -1);
}
