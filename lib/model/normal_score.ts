/**
 * A finishing place as a normal score: the k-th of n finishers sits at
 * `Φ⁻¹((k - 0.5) / n)` of a standard normal, so that finishing orders can be
 * read as noisy observations of pace (a Thurstone rank likelihood in its
 * Gaussian approximation). Negative is the fast end.
 *
 * @module
 */

import { probit } from "simple-statistics";

/**
 * The normal score of place `position` (1-based, may be fractional) among `field` finishers.
 *
 * @example
 * ```ts
 * import { normalScore } from "./normal_score.ts";
 * import assert from "node:assert/strict";
 * assert.ok(normalScore(1, 20) < 0); // winning is the fast end
 * assert.equal(normalScore(10.5, 20), 0);
 * ```
 */
export function normalScore(position: number, field: number): number {
  return probit((position - 0.5) / field);
}
