/**
 * Charts as standalone SVG, drawn with Observable Plot outside a browser:
 * linkedom supplies the document Plot draws into.
 *
 * @module
 */

import { startedRace } from "../data/format.ts";
import { formatChance, scenarioColors } from "./presentation.ts";
import { POSITION_COLOR, reliabilityMarks, strengthMarks, type StrengthPoint } from "./marks.ts";
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { Calibration } from "../format/scores.ts";

type PlotDocument = NonNullable<Plot.PlotOptions["document"]>;

/** What the charts read of the node Plot returns (DOM types are not in Deno's default library). */
export interface RenderedNode {
  tagName: string;
  outerHTML: string;
  setAttribute(name: string, value: string): void;
}

/** A document for Plot to draw into, outside a browser. */
export function plotDocument(): PlotDocument {
  const { document } = parseHTML("<!doctype html><html><body></body></html>") as unknown as { document: PlotDocument };
  return document;
}

/** Standalone SVG text: a bare `<svg>` needs its namespace to open on its own. */
export function svgText(node: RenderedNode): string {
  if (node.tagName.toLowerCase() === "svg") node.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return node.outerHTML;
}

/**
 * A reliability diagram: forecast probability against observed frequency per
 * bin, one line per series (a model, or a tier) labelled at its end, the
 * bin's count beside each dot, and the diagonal a calibrated forecast would
 * follow. Plain SVG: a Plot legend or title would wrap it in an HTML figure.
 *
 * @example
 * ```ts ignore
 * import { reliabilityDiagram } from "./plots.ts";
 * await Deno.writeTextFile("podium.svg", reliabilityDiagram({ bayes: rows[0].calibration.podium }, "Podium, 2025"));
 * ```
 */
export function reliabilityDiagram(series: Readonly<Record<string, Calibration>>, title: string): string {
  const points = Object.entries(series).flatMap(([name, calibration]) =>
    calibration.bins.map((bin) => ({ series: name, forecast: bin.forecast, observed: bin.observed, count: bin.count }))
  );
  const ends = Object.keys(series).flatMap((name) => points.filter((p) => p.series === name).slice(-1));
  const chart = Plot.plot({
    document: plotDocument(),
    width: 560,
    height: 480,
    marginTop: 40,
    marginRight: 80,
    x: { domain: [0, 1], label: "forecast probability" },
    y: { domain: [0, 1], label: "observed frequency" },
    color: { type: "categorical" },
    r: { range: [2, 9] },
    marks: [
      ...reliabilityMarks(points, { sizedByCount: true }),
      Plot.text(ends, { x: "forecast", y: "observed", text: "series", fill: "series", dx: 12, textAnchor: "start" }),
      Plot.text([title], { frameAnchor: "top-left", dy: -28, fontSize: 14, fontWeight: "bold" }),
    ],
  });
  return svgText(chart as unknown as RenderedNode);
}

/** A forecast row as the charts read it (the predictions file's driver line). */
export interface ChartForecastRow {
  driver: string;
  win_probability: number;
  podium_probability: number;
  expected_position: number;
  position_probabilities: readonly number[];
}

/** A chart's title as a text mark, centred above the frame (clear of the y-axis label at the top left). */
export function titleMark(title: string): Plot.Markish {
  return Plot.text([title], { frameAnchor: "top", dy: -28, fontSize: 14, fontWeight: "bold" });
}

/**
 * Win and podium probability per driver, favourites first: the podium bar
 * pale behind the win bar, the win probability written at its end.
 *
 * @example
 * ```ts ignore
 * import { winProbabilityChart } from "./plots.ts";
 * const svg = winProbabilityChart(document.predictions["Bahrain Grand Prix"].predictions, "Bahrain: win and podium");
 * ```
 */
