import assert from "node:assert/strict";
import { loadSeason } from "../lib/data/load.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { projectSeason } from "../lib/forecast/projection.ts";
import type { ForecastSettings } from "../lib/forecast/race_forecast.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { bayesModel, bayesModelFor } from "../lib/model/bayes.ts";
import { BUILT_IN_SCENARIOS, DEFAULT_SCENARIOS, ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { type SeasonEvent, type SeasonInput, simulateSeason } from "../lib/sim/season.ts";
import { checkProjections, finalPoints, seasonAfterRound } from "../lib/evaluate/projection_check.ts";
import { formatProjectionChecks } from "../lib/report/projection_check.ts";
import { realSeasonsTest, trainerConfig, withTempDir } from "./helpers.ts";
import type { SeasonProjection } from "../lib/format/predictions.ts";
import { NO_WEIGHTS } from "../lib/forecast/weights.ts";

const registry = ScenarioRegistry.withBuiltIns();
const settings: ForecastSettings = {
  simulations: 1000,
  seed: 42,
  scenarios: registry.named(DEFAULT_SCENARIOS),
  weights: NO_WEIGHTS,
};

/** Four equal drivers in two teams, `races` races to go. */
function fourDrivers(races: number, spread: number): SeasonInput {
  const driver = { pace: 0, paceSpread: 0.2, grid: 1, mechanicalDnf: 0.03, incidentDnf: 0.03, wetSkill: 0, team: 0 };
  const event = (roundsAhead: number): SeasonEvent => ({
    field: [0, 1, 2, 3].map((i) => ({ ...driver, team: i >> 1 })),
    race: { laps: 50, overtakingDifficulty: 0.4, qualifyingSpread: 0.15 },
    drivers: [0, 1, 2, 3],
    teams: [0, 0, 1, 1],
    points: [25, 18, 15, 12],
    roundsAhead,
    countsWins: true,
  });
  return {
    driverPoints: [10, 0, 0, 0],
    driverWins: [0, 0, 0, 0],
    teamPoints: [10, 0],
    driverSpread: [spread, spread, spread, spread],
    teamSpread: [spread, spread],
    driverDrift: 0,
    teamDrift: 0,
    events: Array.from({ length: races }, (_, k) => event(k + 1)),
    scenarios: [BUILT_IN_SCENARIOS.dry],
  };
}

function width80(points: Float64Array, drivers: number, d: number): number {
  const column = Array.from({ length: points.length / drivers }, (_, s) => points[s * drivers + d]).sort((a, b) =>
    a - b
  );
  return column[Math.floor(0.9 * (column.length - 1))] - column[Math.floor(0.1 * (column.length - 1))];
}

Deno.test("simulateSeason: standings are distributions, points add up, and it is reproducible", () => {
  const input = fourDrivers(10, 0.1);
  const tally = simulateSeason(input, { simulations: 2000, seed: 3 });
  for (let d = 0; d < 4; d++) {
    const row = tally.driverStandings.subarray(d * 4, d * 4 + 4).reduce((a, b) => a + b, 0);
    assert.equal(row, 2000, "each driver has one final position per season");
    const column = [0, 1, 2, 3].reduce((sum, i) => sum + tally.driverStandings[i * 4 + d], 0);
    assert.equal(column, 2000, "each position has one driver per season");
  }
  for (let s = 0; s < 2000; s++) {
    const drivers = tally.driverPoints.subarray(s * 4, s * 4 + 4).reduce((a, b) => a + b, 0);
    const teams = tally.teamPoints[s * 2] + tally.teamPoints[s * 2 + 1];
    assert.equal(drivers, teams, "constructors' points are their drivers' points");
  }
  // Equal drivers: the one ten points up is favourite, but far from certain over ten races.
  const title = [0, 1, 2, 3].map((d) => tally.driverStandings[d * 4] / 2000);
  assert.ok(title[0] > title[1] && title[0] < 0.6, `title odds ${title}`);
  assert.deepEqual(simulateSeason(input, { simulations: 2000, seed: 3 }), tally);
});

Deno.test("simulateSeason: strength drawn once per season widens the intervals as it should", () => {
  // Per-race noise averages out over 20 races; a season-long strength error does not.
  const narrow = simulateSeason(fourDrivers(20, 0), { simulations: 3000, seed: 5 });
  const wide = simulateSeason(fourDrivers(20, 0.3), { simulations: 3000, seed: 5 });
  const a = width80(narrow.driverPoints, 4, 1);
  const b = width80(wide.driverPoints, 4, 1);
  assert.ok(b > 1.5 * a, `80% interval ${a} without strength uncertainty, ${b} with it`);
});

Deno.test("projectSeason on the demo season: current points from the data, sane distributions, reproducible", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(`${dir}/2025`, generateDemoSeason(2025, { rounds: 12, seed: 11, completed: 7 }).files);
    const loaded = await loadSeason(`${dir}/2025`);
    let state = bayesModel.empty();
    for (const round of loaded.rounds) {
      if (round.status === "ok") {
        state = bayesModel.updateWithRound(state, {
          year: 2025,
          round: round.round,
          entrants: loaded.season.entrants,
          sessions: round.sessions,
        });
      }
      if (round.round.round === 8) break; // round 8 has run up to its grid
    }
    const projection = projectSeason(bayesModel, { state, season: loaded }, settings);
    assert.equal(projection.as_of_round, 7);
    assert.equal(projection.races_remaining, 5);
    const actual = finalPoints(loaded);
    for (const line of projection.drivers) {
      assert.equal(line.current_points, actual.drivers.get(line.id) ?? 0);
      assert.ok(line.points_interval_80[0] >= line.current_points);
      const most = line.current_points + 25 * projection.races_remaining + 8 * projection.sprints_remaining;
      assert.ok(line.points_interval_80[0] <= line.points_interval_80[1] && line.points_interval_80[1] <= most);
      assert.ok(line.expected_points >= line.current_points && line.expected_points <= most);
      const total = line.position_probabilities.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 1) < 1e-5, `${line.id}: positions sum to ${total}`);
    }
    const titles = (lines: SeasonProjection["drivers"]) => lines.reduce((sum, line) => sum + line.title_probability, 0);
    assert.ok(Math.abs(titles(projection.drivers) - 1) < 1e-5);
    assert.ok(Math.abs(titles(projection.teams) - 1) < 1e-5);
    assert.deepEqual(projectSeason(bayesModel, { state, season: loaded }, settings), projection);
    // The projection after round 7 cannot see what came after it.
    const hidden = seasonAfterRound(loaded, 7);
    assert.ok(
      hidden.rounds.slice(7).every((round) => round.status === "ok" && Object.keys(round.sessions).length === 0),
    );
  });
});

