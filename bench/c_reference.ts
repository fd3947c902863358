/**
 * `deno task bench` (part): the simulator's races per second as a ratio to
 * the same kernel in plain C (`bench/kernel.c`), both measured in this run on
 * this machine, per scenario, one core. Skipped, saying why, without a C
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

const simulations = Number(Deno.args[0] ?? 1_000_000);
const built = await buildKernel();
if ("missing" in built) {
  console.log(`C reference skipped: ${built.missing}`);
  Deno.exit(0);
}
const field = benchmarkField(20);
const race = { laps: 57, overtakingDifficulty: 0.4, teamPaceSpread: Array(10).fill(0.1) };
simulateRace(field, race, { simulations: 50_000, seed: 1, scenario: BUILT_IN_SCENARIOS.dry }); // warm-up
console.log(`one core, ${simulations.toLocaleString("en")} races of 20 drivers per scenario; C: cc -O2`);
for (const [name, scenario] of Object.entries(BUILT_IN_SCENARIOS)) {
  const c = await runKernel(built.binary, { scenario, simulations });
  const started = performance.now();
  simulateRace(field, race, { simulations, seed: 7, scenario });
  const seconds = (performance.now() - started) / 1000;
  const ours = simulations / seconds, theirs = simulations / c.seconds;
  console.log(
    `${name.padEnd(11)} TypeScript ${Math.round(ours).toLocaleString("en").padStart(10)} races/s, C ${
      Math.round(theirs).toLocaleString("en").padStart(10)
    } races/s: ${(ours / theirs).toFixed(2)}x C`,
  );
}
