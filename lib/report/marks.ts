/**
 * Observable Plot marks that the report (drawn on the server) and the
 * dashboard (drawn in the browser) share, so a chart means the same in both.
 * Only Plot itself is imported here: the browser bundle takes this module.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { binsToLabel } from "./presentation.ts";

/** One calibration bin of one series (a tier or a model). */
export interface ReliabilityPoint {
  series: string;
  forecast: number;
  observed: number;
  count: number;
}

/**
 * A reliability diagram's marks: the diagonal of perfect calibration, each
 * series' bins joined by a line, a dot per bin (sized by its count when
 * `sizedByCount`), and the counts where they have room (`binsToLabel`).
 *
 * @example
 * ```ts
 * import { reliabilityMarks } from "./marks.ts";
 * import assert from "node:assert/strict";
 * assert.equal(reliabilityMarks([{ series: "win", forecast: 0.1, observed: 0.12, count: 40 }]).length, 4);
 * ```
 */
export function reliabilityMarks(
  points: readonly ReliabilityPoint[],
  options: { sizedByCount?: boolean } = {},
): Plot.Markish[] {
  return [
    Plot.line([[0, 0], [1, 1]], { stroke: "#999", strokeDasharray: "4 3" }),
    Plot.line(points, { x: "forecast", y: "observed", stroke: "series" }),
    Plot.dot(points, { x: "forecast", y: "observed", fill: "series", r: options.sizedByCount ? "count" : 4 }),
    Plot.text(binsToLabel(points), {
      x: "forecast",
      y: "observed",
      text: (d: ReliabilityPoint) => String(d.count),
      dy: -11,
      fontSize: 9,
    }),
  ];
}

/** One point of a strength series: a race, and the belief the forecast of it used. */
export interface StrengthPoint {
  series: string;
  round: number;
  gap: number;
  low: number;
  high: number;
}

/**
 * Strength over time: per series, the 80% interval as a band and the
 * expected gap as a line with a dot per race. Gaps are % of a lap behind
 * each forecast's fastest; the caller reverses y so that faster is higher.
 *
 * @example
 * ```ts
 * import { strengthMarks } from "./marks.ts";
 * import assert from "node:assert/strict";
 * assert.equal(strengthMarks([{ series: "NOR", round: 1, gap: 0.1, low: -0.2, high: 0.4 }]).length, 3);
 * ```
 */
export function strengthMarks(points: readonly StrengthPoint[]): Plot.Markish[] {
  return [
    Plot.areaY(points, { x: "round", y1: "low", y2: "high", fill: "series", fillOpacity: 0.15, z: "series" }),
    Plot.line(points, { x: "round", y: "gap", stroke: "series" }),
    Plot.dot(points, { x: "round", y: "gap", fill: "series", r: 3 }),
  ];
}