export function winProbabilityChart(rows: readonly ChartForecastRow[], title: string): string {
  const order = [...rows].sort((a, b) => b.win_probability - a.win_probability).map((row) => row.driver);
  const chart = Plot.plot({
    document: plotDocument(),
    width: 640,
    height: 60 + 18 * rows.length,
    marginTop: 40,
    marginLeft: 50,
    x: { domain: [0, 100], label: "probability (%)", grid: true, percent: true },
    y: { domain: order, label: null },
    marks: [
      Plot.barX(rows, { x: "podium_probability", y: "driver", fill: "#c6dbef" }),
      Plot.barX(rows, { x: "win_probability", y: "driver", fill: "#2171b5" }),
      Plot.text(rows, {
        x: "podium_probability",
        y: "driver",
        text: (d: ChartForecastRow) => `win ${formatChance(d.win_probability)}`,
        dx: 4,
        textAnchor: "start",
        fontSize: 10,
      }),
      titleMark(title),
    ],
  });
  return svgText(chart as unknown as RenderedNode);
}

/**
 * Each driver's probability of each finishing position as a heatmap, drivers
 * in order of expected position, with a quantized colour legend (Plot puts
 * chart and legend in an HTML `<figure>`: for a page, not a standalone file).
 *
 * @example
 * ```ts ignore
 * import { positionHeatmap } from "./plots.ts";
 * const html = positionHeatmap(race.predictions, "Bahrain: finishing positions");
 * ```
 */
export function positionHeatmap(rows: readonly ChartForecastRow[], title: string): string {
  const order = [...rows].sort((a, b) => a.expected_position - b.expected_position).map((row) => row.driver);
  const cells = rows.flatMap((row) =>
    row.position_probabilities.map((probability, k) => ({ driver: row.driver, position: k + 1, probability }))
  );
  const chart = Plot.plot({
    document: plotDocument(),
    width: 640,
    height: 70 + 18 * rows.length,
    marginTop: 40,
    marginLeft: 50,
    x: { label: "finishing position", type: "band" },
    y: { domain: order, label: null },
    color: POSITION_COLOR,
    marks: [
      Plot.cell(cells, { x: "position", y: "driver", fill: "probability", inset: 0.5 }),
      titleMark(title),
    ],
  });
  return (chart as unknown as RenderedNode).outerHTML;
}

/**
 * Win probability of the leading drivers under each scenario, one column of
 * dots per driver and one colour per scenario, named at the top right.
 *
 * @example
 * ```ts ignore
 * import { scenarioComparison } from "./plots.ts";
 * const svg = scenarioComparison(race.scenarios, "Bahrain: by scenario");
 * ```
 */
export function scenarioComparison(
  scenarios: Readonly<Record<string, readonly ChartForecastRow[]>>,
  title: string,
  drivers = 8,
): string {
  const names = Object.keys(scenarios);
  const leaders = [...(scenarios[names[0]] ?? [])].sort((a, b) => b.win_probability - a.win_probability)
    .slice(0, drivers).map((row) => row.driver);
  const points = names.flatMap((scenario) =>
    leaders.flatMap((driver) => {
      const row = scenarios[scenario].find((r) => r.driver === driver);
      return row === undefined ? [] : [{ scenario, driver, win: row.win_probability }];
    })
  );
  const chart = Plot.plot({
    document: plotDocument(),
    width: 640,
    height: 360,
    marginTop: 40,
    marginRight: 90,
    x: { domain: leaders, label: null },
    y: { label: "win probability (%)", grid: true, percent: true },
    color: { type: "categorical", domain: names, range: scenarioColors(names) },
    marks: [
      Plot.line(points, { x: "driver", y: "win", stroke: "scenario", strokeOpacity: 0.4 }),
      Plot.dot(points, { x: "driver", y: "win", fill: "scenario", r: 4 }),
      // A legend as text: Plot's own legend would wrap the chart in an HTML figure.
      ...names.map((name, i) =>
        Plot.text([name], { frameAnchor: "top-right", dx: 80, dy: 16 * i, text: (d) => d, fill: (d) => d })
      ),
      titleMark(title),
    ],
  });
  return svgText(chart as unknown as RenderedNode);
}

