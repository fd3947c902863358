/**
 * The title odds over the season as a standalone SVG for the report: a line
 * per contender, each named at its end (Plot's legend would wrap the chart in
 * an HTML figure), drawn from the same marks as the dashboard's chart.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { TitleOddsAfterRound } from "../format/predictions.ts";
import { titleOddsMarks, titleOddsPoints } from "./marks.ts";
import { plotDocument, type RenderedNode, svgText, titleMark } from "./plots.ts";

/**
 * Title odds after each round of `kind`'s championship: everyone who reached 2 % after some round.
 *
 * @example
 * ```ts
 * import { titleOddsChart } from "./title_odds_plot.ts";
 * import assert from "node:assert/strict";
 * const line = (id: string, title_probability: number) =>
 *   ({ id, name: id, title_probability, current_points: 0, expected_points: 0 });
 * const rounds = [1, 2].map((as_of_round) =>
 *   ({ as_of_round, simulations: 1000, drivers: [line("NOR", 0.6), line("PIA", 0.4)], teams: [] }));
 * assert.match(titleOddsChart(rounds, { kind: "drivers", title: "Drivers' title odds" }), /^<svg[\s\S]*NOR[\s\S]*<\/svg>$/);
 * ```
 */
export function titleOddsChart(
  rounds: readonly TitleOddsAfterRound[],
  options: { kind: "drivers" | "teams"; title: string },
): string {
  const points = titleOddsPoints(rounds, { kind: options.kind, atLeast: 0.02 });
  const last = rounds.at(-1)?.as_of_round;
  // Each line named at its end; names of lines that end close together are spread apart, each at least 4.5 points
  // of a percent above the one below it, so that contenders eliminated together do not print over one another.
  const ends = points.filter((point) => point.round === last).sort((a, b) => a.chance - b.chance);
  for (let i = 1; i < ends.length; i++) {
    ends[i] = { ...ends[i], chance: Math.max(ends[i].chance, ends[i - 1].chance + 0.045) };
  }
  const chart = Plot.plot({
    document: plotDocument(),
    width: 560,
    height: 320,
    marginTop: 40,
    marginRight: 90,
    x: { label: "after round", tickFormat: "d" },
    y: {
      label: "title chance (%)",
      percent: true,
      grid: true,
      domain: [Math.min(0, 100 * (ends.at(-1)?.chance ?? 0)), 100],
    },
    color: { type: "categorical" },
    marks: [
      ...titleOddsMarks(points),
      Plot.text(ends, { x: "round", y: "chance", text: "series", fill: "series", dx: 6, textAnchor: "start" }),
      titleMark(options.title),
    ],
  });
  return svgText(chart as unknown as RenderedNode);
}
