/// <reference lib="dom" />
/**
 * The dashboard, in the browser: reads the API, draws with Observable Plot
 * (bundled with this file, so nothing comes from a CDN), and redraws when
 * `/api/events` says new predictions have landed. Pages by URL hash: the
 * season (`#/`), a race (`#/race/12`), a driver (`#/driver/NOR`) and a team
 * (`#/team/mclaren`).
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { SeasonProjection } from "../lib/format/predictions.ts";
import type { HistoryResponse, RaceResponse } from "../lib/format/api.ts";
import type { ReliabilityBin } from "../lib/format/scores.ts";
import { reliabilityMarks } from "../lib/report/marks.ts";
import { api, app, escape, section } from "./dom.ts";
import { driverPage, teamPage } from "./people.ts";
import {
  formatChance,
  formatPointsInterval,
  headToHeadTableHtml,
  horizonText,
  qualifyingTableHtml,
  scenarioColors,
  sprintTableHtml,
  titleChanceTexts,
} from "../lib/report/presentation.ts";

function reliability(bins: Record<string, ReliabilityBin[]>): Node {
  const points = Object.entries(bins).flatMap(([series, list]) => list.map((bin) => ({ series, ...bin })));
  return Plot.plot({
    width: 460,
    height: 400,
    x: { domain: [0, 1], label: "forecast probability" },
    y: { domain: [0, 1], label: "observed frequency" },
    color: { legend: true },
    marks: reliabilityMarks(points),
  });
}

/** A championship (drivers' or constructors'): expected points with their 80% interval, and the standings with title chances. */
function championshipSection(projection: SeasonProjection, kind: "drivers" | "teams"): Element {
  const top = projection[kind].slice(0, 10);
  const chances = titleChanceTexts(projection, kind);
  return section(
    `${kind === "drivers" ? "Drivers'" : "Constructors'"} championship after round ${projection.as_of_round}`,
    Plot.plot({
      width: 640,
      height: 60 + 22 * top.length,
      marginLeft: kind === "drivers" ? 60 : 120,
      x: { label: "final points: expected (dot) and 80% interval" },
      y: { domain: top.map((line) => kind === "drivers" ? line.id : line.name), label: null },
      marks: [
        Plot.ruleY(top, {
          y: (d) => kind === "drivers" ? d.id : d.name,
          x1: (d) => d.points_interval_80[0],
          x2: (d) => d.points_interval_80[1],
        }),
        Plot.dot(top, { y: (d) => kind === "drivers" ? d.id : d.name, x: "expected_points", fill: "currentColor" }),
      ],
    }),
    `<table class="standings" data-kind="${kind}"><tr><th>${
      kind === "drivers" ? "driver" : "team"
    }</th><th>points</th><th>expected</th><th>80% interval</th><th>title</th></tr>${
      top.map((line) =>
        `<tr data-standing="${escape(line.id)}"><td><a href="#/${kind === "drivers" ? "driver" : "team"}/${
          escape(line.id)
        }">${escape(line.name)}</a></td><td>${line.current_points}</td><td>${line.expected_points.toFixed(1)}</td><td>${
          formatPointsInterval(line.points_interval_80)
        }</td><td>${chances.get(line.id)}</td></tr>`
      ).join("")
    }</table>`,
  );
}

