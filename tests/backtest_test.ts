import assert from "node:assert/strict";
import { loadDataSet } from "../lib/data/load.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { backtestModel } from "../lib/evaluate/backtest.ts";
import { HORIZONS, knownAt } from "../lib/data/horizons.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import type { ForecastSettings } from "../lib/forecast/race_forecast.ts";
import { bayesModel } from "../lib/model/bayes.ts";
import type { StrengthModel } from "../lib/model/strength.ts";
import { mlModel } from "../lib/forecast/models.ts";
import { BUILT_IN_SCENARIOS } from "../lib/sim/scenarios.ts";
import { backtestBaselines } from "../lib/evaluate/baselines.ts";
import { backtestRows } from "../lib/report/backtest_report.ts";
import { reliabilityDiagram } from "../lib/report/plots.ts";
import { withTempDir } from "./helpers.ts";
import { NO_WEIGHTS } from "../lib/forecast/weights.ts";

const settings: ForecastSettings = {
  simulations: 300,
  seed: 3,
  scenarios: [{ name: "dry", scenario: BUILT_IN_SCENARIOS.dry }],
  weights: NO_WEIGHTS,
};

Deno.test("horizons: before the weekend nothing, after practice the sessions before qualifying, then all but the race", () => {
  const sprint = ["fp1", "sprint_qualifying", "sprint", "qualifying", "grid", "race"] as const;
  const normal = ["fp1", "fp2", "fp3", "qualifying", "grid", "race"] as const;
  assert.deepEqual(sprint.filter(knownAt("before_weekend", sprint)), []);
  assert.deepEqual(sprint.filter(knownAt("after_practice", sprint)), ["fp1", "sprint_qualifying", "sprint"]);
  assert.deepEqual(normal.filter(knownAt("after_practice", normal)), ["fp1", "fp2", "fp3"]);
  assert.deepEqual(normal.filter(knownAt("after_qualifying", normal)), ["fp1", "fp2", "fp3", "qualifying", "grid"]);
});

for (const [name, model] of [["Bayesian", bayesModel], ["Bayesian + ML layer", mlModel(bayesModel)]] as const) {
  Deno.test(`backtest (${name}): changing a race's result changes no forecast of that race or any earlier one, at any horizon`, async () => {
    await withTempDir(async (dir) => {
      await writeSeasonFolder(`${dir}/2024`, generateDemoSeason(2024, { rounds: 6, seed: 21, completed: 6 }).files);
      await writeSeasonFolder(`${dir}/2025`, generateDemoSeason(2025, { rounds: 8, seed: 22, completed: 8 }).files);
      const run = async () => {
        const seasons = await loadDataSet(dir);
        return {
          model: backtestModel(seasons, model as StrengthModel<unknown>, { settings, year: 2025 }),
          baselines: backtestBaselines(seasons, 2025),
        };
      };
      const before = await run();
      assert.equal(before.model.length, 8);
      const folder = [...Deno.readDirSync(`${dir}/2025`)].find((e) => e.name.startsWith("04-"))!.name;
      const file = `${dir}/2025/${folder}/race.json`;
      const race = JSON.parse(await Deno.readTextFile(file));
      [race[0].driver, race[race.length - 1].driver] = [race[race.length - 1].driver, race[0].driver];
      await Deno.writeTextFile(file, JSON.stringify(race));
      const after = await run();
      for (let i = 0; i < 8; i++) {
        const round = before.model[i].round;
        for (const horizon of HORIZONS) {
          const same = JSON.stringify(before.model[i].forecasts[horizon]) ===
            JSON.stringify(after.model[i].forecasts[horizon]);
          if (round <= 4) assert.ok(same, `round ${round} ${horizon} must not see round 4's result`);
          if (round === 5) assert.ok(!same, `round 5 ${horizon} does see it`);
        }
        const baselinesSame =
          JSON.stringify(before.baselines[i].forecasts) === JSON.stringify(after.baselines[i].forecasts);
        if (round <= 4) assert.ok(baselinesSame, `baselines for round ${round} must not see round 4's result`);
      }
      assert.notDeepEqual(before.baselines[4].forecasts.team_order, after.baselines[4].forecasts.team_order);
      assert.notDeepEqual(before.baselines[4].forecasts.logit, after.baselines[4].forecasts.logit);
    });
  });
}

Deno.test("the report scores each model at each horizon it forecasts, with calibration per tier", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(`${dir}/2024`, generateDemoSeason(2024, { rounds: 6, seed: 21, completed: 6 }).files);
    await writeSeasonFolder(`${dir}/2025`, generateDemoSeason(2025, { rounds: 8, seed: 22, completed: 8 }).files);
    const seasons = await loadDataSet(dir);
    const bayes = backtestModel(seasons, bayesModel, { settings, year: 2025 });
    const results = new Map(bayes.map((r) => [r.name, r.result]));
    const baselines = backtestBaselines(seasons, 2025);
    const grid = baselines.map((r) => ({
      name: r.name,
      result: results.get(r.name)!,
      forecasts: r.forecasts.grid_table,
    }));
    const uniform = baselines.map((r) => ({
      name: r.name,
      result: results.get(r.name)!,
      forecasts: r.forecasts.uniform,
    }));
    const rows = backtestRows({ bayes, grid_table: grid, uniform });
    assert.deepEqual(rows.map((r) => `${r.model} ${r.horizon}`), [
      "bayes before_weekend",
      "bayes after_practice",
      "bayes after_qualifying",
      "grid_table after_qualifying",
      "uniform before_weekend",
      "uniform after_practice",
      "uniform after_qualifying",
    ]);
    const uniformRow = rows.find((r) => r.model === "uniform")!;
    assert.ok(Math.abs(uniformRow.scores.winner_logloss - Math.log(20)) < 1e-9);
    const bayesRow = rows.find((r) => r.model === "bayes" && r.horizon === "after_qualifying")!;
    assert.ok(bayesRow.scores.winner_logloss < uniformRow.scores.winner_logloss, "the model beats chance");
    const bins = bayesRow.calibration.podium.bins;
    assert.equal(bins.reduce((a, b) => a + b.count, 0), 8 * 20);
  });
});

Deno.test("the reliability diagram is a standalone SVG with a line per series and each bin's count", () => {
  const bins = [
    { from: 0, to: 0.1, count: 431, forecast: 0.03, observed: 0.02 },
    { from: 0.5, to: 0.6, count: 17, forecast: 0.55, observed: 0.59 },
  ];
  const svg = reliabilityDiagram({
    bayes: { slope: 1, intercept: 0, bins },
    grid_table: { slope: 1, intercept: 0, bins },
  }, "podium");
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, />431</);
  assert.match(svg, />grid_table</);
  assert.match(svg, />podium</);
  assert.doesNotMatch(svg, /<figure/);
});
