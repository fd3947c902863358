/**
 * Ridge regression kept as sufficient statistics, so an expanding window of
 * training rows costs a fixed few numbers however many races it covers, and
 * a refit is one small linear solve. Written here rather than taken from a
 * package: it is forty lines, deterministic, and its state is plain JSON for
 * the incremental cache.
 *
 * Rows arrive already centred within their race (the layer models who beats
 * whom, not a race's overall level), so there is no intercept. Features are
 * scaled by their root mean square before the penalty applies, so the
 * penalty treats every feature alike.
 *
 * @module
 */

/** The running sums of a regression's training rows: plain JSON. */
export interface RidgeStats {
  /** Number of rows. */
  n: number;
  /** Row-major X'X, features squared. */
  xtx: number[];
  /** X'y. */
  xty: number[];
}

/**
 * No rows yet, for `features` features.
 *
 * @example
 * ```ts
 * import { emptyRidgeStats } from "./ridge.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(emptyRidgeStats(2), { n: 0, xtx: [0, 0, 0, 0], xty: [0, 0] });
 * ```
 */
export function emptyRidgeStats(features: number): RidgeStats {
  return { n: 0, xtx: new Array(features * features).fill(0), xty: new Array(features).fill(0) };
}

/**
 * The statistics with rows added; the input is not changed.
 *
 * @example
 * ```ts
 * import { addRidgeRows, emptyRidgeStats } from "./ridge.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(addRidgeRows(emptyRidgeStats(1), [[1], [2]], [2, 4]).xty, [10]);
 * ```
 */
export function addRidgeRows(
  stats: RidgeStats,
  rows: readonly (readonly number[])[],
  y: readonly number[],
): RidgeStats {
  const p = stats.xty.length;
  const xtx = [...stats.xtx];
  const xty = [...stats.xty];
  rows.forEach((x, r) => {
    if (x.length !== p) throw new RangeError(`ridge row ${r}: expected ${p} features; found ${x.length}`);
    for (let i = 0; i < p; i++) {
      xty[i] += x[i] * y[r];
      for (let j = 0; j < p; j++) xtx[i * p + j] += x[i] * x[j];
    }
  });
  return { n: stats.n + rows.length, xtx, xty };
}

/**
 * Coefficients minimising |y - Xb|^2 + lambda * n * |D b|^2, where D scales
 * each feature by its root mean square: the penalty is per row, so it shrinks
 * hardest while the window is small. Features never seen get 0.
 *
 * @example
 * ```ts
 * import { addRidgeRows, emptyRidgeStats, fitRidge } from "./ridge.ts";
 * import assert from "node:assert/strict";
 * const stats = addRidgeRows(emptyRidgeStats(1), [[1], [2], [3]], [2, 4, 6]);
 * assert.equal(fitRidge(stats, 0)[0].toFixed(6), "2.000000");
 * assert.ok(fitRidge(stats, 1)[0] < 2); // shrunk toward 0
 * ```
 */
export function fitRidge(stats: RidgeStats, lambda: number): number[] {
  const p = stats.xty.length;
  if (stats.n === 0) return new Array(p).fill(0);
  const a = Float64Array.from(stats.xtx);
  for (let i = 0; i < p; i++) a[i * p + i] += lambda * a[i * p + i] + 1e-9;
  return solveSymmetric(a, Float64Array.from(stats.xty), p);
}

/** Solves A b = y for symmetric positive definite A by Cholesky; A and y are overwritten. */
function solveSymmetric(a: Float64Array, y: Float64Array, p: number): number[] {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j];
    for (let k = 0; k < j; k++) d -= a[j * p + k] ** 2;
    const root = Math.sqrt(Math.max(d, 1e-12));
    a[j * p + j] = root;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = s / root;
    }
  }
  for (let i = 0; i < p; i++) {
    let s = y[i];
    for (let k = 0; k < i; k++) s -= a[i * p + k] * y[k];
    y[i] = s / a[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= a[k * p + i] * y[k];
    y[i] = s / a[i * p + i];
  }
  return [...y];
}

/**
 * How much each feature moves predictions: |coefficient| times the feature's
 * root mean square, as shares summing to 1 (all 0 before any rows).
 *
 * @example
 * ```ts
 * import { addRidgeRows, emptyRidgeStats, featureImportance } from "./ridge.ts";
 * import assert from "node:assert/strict";
 * const stats = addRidgeRows(emptyRidgeStats(2), [[1, 0], [0, 1]], [3, 1]);
 * assert.deepEqual(featureImportance(stats, [3, 1]), [0.75, 0.25]);
 * ```
 */
export function featureImportance(stats: RidgeStats, coefficients: readonly number[]): number[] {
  const p = coefficients.length;
  const raw = coefficients.map((b, i) => Math.abs(b) * Math.sqrt(stats.n > 0 ? stats.xtx[i * p + i] / stats.n : 0));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => (total > 0 ? x / total : 0));
}
