import assert from "node:assert/strict";
import { errorFunction } from "simple-statistics";
import { deriveSeed, Xoshiro128 } from "../lib/sim/rng.ts";
import { BUILT_IN_SCENARIOS, type Scenario, ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { type DriverPace, simulateRace } from "../lib/sim/simulate.ts";
import { driverOutcomes, mixProbabilities, tallyProbabilities } from "../lib/sim/outcomes.ts";
import { RACE_POINTS } from "../lib/sim/points.ts";
import { benchmarkField } from "../bench/fixtures.ts";

const { dry, wet, safety_car: safetyCar } = BUILT_IN_SCENARIOS;
const phi = (z: number) => 0.5 * (1 + errorFunction(z / Math.SQRT2));
/** Standard error of a proportion estimated from `n` draws. */
const standardError = (p: number, n: number) => Math.sqrt(p * (1 - p) / n);

function driver(overrides: Partial<DriverPace> = {}): DriverPace {
  return { pace: 0, paceSpread: 0.3, grid: 1, mechanicalDnf: 0, incidentDnf: 0, wetSkill: 0, team: 0, ...overrides };
}

function run(
  field: DriverPace[],
  scenario: Scenario,
  race: { simulations: number; difficulty?: number; seed?: number },
) {
  const { simulations, difficulty: overtakingDifficulty = 0, seed = 11 } = race;
  return simulateRace(field, { laps: 50, overtakingDifficulty }, { simulations, seed, scenario });
}

Deno.test("xoshiro128** matches the reference C implementation", () => {
  // Produced by tests/fixtures/xoshiro128starstar.c (the authors' code) from the state {1, 2, 3, 4}.
  const expected = [
    11520,
    0,
    5927040,
    70819200,
    2031721883,
    1637235492,
    1287239034,
    3734860849,
    3729100597,
    4258142804,
  ];
  const rng = Xoshiro128.fromState([1, 2, 3, 4]);
  assert.deepEqual(expected.map(() => rng.nextUint32()), expected);
});

Deno.test("normal draws have mean 0 and variance 1", () => {
  const rng = new Xoshiro128(5);
  const n = 400_000;
  let sum = 0, squares = 0;
  for (let i = 0; i < n; i++) {
    const z = rng.nextNormal();
    sum += z;
    squares += z * z;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean) < 4 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(squares / n - 1) < 4 * Math.sqrt(2 / n), `variance ${squares / n}`);
});

Deno.test("normal draws follow Phi within 4 standard errors at every cut, through the ziggurat's wedges and tail", () => {
  // 3.4426 is the ziggurat's base edge r: beyond it every draw comes from the tail method.
  const cuts = [-5, -4, -3.4426, -3, -2.2, -1.5, -1, -0.6, -0.3, -0.1, 0, 0.1, 0.3, 0.6, 1, 1.5, 2.2, 3, 3.4426, 4, 5];
  const rng = new Xoshiro128(8);
  const n = 4_000_000;
  const below = new Float64Array(cuts.length);
  for (let i = 0; i < n; i++) {
    const z = rng.nextNormal();
    for (let c = 0; c < cuts.length; c++) if (z < cuts[c]) below[c]++;
  }
  cuts.forEach((cut, c) => {
    const expected = phi(cut), seen = below[c] / n;
    const error = Math.max(standardError(expected, n), 1 / n);
    assert.ok(Math.abs(seen - expected) < 4 * error, `P(z < ${cut}) = ${seen}, expected ${expected}`);
  });
});

Deno.test("normal draws beyond the ziggurat's base edge have the normal tail, not an exponential one", () => {
  const r = 3.442619855899, rng = new Xoshiro128(9);
  let tail = 0, beyondFour = 0;
  while (tail < 20_000) {
    const z = Math.abs(rng.nextNormal());
    if (z > r) {
      tail++;
      if (z > 4) beyondFour++;
    }
  }
  const expected = (1 - phi(4)) / (1 - phi(r));
  const seen = beyondFour / tail;
  assert.ok(Math.abs(seen - expected) < 4 * standardError(expected, tail), `P(|z| > 4 | |z| > r) = ${seen}`);
});

