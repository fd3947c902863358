/**
 * Runs the CLI with the given arguments, then prints the process's peak
 * resident memory (getrusage's maximum resident set size). Used by
 * bench/bench_trainer.ts for the million-simulation memory figure.
 *
 * @module
 */

import process from "node:process";
import { main } from "../main.ts";

const code = await main(Deno.args);
console.log(JSON.stringify({ code, peak_mib: process.resourceUsage().maxRSS / 1024 }));
