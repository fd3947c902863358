import assert from "node:assert/strict";
import { fitStacker, stackTilt } from "../lib/evaluate/stacker.ts";
import { backtestStacked } from "../lib/evaluate/stacked_backtest.ts";
import { forecastRace } from "../lib/forecast/race_forecast.ts";
import { NO_WEIGHTS } from "../lib/forecast/weights.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { loadDataSet } from "../lib/data/load.ts";
import { formModel } from "../lib/model/form.ts";
import { ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { PLACE_FLOOR } from "../lib/sim/outcomes.ts";
import { Xoshiro128 } from "../lib/sim/rng.ts";
import { withTempDir } from "./helpers.ts";

const settings = {
  simulations: 20_000,
  seed: 5,
  scenarios: ScenarioRegistry.withBuiltIns().named(["dry", "safety_car"]),
  weights: NO_WEIGHTS,
};

function weekend() {
  const round = {
    round: 1,
    slug: "x",
    name: "X Grand Prix",
    date: "2025-03-16",
    circuit: { id: "x", name: "X", type: "race" as const },
    sprint: false,
    laps: 50,
    sprint_laps: null,
    schedule: ["qualifying" as const, "grid" as const, "race" as const],
  };
  const drivers = ["AAA", "BBB", "CCC", "DDD", "EEE"];
  const entrants = drivers.map((driver, i) => ({
    driver,
    name: driver,
    number: i + 1,
    team: `t${i}`,
    team_name: `T${i}`,
    rounds: [1],
    practice_rounds: [],
  }));
  const strengths = drivers.map((driver, i) => ({
    driver,
    team: `t${i}`,
    gap: 0.2 * i,
    teamUncertainty: 0.1,
    driverUncertainty: 0.1,
    mechanicalDnf: 0.04,
    incidentDnf: 0.03,
  }));
  return { year: 2025, round, entrants, sessions: {}, strengths, drivers };
}

Deno.test("the stacked forecast is the simulated races reweighted: one distribution, win odds as asked, floored", () => {
  const w = weekend();
  const plain = forecastRace(w, w.strengths, settings).predictions;
  const tilt = stackTilt("before_weekend", { drivers: w.drivers, sessions: {}, coefficients: [1] });
  const same = forecastRace(w, w.strengths, { ...settings, tilt }).predictions;
  for (const row of same) {
    const before = plain.find((p) => p.driver === row.driver)!;
    // The identity tilt changes nothing but the floor's share.
    assert.ok(Math.abs(row.win_probability - before.win_probability) < 5 * PLACE_FLOOR, row.driver);
  }
  const boost = (win: readonly number[]) => Float64Array.from(win, (_, i) => i === 4 ? Math.log(3) : 0);
  const stacked = forecastRace(w, w.strengths, { ...settings, tilt: boost }).predictions;
  for (const row of stacked) {
    const total = row.position_probabilities.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-5, `${row.driver}: places sum to ${total}`);
    assert.ok(row.position_probabilities.every((p) => p >= PLACE_FLOOR - 1e-7), `${row.driver}: the floor`);
  }
  for (let k = 0; k < w.drivers.length; k++) {
    const column = stacked.reduce((sum, row) => sum + row.position_probabilities[k], 0);
    assert.ok(Math.abs(column - 1) < 1e-5, `place ${k + 1} sums to ${column}`);
  }
  // EEE's races weigh three times as much: its odds of winning against the rest triple (up to the floor).
  const odds = (rows: typeof plain) => {
    const p = rows.find((r) => r.driver === "EEE")!.win_probability;
    return p / (1 - p);
  };
  const ratio = odds(stacked) / odds(plain);
  assert.ok(Math.abs(ratio - 3) < 0.3, `odds ratio ${ratio}`);
  // Races are reweighted whole: EEE's expected position improves with its win chance.
  const place = (rows: typeof plain) => rows.find((r) => r.driver === "EEE")!.expected_position;
  assert.ok(place(stacked) < place(plain));
});