/**
 * A finished race: each driver's forecast (expected position, with the
 * 10-90% range of the position distribution) against where they finished,
 * and the diagonal of a perfect forecast.
 *
 * @example
 * ```ts ignore
 * import { forecastVsResult } from "./plots.ts";
 * const svg = forecastVsResult(race.predictions, race.actual, "Bahrain: forecast and result");
 * ```
 */
export function forecastVsResult(
  rows: readonly ChartForecastRow[],
  actual: ReadonlyArray<{ driver: string; position: number | string }>,
  title: string,
): string {
  const classified = actual.filter(startedRace);
  const place = new Map(classified.map((row, k) => [row.driver, k + 1]));
  const quantile = (p: readonly number[], q: number) => {
    let sum = 0;
    for (let k = 0; k < p.length; k++) if ((sum += p[k]) >= q) return k + 1;
    return p.length;
  };
  const points = rows.filter((row) => place.has(row.driver)).map((row) => ({
    driver: row.driver,
    expected: row.expected_position,
    low: quantile(row.position_probabilities, 0.1),
    high: quantile(row.position_probabilities, 0.9),
    finished: place.get(row.driver)!,
    retired: typeof classified.find((r) => r.driver === row.driver)!.position !== "number",
  }));
  const n = Math.max(1, classified.length);
  const chart = Plot.plot({
    document: plotDocument(),
    width: 560,
    height: 520,
    marginTop: 40,
    x: { domain: [0.5, n + 0.5], label: "forecast position (expected, 10-90% range)" },
    y: { domain: [n + 0.5, 0.5], label: "classified position" },
    marks: [
      Plot.line([[0.5, 0.5], [n + 0.5, n + 0.5]], { stroke: "#999", strokeDasharray: "4 3" }),
      Plot.ruleY(points, { y: "finished", x1: "low", x2: "high", stroke: "#9ecae1" }),
      Plot.dot(points, { x: "expected", y: "finished", fill: (d) => d.retired ? "#cb181d" : "#2171b5", r: 4 }),
      Plot.text(points, { x: "expected", y: "finished", text: "driver", dx: 8, textAnchor: "start", fontSize: 9 }),
      titleMark(title),
    ],
  });
  return svgText(chart as unknown as RenderedNode);
}

/**
 * How a driver's win probability moves with their weight: one line per
 * driver, weight on a log scale (1 = no change), labelled at the right.
 *
 * @example
 * ```ts ignore
 * import { weightSensitivityChart } from "./plots.ts";
 * const svg = weightSensitivityChart([{ driver: "NOR", weight: 1, win: 0.3 }, { driver: "NOR", weight: 1.3, win: 0.45 }], "NOR");
 * ```
 */
export function weightSensitivityChart(
  points: ReadonlyArray<{ driver: string; weight: number; win: number }>,
  title: string,
): string {
  const ends = [...new Set(points.map((p) => p.driver))].flatMap((driver) =>
    points.filter((p) => p.driver === driver).slice(-1)
  );
  const chart = Plot.plot({
    document: plotDocument(),
    width: 560,
    height: 360,
    marginTop: 40,
    marginRight: 60,
    x: {
      type: "log",
      label: "weight (1 = as the model has it)",
      ticks: [...new Set(points.map((p) => p.weight))],
      // Plot's default log-axis format writes 0.8 as "800m" and leaves some ticks bare.
      tickFormat: (w: number) => String(Number(w.toFixed(2))),
    },
    y: { label: "win probability (%)", grid: true, percent: true, domain: [0, 100] },
    color: { type: "categorical" },
    marks: [
      Plot.ruleX([1], { stroke: "#999", strokeDasharray: "4 3" }),
      Plot.line(points, { x: "weight", y: "win", stroke: "driver", z: "driver" }),
      Plot.dot(points, { x: "weight", y: "win", fill: "driver", r: 2.5 }),
      Plot.text(ends, { x: "weight", y: "win", text: "driver", fill: "driver", dx: 8, textAnchor: "start" }),
      titleMark(title),
    ],
  });
  return svgText(chart as unknown as RenderedNode);
}

