/// <reference lib="dom" />
/**
 * The dashboard's comparison of any two drivers (`#/compare/NOR/VER`, from
 * `/api/compare/:pair`): the season so far (who finished and started ahead
 * where both did), the championship, and race by race the head-to-head
 * chances of the races to come beside the results of those run.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { CompareResponse } from "../lib/format/api.ts";
import { formatChance, titleChanceTexts } from "../lib/report/presentation.ts";
import { api, app, chartWidth, escape, section } from "./dom.ts";

function chance(p: number | null): string {
  return p === null ? "-" : formatChance(p);
}

function chooser(drivers: ReadonlyArray<{ id: string; name: string }>, chosen: readonly string[]): string {
  const select = (name: string, value: string | undefined) =>
    `<select name="${name}" aria-label="${name} driver">${
      drivers.map((d) =>
        `<option value="${escape(d.id)}"${d.id === value ? " selected" : ""}>${escape(d.name)}</option>`
      )
        .join("")
    }</select>`;
  return `<form class="compare">${select("first", chosen[0])} against ${
    select("second", chosen[1])
  } <button type="submit">Compare</button></form>`;
}

function headToHeadChart(comparison: CompareResponse): Element | string {
  const toCome = comparison.races.filter((race) => race.race_ahead !== null);
  if (toCome.length === 0) return "";
  const [a, b] = comparison.drivers;
  return Plot.plot({
    width: chartWidth(640),
    height: 260,
    x: { label: "round", tickFormat: "d", ticks: Math.min(toCome.length, 12) },
    y: { label: `chance ${a} finishes ahead of ${b}`, percent: true, domain: [0, 100], grid: true },
    marks: [
      Plot.ruleY([0.5], { stroke: "#999", strokeDasharray: "4 3" }),
      Plot.line(toCome, { x: "round", y: "race_ahead" }),
      Plot.dot(toCome, { x: "round", y: "race_ahead", fill: "currentColor", r: 3 }),
    ],
  });
}

function racesTable(comparison: CompareResponse): string {
  const [a, b] = comparison.drivers.map(escape);
  return `<table class="compare-races"><tr><th>round</th><th>race</th><th>${a} ahead</th><th>${a} qualifies ahead</th>` +
    `<th>win ${a}</th><th>win ${b}</th><th>result ${a}</th><th>result ${b}</th></tr>${
      comparison.races.map((race) =>
        `<tr data-round="${race.round}"><td>${race.round}</td><td><a href="#/race/${race.round}">${
          escape(race.race)
        }</a></td><td>${chance(race.race_ahead)}</td><td>${chance(race.qualifying_ahead)}</td><td>${
          chance(race.win[0])
        }</td><td>${chance(race.win[1])}</td><td>${escape(String(race.result?.[0] ?? "-"))}</td><td>${
          escape(String(race.result?.[1] ?? "-"))
        }</td></tr>`
      ).join("")
    }</table>`;
}

/** `#/compare` (a choice of two drivers) or `#/compare/NOR/VER`. */
export async function comparePage(pair: readonly string[]): Promise<void> {
  const season = await api("/api/season");
  const drivers = season.season_projection?.drivers ?? [];
  const chosen = pair.length === 2 ? pair : drivers.slice(0, 2).map((d) => d.id);
  app.replaceChildren();
  app.insertAdjacentHTML("beforeend", `<h1>Compare two drivers</h1>${chooser(drivers, chosen)}`);
  app.querySelector("form.compare")!.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    location.hash = `#/compare/${form.get("first")}/${form.get("second")}`;
  });
  if (chosen.length < 2) return;
  const comparison = await api("/api/compare/:pair", `${chosen[0]}-${chosen[1]}`);
  const [a, b] = comparison.drivers;
  const { so_far } = comparison;
  const titles = season.season_projection === null
    ? new Map<string, string>()
    : titleChanceTexts(season.season_projection, "drivers");
  const standing = comparison.championship.map((line, i) =>
    line === null
      ? ""
      : `${escape(comparison.names[i])}: ${line.current_points} points, expected ${
        line.expected_points.toFixed(1)
      }, title ${titles.get(line.id)}`
  ).filter(Boolean).join("; ");
  app.append(section(
    `${comparison.names[0]} against ${comparison.names[1]}`,
    `<p class="so-far">So far: ${escape(a)} finished ahead of ${escape(b)} in ${so_far.ahead} of the ${so_far.races} ` +
      `races both were classified in, and started ahead in ${so_far.started_ahead} of ${so_far.starts}.</p>` +
      `<p class="meta">${standing}</p>`,
    headToHeadChart(comparison),
    racesTable(comparison),
  ));
}
