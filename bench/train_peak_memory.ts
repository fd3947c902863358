/**
 * Runs the CLI with the given arguments, then prints the process's peak
 * resident memory (Linux's VmHWM, every thread's; getrusage's maximum elsewhere). Used by
 * bench/bench_trainer.ts for the million-simulation memory figure.
 *
 * @module
 */

import process from "node:process";
import { main } from "../tasks/train.ts";

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

const code = await main(Deno.args);
console.log(JSON.stringify({ code, peak_mib: peakResidentMib() }));
