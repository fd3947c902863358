import assert from "node:assert/strict";
import { fitStacker, PLACE_FLOOR, stackedForecast } from "../lib/forecast/stacker.ts";
import { backtestStacked } from "../lib/forecast/stacked_backtest.ts";
import { generateDemoSeason } from "../lib/train/demo_season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { loadDataSet } from "../lib/data/load.ts";
import { formModel } from "../lib/model/form.ts";
import { ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { NO_WEIGHTS } from "../lib/forecast/weights.ts";
import { Xoshiro128 } from "../lib/sim/rng.ts";
import { withTempDir } from "./helpers.ts";

function baseRow(driver: string, dnf: number) {
  return {
    driver,
    driver_name: driver,
    team: "t",
    win_probability: 0.25,
    podium_probability: 0.75,
    points_probability: 1,
    dnf_probability: dnf,
    expected_position: 2.5,
    expected_points: 15,
    position_probabilities: [0.25, 0.25, 0.25, 0.25],
  };
}

Deno.test("the stacked forecast is one distribution: rows and columns sum to 1, the floor holds, DNF as given", () => {
  const base = [baseRow("A", 0.1), baseRow("B", 0.2), baseRow("C", 0.05), baseRow("D", 0.3)];
  const utilities = new Map([["A", 2], ["B", 1], ["C", 0], ["D", -6]]);
  const samples = 40_000;
  const forecast = stackedForecast(base, { utilities, samples, seed: 3 });
  for (const row of forecast) {
    const total = row.position_probabilities.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-5, `${row.driver}: positions sum to ${total}`);
    assert.ok(row.position_probabilities.every((p) => p >= PLACE_FLOOR - 1e-6), `${row.driver}: floor`);
    const given = base.find((b) => b.driver === row.driver)!.dnf_probability;
    // The uniform share of the mixture never retires; the rest retires at the given rate, within 4 standard errors.
    const expected = (1 - base.length * PLACE_FLOOR) * given;
    const se = Math.sqrt(given * (1 - given) / samples);
    assert.ok(Math.abs(row.dnf_probability - expected) < 4 * se + 1e-6, `${row.driver}: DNF ${row.dnf_probability}`);
  }
  for (let k = 0; k < base.length; k++) {
    const column = forecast.reduce((sum, row) => sum + row.position_probabilities[k], 0);
    assert.ok(Math.abs(column - 1) < 1e-5, `place ${k + 1} sums to ${column}`);
  }
  // With nobody retiring, the winner follows the softmax of the utilities exactly, within sampling error.
  const sure = stackedForecast(base.map((row) => ({ ...row, dnf_probability: 0 })), { utilities, samples, seed: 4 });
  const z = [...utilities.values()].reduce((sum, u) => sum + Math.exp(u), 0);
  for (const row of sure) {
    const p = (1 - base.length * PLACE_FLOOR) * Math.exp(utilities.get(row.driver)!) / z + PLACE_FLOOR;
    assert.ok(Math.abs(row.win_probability - p) < 4 * Math.sqrt(p * (1 - p) / samples) + 1e-6, `${row.driver}`);
  }
});

Deno.test("the stacker is the identity without history and recovers a planted coefficient with it", () => {
  assert.deepEqual(fitStacker("after_qualifying", [], { forgetting: 1, ridge: 1 }), [1, 0, 0, 0]);
  // Winners drawn with the hybrid's ln p at weight 1 and pole worth +1: the fit finds both, within sampling error.
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
    await writeSeasonFolder(`${dir}/a/2024`, generateDemoSeason(2024, { rounds: 5, seed: 31 }).files);
    await writeSeasonFolder(`${dir}/a/2025`, generateDemoSeason(2025, { rounds: 6, seed: 32 }).files);
    const settings = {
      simulations: 300,
      seed: 5,
      scenarios: ScenarioRegistry.withBuiltIns().named(["dry"]),
      weights: NO_WEIGHTS,
    };
    const stacker = { forgetting: 0.97, ridge: 1, samples: 500 };
    const before = backtestStacked(await loadDataSet(`${dir}/a`), formModel, { settings, year: 2025, stacker });
    // Round 4's race is won by whoever was last: every learned parameter after it sees a different world.
    const racePath = `${dir}/a/2025/04-lakeside/race.json`;
    const race = JSON.parse(await Deno.readTextFile(racePath));
    const reversed = race.filter((r: { position: unknown }) => typeof r.position === "number").reverse()
      .map((r: Record<string, unknown>, k: number) => ({ ...r, position: k + 1 }));
    await Deno.writeTextFile(
      racePath,
      JSON.stringify([...reversed, ...race.filter((r: { position: unknown }) => typeof r.position !== "number")]),
    );
    const after = backtestStacked(await loadDataSet(`${dir}/a`), formModel, { settings, year: 2025, stacker });
    for (let round = 1; round <= 4; round++) {
      const a = before.find((r) => r.round === round)!, b = after.find((r) => r.round === round)!;
      assert.deepEqual(b.coefficients, a.coefficients, `round ${round}: coefficients`);
      assert.deepEqual(b.forecasts, a.forecasts, `round ${round}: forecasts`);
    }
    const fifth = (races: typeof before) => races.find((r) => r.round === 5)!.coefficients.after_qualifying;
    assert.notDeepEqual(fifth(after), fifth(before), "round 5 learns from round 4");
  });
});