Deno.test("the trainer writes season_projection and reuses it from the cache when nothing changed", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 10, seed: 7, completed: 6 }).files);
    const config = trainerConfig(`${dir}/data`, `${dir}/out/p.json`, { model: "bayes" });
    const first = await runTraining(config);
    const projection = first.document.season_projection;
    assert.ok(projection !== null);
    assert.equal(projection.as_of_round, 6);
    assert.equal(projection.races_remaining, 4);
    const again = await runTraining(config);
    assert.deepEqual(again.document.season_projection, projection);
    const log = await Deno.readTextFile(`${dir}/out/training.log`);
    assert.doesNotMatch(log, /season projection failed/);
  });
});

realSeasonsTest(
  "real seasons 2022-2025: final points fall inside the 80% intervals 70-90% of the time",
  "the championship projection check",
  (seasons) => {
    const checks = [2022, 2023, 2024, 2025].flatMap((year) =>
      checkProjections(seasons, bayesModelFor(year), { target: year, cuts: [6, 12, 18], settings }).checks
    );
    console.log(formatProjectionChecks(checks));
    const inside = checks.reduce((sum, c) => sum + c.drivers_inside, 0);
    const total = checks.reduce((sum, c) => sum + c.drivers, 0);
    assert.ok(inside / total >= 0.7 && inside / total <= 0.9, `drivers' coverage ${inside}/${total}`);
    const champion = checks.reduce((sum, c) => sum + c.champion_log_loss, 0) / checks.length;
    assert.ok(champion < Math.log(5), `champion log-loss ${champion}: no better than a five-way coin`);
  },
);

Deno.test("simulateSeason: each event draws its scenario by its own weights", () => {
  // A scenario in which every car fails: an event that is sure to get it gives nobody points.
  const breakdown = { ...BUILT_IN_SCENARIOS.dry, mechanicalScale: 1 / 0.03 };
  const input = fourDrivers(2, 0);
  const events = input.events.map((event, e) => ({ ...event, scenarioWeights: e === 0 ? [1, 0] : [0, 1] }));
  const tally = simulateSeason({ ...input, events, scenarios: [BUILT_IN_SCENARIOS.dry, breakdown] }, {
    simulations: 200,
    seed: 1,
  });
  // The first race is run dry (at most 70 points for the four), the second by the breakdown (none).
  const total = Array.from(tally.driverPoints).reduce((a, b) => a + b, 0) / 200;
  assert.ok(total > 10 + 60 && total <= 10 + 70, `mean total ${total}`);
  assert.throws(
    () =>
      simulateSeason({
        ...input,
        events: [{ ...input.events[0], scenarioWeights: [1] }],
        scenarios: input.scenarios.concat(breakdown),
      }, { simulations: 1, seed: 1 }),
    /scenarioWeights/,
  );
});
