/**
 * Calibration of probability forecasts: a reliability table (forecasts in
 * bins, with the observed frequency in each) and the calibration slope, the
 * least-squares slope of outcomes on forecasts over every driver and race
 * (1 when forecasts are calibrated; below 1 when they are too bold, above
 * when too timid). Forecasts that barely vary, or fewer than two, have no
 * slope (NaN).
 *
 * @module
 */

import { linearRegression, standardDeviation } from "simple-statistics";
import type { Calibration, ReliabilityBin } from "../format/scores.ts";

/**
 * Forecasts spread less than this (a standard deviation of one percentage
 * point) say nothing about how outcomes follow them: a uniform forecast varies
 * only with the field's size, and its least-squares slope would be noise.
 */
const MIN_SLOPE_SPREAD = 0.01;

/** Bin edges: fine where most forecasts fall, coarse above. */
const EDGES = [0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0000001];

/**
 * Calibration of (forecast, outcome) pairs.
 *
 * @example
 * ```ts
 * import { calibrate } from "./calibration.ts";
 * import assert from "node:assert/strict";
 * const pairs: Array<[number, 0 | 1]> = [[0.1, 0], [0.1, 0], [0.9, 1], [0.9, 1]];
 * assert.equal(calibrate(pairs).slope.toFixed(6), "1.250000"); // outcomes moved further than forecasts
 * calibrate([[3 / 20, 0], [3 / 20, 1], [3 / 21, 0]]).slope; // NaN: forecasts that barely vary have no slope
 * ```
 */
export function calibrate(pairs: ReadonlyArray<readonly [number, 0 | 1]>): Calibration {
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b + 1 < EDGES.length; b++) {
    const inBin = pairs.filter(([p]) => p >= EDGES[b] && p < EDGES[b + 1]);
    if (inBin.length === 0) continue;
    bins.push({
      from: EDGES[b],
      to: Math.min(1, EDGES[b + 1]),
      count: inBin.length,
      forecast: inBin.reduce((a, [p]) => a + p, 0) / inBin.length,
      observed: inBin.reduce((a, [, y]) => a + y, 0) / inBin.length,
    });
  }
  const { m, b } = pairs.length < 2 || standardDeviation(pairs.map(([p]) => p)) < MIN_SLOPE_SPREAD
    ? { m: NaN, b: NaN }
    : linearRegression(pairs.map(([p, y]) => [p, y]));
  return { slope: m, intercept: b, bins };
}
