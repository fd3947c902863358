import assert from "node:assert/strict";
import { simulateQualifying } from "../lib/sim/qualifying.ts";
import { simulateRace } from "../lib/sim/simulate.ts";
import { BUILT_IN_SCENARIOS } from "../lib/sim/scenarios.ts";
import { qualifyingForecast, teamMatePairs } from "../lib/forecast/head_to_head.ts";

/** Standard normal CDF (Abramowitz and Stegun 7.1.26 through erf). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const driver = { paceSpread: 0.2, grid: 1, mechanicalDnf: 0, incidentDnf: 0, wetSkill: 0, team: 0 };

Deno.test("simulated qualifying: a pair's chance of out-qualifying matches Phi(gap / sd) within 4 standard errors", () => {
  const simulations = 40_000;
  for (const gap of [0, 0.1, 0.25]) {
    const tally = simulateQualifying([{ ...driver, pace: 0 }, { ...driver, pace: gap, team: 1 }], {
      simulations,
      seed: 7,
      qualifyingSpread: 0.15,
      topN: 1,
      teamPaceSpread: [0.1, 0.1],
      pairs: Int32Array.of(0, 1),
    });
    // Each lap: team draw 0.1, day 0.2, qualifying 0.15; the two share no draw (different teams).
    const expected = phi(gap / Math.sqrt(2 * (0.1 ** 2 + 0.2 ** 2 + 0.15 ** 2)));
    const se = Math.sqrt(expected * (1 - expected) / simulations);
    assert.ok(
      Math.abs(tally.ahead[0] / simulations - expected) < 4 * se,
      `gap ${gap}: ${tally.ahead[0] / simulations} vs ${expected}`,
    );
    assert.equal(tally.pole[0], tally.ahead[0]);
  }
});

Deno.test("team-mates share the car's draw: their head-to-head depends on the driver spread alone", () => {
  const simulations = 40_000;
  const tally = simulateQualifying([{ ...driver, pace: 0 }, { ...driver, pace: 0.1 }], {
    simulations,
    seed: 3,
    qualifyingSpread: 0.15,
    topN: 1,
    teamPaceSpread: [0.5],
    pairs: Int32Array.of(0, 1),
  });
  const expected = phi(0.1 / Math.sqrt(2 * (0.2 ** 2 + 0.15 ** 2)));
  const se = Math.sqrt(expected * (1 - expected) / simulations);
  assert.ok(Math.abs(tally.ahead[0] / simulations - expected) < 4 * se);
});

Deno.test("a qualifying forecast is a distribution: poles sum to 1, Q3 places to 10, grid slots to n(n+1)/2", () => {
  const field = Array.from({ length: 20 }, (_, i) => ({ ...driver, pace: i * 0.05, team: Math.floor(i / 2) }));
  const lines = qualifyingForecast({ field, race: { teamPaceSpread: Array(10).fill(0.1) } }, {
    drivers: field.map((_, i) => `D${String.fromCharCode(65 + i)}X`),
    simulations: 5000,
    seed: 1,
    qualifyingSpread: 0.15,
  });
  const sum = (key: "pole_probability" | "q3_probability" | "expected_grid") => lines.reduce((s, l) => s + l[key], 0);
  assert.ok(Math.abs(sum("pole_probability") - 1) < 0.002);
  assert.ok(Math.abs(sum("q3_probability") - 10) < 0.01);
  assert.ok(Math.abs(sum("expected_grid") - 210) < 0.01);
  assert.equal(lines[0].driver, "DAX", "the fastest is the likeliest pole");
});

Deno.test("the race head-to-head counts the classified order: a retirement is behind, unless both retire", () => {
  const simulations = 20_000;
  const field = [
    { ...driver, pace: 0, mechanicalDnf: 0.5 }, // fast, but retires half the time
    { ...driver, pace: 5, grid: 2 },
  ];
  const tally = simulateRace(field, { laps: 50, overtakingDifficulty: 0.3 }, {
    simulations,
    seed: 5,
    scenario: BUILT_IN_SCENARIOS.dry,
    pairs: Int32Array.of(0, 1),
  });
  const se = Math.sqrt(0.25 / simulations);
  assert.ok(Math.abs(tally.ahead![0] / simulations - 0.5) < 4 * se);
  const pairs = teamMatePairs([{ driver: "BBB", team: "t" }, { driver: "AAA", team: "t" }, {
    driver: "CCC",
    team: "u",
  }]);
  assert.deepEqual(pairs.pairs, [{ team: "t", drivers: ["AAA", "BBB"] }]);
});
