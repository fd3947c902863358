/**
 * Observable Plot marks that the report (drawn on the server) and the
 * dashboard (drawn in the browser) share, so a chart means the same in both.
 * Only Plot itself is imported here: the browser bundle takes this module.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { binsToLabel } from "./presentation.ts";
import type { TitleOddsAfterRound } from "../format/predictions.ts";

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
    Plot.line(points, { x: "forecast", y: "observed", stroke: "series", z: "series" }),
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
    Plot.line(points, { x: "round", y: "gap", stroke: "series", z: "series" }),
    Plot.dot(points, { x: "round", y: "gap", fill: "series", r: 3 }),
  ];
}

/** One contender's title chance after one round. */
export interface TitleOddsPoint {
  series: string;
  round: number;
  chance: number;
}

/**
 * The contenders of a championship over the rounds: everyone whose title chance reached `atLeast` after some
 * round, in the order of their chance after the latest round, each with the chance after every round.
 *
 * @example
 * ```ts
 * import { titleOddsPoints } from "./marks.ts";
 * import assert from "node:assert/strict";
 * const line = (id: string, title_probability: number) =>
 *   ({ id, name: id, title_probability, current_points: 0, expected_points: 0 });
 * const rounds = [
 *   { as_of_round: 1, drivers: [line("AAA", 0.6), line("BBB", 0.38), line("CCC", 0.02)], teams: [] },
 *   { as_of_round: 2, drivers: [line("BBB", 0.7), line("AAA", 0.3), line("CCC", 0)], teams: [] },
 * ];
 * const points = titleOddsPoints(rounds, { kind: "drivers", atLeast: 0.05 });
 * assert.deepEqual(points.map((p) => `${p.series}@${p.round}`), ["BBB@1", "BBB@2", "AAA@1", "AAA@2"]);
 * ```
 */
export function titleOddsPoints(
  rounds: readonly Pick<TitleOddsAfterRound, "as_of_round" | "drivers" | "teams">[],
  options: { kind: "drivers" | "teams"; atLeast: number },
): TitleOddsPoint[] {
  const latest = rounds.at(-1);
  if (latest === undefined) return [];
  const contenders = new Set(
    rounds.flatMap((round) =>
      round[options.kind].filter((l) => l.title_probability >= options.atLeast).map((l) => l.id)
    ),
  );
  const order = latest[options.kind].filter((line) => contenders.has(line.id));
  return order.flatMap(({ id, name }) =>
    rounds.map((round) => ({
      series: options.kind === "drivers" ? id : name,
      round: round.as_of_round,
      chance: round[options.kind].find((line) => line.id === id)?.title_probability ?? 0,
    }))
  );
}

/**
 * Title odds over the season: a line per contender, a dot per round, the title chance in percent on y. The series
 * channel is named as `z` too, so Plot does not guess one from the colours.
 *
 * @example
 * ```ts
 * import { titleOddsMarks } from "./marks.ts";
 * import assert from "node:assert/strict";
 * assert.equal(titleOddsMarks([{ series: "NOR", round: 1, chance: 0.6 }]).length, 2);
 * ```
 */
export function titleOddsMarks(points: readonly TitleOddsPoint[]): Plot.Markish[] {
  return [
    Plot.line(points, { x: "round", y: "chance", stroke: "series", z: "series" }),
    Plot.dot(points, { x: "round", y: "chance", fill: "series", r: 2.5 }),
  ];
}

/**
 * The colour of a finishing-position heatmap, in bands that start low: a midfield driver's chances are spread thin,
 * under 10% for every position, and a first band up to 10% would leave those rows blank.
 */
export const POSITION_COLOR = {
  type: "threshold",
  domain: [0.02, 0.05, 0.1, 0.2, 0.35],
  scheme: "blues",
  legend: true,
  label: "probability",
  tickFormat: ".0%",
} as const satisfies Plot.ScaleOptions & { legend: boolean };
