/**
 * `deno task bench` (history part): the workbench on every season of the
 * F1DB checkout (`F1HP_F1DB`, else `../shared/f1db`; 2014-2025), measured and printed, never asserted:
 *
 * - importing all twelve seasons: target 30 s;
 * - training 2025 with the eleven seasons before it as history, the task's defaults (5,000 simulations, a worker per
 *   core): target 5 s;
 * - `backtest --seasons 2016-2025` at 2,000 simulations: target 5 min, peak memory 500 MB.
 *
 * The backtest runs in a process of its own (`bench/peak_memory.ts`), so its peak is its own. Skipped, saying why,
 * where the F1DB folder is absent.
 *
 * @module
 */

import { importF1dbSeason } from "../lib/sources/f1db/f1db.ts";
import { f1dbLocation } from "../lib/sources/f1db/location.ts";
import { findF1dbData } from "../lib/sources/f1db/reader.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { trainerConfig } from "../lib/train/options.ts";

const ROOT = new URL("..", import.meta.url);
const F1DB = await findF1dbData(f1dbLocation()).catch(() => f1dbLocation());
const YEARS = Array.from({ length: 12 }, (_, i) => 2014 + i);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

function line(what: string, figure: string, target: string) {
  console.log(`${what.padEnd(58)} ${figure.padStart(10)}   target ${target}`);
}

try {
  await Deno.stat(F1DB);
} catch {
  console.log(`bench_history: skipped, no F1DB data at ${F1DB}`);
  Deno.exit(0);
}

const dir = await Deno.makeTempDir({ prefix: "f1hp-bench-history-" });
try {
  const importing = await timed(async () => {
    for (const year of YEARS) await writeSeasonFolder(`${dir}/f1db/${year}`, await importF1dbSeason(F1DB, year));
  });
  line("import 2014-2025 (12 seasons)", `${importing.toFixed(1)} s`, "30 s");

  const training = await timed(() => runTraining(trainerConfig(`${dir}/f1db`, `${dir}/out/2025.json`)));
  line("train 2025 with 2014-2024 as history (5,000 simulations)", `${training.toFixed(1)} s`, "5 s");

  const started = performance.now();
  const run = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "bench/peak_memory.ts",
      "backtest",
      "--train-data",
      `${dir}/f1db`,
      "--seasons",
      "2016-2025",
      "--out",
      `${dir}/out/backtest.json`,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  const { code, peak_mib } = JSON.parse(new TextDecoder().decode(run.stdout).trim().split("\n").at(-1)!);
  if (code !== 0) throw new Error(`backtest exited ${code}`);
  line("backtest --seasons 2016-2025 (2,000 simulations)", `${seconds.toFixed(1)} s`, "300 s");
  line("  its peak memory", `${Math.round(peak_mib)} MiB`, "500 MB");
} finally {
  await Deno.remove(dir, { recursive: true });
}