Deno.test("seeds: the same seed repeats bit for bit, streams differ by label", () => {
  const field = benchmarkField(20);
  const a = run(field, safetyCar, { simulations: 2000, difficulty: 0.4, seed: 99 });
  const b = run(field, safetyCar, { simulations: 2000, difficulty: 0.4, seed: 99 });
  const c = run(field, safetyCar, { simulations: 2000, difficulty: 0.4, seed: 100 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.positions, c.positions);
  assert.notEqual(deriveSeed(1, "2025", 3, "dry"), deriveSeed(1, "2025", 3, "wet"));
});

Deno.test("an all-equal field gives equal win probabilities within 4 standard errors", () => {
  const n = 20, simulations = 200_000;
  const tally = run(Array.from({ length: n }, () => driver({ mechanicalDnf: 0.05 })), dry, { simulations });
  for (let i = 0; i < n; i++) {
    const win = tally.positions[i * n] / simulations;
    assert.ok(Math.abs(win - 1 / n) < 4 * standardError(1 / n, simulations), `driver ${i}: ${win}`);
  }
});

Deno.test("two drivers: P(A ahead) = Phi(delta / sqrt(sA^2 + sB^2)) within 4 standard errors", () => {
  const simulations = 200_000;
  for (const [paceB, spreadA, spreadB] of [[0.1, 0.2, 0.3], [0.05, 0.1, 0.1], [-0.2, 0.4, 0.15]]) {
    const tally = run([driver({ paceSpread: spreadA }), driver({ pace: paceB, paceSpread: spreadB, grid: 2 })], dry, {
      simulations,
    });
    const expected = phi(paceB / Math.hypot(spreadA, spreadB));
    const observed = tally.positions[0] / simulations;
    assert.ok(Math.abs(observed - expected) < 4 * standardError(expected, simulations), `${observed} vs ${expected}`);
  }
});

Deno.test("a shared team draw moves team-mates together", () => {
  const simulations = 200_000;
  const field = [driver({ team: 0 }), driver({ pace: 0.1, team: 1, grid: 2 })];
  const tally = simulateRace(field, { laps: 50, overtakingDifficulty: 0, teamPaceSpread: [0.2, 0.1] }, {
    simulations,
    seed: 3,
    scenario: dry,
  });
  const expected = phi(0.1 / Math.sqrt(0.3 ** 2 * 2 + 0.2 ** 2 + 0.1 ** 2));
  assert.ok(Math.abs(tally.positions[0] / simulations - expected) < 4 * standardError(expected, simulations));
});

Deno.test("the simulated DNF rate matches the input rates, scaled by the scenario", () => {
  const simulations = 200_000;
  const field = [driver({ mechanicalDnf: 0.1, incidentDnf: 0.05 }), driver({ mechanicalDnf: 0.02, grid: 2 })];
  for (const scenario of [dry, wet]) {
    const tally = run(field, scenario, { simulations });
    const expected = [
      1 - (1 - 0.1 * scenario.mechanicalScale) * (1 - 0.05 * scenario.incidentScale),
      1 - (1 - 0.02 * scenario.mechanicalScale),
    ];
    expected.forEach((p, i) => {
      const observed = tally.dnfs[i] / simulations;
      assert.ok(Math.abs(observed - p) < 4 * standardError(p, simulations), `driver ${i}: ${observed} vs ${p}`);
    });
  }
});

Deno.test("probabilities sum to 1 by driver and by position, never 0 or 1, and expected points follow the table", () => {
  const field = benchmarkField(20);
  field[0] = { ...field[0], pace: -3, mechanicalDnf: 0, incidentDnf: 0 }; // wins every simulated race
  const simulations = 20_000;
  const tally = run(field, dry, { simulations, difficulty: 0.4 });
  const probabilities = tallyProbabilities(tally);
  const outcomes = driverOutcomes(probabilities, RACE_POINTS);
  const n = field.length;
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;
  assert.ok(near(outcomes.reduce((s, o) => s + o.win, 0), 1));
  for (let k = 0; k < n; k++) assert.ok(near(outcomes.reduce((s, o) => s + o.positions[k], 0), 1), `position ${k + 1}`);
  outcomes.forEach((o, i) => {
    assert.ok(near(o.positions.reduce((s, p) => s + p, 0), 1), `driver ${i}`);
    for (const p of [o.win, o.podium, o.points, o.dnf, ...o.positions]) assert.ok(p > 0 && p < 1);
    // Expected points from the raw counts agree with the smoothed figure up to the one pseudo-race.
    let raw = 0;
    for (let k = 0; k < n; k++) raw += tally.positions[i * n + k] * (RACE_POINTS[k] ?? 0) / simulations;
    assert.ok(Math.abs(o.expectedPoints - raw) < 25 / simulations + 1e-9, `driver ${i}: ${o.expectedPoints} vs ${raw}`);
  });
  assert.equal(tally.positions[0], simulations);
  assert.ok(outcomes[0].win > 0.999 && outcomes[0].win < 1, "certain in the sample, not in the forecast");
});

Deno.test("a mixture of scenarios stays a distribution", () => {
  const field = benchmarkField(10);
  const parts = [dry, wet].map((scenario) => ({
    probabilities: tallyProbabilities(run(field, scenario, { simulations: 5000, difficulty: 0.3 })),
    weight: scenario.weight,
  }));
  const mixed = mixProbabilities(parts);
  const dryWin = parts[0].probabilities.positions[0], wetWin = parts[1].probabilities.positions[0];
  const w = dry.weight / (dry.weight + wet.weight);
  assert.ok(Math.abs(mixed.positions[0] - (w * dryWin + (1 - w) * wetWin)) < 1e-12);
  const total = driverOutcomes(mixed, RACE_POINTS).reduce((s, o) => s + o.win, 0);
  assert.ok(Math.abs(total - 1) < 1e-9);
});

function positionSpread(probabilities: ReturnType<typeof tallyProbabilities>): number {
  return driverOutcomes(probabilities, RACE_POINTS).reduce((sum, o) => {
    const variance = o.positions.reduce((v, p, k) => v + p * (k + 1 - o.expectedPosition) ** 2, 0);
    return sum + Math.sqrt(variance);
  }, 0) / probabilities.size;
}

Deno.test("scenario directions: wet widens, a safety car hurts the favourite, a hard track helps pole", () => {
  const field = benchmarkField(20);
  const simulations = 60_000;
  const dryRace = tallyProbabilities(run(field, dry, { simulations, difficulty: 0.4 }));
  const wetRace = tallyProbabilities(run(field, wet, { simulations, difficulty: 0.4 }));
  assert.ok(positionSpread(wetRace) > positionSpread(dryRace) + 0.3, "wet widens the position distributions");
  const safetyCarRace = tallyProbabilities(run(field, safetyCar, { simulations, difficulty: 0.4 }));
  const favouriteDry = dryRace.positions[0], favouriteSafetyCar = safetyCarRace.positions[0];
  assert.ok(
    favouriteDry - favouriteSafetyCar > 6 * standardError(favouriteDry, simulations),
    `safety car lowers the favourite's win chance: ${favouriteDry} -> ${favouriteSafetyCar}`,
  );
  const equal = Array.from({ length: 20 }, (_, i) => driver({ grid: i + 1 }));
  const easy = run(equal, dry, { simulations, difficulty: 0.2 }).positions[0] / simulations;
  const hard = run(equal, dry, { simulations, difficulty: 0.9 }).positions[0] / simulations;
  assert.ok(hard - easy > 6 * standardError(hard, simulations), `P(win | pole): ${easy} at 0.2, ${hard} at 0.9`);
});

Deno.test("a million simulations accumulate in fixed memory", () => {
  const field = benchmarkField(20);
  const tally = run(field, dry, { simulations: 1_000_000, difficulty: 0.4 });
  assert.equal(tally.positions.length, 400);
  assert.equal(tally.positions.reduce((s, c) => s + c, 0), 20_000_000);
  assert.equal(tally.simulations, 1_000_000);
});

Deno.test("scenarios: built-ins, user files, and unknown names listing the known ones", () => {
  const registry = ScenarioRegistry.withBuiltIns();
  assert.deepEqual(registry.names(), ["dry", "wet", "safety_car"]);
  assert.throws(() => registry.get("snow"), /unknown scenario "snow"; known scenarios: dry, wet, safety_car/);
  registry.addFromJson({ hot: { extends: "dry", mechanicalScale: 2, description: "Heat." } }, "mine.json");
  assert.equal(registry.get("hot").mechanicalScale, 2);
  assert.equal(registry.get("hot").paceSpreadScale, dry.paceSpreadScale);
  assert.throws(
    () => registry.addFromJson({ x: { mechanicalScale: -1 } }, "mine.json"),
    /mine\.json: x\.mechanicalScale: expected a number 0-20; found -1/,
  );
  assert.throws(() => registry.addFromJson({ x: { rain: 1 } }, "mine.json"), /x\.rain: expected a scenario field/);
  assert.throws(
    () => registry.addFromJson({ x: { extends: "snow" } }, "mine.json"),
    /mine\.json: x\.extends: expected a known scenario \(dry, .*found "snow"/,
  );
});

Deno.test("bad simulator inputs are named", () => {
  assert.throws(
    () => run([driver({ paceSpread: NaN })], dry, { simulations: 10 }),
    /field\[0\]\.paceSpread: expected a finite number >= 0; found NaN/,
  );
  assert.throws(() => run([driver()], dry, { simulations: 0 }), /simulations: expected a whole number >= 1/);
});

Deno.test("an unknown grid is drawn from a simulated qualifying each race", () => {
  const simulations = 50_000;
  // Same pace, grid as given: the given pole sitter wins far more often on a hard track.
  const field = [driver({ grid: 1 }), driver({ grid: 2 }), driver({ grid: 3 })];
  const known = simulateRace(field, { laps: 50, overtakingDifficulty: 0.9 }, { simulations, seed: 2, scenario: dry });
  const unknown = simulateRace(field, { laps: 50, overtakingDifficulty: 0.9, qualifyingSpread: 0.2 }, {
    simulations,
    seed: 2,
    scenario: dry,
  });
  assert.ok(known.positions[0] / simulations > 0.6);
  for (let i = 0; i < 3; i++) {
    const win = unknown.positions[i * 3] / simulations;
    assert.ok(Math.abs(win - 1 / 3) < 4 * standardError(1 / 3, simulations), `driver ${i}: ${win}`);
  }
});
