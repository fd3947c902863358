/**
 * Points systems: points by finishing position, index 0 = P1.
 *
 * @module
 */

/** Grand Prix points from 2010 on (the fastest-lap bonus of 2019-2024 is left out). */
export const RACE_POINTS: readonly number[] = Object.freeze([25, 18, 15, 12, 10, 8, 6, 4, 2, 1]);

/** Sprint points from 2022 on. */
export const SPRINT_POINTS: readonly number[] = Object.freeze([8, 7, 6, 5, 4, 3, 2, 1]);

/**
 * Points for finishing position `position` (1-based) under `table`.
 *
 * @example
 * ```ts
 * import { pointsFor, RACE_POINTS } from "./points.ts";
 * import assert from "node:assert/strict";
 * assert.equal(pointsFor(RACE_POINTS, 1), 25);
 * assert.equal(pointsFor(RACE_POINTS, 11), 0);
 * ```
 */
export function pointsFor(table: readonly number[], position: number): number {
  return table[position - 1] ?? 0;
}
