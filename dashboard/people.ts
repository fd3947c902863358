/// <reference lib="dom" />
/**
 * The dashboard's driver page (`#/driver/NOR`, from `/api/drivers/:code`) and
 * team page (`#/team/mclaren`, from `/api/teams/:id`): strength over time
 * with its 80% interval, the season's results against their forecasts, the
 * head-to-head with the team-mate, and the races to come.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { StandingProjection, StrengthLine } from "../lib/format/predictions.ts";
import { strengthMarks, type StrengthPoint } from "../lib/report/marks.ts";
import { formatChance, formatPointsInterval, titleChanceTexts } from "../lib/report/presentation.ts";
import { api, app, chartWidth, escape, section } from "./dom.ts";

/** Strength over time as a chart: faster is higher. */
function strengthChart(points: readonly StrengthPoint[]): Element {
  return Plot.plot({
    width: chartWidth(900),
    height: 320,
    x: { label: "round", ticks: [...new Set(points.map((p) => p.round))], tickFormat: "d" },
    y: { label: "gap to the fastest, % of a lap (80% interval shaded)", reverse: true, grid: true },
    color: { legend: points.some((p) => p.series !== points[0].series) },
    marks: strengthMarks(points),
  });
}

function pointOf(series: string, round: number, line: StrengthLine | null): StrengthPoint[] {
  return line === null ? [] : [{ series, round, gap: line.gap, low: line.interval[0], high: line.interval[1] }];
}

/** A championship line, its title chance worded as the season page words it ("clinched", "eliminated"). */
async function championshipLine(line: StandingProjection | null, kind: "drivers" | "teams"): Promise<string> {
  if (line === null) return "";
  const projection = (await api("/api/season")).season_projection;
  const title = projection === null
    ? formatChance(line.title_probability)
    : titleChanceTexts(projection, kind).get(line.id);
  return `${line.current_points} points; expected ${line.expected_points.toFixed(1)} (80%: ${
    formatPointsInterval(line.points_interval_80)
  }); title ${title}`;
}

/** A driver's page. */
export async function driverPage(code: string): Promise<void> {
  const driver = await api("/api/drivers/:code", code);
  const mate = driver.races.findLast((race) => race.team_mate !== null)?.team_mate?.driver;
  const mateRaces = mate === undefined ? [] : (await api("/api/drivers/:code", mate)).races;
  const team = driver.races.at(-1)?.team ?? "";
  app.replaceChildren();
  app.insertAdjacentHTML(
    "beforeend",
    `<h1>${escape(driver.name)}</h1><p class="meta">${escape(team)}; ${
      escape(await championshipLine(driver.championship, "drivers"))
    }</p><p><a href="${
      mate === undefined ? "#/compare" : `#/compare/${escape(driver.driver)}/${escape(mate)}`
    }">compare with another driver</a></p>`,
  );
  const points = [
    ...driver.races.flatMap((race) => pointOf(driver.driver, race.round, race.strength)),
    ...mateRaces.flatMap((race) => pointOf(mate!, race.round, race.strength)),
  ];
  if (points.length > 0) app.append(section("Strength over time", strengthChart(points)));
  const run = driver.races.filter((race) => race.actual_position !== null);
  const toCome = driver.races.filter((race) => race.actual_position === null);
  app.append(section(
    "Results against forecasts",
    `<table class="driver-results"><tr><th>round</th><th>race</th><th>win</th><th>podium</th><th>expected</th><th>result</th></tr>${
      run.map((race) =>
        `<tr><td>${race.round}</td><td><a href="#/race/${race.round}">${escape(race.race)}</a></td><td>${
          formatChance(race.win_probability)
        }</td><td>${formatChance(race.podium_probability)}</td><td>${race.expected_position.toFixed(1)}</td><td>${
          escape(String(race.actual_position))
        }</td></tr>`
      ).join("")
    }</table>`,
  ));
  const pairs = driver.races.filter((race) => race.team_mate !== null);
  if (pairs.length > 0) {
    const ran = pairs.filter((race) => race.team_mate!.ahead !== null);
    const ahead = ran.filter((race) => race.team_mate!.ahead).length;
    app.append(section(
      `Head to head with team-mates: ahead in ${ahead} of ${ran.length} races run`,
      `<table class="driver-head-to-head"><tr><th>round</th><th>team-mate</th><th>chance ahead</th><th>ahead</th></tr>${
        pairs.map((race) =>
          `<tr><td>${race.round}</td><td><a href="#/driver/${escape(race.team_mate!.driver)}">${
            escape(race.team_mate!.driver)
          }</a></td><td>${formatChance(race.team_mate!.race)}</td><td>${
            race.team_mate!.ahead === null ? "-" : race.team_mate!.ahead ? "yes" : "no"
          }</td></tr>`
        ).join("")
      }</table>`,
    ));
  }
  if (toCome.length > 0) {
    app.append(section(
      "Races to come",
      `<table class="driver-to-come"><tr><th>round</th><th>race</th><th>win</th><th>podium</th><th>points</th></tr>${
        toCome.map((race) =>
          `<tr><td>${race.round}</td><td><a href="#/race/${race.round}">${escape(race.race)}</a></td><td>${
            formatChance(race.win_probability)
          }</td><td>${formatChance(race.podium_probability)}</td><td>${formatChance(race.points_probability)}</td></tr>`
        ).join("")
      }</table>`,
    ));
  }
}

/** A team's page. */
export async function teamPage(id: string): Promise<void> {
  const team = await api("/api/teams/:id", id);
  app.replaceChildren();
  app.insertAdjacentHTML(
    "beforeend",
    `<h1>${escape(team.name)}</h1><p class="meta">${escape(await championshipLine(team.championship, "teams"))}</p>`,
  );
  const points = team.races.flatMap((race) => pointOf(team.name, race.round, race.strength));
  if (points.length > 0) app.append(section("Strength over time (the car)", strengthChart(points)));
  app.append(section(
    "Drivers, race by race",
    `<table class="team-races"><tr><th>round</th><th>race</th><th>driver</th><th>win</th><th>podium</th><th>expected points</th><th>result</th></tr>${
      team.races.flatMap((race) =>
        race.drivers.map((d) =>
          `<tr><td>${race.round}</td><td><a href="#/race/${race.round}">${escape(race.race)}</a></td>` +
          `<td><a href="#/driver/${escape(d.driver)}">${escape(d.name)}</a></td><td>${
            formatChance(d.win_probability)
          }</td><td>${formatChance(d.podium_probability)}</td><td>${d.expected_points.toFixed(1)}</td><td>${
            escape(String(d.actual_position ?? "-"))
          }</td></tr>`
        )
      ).join("")
    }</table>`,
  ));
}
