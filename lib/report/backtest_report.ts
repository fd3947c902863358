/**
 * The backtest report: each model's and baseline's scores by horizon, with
 * calibration per tier (win, podium, points), as rows for JSON and a table
 * for the terminal.
 *
 * @module
 */

import type { SideScoreRow } from "../evaluate/side_backtest.ts";
import type { ResultRow } from "../data/format.ts";
import { type Horizon, HORIZONS } from "../data/horizons.ts";
import { calibrate } from "../evaluate/calibration.ts";
import { meanScores, scoreRace } from "../evaluate/scores.ts";
import type { Calibration, ScoreSummary } from "../format/scores.ts";
import type { ScoredForecast } from "../format/predictions.ts";
import { finishingOrder } from "../data/format.ts";

/** The forecasts of one finished race by a model or baseline. */
export interface ForecastedRace {
  name: string;
  result: readonly ResultRow[];
  forecasts: Partial<Record<Horizon, readonly ScoredForecast[]>>;
}

/** One line of the report: a model at a horizon. */
export interface BacktestRow {
  model: string;
  horizon: Horizon;
  scores: ScoreSummary;
  calibration: Record<"win" | "podium" | "points", Calibration>;
}

const TIERS = [
  ["win", "win_probability", 1],
  ["podium", "podium_probability", 3],
  ["points", "points_probability", 10],
] as const;

/**
 * Scores and calibrates each model's races at every horizon it has forecasts for.
 *
 * @example
 * ```ts ignore
 * import { backtestRows } from "./backtest_report.ts";
 * const rows = backtestRows({ bayes: races, grid_table: baselineRaces });
 * ```
 */
export function backtestRows(
  models: Readonly<Record<string, readonly ForecastedRace[]>>,
  options: { pointsPlaces?: number } = {},
): BacktestRow[] {
  const rows: BacktestRow[] = [];
  for (const [model, races] of Object.entries(models)) {
    for (const horizon of HORIZONS) {
      const scored = races.filter((race) => race.forecasts[horizon] !== undefined)
        .map((race) => ({ forecast: race.forecasts[horizon]!, actual: race.result }));
      if (scored.length === 0) continue;
      rows.push({
        model,
        horizon,
        scores: meanScores(scored.map(({ forecast, actual }) => scoreRace(forecast, finishingOrder(actual), options))),
        calibration: tierCalibration(scored, options),
      });
    }
  }
  return rows;
}

/**
 * Calibration of the win, podium and points probabilities of finished
 * races against what happened (drivers who did not start are left out).
 *
 * @example
 * ```ts
 * import { tierCalibration } from "./backtest_report.ts";
 * import assert from "node:assert/strict";
 * const forecast = [{ driver: "A", win_probability: 0.7, podium_probability: 1, points_probability: 1,
 *   expected_position: 1.3, position_probabilities: [0.7, 0.3] }];
 * assert.equal(tierCalibration([{ forecast, actual: [{ driver: "A", position: 1 }] }]).win.bins[0].observed, 1);
 * ```
 */
export function tierCalibration(
  races: ReadonlyArray<{
    forecast: readonly ScoredForecast[];
    actual: ReadonlyArray<{ driver: string; position: number | string }>;
  }>,
  options: { pointsPlaces?: number } = {},
): Record<"win" | "podium" | "points", Calibration> {
  const pairs = { win: [], podium: [], points: [] } as Record<"win" | "podium" | "points", Array<[number, 0 | 1]>>;
  for (const { forecast, actual } of races) {
    const place = new Map(finishingOrder(actual).map((driver, k) => [driver, k]));
    for (const row of forecast) {
      const k = place.get(row.driver);
      if (k === undefined) continue; // did not start: no outcome to calibrate against
      for (const [tier, field, top] of TIERS) {
        pairs[tier].push([row[field], k < (tier === "points" ? options.pointsPlaces ?? top : top) ? 1 : 0]);
      }
    }
  }
  return { win: calibrate(pairs.win), podium: calibrate(pairs.podium), points: calibrate(pairs.points) };
}

const fixed = (x: number | undefined, digits: number) => x === undefined || Number.isNaN(x) ? "-" : x.toFixed(digits);