Deno.test("the stacker is the identity without history and recovers a planted coefficient with it", () => {
  assert.deepEqual(fitStacker("after_qualifying", [], { forgetting: 1, ridge: 1 }), [1, 0, 0, 0]);
  const rng = new Xoshiro128(9);
  const sets = Array.from({ length: 3000 }, () => {
    const features = Array.from(
      { length: 6 },
      (_, i) => [Math.log((i + 1) / 21), Math.log(i + 1), i === 0 ? 1 : 0, i / 2],
    );
    const weights = features.map(([lnp, , pole]) => Math.exp(lnp + pole));
    let u = rng.nextFloat() * weights.reduce((a, b) => a + b, 0);
    const chosen = weights.findIndex((w) => (u -= w) < 0);
    return { features, chosen: chosen < 0 ? 5 : chosen };
  });
  const [lnp, , pole] = fitStacker("after_qualifying", sets, { forgetting: 1, ridge: 1e-6 });
  assert.ok(Math.abs(pole - 1) < 0.25, `pole ${pole}`);
  assert.ok(Math.abs(lnp - 1) < 0.25, `ln p ${lnp}`);
});

Deno.test("no leakage: a race's result changes neither its own stacked forecast nor any earlier one", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(`${dir}/2024`, generateDemoSeason(2024, { rounds: 5, seed: 31 }).files);
    await writeSeasonFolder(`${dir}/2025`, generateDemoSeason(2025, { rounds: 6, seed: 32 }).files);
    const quick = { ...settings, simulations: 300, scenarios: ScenarioRegistry.withBuiltIns().named(["dry"]) };
    const stacker = { forgetting: 0.8, ridge: 1 };
    const before = backtestStacked(await loadDataSet(dir), formModel, { settings: quick, year: 2025, stacker });
    // Round 4's race is won by whoever was last: every learned parameter after it sees a different world.
    const racePath = `${dir}/2025/04-lakeside/race.json`;
    const race: Array<{ position: unknown }> = JSON.parse(await Deno.readTextFile(racePath));
    const classified = race.filter((r) => typeof r.position === "number").reverse().map((r, k) => ({
      ...r,
      position: k + 1,
    }));
    await Deno.writeTextFile(
      racePath,
      JSON.stringify([...classified, ...race.filter((r) => typeof r.position !== "number")]),
    );
    const after = backtestStacked(await loadDataSet(dir), formModel, { settings: quick, year: 2025, stacker });
    for (let round = 1; round <= 4; round++) {
      const a = before.find((r) => r.round === round)!, b = after.find((r) => r.round === round)!;
      assert.deepEqual(b.coefficients, a.coefficients, `round ${round}: coefficients`);
      assert.deepEqual(b.forecasts, a.forecasts, `round ${round}: forecasts`);
    }
    const fifth = (races: typeof before) => races.find((r) => r.round === 5)!.coefficients.after_qualifying;
    assert.notDeepEqual(fifth(after), fifth(before), "round 5 learns from round 4");
  });
});

Deno.test("every forecast floors every place: a hopeless driver keeps PLACE_FLOOR of winning, the rest pay for it", () => {
  const w = weekend();
  const hopeless = w.strengths.map((s) => s.driver === "EEE" ? { ...s, gap: 8, teamUncertainty: 0.01 } : s);
  const { predictions } = forecastRace(w, hopeless, { ...settings, scenarios: settings.scenarios.slice(0, 1) });
  const eee = predictions.find((p) => p.driver === "EEE")!;
  // 20,000 races with EEE 8 % of a lap behind: it never wins one, so its chance is the floor, not the smoothing's 1e-5.
  assert.ok(
    eee.win_probability >= PLACE_FLOOR - 1e-7 && eee.win_probability < 2 * PLACE_FLOOR,
    `${eee.win_probability}`,
  );
  assert.ok(Math.abs(predictions.reduce((sum, p) => sum + p.win_probability, 0) - 1) < 1e-5);
});