/**
 * The championship projection: expected final points with their 80%
 * interval and the points so far, one row per driver or team (by name), with
 * each one's title chance written in a column at the right.
 *
 * @example
 * ```ts ignore
 * import { championshipChart } from "./plots.ts";
 * const svg = championshipChart(projection.drivers.slice(0, 10), { title: "Drivers' title", chances: titleChanceTexts(projection, "drivers") });
 * ```
 */
export function championshipChart(
  lines: ReadonlyArray<{
    id: string;
    name: string;
    current_points: number;
    expected_points: number;
    points_interval_80: readonly [number, number] | readonly number[];
    title_probability: number;
  }>,
  options: { title: string; chances?: ReadonlyMap<string, string> },
): string {
  const { title, chances } = options;
  const label = (line: { id: string; name: string }) => line.name.length > 18 ? line.id : line.name;
  const order = lines.map(label);
  const rows = lines.map((line) => ({
    id: label(line),
    chance: chances?.get(line.id) ?? formatChance(line.title_probability),
    now: line.current_points,
    expected: line.expected_points,
    low: line.points_interval_80[0],
    high: line.points_interval_80[1],
  }));
  const chart = Plot.plot({
    document: plotDocument(),
    width: 640,
    height: 70 + 20 * rows.length,
    marginTop: 40,
    marginLeft: 120,
    marginRight: 80,
    x: { label: "final points: now (grey), expected (dot), 80% interval (line)", grid: true },
    y: { domain: order, label: null },
    marks: [
      Plot.ruleY(rows, { y: "id", x1: "low", x2: "high", stroke: "#2171b5", strokeWidth: 2 }),
      Plot.tickX(rows, { y: "id", x: "now", stroke: "#999" }),
      Plot.dot(rows, { y: "id", x: "expected", fill: "#2171b5", r: 4 }),
      Plot.text(rows, { y: "id", frameAnchor: "right", text: "chance", dx: 12, textAnchor: "start", fontSize: 10 }),
      titleMark(`${title} (title chance at right)`),
    ],
  });
  return svgText(chart as unknown as RenderedNode);
}

/**
 * Strength over time: each series' gap to the fastest, race by race, with its
 * 80% interval shaded (`strengthMarks`, as on the dashboard's driver and team
 * pages); faster is higher.
 *
 * @example
 * ```ts
 * import { strengthOverTimeChart } from "./plots.ts";
 * import assert from "node:assert/strict";
 * const svg = strengthOverTimeChart([{ series: "McLaren", round: 1, gap: 0.1, low: -0.1, high: 0.3 }], "Cars");
 * assert.match(svg, /^<svg/);
 * ```
 */
export function strengthOverTimeChart(points: readonly StrengthPoint[], title: string): string {
  const series = [...new Set(points.map((p) => p.series))];
  const chart = Plot.plot({
    document: plotDocument(),
    width: 640,
    height: 360,
    marginTop: 40,
    marginRight: 110,
    x: { label: "round", ticks: [...new Set(points.map((p) => p.round))], tickFormat: "d" },
    y: { label: "gap to the fastest, % of a lap", reverse: true, grid: true },
    color: { type: "categorical", domain: series },
    marks: [
      ...strengthMarks(points),
      // A legend as text: Plot's own legend would wrap the chart in an HTML figure.
      ...series.map((name, i) =>
        Plot.text([name], { frameAnchor: "top-right", dx: 105, dy: 14 * i, text: (d) => d, fill: (d) => d })
      ),
      titleMark(title),
    ],
  });
  return svgText(chart as unknown as RenderedNode);
}
