/**
 * `deno task bench` (trainer part): the trainer's timing and memory targets
 * on a generated 24-round season, measured and printed, never asserted:
 *
 * - a full training, 5,000 simulations x 3 scenarios per race: target 2 s;
 * - a rerun with nothing changed: target 0.3 s;
 * - one new qualifying file in the last round: target 0.5 s;
 * - 1,000,000 simulations for a race: target 300 MB peak memory, on one
 *   thread and with a worker per core.
 *
 * Times are taken inside the process (what `training_time` reports, one
 * thread) and for the whole `deno run` (start-up included), with the
 * command line's default workers (one per core, started only when a race
 * needs forecasting) and with `--workers 1`; the median of several runs.
 *
 * @module
 */

import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { type TrainerConfig, trainerConfig } from "../lib/train/options.ts";

const REPEATS = 5;
const ROOT = new URL("..", import.meta.url);
const dir = await Deno.makeTempDir({ prefix: "f1hp-bench-" });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function config(output: string): TrainerConfig {
  return trainerConfig(`${dir}/data`, output);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

async function cli(
  args: string[],
  permissions = ["--allow-read", "--allow-write", "--allow-env"],
): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), { args: ["run", ...permissions, ...args], cwd: ROOT }).output();
  const seconds = (performance.now() - started) / 1000;
  if (out.code !== 0) throw new Error(new TextDecoder().decode(out.stderr));
  return { seconds, stdout: new TextDecoder().decode(out.stdout) };
}

function line(what: string, timing: { inRun: number; process: number; oneThread: number; target: string }) {
  const { inRun, process, oneThread, target } = timing;
  const seconds = (value: number) => `${value.toFixed(3).padStart(7)} s`;
  console.log(`${what.padEnd(44)} ${seconds(inRun)} ${seconds(process)} ${seconds(oneThread)}   ${target}`);
}

try {
  // Rounds 1-23 run, round 24 up to its grid: the last round is where a new qualifying file lands.
  const { files } = generateDemoSeason(2025, { rounds: 24, seed: 2025, completed: 23 });
  await writeSeasonFolder(`${dir}/data/2025`, files);
  const last = [...files.keys()].find((path) => path.startsWith("24-"))!.split("/")[0];
  const qualifying = `${dir}/data/2025/${last}/qualifying.json`;
  const qualifyingText = await Deno.readTextFile(qualifying);
  const cliArgs = (output: string) => ["tasks/train.ts", "--train-data", `${dir}/data`, "--output", output];
  // The command line's default is a worker per core, started only when a race needs forecasting.
  const oneThreadArgs = (output: string) => [...cliArgs(output), "--workers", "1"];

  console.log(`trainer on a 24-round season, 5,000 simulations x 3 scenarios, median of ${REPEATS}`);
  console.log(
    `${"".padEnd(44)} ${"in run".padStart(9)} ${"process".padStart(9)} ${"1 thread".padStart(9)}   target`,
  );
  const full: number[] = [], fullProcess: number[] = [], fullOne: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    full.push(await timed(() => runTraining(config(`${dir}/full${i}/p.json`))));
    fullProcess.push((await cli(cliArgs(`${dir}/cli${i}/p.json`))).seconds);
    fullOne.push((await cli(oneThreadArgs(`${dir}/one${i}/p.json`))).seconds);
  }
  line("full training, 24 races", {
    inRun: median(full),
    process: median(fullProcess),
    oneThread: median(fullOne),
    target: "<= 2 s",
  });

  const rerun: number[] = [], rerunProcess: number[] = [], rerunOne: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    rerun.push(await timed(() => runTraining(config(`${dir}/full0/p.json`))));
    rerunProcess.push((await cli(cliArgs(`${dir}/cli0/p.json`))).seconds);
    rerunOne.push((await cli(oneThreadArgs(`${dir}/one0/p.json`))).seconds);
  }
  line("rerun, nothing changed", {
    inRun: median(rerun),
    process: median(rerunProcess),
    oneThread: median(rerunOne),
    target: "<= 0.3 s",
  });

  const added: number[] = [], addedProcess: number[] = [], addedOne: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    await Deno.remove(qualifying);
    await runTraining(config(`${dir}/full0/p.json`));
    await cli(cliArgs(`${dir}/cli0/p.json`));
    await cli(oneThreadArgs(`${dir}/one0/p.json`));
    await Deno.writeTextFile(qualifying, qualifyingText);
    added.push(await timed(() => runTraining(config(`${dir}/full0/p.json`))));
    addedProcess.push((await cli(cliArgs(`${dir}/cli0/p.json`))).seconds);
    addedOne.push((await cli(oneThreadArgs(`${dir}/one0/p.json`))).seconds);
  }
  line("new qualifying file in the last round", {
    inRun: median(added),
    process: median(addedProcess),
    oneThread: median(addedOne),
    target: "<= 0.5 s",
  });

  // A million simulations for one race, in a process of its own so its peak memory is the run's alone. The peak is
  // Linux's VmHWM, which Deno reads only with every permission: getrusage's maximum, the fallback, would report this
  // benchmark's own peak, carried into the child through fork and exec.
  await writeSeasonFolder(`${dir}/one/2025`, generateDemoSeason(2025, { rounds: 1, seed: 2025, completed: 0 }).files);
  const million = (output: string, workers: number) =>
    cli([
      "bench/peak_memory.ts",
      "train",
      "--train-data",
      `${dir}/one`,
      "--output",
      output,
      "--num-simulations",
      "1000000",
      "--workers",
      String(workers),
    ], ["--allow-all"]);
  const memory = await million(`${dir}/million/p.json`, 1);
  const { peak_mib } = JSON.parse(memory.stdout.trim().split("\n").at(-1)!);
  console.log(
    `1,000,000 simulations x 3 scenarios, one race: ${memory.seconds.toFixed(1)} s, ` +
      `peak resident memory ${peak_mib.toFixed(0)} MiB (target <= 300 MB)`,
  );
  // The same with a worker per core: each worker's heap counts in the process's resident memory.
  const cores = navigator.hardwareConcurrency;
  const onWorkers = await million(`${dir}/million-workers/p.json`, cores);
  const workersPeak = JSON.parse(onWorkers.stdout.trim().split("\n").at(-1)!).peak_mib;
  console.log(
    `the same on ${cores} workers: ${onWorkers.seconds.toFixed(1)} s, ` +
      `peak resident memory ${workersPeak.toFixed(0)} MiB (target <= 300 MB)`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
