/// <reference lib="dom" />
/**
 * The dashboard, in the browser: reads the API, draws with Observable Plot
 * (bundled with this file, so nothing comes from a CDN), and redraws when
 * `/api/events` says new predictions have landed. Pages by URL hash: the
 * season (`#/`), the races, drivers and teams (`#/races`, `#/drivers`,
 * `#/teams`), a race (`#/race/12`), a driver (`#/driver/NOR`), a team
 * (`#/team/mclaren`) and two drivers compared (`#/compare/NOR/VER`); the
 * navigation bar is in the page (`lib/serve/server.ts`).
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import type { HistoryResponse, RaceResponse } from "../lib/format/api.ts";
import { api, app, chartWidth, escape, section } from "./dom.ts";
import { POSITION_COLOR } from "../lib/report/marks.ts";
import { STAGE_NAMES, stagePoints, stagesTableHtml } from "../lib/report/stages.ts";
import { driverPage, teamPage } from "./people.ts";
import { peoplePage, racesPage, seasonPage } from "./season.ts";
import { comparePage } from "./compare.ts";
import {
  formatChance,
  headToHeadTableHtml,
  horizonText,
  qualifyingTableHtml,
  scenarioColors,
  sprintTableHtml,
} from "../lib/report/presentation.ts";

async function racePage(round: number): Promise<void> {
  const [race, history] = await Promise.all([
    api("/api/races/:round", round),
    api("/api/history/:round", round),
  ]);
  app.replaceChildren();
  app.insertAdjacentHTML(
    "beforeend",
    `<h1>${escape(race.name)}</h1><p class="meta">Round ${race.metadata.round}, ${race.metadata.date}, ${
      escape(race.metadata.circuit)
    }; forecast ${horizonText(race.metadata.as_of)}</p>`,
  );
  app.append(section("Probabilities", probabilityTable(race)));
  if (race.stages !== undefined && race.stages.length > 0) {
    app.append(section(
      "The forecast at each stage of the weekend",
      `<p class="meta">Each made from the data up to that point only; once the race has run, how each scored.</p>`,
      race.stages.length > 1 ? stagesChart(race) : "",
      stagesTableHtml(race.stages, race.actual?.[0]?.driver),
    ));
  }
  const leaders = race.predictions.slice(0, 8).map((row) => row.driver);
  app.append(section("Win probability by scenario", scenarioChart(race, leaders)));
  app.append(section("Finishing positions", positionChart(race)));
  const names = new Map(race.predictions.map((row) => [row.driver, row.driver_name]));
  if (race.sprint !== undefined) {
    app.append(section(
      "Sprint (points: a top-eight place)",
      chancesChart(race.sprint.slice(0, 10), { first: "win_probability", second: "podium_probability" }, {
        first: "win",
        second: "podium",
      }),
      sprintTableHtml(race.sprint),
    ));
  }
  if (race.qualifying !== undefined) {
    app.append(section(
      "Qualifying: pole and Q3",
      chancesChart(race.qualifying.slice(0, 10), { first: "pole_probability", second: "q3_probability" }, {
        first: "pole",
        second: "Q3",
      }),
      qualifyingTableHtml(race.qualifying, names),
    ));
  }
  if (race.head_to_head !== undefined && race.head_to_head.length > 0) {
    app.append(section("Team-mates head to head", headToHeadTableHtml(race.head_to_head, names)));
  }
  if (history.forecasts.length > 1) {
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

/** Two chances per driver (win and podium, pole and Q3) as dots on one row each, the leading drivers only. */
function chancesChart<Row extends { driver: string }>(
  rows: readonly Row[],
  fields: { first: keyof Row; second: keyof Row },
  labels: { first: string; second: string },
): Element {
  const points = rows.flatMap((row) => [
    { driver: row.driver, chance: row[fields.first] as number, kind: labels.first },
    { driver: row.driver, chance: row[fields.second] as number, kind: labels.second },
  ]);
  return Plot.plot({
    width: chartWidth(640),
    height: 50 + 24 * rows.length,
    marginLeft: 45,
    x: { label: "chance", percent: true, domain: [0, 100], grid: true },
    y: { domain: rows.map((row) => row.driver), label: null },
    color: { legend: true, domain: [labels.first, labels.second] },
    marks: [Plot.dot(points, { x: "chance", y: "driver", fill: "kind", r: 4 })],
  });
}

