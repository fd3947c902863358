import assert from "node:assert/strict";
import { choiceProbabilities, ConditionalLogitError, fitConditionalLogit } from "../lib/model/conditional_logit.ts";
import { plackettLuceForecast, qualifyingGaps } from "../lib/evaluate/logit_baseline.ts";
import { backtestBaselines } from "../lib/evaluate/baselines.ts";
import { meanScores, scoreRace } from "../lib/evaluate/scores.ts";
import { loadDataSet } from "../lib/data/load.ts";
import { Xoshiro128 } from "../lib/sim/rng.ts";
import { importF1dbSeasons, skipWithoutF1db, withTempDir } from "./helpers.ts";
import { finishingOrder } from "../lib/data/format.ts";

/** An index drawn with probabilities `p`. */
function draw(p: readonly number[], rng: Xoshiro128): number {
  let u = rng.nextFloat(), chosen = 0;
  while (chosen < p.length - 1 && u >= p[chosen]) u -= p[chosen++];
  return chosen;
}

Deno.test("conditional logit: the fit recovers the coefficients that generated the choices", () => {
  const truth = [1.5, -0.8];
  const rng = new Xoshiro128(7);
  const sets = Array.from({ length: 3000 }, () => {
    const features = Array.from({ length: 10 }, () => [rng.nextNormal(), rng.nextNormal()]);
    return { features, chosen: draw(choiceProbabilities(truth, features), rng) };
  });
  const fitted = fitConditionalLogit(sets);
  assert.ok(Math.abs(fitted[0] - truth[0]) < 0.12, `b0 = ${fitted[0]}`);
  assert.ok(Math.abs(fitted[1] - truth[1]) < 0.12, `b1 = ${fitted[1]}`);
});

Deno.test("conditional logit: a start far from the optimum does not overshoot (plain Newton diverges here)", () => {
  // A race-like design: ln(slot), a pole flag and a form feature on a wide scale, winners drawn from known coefficients.
  const truth = [-2, 1, -0.3];
  const rng = new Xoshiro128(1);
  const sets = Array.from({ length: 60 }, () => {
    const features = Array.from(
      { length: 20 },
      (_, i) => [Math.log(i + 1), i === 0 ? 1 : 0, 1 + i / 2 + 3 * rng.nextNormal()],
    );
    return { features, chosen: draw(choiceProbabilities(truth, features), rng) };
  });
  const logLikelihood = (b: number[]) =>
    sets.reduce((sum, set) => sum + Math.log(choiceProbabilities(b, set.features)[set.chosen]), 0);
  const fitted = fitConditionalLogit(sets);
  assert.ok(fitted.every((b) => Math.abs(b) < 10), `coefficients ${fitted}`);
  assert.ok(logLikelihood(fitted) >= logLikelihood(truth), "the maximum is at least as likely as the truth");
});

Deno.test("conditional logit: bad choice sets are refused with the set and field named", () => {
  assert.throws(() => fitConditionalLogit([]), ConditionalLogitError);
  assert.throws(
    () => fitConditionalLogit([{ features: [[1], [0]], chosen: 2 }]),
    /sets\[0\]\.chosen: expected an option index 0-1; found 2/,
  );
  assert.throws(
    () => fitConditionalLogit([{ features: [[1], [NaN]], chosen: 0 }]),
    /sets\[0\]\.features\[1\]: expected 1 finite numbers/,
  );
});

Deno.test("Plackett-Luce forecast: wins are the softmax, places sum to one both ways, second places match the formula", () => {
  const features = [[2], [1], [0]];
  const forecast = plackettLuceForecast(["A", "B", "C"], { features, coefficients: [1] }, {
    samples: 200_000,
    seed: 5,
  });
  const p = choiceProbabilities([1], features);
  forecast.forEach((row, i) => {
    assert.equal(row.win_probability, p[i]);
    assert.ok(Math.abs(row.position_probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.ok(Math.abs(row.position_probabilities[0] - p[i]) < 0.005, "the sampled first place matches the softmax");
  });
  for (let k = 0; k < 3; k++) {
    assert.ok(Math.abs(forecast.reduce((sum, row) => sum + row.position_probabilities[k], 0) - 1) < 1e-9);
  }
  // P(A second) = sum over the winner j != A of p_j * p_A / (1 - p_j).
  const secondA = p[1] * p[0] / (1 - p[1]) + p[2] * p[0] / (1 - p[2]);
  assert.ok(Math.abs(forecast[0].position_probabilities[1] - secondA) < 0.005);
  assert.deepEqual(
    plackettLuceForecast(["A", "B", "C"], { features, coefficients: [1] }, { samples: 1000, seed: 5 }),
    plackettLuceForecast(["A", "B", "C"], { features, coefficients: [1] }, { samples: 1000, seed: 5 }),
    "the same seed gives the same forecast",
  );
});

Deno.test("qualifying gaps: best of Q1-Q3 against pole, drivers without a time at the cap", () => {
  const row = { position: 1, q1_ms: null, q2_ms: null, q3_ms: null, laps: 10 };
  const gaps = qualifyingGaps([
    { ...row, driver: "A", q1_ms: 80_500, q2_ms: 80_000, q3_ms: 80_200 },
    { ...row, driver: "B", q1_ms: 80_800 },
    { ...row, driver: "C" },
  ]);
  assert.equal(gaps.get("A"), 0);
  assert.ok(Math.abs(gaps.get("B")! - 1) < 1e-9);
  assert.equal(gaps.get("C"), 5);
});

Deno.test({
  name: "logit baseline on real data: the scale the issue quotes for its four-feature logit",
  ignore: skipWithoutF1db("the logit baseline check on real data"),
  async fn() {
    await withTempDir(async (dir) => {
      const seasons = await loadDataSet(await importF1dbSeasons(dir, [2022, 2023, 2024, 2025]));
      const winnerLogLoss = (year: number, earlier: number[]) => {
        const data = seasons.filter((s) => earlier.includes(s.season.year) || s.season.year === year);
        const results = new Map(
          data.find((s) => s.season.year === year)!.rounds.flatMap((r) =>
            r.status === "ok" && r.sessions.race ? [[r.round.round, r.sessions.race]] : []
          ),
        );
        const scores = backtestBaselines(data, year).map((race) =>
          scoreRace(race.forecasts.logit.after_qualifying!, finishingOrder(results.get(race.round)!))
        );
        return meanScores(scores).winner_logloss;
      };
      // The issue's own logit scores 0.95 on 2025 (fitted on 2022-2024) and 1.98 on 2024 (fitted on
      // 2022-2023); its form feature is not defined exactly, so only the scale is checked.
      const y2025 = winnerLogLoss(2025, [2022, 2023, 2024]);
      const y2024 = winnerLogLoss(2024, [2022, 2023]);
      console.log(`four-feature logit after qualifying: 2025 ${y2025.toFixed(3)}, 2024 ${y2024.toFixed(3)}`);
      assert.ok(y2025 > 0.85 && y2025 < 1.1, `2025: ${y2025}`);
      assert.ok(y2024 > 1.7 && y2024 < 2.1, `2024: ${y2024}`);
    });
  },
});
