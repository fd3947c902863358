/// <reference lib="dom" />
/**
 * The dashboard's season pages: the season (`#/`: both championships, the
 * title odds after every round, how the finished races scored), the races
 * (`#/races`), and every driver and team (`#/drivers`, `#/teams`), each
 * linked to its own page.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { SeasonProjection, TitleOddsAfterRound } from "../lib/format/predictions.ts";
import type { RaceSummary } from "../lib/format/api.ts";
import type { ReliabilityBin } from "../lib/format/scores.ts";
import { reliabilityMarks, titleOddsMarks, titleOddsPoints } from "../lib/report/marks.ts";
import { formatChance, formatPointsInterval, horizonText, titleChanceTexts } from "../lib/report/presentation.ts";
import { api, app, chartWidth, escape, section } from "./dom.ts";

function reliability(bins: Record<string, ReliabilityBin[]>): Node {
  const points = Object.entries(bins).flatMap(([series, list]) => list.map((bin) => ({ series, ...bin })));
  return Plot.plot({
    width: chartWidth(460),
    height: 400,
    x: { domain: [0, 1], label: "forecast probability" },
    y: { domain: [0, 1], label: "observed frequency" },
    color: { legend: true },
    marks: reliabilityMarks(points),
  });
}

function pageOf(kind: "drivers" | "teams"): string {
  return kind === "drivers" ? "driver" : "team";
}

/** The standings of a championship, every line linked to its page, with title chances worded as the season page does. */
export function standingsTable(projection: SeasonProjection, kind: "drivers" | "teams"): string {
  const chances = titleChanceTexts(projection, kind);
  return `<table class="standings" data-kind="${kind}"><tr><th>${
    kind === "drivers" ? "driver" : "team"
  }</th><th>points</th><th>expected</th><th>80% interval</th><th>title</th></tr>${
    projection[kind].map((line) =>
      `<tr data-standing="${escape(line.id)}"><td><a href="#/${pageOf(kind)}/${escape(line.id)}">${
        escape(line.name)
      }</a></td><td>${line.current_points}</td><td>${line.expected_points.toFixed(1)}</td><td>${
        formatPointsInterval(line.points_interval_80)
      }</td><td>${chances.get(line.id)}</td></tr>`
    ).join("")
  }</table>`;
}

/** A championship: expected points with their 80% interval for the leading ten, and the whole standings. */
function championshipSection(projection: SeasonProjection, kind: "drivers" | "teams"): Element {
  const top = projection[kind].slice(0, 10);
  const label = (line: typeof top[number]) => kind === "drivers" ? line.id : line.name;
  return section(
    `${kind === "drivers" ? "Drivers'" : "Constructors'"} championship after round ${projection.as_of_round}`,
    Plot.plot({
      width: chartWidth(640),
      height: 60 + 22 * top.length,
      marginLeft: kind === "drivers" ? 45 : 110,
      x: { label: "final points: expected (dot) and 80% interval" },
      y: { domain: top.map(label), label: null },
      marks: [
        Plot.ruleY(top, { y: label, x1: (d) => d.points_interval_80[0], x2: (d) => d.points_interval_80[1] }),
        Plot.dot(top, { y: label, x: "expected_points", fill: "currentColor" }),
      ],
    }),
    standingsTable(projection, kind),
  );
}

/** Title odds after each round: a line per contender (anyone who reached 2 % after some round). */
function titleOddsChart(rounds: readonly TitleOddsAfterRound[], kind: "drivers" | "teams"): Element {
  const points = titleOddsPoints(rounds, { kind, atLeast: 0.02 });
  return Plot.plot({
    width: chartWidth(640),
    height: 300,
    marginRight: 20,
    x: { label: "after round", tickFormat: "d", ticks: Math.min(rounds.length, 12) },
    y: { label: "title chance", percent: true, domain: [0, 100], grid: true },
    color: { legend: true },
    marks: [Plot.ruleY([0]), ...titleOddsMarks(points)],
  });
}

function racesTable(races: readonly RaceSummary[]): string {
  return `<table class="races"><tr><th>round</th><th>race</th><th>date</th><th>forecast</th><th>favourite</th><th>winner</th></tr>${
    races.map((race) =>
      `<tr><td>${race.round}</td><td><a href="#/race/${race.round}">${
        escape(race.name)
      }</a></td><td>${race.date}</td><td>${horizonText(race.as_of)}</td><td>${
        race.favourite ? `${escape(race.favourite.driver)} ${formatChance(race.favourite.win_probability)}` : "-"
      }</td><td>${race.winner ? escape(race.winner) : ""}</td></tr>`
    ).join("")
  }</table>`;
}

/** The season page. */
export async function seasonPage(): Promise<void> {
  const [season, races, odds] = await Promise.all([api("/api/season"), api("/api/races"), api("/api/title-odds")]);
  const meta = season.metadata;
  app.replaceChildren();
  app.insertAdjacentHTML(
    "beforeend",
    `<h1>Season ${meta.season}</h1><p class="meta">Predictions of ${escape(meta.generated_at)}, model ${
      escape(meta.model_version)
    }${meta.source ? `. Data: ${escape(meta.source)}` : ""}</p>`,
  );
  if (odds.rounds.length > 0) {
    const first = odds.rounds[0].as_of_round, last = odds.rounds.at(-1)!.as_of_round;
    app.append(section(
      `Title odds after each round (rounds ${first}-${last})`,
      `<p class="meta">Each point is the championship projected from the data up to that race only.</p>`,
      titleOddsChart(odds.rounds, "drivers"),
      titleOddsChart(odds.rounds, "teams"),
    ));
  }
  if (season.season_projection !== null) {
    app.append(championshipSection(season.season_projection, "drivers"));
    app.append(championshipSection(season.season_projection, "teams"));
  }
  app.append(section("Races", racesTable(races)));
  if (season.calibration !== null && season.scores !== null) {
    app.append(section(
      "Calibration of past races",
      `<p>${season.scores.races} races scored: winner log-loss ${season.scores.winner_logloss.toFixed(3)}, RPS@10 ${
        season.scores.rps10.toFixed(4)
      }. Forecasts as stored, from data before each race, against what happened; numbers are forecasts per bin.</p>`,
      reliability({ win: season.calibration.win.bins, podium: season.calibration.podium.bins }),
    ));
  }
}

/** `#/races`: every race of the season. */
export async function racesPage(): Promise<void> {
  const races = await api("/api/races");
  app.replaceChildren(section("Races", racesTable(races)));
}

/** `#/drivers` or `#/teams`: every driver or team of the championship, each linked to its page. */
export async function peoplePage(kind: "drivers" | "teams"): Promise<void> {
  const season = await api("/api/season");
  app.replaceChildren();
  if (season.season_projection === null) {
    app.append(section(kind === "drivers" ? "Drivers" : "Teams", "<p>No championship projection in this file.</p>"));
    return;
  }
  app.append(section(kind === "drivers" ? "Drivers" : "Teams", standingsTable(season.season_projection, kind)));
}
