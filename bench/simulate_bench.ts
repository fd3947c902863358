import { simulateRace } from "../lib/sim/simulate.ts";
import { BUILT_IN_SCENARIOS } from "../lib/sim/scenarios.ts";
import { benchmarkField } from "./fixtures.ts";
import { Xoshiro128 } from "../lib/sim/rng.ts";

const field = benchmarkField(20);
const race = { laps: 57, overtakingDifficulty: 0.4, teamPaceSpread: Array(10).fill(0.1) };

for (const [name, scenario] of Object.entries(BUILT_IN_SCENARIOS)) {
  Deno.bench(`10,000 races of 20 drivers, ${name}`, { group: "simulateRace", baseline: name === "dry" }, () => {
    simulateRace(field, race, { simulations: 10_000, seed: 1, scenario });
  });
}

const rng = new Xoshiro128(1);
Deno.bench("1,000 normal draws", { group: "rng" }, () => {
  for (let i = 0; i < 1000; i++) rng.nextNormal();
});
Deno.bench("1,000 uniform draws", { group: "rng", baseline: true }, () => {
  for (let i = 0; i < 1000; i++) rng.nextFloat();
});
// The simulator draws a race's worth at a time. In a bare loop like these, normal draws are no faster in bulk (and
// uniform ones about 1.25x); in the race loop, between its other work, the bulk draws make a race 14-20% faster.
const draws = new Float64Array(1000);
Deno.bench("1,000 normal draws in bulk (fillNormals)", { group: "rng" }, () => {
  rng.fillNormals(draws, 1000);
});
Deno.bench("1,000 uniform draws in bulk (fillFloats)", { group: "rng" }, () => {
  rng.fillFloats(draws, 1000);
});
