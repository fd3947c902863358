/**
 * `deno task bench`: simulated races per second for a 20-driver field, per
 * scenario, on one core, plus the peak memory of a million-race run.
 *
 * @module
 */

import { simulateRace } from "../lib/sim/simulate.ts";
import { BUILT_IN_SCENARIOS } from "../lib/sim/scenarios.ts";
import { benchmarkField } from "./fixtures.ts";

const field = benchmarkField(20);
const race = { laps: 57, overtakingDifficulty: 0.4, teamPaceSpread: Array(10).fill(0.1) };
const simulations = Number(Deno.args[0] ?? 1_000_000);

simulateRace(field, race, { simulations: 50_000, seed: 1, scenario: BUILT_IN_SCENARIOS.dry }); // warm-up
for (const [name, scenario] of Object.entries(BUILT_IN_SCENARIOS)) {
  const started = performance.now();
  simulateRace(field, race, { simulations, seed: 7, scenario });
  const seconds = (performance.now() - started) / 1000;
  const races = simulations / seconds;
  console.log(
    `${name.padEnd(11)} ${simulations.toLocaleString("en")} races in ${seconds.toFixed(2)} s: ` +
      `${Math.round(races).toLocaleString("en")} races/s, ${
        (races * field.length / 1e6).toFixed(1)
      } M driver-results/s`,
  );
}
console.log(`peak resident memory: ${(Deno.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