async function seasonPage(): Promise<void> {
  const [season, races] = await Promise.all([api("/api/season"), api("/api/races")]);
  const meta = season.metadata;
  app.replaceChildren();
  app.insertAdjacentHTML(
    "beforeend",
    `<h1>Season ${meta.season}</h1><p class="meta">Predictions of ${escape(meta.generated_at)}, model ${
      escape(meta.model_version)
    }${meta.source ? `. Data: ${escape(meta.source)}` : ""}</p>`,
  );
  if (season.season_projection !== null) {
    app.append(championshipSection(season.season_projection, "drivers"));
    app.append(championshipSection(season.season_projection, "teams"));
  }
  app.append(section(
    "Races",
    `<table class="races"><tr><th>round</th><th>race</th><th>date</th><th>forecast</th><th>favourite</th><th>winner</th></tr>${
      races.map((race) =>
        `<tr><td>${race.round}</td><td><a href="#/race/${race.round}">${
          escape(race.name)
        }</a></td><td>${race.date}</td><td>${horizonText(race.as_of)}</td><td>${
          race.favourite ? `${escape(race.favourite.driver)} ${formatChance(race.favourite.win_probability)}` : "-"
        }</td><td>${race.winner ? escape(race.winner) : ""}</td></tr>`
      ).join("")
    }</table>`,
  ));
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

async function racePage(round: number): Promise<void> {
  const [race, history] = await Promise.all([
    api("/api/races/:round", round),
    api("/api/history/:round", round),
  ]);
  app.replaceChildren();
  app.insertAdjacentHTML(
    "beforeend",
    `<p><a href="#/">season</a></p><h1>${
      escape(race.name)
    }</h1><p class="meta">Round ${race.metadata.round}, ${race.metadata.date}, ${
      escape(race.metadata.circuit)
    }; forecast ${horizonText(race.metadata.as_of)}</p>`,
  );
  app.append(section("Probabilities", probabilityTable(race)));
  const leaders = race.predictions.slice(0, 8).map((row) => row.driver);
  app.append(section("Win probability by scenario", scenarioChart(race, leaders)));
  app.append(section("Finishing positions", positionChart(race)));
  const names = new Map(race.predictions.map((row) => [row.driver, row.driver_name]));
  if (race.sprint !== undefined) {
    app.append(section("Sprint (points: a top-eight place)", sprintTableHtml(race.sprint)));
  }
  if (race.qualifying !== undefined) {
    app.append(section("Qualifying: pole and Q3", qualifyingTableHtml(race.qualifying, names)));
  }
  if (race.head_to_head !== undefined && race.head_to_head.length > 0) {
    app.append(section("Team-mates head to head", headToHeadTableHtml(race.head_to_head, names)));
  }
  if (history.forecasts.length > 0) {
    app.append(section("How the forecast moved over the weekend", historyChart(history, leaders.slice(0, 5))));
  }
}

function winIn(race: RaceResponse, at: { scenario: string; driver: string }): number {
  return race.scenarios[at.scenario].find((row) => row.driver === at.driver)?.win_probability ?? 0;
}

function probabilityTable(race: RaceResponse): string {
  const scenarioNames = Object.keys(race.scenarios);
  const result = new Map((race.actual ?? []).map((row) => [row.driver, row.position]));
  return `<table class="probabilities"><tr><th>driver</th><th>team</th><th>win</th><th>podium</th><th>points</th><th>DNF</th>${
    scenarioNames.map((name) => `<th>win, ${escape(name)}</th>`).join("")
  }${race.actual ? "<th>result</th>" : ""}</tr>${
    race.predictions.map((row) =>
      `<tr data-driver="${escape(row.driver)}"><td><a href="#/driver/${escape(row.driver)}">${
        escape(row.driver_name)
      }</a></td><td>${escape(row.team)}</td>` +
      `<td class="win" data-value="${row.win_probability}">${formatChance(row.win_probability)}</td>` +
      `<td class="podium" data-value="${row.podium_probability}">${formatChance(row.podium_probability)}</td>` +
      `<td>${formatChance(row.points_probability)}</td><td>${formatChance(row.dnf_probability)}</td>${
        scenarioNames.map((scenario) => `<td>${formatChance(winIn(race, { scenario, driver: row.driver }))}</td>`).join(
          "",
        )
      }${race.actual ? `<td>${escape(String(result.get(row.driver) ?? "-"))}</td>` : ""}</tr>`
    ).join("")
  }</table>`;
}

function scenarioChart(race: RaceResponse, leaders: readonly string[]): Element {
  const names = Object.keys(race.scenarios);
  const byScenario = names.flatMap((scenario) =>
    leaders.map((driver) => ({ scenario, driver, win: winIn(race, { scenario, driver }) }))
  );
  return Plot.plot({
    width: 640,
    height: 320,
    x: { domain: leaders, label: null },
    y: { label: "win probability", percent: true, grid: true },
    color: { legend: true, domain: names, range: scenarioColors(names) },
    marks: [Plot.dot(byScenario, { x: "driver", y: "win", fill: "scenario", r: 5 })],
  });
}

function positionChart(race: RaceResponse): Element {
  const cells = race.predictions.flatMap((row) =>
    row.position_probabilities.map((probability, k) => ({ driver: row.driver, position: k + 1, probability }))
  );
  return Plot.plot({
    width: 640,
    height: 60 + 18 * race.predictions.length,
    marginLeft: 50,
    x: { type: "band", label: "position" },
    y: {
      domain: [...race.predictions].sort((a, b) => a.expected_position - b.expected_position).map((r) => r.driver),
    },
    color: { type: "quantize", n: 6, scheme: "blues", domain: [0, 0.5], legend: true, label: "probability" },
    marks: [Plot.cell(cells, { x: "position", y: "driver", fill: "probability", inset: 0.5 })],
  });
}

function historyChart(history: HistoryResponse, drivers: readonly string[]): Element {
  const steps = history.forecasts.map((forecast, index) => `${index + 1}. ${forecast.as_of}`);
  const points = history.forecasts.flatMap((forecast, index) =>
    forecast.predictions.filter((row) => drivers.includes(row.driver))
      .map((row) => ({ step: steps[index], driver: row.driver, win: row.win_probability }))
  );
  return Plot.plot({
    width: 640,
    height: 320,
    x: { domain: steps, label: "forecast, as of the latest session" },
    y: { label: "win probability", percent: true, grid: true },
    color: { legend: true },
    marks: [
      Plot.line(points, { x: "step", y: "win", stroke: "driver" }),
      Plot.dot(points, { x: "step", y: "win", fill: "driver" }),
    ],
  });
}

async function render(): Promise<void> {
  const race = location.hash.match(/^#\/race\/(\d{1,3})$/);
  const driver = location.hash.match(/^#\/driver\/([A-Z0-9]{3}[0-9]?)$/);
  const team = location.hash.match(/^#\/team\/([a-z0-9-]{1,40})$/);
  try {
    if (race) await racePage(Number(race[1]));
    else if (driver) await driverPage(driver[1]);
    else if (team) await teamPage(team[1]);
    else await seasonPage();
    document.body.dataset.ready = "true";
  } catch (error) {
    app.replaceChildren();
    app.insertAdjacentHTML("beforeend", `<p class="error">${escape((error as Error).message)}</p>`);
  }
}

addEventListener("hashchange", render);
const events = new EventSource("/api/events");
events.addEventListener("predictions", (event) => {
  const { generated_at } = JSON.parse((event as MessageEvent).data);
  document.getElementById("updated")!.textContent = `New predictions (${generated_at}) shown.`;
  render();
});
render();
