import assert from "node:assert/strict";
import { runTraining } from "../lib/train/trainer.ts";
import { meanScores, scorePredictions, scoreRace } from "../lib/evaluate/scores.ts";
import { F1DB_DIR, importF1dbSeasons, skipWithoutF1db, trainerConfig, withTempDir } from "./helpers.ts";
import type { ScoredForecast } from "../lib/format/predictions.ts";

function row(driver: string, positions: number[]): ScoredForecast {
  return {
    driver,
    win_probability: positions[0],
    podium_probability: positions.slice(0, 3).reduce((a, b) => a + b, 0),
    points_probability: positions.slice(0, 10).reduce((a, b) => a + b, 0),
    expected_position: positions.reduce((sum, p, i) => sum + p * (i + 1), 0),
    position_probabilities: positions,
  };
}

Deno.test("a certain, correct forecast scores perfectly; the reversed one scores worst", () => {
  const drivers = ["AAA", "BBB", "CCC", "DDD"];
  const certain = drivers.map((d, i) => row(d, drivers.map((_, j) => (i === j ? 1 : 0))));
  const right = scoreRace(certain, drivers);
  assert.deepEqual(
    [right.win_brier, right.podium_brier, right.points_brier, right.rps10, right.p_winner],
    [0, 0, 0, 0, 1],
  );
  assert.ok(Math.abs(right.spearman - 1) < 1e-12);
  const wrong = scoreRace(certain, [...drivers].reverse());
  assert.ok(Math.abs(wrong.spearman + 1) < 1e-12);
  assert.equal(wrong.winner_logloss, -Math.log(1e-6));
  // DDD forecast certain P4 but won: its cumulative misses by 1 at P1-P3, over 10 thresholds.
  assert.ok(Math.abs(wrong.rps10 - (3 + 1 + 1 + 3) / 10 / 4) < 1e-12);
});

Deno.test("a starter missing from the forecast counts as no chance; non-starters are not scored", () => {
  const forecast = [row("AAA", [0.5, 0.5]), row("BBB", [0.5, 0.5])];
  const [{ score }] = scorePredictions({
    race: {
      predictions: forecast,
      actual: [{ driver: "CCC", position: 1 }, { driver: "AAA", position: 2 }, { driver: "BBB", position: "DNS" }],
    },
  });
  assert.equal(score.p_winner, 1e-6);
  assert.equal(score.win_brier, (1 + 0.25) / 2);
  assert.equal(meanScores([score, { ...score, win_brier: 0 }]).win_brier, 0.625 / 2);
});

const F1EVAL = new URL("../../shared/tools/f1eval.py", import.meta.url);

Deno.test({
  name: "scores agree with the independent scorer (f1eval.py) on a real season",
  ignore: skipWithoutF1db("the f1eval agreement check"),
  fn: async () => {
    await withTempDir(async (dir) => {
      await importF1dbSeasons(`${dir}/data`, [2024, 2025]);
      const output = `${dir}/out/p.json`;
      const { document } = await runTraining(trainerConfig(`${dir}/data`, output, { numSimulations: 1000 }));
      const ours = meanScores(scorePredictions(document.predictions).map((r) => r.score));
      const run = await new Deno.Command("python3", {
        args: [F1EVAL.pathname, `${F1DB_DIR}/src/data`, "2025", "--train", "2024", "--project", output, "--json"],
      }).output();
      assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
      const theirs = JSON.parse(new TextDecoder().decode(run.stdout)).project;
      assert.equal(ours.races, theirs.races);
      for (
        const [mine, name] of [
          ["winner_logloss", "winner_logloss"],
          ["p_winner", "p_winner"],
          ["podium_brier", "podium_brier"],
          ["points_brier", "top10_brier"],
          ["rps10", "rps10"],
          ["spearman", "spearman"],
        ] as const
      ) {
        assert.ok(Math.abs(ours[mine] - theirs[name]) < 1e-9, `${mine}: ours ${ours[mine]}, f1eval ${theirs[name]}`);
      }
    });
  },
});
