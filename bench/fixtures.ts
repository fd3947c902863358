/**
 * Ready-made fields for benchmarks, examples and tests.
 *
 * @module
 */

import type { DriverPace } from "../lib/sim/simulate.ts";

/**
 * A plausible field of `size` drivers: paces 0.08 s/lap apart, two drivers
 * per team, grid in pace order, typical modern reliability.
 *
 * @example
 * ```ts
 * import { benchmarkField } from "./fixtures.ts";
 * import assert from "node:assert/strict";
 * assert.equal(benchmarkField(20).length, 20);
 * ```
 */
export function benchmarkField(size: number): DriverPace[] {
  return Array.from({ length: size }, (_, i) => ({
    pace: 0.08 * i,
    paceSpread: 0.25,
    grid: i + 1,
    mechanicalDnf: 0.04,
    incidentDnf: 0.03,
    wetSkill: ((i * 7) % 5 - 2) * 0.05,
    team: Math.floor(i / 2),
  }));
}