function scenarioChart(race: RaceResponse, leaders: readonly string[]): Element {
  const names = Object.keys(race.scenarios);
  const byScenario = names.flatMap((scenario) =>
    leaders.map((driver) => ({ scenario, driver, win: winIn(race, { scenario, driver }) }))
  );
  return Plot.plot({
    width: chartWidth(640),
    height: 320,
    x: { domain: leaders, label: null },
    y: { label: "win probability", percent: true, grid: true, nice: true },
    insetTop: 8,
    color: { legend: true, domain: names, range: scenarioColors(names) },
    marks: [Plot.dot(byScenario, { x: "driver", y: "win", fill: "scenario", r: 5 })],
  });
}

function positionChart(race: RaceResponse): Element {
  const cells = race.predictions.flatMap((row) =>
    row.position_probabilities.map((probability, k) => ({ driver: row.driver, position: k + 1, probability }))
  );
  return Plot.plot({
    width: chartWidth(640),
    height: 60 + 18 * race.predictions.length,
    marginLeft: 50,
    x: { type: "band", label: "position" },
    y: {
      domain: [...race.predictions].sort((a, b) => a.expected_position - b.expected_position).map((r) => r.driver),
    },
    color: POSITION_COLOR,
    marks: [Plot.cell(cells, { x: "position", y: "driver", fill: "probability", inset: 0.5 })],
  });
}

/** The leading drivers' win chances, stage by stage. */
function stagesChart(race: RaceResponse): Element {
  const leaders = race.predictions.slice(0, 5).map((row) => row.driver);
  const points = stagePoints(race.stages!, leaders);
  return Plot.plot({
    width: chartWidth(640),
    height: 300,
    x: { domain: race.stages!.map((stage) => STAGE_NAMES[stage.stage]), label: null, padding: 0.3 },
    y: { label: "win probability", percent: true, grid: true, nice: true },
    insetTop: 8,
    color: { legend: true, domain: leaders },
    marks: [
      Plot.line(points, { x: "stage", y: "win", stroke: "driver", z: "driver" }),
      Plot.dot(points, { x: "stage", y: "win", fill: "driver", r: 4 }),
    ],
  });
}

function historyChart(history: HistoryResponse, drivers: readonly string[]): Element {
  const steps = history.forecasts.map((forecast, index) => `${index + 1}. ${forecast.as_of}`);
  const points = history.forecasts.flatMap((forecast, index) =>
    forecast.predictions.filter((row) => drivers.includes(row.driver))
      .map((row) => ({ step: steps[index], driver: row.driver, win: row.win_probability }))
  );
  return Plot.plot({
    width: chartWidth(640),
    height: 320,
    x: { domain: steps, label: "forecast, as of the latest session" },
    y: { label: "win probability", percent: true, grid: true },
    color: { legend: true },
    marks: [
      Plot.line(points, { x: "step", y: "win", stroke: "driver", z: "driver" }),
      Plot.dot(points, { x: "step", y: "win", fill: "driver" }),
    ],
  });
}

async function render(): Promise<void> {
  const hash = location.hash;
  const race = hash.match(/^#\/race\/(\d{1,3})$/);
  const driver = hash.match(/^#\/driver\/([A-Z0-9]{3}[0-9]?)$/);
  const team = hash.match(/^#\/team\/([a-z0-9-]{1,40})$/);
  const compare = hash.match(/^#\/compare(?:\/([A-Z0-9]{3}[0-9]?)\/([A-Z0-9]{3}[0-9]?))?\/?$/);
  // Tests wait for the page they asked for: `data-ready` names the hash drawn last.
  delete document.body.dataset.ready;
  try {
    if (race) await racePage(Number(race[1]));
    else if (driver) await driverPage(driver[1]);
    else if (team) await teamPage(team[1]);
    else if (compare) await comparePage(compare[1] === undefined ? [] : [compare[1], compare[2]]);
    else if (hash === "#/races") await racesPage();
    else if (hash === "#/drivers" || hash === "#/teams") await peoplePage(hash === "#/drivers" ? "drivers" : "teams");
    else await seasonPage();
  } catch (error) {
    app.replaceChildren();
    app.insertAdjacentHTML("beforeend", `<p class="error">${escape((error as Error).message)}</p>`);
  }
  document.body.dataset.ready = hash || "#/";
}

addEventListener("hashchange", render);
const events = new EventSource("/api/events");
events.addEventListener("predictions", (event) => {
  const { generated_at } = JSON.parse((event as MessageEvent).data);
  document.getElementById("updated")!.textContent = `New predictions (${generated_at}) shown.`;
  render();
});
render();
