import assert from "node:assert/strict";
import { buildKernel, runKernel } from "../bench/c_kernel.ts";
import { benchmarkField } from "../bench/fixtures.ts";
import { BUILT_IN_SCENARIOS } from "../lib/sim/scenarios.ts";
import { simulateRace } from "../lib/sim/simulate.ts";

const built = await buildKernel();

Deno.test({
  name: "the C reference runs the simulator's race: the same win chances in every scenario, within 4 standard errors",
  ignore: "missing" in built && (console.log(`skipping the C reference check: ${built.missing}`), true),
  fn: async () => {
    assert.ok("binaries" in built);
    const simulations = 200_000;
    const field = benchmarkField(20);
    const race = { laps: 57, overtakingDifficulty: 0.4, teamPaceSpread: Array(10).fill(0.1) };
    for (const [name, scenario] of Object.entries(BUILT_IN_SCENARIOS)) {
      const ours = simulateRace(field, race, { simulations, seed: 3, scenario });
      for (const [sampler, binary] of Object.entries(built.binaries)) {
        const c = await runKernel(binary, { scenario, simulations });
        for (let i = 0; i < field.length; i++) {
          const p = ours.positions[i * field.length] / simulations, q = c.wins[i] / simulations;
          const se = Math.sqrt(Math.max((p * (1 - p) + q * (1 - q)) / simulations, 1e-10));
          assert.ok(Math.abs(p - q) < 4 * se + 1e-4, `${name}, driver ${i}: ${p} here, ${q} in C (${sampler})`);
        }
      }
    }
  },
});
