/**
 * The whole walk-forward fit, timed: every fit in `BAYES_FITS` that forecasts
 * a season from 2016 to 2025 (`bayesFitFor`), made again by
 * `deno task fit-bayes --seasons <its seasons>` as a user runs it, one after
 * another with the task's default workers (one per core). Prints each fit's
 * time and whether it reproduced the shipped entry, then the total against
 * issue 32's target of 15 minutes on 2 cores. Measured and printed, never
 * asserted; too long for `deno task bench` (about a quarter of an hour).
 *
 * Usage: `deno run --allow-read --allow-run bench/bench_fit.ts DIR [FIRST-LAST] [FIT-BAYES OPTIONS]`, DIR F1DB's
 * 2014-2025 imported (`deno task import-f1db --seasons 2014-2025 --out DIR`), FIRST-LAST the forecast seasons
 * (default 2016-2025), and options passed on to every fit (`--min-sweep-gain 0.001`, say, to time a shorter search).
 *
 * @module
 */

import { bayesFitFor } from "../lib/model/bayes_parameters.ts";

const TARGET_MINUTES = 15;
const ROOT = new URL("..", import.meta.url).pathname;

const [dir, ...rest] = Deno.args;
const span = rest[0]?.startsWith("--") === false ? rest.shift()! : "2016-2025";
if (dir === undefined) throw new Error("expected F1DB's 2014-2025 import: bench/bench_fit.ts DIR [FIRST-LAST]");
const [first, last] = span.split("-").map(Number);
const windows = new Map<string, number[]>();
for (let season = first; season <= last; season++) {
  const fit = bayesFitFor(season);
  const seasons = fit.seasons.join(",");
  windows.set(seasons, [...windows.get(seasons) ?? [], season]);
}

console.log(`the walk-forward fit for ${first}-${last}: ${windows.size} fits, ${navigator.hardwareConcurrency} cores`);
let total = 0;
for (const [seasons, forecasts] of windows) {
  const started = performance.now();
  const run = await new Deno.Command(Deno.execPath(), {
    args: ["task", "fit-bayes", "--train-data", dir, "--seasons", seasons, ...rest],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  total += seconds;
  const lines = new TextDecoder().decode(run.stdout).trim().split("\n");
  const said = lines.at(-1) ?? "";
  // The objective where the search ended: the last kept step's (or the start's) line.
  const objective = lines.findLast((line) => /: \d+\.\d{4}$/.test(line))?.split(": ").at(-1) ?? "?";
  console.log(
    `  fit on ${seasons.padEnd(19)} (forecasts ${forecasts.join(", ")})`.padEnd(56) +
      `${seconds.toFixed(0).padStart(5)} s  objective ${objective}  ${
        run.code === 0 ? said : `exit ${run.code}: ${said}`
      }`,
  );
}
const minutes = total / 60;
console.log(
  `whole walk-forward fit: ${minutes.toFixed(1)} min (target ${TARGET_MINUTES} min: ${
    (minutes / TARGET_MINUTES).toFixed(2)
  }x)`,
);
