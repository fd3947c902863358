/**
 * The season report: one self-contained HTML page (inline SVG and CSS, no
 * scripts, nothing fetched) for a predictions file: the championship
 * projection, the next race in detail, calibration of the finished races
 * against what happened, and each finished race's forecast beside its result.
 *
 * @module
 */

import { titleOddsChart } from "./title_odds_plot.ts";
import {
  countOf,
  escapeHtml,
  formatChance,
  headToHeadTableHtml,
  horizonText,
  qualifyingTableHtml,
  sprintTableHtml,
  titleChanceTexts,
} from "./presentation.ts";
import { tierCalibration } from "./backtest_report.ts";
import {
  championshipChart,
  forecastVsResult,
  positionHeatmap,
  reliabilityDiagram,
  scenarioComparison,
  strengthOverTimeChart,
  weightSensitivityChart,
  winProbabilityChart,
} from "./plots.ts";
import { meanScores, scorePredictions } from "../evaluate/scores.ts";
import type { SeasonResponse } from "../format/api.ts";
import type { ScoreSummary } from "../format/scores.ts";
import { nextRace } from "./next_race.ts";

export { escapeHtml };
import type { PredictionsDocument, RaceRecord } from "../format/predictions.ts";
import { finishingOrder } from "../data/format.ts";

