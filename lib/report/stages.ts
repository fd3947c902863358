/**
 * A race's forecast stage by stage, for people: the chart's points (the
 * leading drivers' win chances at each stage) and a table of each stage's
 * favourite and, once the race has run, the winner's chance and its log-loss,
 * so the race page shows how the forecast moved and how each stage scored.
 * The dashboard and the report draw from here alike.
 *
 * @module
 */

import type { StageForecast } from "../format/predictions.ts";
import { logLoss } from "../evaluate/scores.ts";
import { escapeHtml, formatChance } from "./presentation.ts";

/** How a stage is named on a page. */
export const STAGE_NAMES: Record<StageForecast["stage"], string> = {
  before_weekend: "before the weekend",
  after_practice: "after practice",
  after_sprint: "after the sprint",
  after_qualifying: "after qualifying",
};

/**
 * One point per driver of `drivers` and stage: its win chance then.
 *
 * @example
 * ```ts
 * import { stagePoints } from "./stages.ts";
 * import assert from "node:assert/strict";
 * const row = (driver: string, win_probability: number) =>
 *   ({ driver, win_probability, podium_probability: 0, points_probability: 0, expected_position: 1 });
 * const stages = [{ stage: "before_weekend" as const, as_of: "none", sessions_used: [], predictions: [row("NOR", 0.3)] }];
 * assert.deepEqual(stagePoints(stages, ["NOR"]), [{ stage: "before the weekend", driver: "NOR", win: 0.3 }]);
 * ```
 */
export function stagePoints(
  stages: readonly StageForecast[],
  drivers: readonly string[],
): Array<{ stage: string; driver: string; win: number }> {
  return stages.flatMap((stage) =>
    stage.predictions.filter((row) => drivers.includes(row.driver)).map((row) => ({
      stage: STAGE_NAMES[stage.stage],
      driver: row.driver,
      win: row.win_probability,
    }))
  );
}

/**
 * Each stage as a table row: its favourite and, when `winner` is known, the winner's chance and log-loss.
 *
 * @example
 * ```ts
 * import { stagesTableHtml } from "./stages.ts";
 * import assert from "node:assert/strict";
 * const row = (driver: string, win_probability: number) =>
 *   ({ driver, win_probability, podium_probability: 0, points_probability: 0, expected_position: 1 });
 * const stages = [{ stage: "after_qualifying" as const, as_of: "grid", sessions_used: [], predictions: [row("VER", 0.5), row("NOR", 0.25)] }];
 * assert.match(stagesTableHtml(stages, "NOR"), /after qualifying<\/td><td>VER 50.0%<\/td><td>25.0%<\/td><td>1.386/);
 * ```
 */
export function stagesTableHtml(stages: readonly StageForecast[], winner: string | undefined): string {
  return `<table class="stages"><tr><th>forecast</th><th>favourite</th>${
    winner === undefined ? "" : `<th>${escapeHtml(winner)} (won)</th><th>winner log-loss</th>`
  }</tr>${
    stages.map((stage) => {
      const favourite = stage.predictions.reduce((a, b) => b.win_probability > a.win_probability ? b : a);
      const won = stage.predictions.find((row) => row.driver === winner)?.win_probability ?? 0;
      return `<tr data-stage="${stage.stage}"><td>${STAGE_NAMES[stage.stage]}</td><td>${escapeHtml(favourite.driver)} ${
        formatChance(favourite.win_probability)
      }</td>${winner === undefined ? "" : `<td>${formatChance(won)}</td><td>${logLoss(won).toFixed(3)}</td>`}</tr>`;
    }).join("")
  }</table>`;
}
