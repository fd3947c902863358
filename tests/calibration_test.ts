import assert from "node:assert/strict";
import { calibrate } from "../lib/evaluate/calibration.ts";
import { Xoshiro128 } from "../lib/sim/rng.ts";

/** Outcomes drawn with probability `truth(p)` for forecasts spread over 0-1. */
function drawPairs(truth: (p: number) => number, count: number): Array<[number, 0 | 1]> {
  const rng = new Xoshiro128(7);
  return Array.from({ length: count }, (_, i) => {
    const p = (i + 0.5) / count;
    return [p, rng.nextFloat() < truth(p) ? 1 : 0];
  });
}

Deno.test("the calibration slope is near 1 for honest forecasts and below 1 for bold ones", () => {
  const honest = calibrate(drawPairs((p) => p, 20_000));
  assert.ok(Math.abs(honest.slope - 1) < 0.05, `honest slope ${honest.slope}`);
  // Bold: the forecast says p where the truth is halfway back to 0.5.
  const bold = calibrate(drawPairs((p) => 0.5 + (p - 0.5) / 2, 20_000));
  assert.ok(Math.abs(bold.slope - 0.5) < 0.05, `bold slope ${bold.slope}`);
  assert.equal(honest.bins.reduce((a, bin) => a + bin.count, 0), 20_000);
});

Deno.test("forecasts that only vary with the field's size have no slope, but keep their table", () => {
  // A uniform podium forecast over races of 20 and 22 drivers, outcomes at the true rate.
  const pairs: Array<[number, 0 | 1]> = [];
  for (const n of [20, 22]) for (let i = 0; i < n; i++) pairs.push([3 / n, i < 3 ? 1 : 0]);
  const calibration = calibrate(pairs);
  assert.ok(Number.isNaN(calibration.slope) && Number.isNaN(calibration.intercept));
  assert.deepEqual(calibration.bins.map((bin) => [bin.count, bin.observed]), [[42, 6 / 42]]);
  assert.ok(Number.isNaN(calibrate([[0.4, 1]]).slope));
  assert.ok(Number.isNaN(calibrate([]).slope));
});
