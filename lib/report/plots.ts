/**
 * Charts as standalone SVG, drawn with Observable Plot outside a browser:
 * linkedom supplies the document Plot draws into.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { Calibration } from "./calibration.ts";

type PlotDocument = NonNullable<Plot.PlotOptions["document"]>;

/** What the charts read of the node Plot returns (DOM types are not in Deno's default library). */
interface RenderedNode {
  tagName: string;
  outerHTML: string;
  setAttribute(name: string, value: string): void;
}

/** A document for Plot to draw into, outside a browser. */
function plotDocument(): PlotDocument {
  const { document } = parseHTML("<!doctype html><html><body></body></html>") as unknown as { document: PlotDocument };
  return document;
}

/** Standalone SVG text: a bare `<svg>` needs its namespace to open on its own. */
function svgText(node: RenderedNode): string {
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
      Plot.line([[0, 0], [1, 1]], { stroke: "#999", strokeDasharray: "4 3" }),
      Plot.line(points, { x: "forecast", y: "observed", stroke: "series" }),
      Plot.dot(points, { x: "forecast", y: "observed", r: "count", fill: "series" }),
      Plot.text(points, { x: "forecast", y: "observed", text: (d) => String(d.count), dy: -11, fontSize: 9 }),
      Plot.text(ends, { x: "forecast", y: "observed", text: "series", fill: "series", dx: 12, textAnchor: "start" }),
      Plot.text([title], { frameAnchor: "top-left", dy: -28, fontSize: 14, fontWeight: "bold" }),
    ],
  });
  return svgText(chart as unknown as RenderedNode);
}
