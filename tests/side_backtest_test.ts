import assert from "node:assert/strict";
import type { LoadedSeason } from "../lib/data/load.ts";
import { sideScores } from "../lib/evaluate/side_backtest.ts";
import type { ForecasterRace } from "../lib/evaluate/backtest_all.ts";

const entrants = [
  { driver: "AAA", team: "t1", rounds: [1] },
  { driver: "BBB", team: "t1", rounds: [1] },
  { driver: "CCC", team: "t2", rounds: [1] },
  { driver: "DDD", team: "t2", rounds: [1] },
];
const qualifying = (order: string[]) =>
  order.map((driver, i) => ({ driver, position: i + 1, q1_ms: 90000 + i, q2_ms: null, q3_ms: null, laps: null }));
const race = (order: string[]) =>
  order.map((driver, i) => ({
    driver,
    position: i + 1,
    grid: i + 1,
    laps: 50,
    time_ms: null,
    points: 0,
    retirement: null,
  }));

/** A season of one round, as the loader gives it (only the fields the scoring reads). */
function season(year: number, order: { qualifying: string[]; race: string[] }): LoadedSeason {
  return {
    season: { year, entrants },
    rounds: [{
      status: "ok",
      round: { round: 1, name: `GP ${year}` },
      sessions: { qualifying: qualifying(order.qualifying), race: race(order.race) },
    }],
  } as unknown as LoadedSeason;
}

Deno.test("side scores: pole log-loss, Q3 Brier and head-to-head Brier by hand, with last season's record", () => {
  const seasons = [
    season(2029, { qualifying: ["BBB", "AAA", "CCC", "DDD"], race: ["AAA", "BBB", "DDD", "CCC"] }),
    season(2030, { qualifying: ["AAA", "CCC", "BBB", "DDD"], race: ["CCC", "AAA", "BBB", "DDD"] }),
  ];
  const lines = [
    { driver: "AAA", pole_probability: 0.5, q3_probability: 0.9, expected_grid: 1.5 },
    { driver: "BBB", pole_probability: 0.3, q3_probability: 0.8, expected_grid: 2 },
    { driver: "CCC", pole_probability: 0.1, q3_probability: 0.7, expected_grid: 3 },
    { driver: "DDD", pole_probability: 0.1, q3_probability: 0.6, expected_grid: 3.5 },
  ];
  const headToHead = [
    { team: "T1", drivers: ["AAA", "BBB"] as [string, string], race: 0.6, qualifying: 0.7 },
    { team: "T2", drivers: ["CCC", "DDD"] as [string, string], race: 0.4, qualifying: 0.5 },
  ];
  const side = { qualifying: lines, head_to_head: headToHead };
  const forecasted: Record<string, ForecasterRace[]> = {
    bayes: [{
      name: "GP 2030",
      result: race(["CCC", "AAA", "BBB", "DDD"]),
      forecasts: {},
      side: {
        before_weekend: side,
        after_practice: side,
        after_qualifying: { head_to_head: headToHead.map((line) => ({ ...line, qualifying: null })) },
      },
    }],
  };
  const rows = sideScores(seasons, { year: 2030, forecasted });
  const score = (measure: string, forecaster: string, horizon = "before_weekend") =>
    rows.find((row) => row.measure === measure && row.forecaster === forecaster && row.horizon === horizon)?.score;
  assert.equal(score("pole log-loss", "bayes"), Math.round(-Math.log(0.5) * 1e4) / 1e4);
  // Four drivers all reach a top-ten place.
  assert.equal(score("Q3 Brier", "bayes"), Math.round((0.01 + 0.04 + 0.09 + 0.16) / 4 * 1e4) / 1e4);
  // Race: AAA ahead of BBB (1), CCC ahead of DDD (1).
  assert.equal(score("race head-to-head Brier", "bayes"), Math.round((0.16 + 0.36) / 2 * 1e4) / 1e4);
  assert.equal(score("race head-to-head Brier", "coin_flip"), 0.25);
  // 2029: AAA beat BBB in the race, CCC lost to DDD: (1 + 1) / 3 and (0 + 1) / 3.
  assert.equal(
    score("race head-to-head Brier", "last_season"),
    Math.round(((1 - 2 / 3) ** 2 + (1 - 1 / 3) ** 2) / 2 * 1e4) / 1e4,
  );
  // Qualifying: AAA ahead of BBB, CCC ahead of DDD; none after qualifying.
  assert.equal(score("qualifying head-to-head Brier", "bayes"), Math.round((0.09 + 0.25) / 2 * 1e4) / 1e4);
  assert.equal(score("qualifying head-to-head Brier", "bayes", "after_qualifying"), undefined);
  assert.ok(score("pole log-loss", "team_order") !== undefined);
});