/**
 * The report as a terminal table, one line per model and horizon.
 *
 * @example
 * ```ts ignore
 * import { formatBacktest } from "./backtest_report.ts";
 * console.log(formatBacktest(rows));
 * ```
 */
export function formatBacktest(rows: readonly BacktestRow[]): string {
  const header = [
    "horizon",
    "model",
    "races",
    "win logloss",
    "P(winner)",
    "win brier",
    "podium brier",
    "points brier",
    "rps@10",
    "spearman",
    "podium slope",
  ];
  const cells = [...rows].sort((a, b) => HORIZONS.indexOf(a.horizon) - HORIZONS.indexOf(b.horizon)).map((row) => [
    row.horizon,
    row.model,
    String(row.scores.races),
    fixed(row.scores.winner_logloss, 3),
    fixed(row.scores.p_winner, 3),
    fixed(row.scores.win_brier, 4),
    fixed(row.scores.podium_brier, 4),
    fixed(row.scores.points_brier, 4),
    fixed(row.scores.rps10, 4),
    fixed(row.scores.spearman, 3),
    fixed(row.calibration.podium.slope, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i])).join("  ");
  return [line(header), ...cells.map(line)].join("\n");
}

/**
 * The side scores as a table for the terminal.
 *
 * @example
 * ```ts
 * import { formatSideScores } from "./backtest_report.ts";
 * import assert from "node:assert/strict";
 * const text = formatSideScores([{ measure: "pole log-loss", horizon: "before_weekend", forecaster: "bayes", count: 24, score: 1.5 }]);
 * assert.match(text, /pole log-loss\s+before_weekend\s+bayes\s+24\s+1.5000/);
 * ```
 */
export function formatSideScores(rows: readonly SideScoreRow[]): string {
  const header = ["measure", "horizon", "forecaster", "n", "score"];
  const lines = rows.map((row) => [row.measure, row.horizon, row.forecaster, String(row.count), row.score.toFixed(4)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i].length)));
  return [header, ...lines].map((cells) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd())
    .join("\n");
}

/** One season's backtest rows, for the table over seasons. */
export interface SeasonBacktest {
  season: number;
  rows: readonly BacktestRow[];
}

/**
 * One score of every model and baseline at every horizon, a column a season and the mean of the seasons last
 * (a season without the model at that horizon is left out of its mean, and shown as "-").
 *
 * @example
 * ```ts
 * import { formatSeasonsTable } from "./backtest_report.ts";
 * import assert from "node:assert/strict";
 * const row = (season: number, loss: number) => ({ season, rows: [{ model: "bayes", horizon: "after_qualifying" as const,
 *   scores: { winner_logloss: loss, races: 20 } }] });
 * const table = formatSeasonsTable([row(2024, 1.5), row(2025, 1.1)] as never, "winner_logloss");
 * assert.match(table.split("\n")[1], /after_qualifying\s+bayes\s+1\.500\s+1\.100\s+1\.300/);
 * ```
 */
export function formatSeasonsTable(
  seasons: readonly SeasonBacktest[],
  measure: "winner_logloss" | "rps10",
): string {
  const digits = measure === "rps10" ? 4 : 3;
  const keys = new Map<string, { horizon: Horizon; model: string }>();
  for (const { rows } of seasons) {
    for (const row of rows) keys.set(`${row.horizon}/${row.model}`, { horizon: row.horizon, model: row.model });
  }
  const ordered = [...keys.values()].sort((a, b) => HORIZONS.indexOf(a.horizon) - HORIZONS.indexOf(b.horizon));
  const header = ["horizon", "model", ...seasons.map(({ season }) => String(season)), "mean"];
  const cells = ordered.map(({ horizon, model }) => {
    const values = seasons.map(({ rows }) =>
      rows.find((row) => row.horizon === horizon && row.model === model)?.scores[measure]
    );
    const known = values.filter((value): value is number => value !== undefined);
    const mean = known.length === 0 ? undefined : known.reduce((sum, value) => sum + value, 0) / known.length;
    return [horizon, model, ...values.map((value) => fixed(value, digits)), fixed(mean, digits)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i])).join("  ");
  return [line(header), ...cells.map(line)].join("\n");
}
