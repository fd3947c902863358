/**
 * Sorting a race's order by score without allocating: the simulators call it
 * once per simulated race.
 *
 * @module
 */

/**
 * Insertion sort of the first `n` of `order` by ascending `score` (of the
 * indices), in place and stable: the fastest for fields of about twenty, and
 * nearly sorted input.
 *
 * @example
 * ```ts
 * import { sortByScore } from "./sort.ts";
 * import assert from "node:assert/strict";
 * const order = Int32Array.of(0, 1, 2);
 * sortByScore(order, Float64Array.of(3, 1, 2), 3);
 * assert.deepEqual([...order], [1, 2, 0]);
 * ```
 */
export function sortByScore(order: Int32Array, score: Float64Array, n: number): void {
  for (let a = 1; a < n; a++) {
    const item = order[a];
    const key = score[item];
    let b = a - 1;
    while (b >= 0 && score[order[b]] > key) {
      order[b + 1] = order[b];
      b--;
    }
    order[b + 1] = item;
  }
}
