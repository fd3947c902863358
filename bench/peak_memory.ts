/**
 * `deno run --allow-all bench/peak_memory.ts train|backtest ARGS...`: runs the task's `main` with the arguments,
 * then prints its exit code and the process's peak resident memory (Linux's VmHWM, every thread's; getrusage's
 * maximum elsewhere). Used by the benchmarks for the memory figures.
 *
 * @module
 */

import process from "node:process";
import { main as train } from "../tasks/train.ts";
import { main as backtest } from "../tasks/backtest.ts";

const TASKS: Record<string, (args: string[]) => Promise<number>> = { train, backtest };

/**
 * This process's peak resident memory, MiB: Linux's VmHWM where there is one. getrusage's maximum (the fallback)
 * carries over from the parent through fork and exec, so a child of a big benchmark reported the benchmark's peak.
 */
function peakResidentMib(): number {
  try {
    const kib = Number(/^VmHWM:\s+(\d+) kB$/m.exec(Deno.readTextFileSync("/proc/self/status"))?.[1]);
    if (Number.isFinite(kib) && kib > 0) return kib / 1024;
  } catch {
    // Not Linux, or run without every permission (Deno asks for all to read /proc/self): fall back.
  }
  return process.resourceUsage().maxRSS / 1024;
}

const [task, ...args] = Deno.args;
if (!(task in TASKS)) throw new Error(`expected a task, ${Object.keys(TASKS).join(" or ")}; found "${task}"`);
const code = await TASKS[task](args);
console.log(JSON.stringify({ code, peak_mib: peakResidentMib() }));
