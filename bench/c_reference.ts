/**
 * `deno task bench` (part): the simulator's races per second as a ratio to
 * the same kernel in plain C (`bench/kernel.c`), both measured in this run on
 * this machine, per scenario, one core: against the plain loop (polar method,
 * the reference; targets 0.9x dry, 0.6x wet and safety car) and
 * against the same loop drawing its normals with our ziggurat, which shows
 * what is left once the sampler is equal. Skipped, saying why, without a C
 * compiler.
 *
 * `deno run --allow-read --allow-write --allow-run bench/c_reference.ts [SIMULATIONS]`
 *
 * @module
 */

import { simulateRace } from "../lib/sim/simulate.ts";
import { BUILT_IN_SCENARIOS } from "../lib/sim/scenarios.ts";
import { benchmarkField } from "./fixtures.ts";
import { buildKernel, runKernel } from "./c_kernel.ts";

const simulations = Number(Deno.args[0] ?? 500_000);
/** Each side runs this many times per scenario, interleaved, and keeps its best: the machine's noise is one-sided. */
const ROUNDS = 3;
const built = await buildKernel();
if ("missing" in built) {
  console.log(`C reference skipped: ${built.missing}`);
  Deno.exit(0);
}
const field = benchmarkField(20);
const race = { laps: 57, overtakingDifficulty: 0.4, teamPaceSpread: Array(10).fill(0.1) };
// Warm up on every scenario first, so the compiled simulator has seen them all, as it has in a real run.
for (const scenario of Object.values(BUILT_IN_SCENARIOS)) {
  simulateRace(field, race, { simulations: 50_000, seed: 1, scenario });
}
console.log(
  `one core, ${
    simulations.toLocaleString("en")
  } races of 20 drivers per scenario, best of ${ROUNDS} interleaved runs; ` +
    "C: cc -O2, the plain loop (polar method) and the same with our ziggurat",
);
const perSecond = (races: number) => Math.round(races).toLocaleString("en").padStart(10);
for (const [name, scenario] of Object.entries(BUILT_IN_SCENARIOS)) {
  let ours = 0, plainC = 0, sameSampler = 0;
  for (let round = 0; round < ROUNDS; round++) {
    plainC = Math.max(plainC, simulations / (await runKernel(built.binaries.polar, { scenario, simulations })).seconds);
    const ziggurat = await runKernel(built.binaries.ziggurat, { scenario, simulations });
    sameSampler = Math.max(sameSampler, simulations / ziggurat.seconds);
    const started = performance.now();
    simulateRace(field, race, { simulations, seed: 7 + round, scenario });
    ours = Math.max(ours, simulations / ((performance.now() - started) / 1000));
  }
  console.log(
    `${name.padEnd(11)} TypeScript ${perSecond(ours)} races/s; plain C ${perSecond(plainC)}: ` +
      `${(ours / plainC).toFixed(2)}x; C with the ziggurat ${perSecond(sameSampler)}: ${
        (ours / sameSampler).toFixed(2)
      }x`,
  );
}
