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