/** Extras the predictions file alone cannot give: they need the data and the model. */
export interface ReportExtras {
  /** Win probability against weight for some drivers in the next race. */
  sensitivity?: ReadonlyArray<{ driver: string; weight: number; win: number }>;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1340px; padding: 0 1rem; color: #222; }
h1 { margin-bottom: 0.2rem; } .meta { color: #666; font-size: 0.9rem; }
section { margin: 2rem 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(560px, 100%), 1fr)); gap: 1.5rem; }
figure { margin: 0; max-width: 100%; }
@media (max-width: 600px) { table { display: block; overflow-x: auto; max-width: 100%; } body { padding: 0 0.5rem; } }
.charts svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 0.9rem; } td, th { padding: 0.2rem 0.6rem; text-align: right; }
th { border-bottom: 1px solid #999; } td:first-child, th:first-child { text-align: left; }
details { margin: 0.6rem 0; } summary { cursor: pointer; font-weight: 600; }
`;

/** The next race's sprint and qualifying forecasts (while they are to run) and team-mates' head-to-heads. */
function sideTables(race: RaceRecord): string {
  const names = new Map(race.predictions.map((row) => [row.driver, row.driver_name]));
  const qualifying = race.qualifying === undefined
    ? ""
    : `<div><h3>Qualifying: pole and Q3</h3>${qualifyingTableHtml(race.qualifying, names)}</div>`;
  const pairs = race.head_to_head === undefined || race.head_to_head.length === 0
    ? ""
    : `<div><h3>Team-mates head to head</h3>${headToHeadTableHtml(race.head_to_head, names)}</div>`;
  const sprint = race.sprint === undefined
    ? ""
    : `<div><h3>Sprint (points: a top-eight place)</h3>${sprintTableHtml(race.sprint)}</div>`;
  return sprint + qualifying + pairs === "" ? "" : `<div class="charts">${sprint}${qualifying}${pairs}</div>`;
}

/** The strength of the cars and of the drivers over the season, race by race: the five fastest of the latest forecast. */
function strengthSection(document: PredictionsDocument): string {
  const races = Object.values(document.predictions).filter((race) => race.strengths !== undefined)
    .sort((a, b) => a.metadata.round - b.metadata.round);
  if (races.length === 0) return "";
  const chart = (kind: "teams" | "drivers", title: string) => {
    const fastest = races.at(-1)!.strengths![kind].slice(0, 5).map((line) => line.name);
    const points = races.flatMap((race) =>
      race.strengths![kind].filter((line) => fastest.includes(line.name)).map((line) => ({
        series: line.name,
        round: race.metadata.round,
        gap: line.gap,
        low: line.interval[0],
        high: line.interval[1],
      }))
    );
    return strengthOverTimeChart(points, title);
  };
  return `<section><h2>Strength over time</h2>
<p>The belief each race's forecast used: gaps to that forecast's fastest driver, % of a lap, with 80% intervals shaded (a car's is its drivers' mean gap with the car's own uncertainty). The dashboard has every driver's and team's.</p>
<div class="charts">${chart("teams", "The five fastest cars, race by race")}${
    chart("drivers", "The five fastest drivers, race by race")
  }</div></section>`;
}

/** A race with both a forecast and a result. */
function isFinished(race: RaceRecord): boolean {
  return race.actual !== undefined && race.predictions.length > 0;
}

/** How the finished races of a predictions file went against their forecasts: the part of `/api/season` that scores. */
export type FinishedRaceSummary = Pick<SeasonResponse, "scores" | "calibration">;

/**
 * Scores and calibration of every race that has both a forecast and a
 * result, as the report and the API show them.
 *
 * @example
 * ```ts ignore
 * import { finishedRaceSummary } from "./season_report.ts";
 * finishedRaceSummary(document.predictions).scores?.winner_logloss;
 * ```
 */
export function finishedRaceSummary(races: Readonly<Record<string, RaceRecord>>): FinishedRaceSummary {
  const scored = scorePredictions(races);
  const finished = Object.values(races).filter(isFinished);
  return {
    scores: scored.length === 0 ? null : meanScores(scored.map((row) => row.score)),
    calibration: finished.length === 0
      ? null
      : tierCalibration(finished.map((race) => ({ forecast: race.predictions, actual: race.actual! }))),
  };
}

function scoresTable(mean: ScoreSummary | null): string {
  if (mean === null) return "<p>No finished race with a forecast yet.</p>";
  const cells: Array<[string, string]> = [
    ["races scored", String(mean.races)],
    ["winner log-loss", mean.winner_logloss.toFixed(3)],
    ["P(winner), mean", mean.p_winner.toFixed(3)],
    ["podium Brier", mean.podium_brier.toFixed(4)],
    ["points Brier", mean.points_brier.toFixed(4)],
    ["RPS@10", mean.rps10.toFixed(4)],
    ["Spearman", mean.spearman.toFixed(3)],
  ];
  return `<table>${cells.map(([name, value]) => `<tr><td>${name}</td><td>${value}</td></tr>`).join("")}</table>`;
}

function championship(document: PredictionsDocument): string {
  const projection = document.season_projection;
  if (projection === null) return "<p>No championship projection in this file (see training.log).</p>";
  return `<p>After round ${projection.as_of_round}: ${countOf(projection.races_remaining, "race")} and ${
    countOf(projection.sprints_remaining, "sprint")
  } to go, ${projection.simulations} simulated seasons. Strengths are drawn once per simulated season, so the intervals carry the model's uncertainty across all remaining races.</p>
<div class="charts">${
    championshipChart(projection.drivers.slice(0, 12), {
      title: "Drivers' championship",
      chances: titleChanceTexts(projection, "drivers"),
    })
  }${
    championshipChart(projection.teams, {
      title: "Constructors' championship",
      chances: titleChanceTexts(projection, "teams"),
    })
  }${
    (document.title_odds ?? []).length === 0 ? "" : [
      titleOddsChart(document.title_odds!, { kind: "drivers", title: "Drivers' title odds after each round" }),
      titleOddsChart(document.title_odds!, { kind: "teams", title: "Constructors' title odds after each round" }),
    ].join("")
  }</div>`;
}

/**
 * The report page for a predictions file.
 *
 * @example
 * ```ts ignore
 * import { seasonReportHtml } from "./season_report.ts";
 * const html = seasonReportHtml(JSON.parse(await Deno.readTextFile("predictions/season_2025_incremental.json")));
 * ```
 */
export function seasonReportHtml(document: PredictionsDocument, extras: ReportExtras = {}): string {
  const meta = document.metadata;
  const races = Object.entries(document.predictions);
  const next = nextRace(document.predictions);
  const finished = races.filter(([, race]) => isFinished(race));
  const nextSection = next === undefined ? "<p>Every race of the season has a result.</p>" : (() => {
    const [name, race] = next;
    const sensitivity = extras.sensitivity === undefined || extras.sensitivity.length === 0
      ? "<p>Weight sensitivity needs the data folder: run <code>deno task report --train-data DIR</code>.</p>"
      : weightSensitivityChart(extras.sensitivity, "Win probability against weight");
    return `<h2>Next race: ${escapeHtml(name)}</h2>
<p class="meta">Round ${race.metadata.round}, ${race.metadata.date}, ${escapeHtml(race.metadata.circuit)}; forecast ${
      horizonText(race.metadata.as_of)
    }.</p>
<div class="charts">${winProbabilityChart(race.predictions, "Win (dark) and podium (light)")}${
      positionHeatmap(race.predictions, "Finishing positions")
    }${scenarioComparison(race.scenarios, "Win probability by scenario")}${sensitivity}</div>${sideTables(race)}`;
  })();
  const { scores, calibration } = finishedRaceSummary(document.predictions);
  const pastRaces = finished.reverse().map(([name, race], index) => {
    const order = finishingOrder(race.actual!);
    const winner = race.predictions.find((row) => row.driver === order[0]);
    return `<details${index === 0 ? " open" : ""}><summary>Round ${race.metadata.round}: ${escapeHtml(name)}, won by ${
      escapeHtml(order[0] ?? "-")
    } (forecast ${formatChance(winner?.win_probability ?? 0)}, ${horizonText(race.metadata.as_of)})</summary>
<div class="charts">${
      forecastVsResult(race.predictions, race.actual!, "Forecast against result (red: did not finish)")
    }${winProbabilityChart(race.predictions, "Win (dark) and podium (light)")}</div></details>`;
  }).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>F1 Hybrid Predictor: season ${meta.season}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head><body>
<h1>Season ${meta.season}</h1>
<p class="meta">Generated ${escapeHtml(meta.generated_at)} by model ${
    escapeHtml(meta.model_version)
  }, ${meta.num_simulations} simulations per scenario (${
    meta.scenarios.map(escapeHtml).join(", ")
  }), seed ${meta.seed}.${meta.source ? ` Data: ${escapeHtml(meta.source)}.` : ""}</p>
<section><h2>Championship</h2>${championship(document)}</section>
<section>${nextSection}</section>
${strengthSection(document)}
<section><h2>Calibration of the finished races</h2>
<p>Each race's forecast as stored (from data before the race) against its result. Dots are bins of forecasts; their size, and the number beside each where there is room, is how many forecasts fell in it.</p>
<div class="charts">${scoresTable(scores)}${
    calibration === null ? "" : (["win", "podium", "points"] as const).map((tier) =>
      reliabilityDiagram(
        { [tier]: calibration[tier] },
        `${tier[0].toUpperCase()}${tier.slice(1)}: forecast against observed`,
      )
    ).join("")
  }</div></section>
<section><h2>Finished races</h2>${pastRaces || "<p>None yet.</p>"}</section>
</body></html>
`;
}
