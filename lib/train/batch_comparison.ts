/**
 * Side-by-side comparison of training runs (a batch's configurations): how
 * well each scored on the races that have a result, what it says about the
 * next race, and what the run cost.
 *
 * @module
 */

import type { RunResult } from "./batch.ts";
import { nextRace } from "../report/next_race.ts";
import { meanScores, scorePredictions } from "../evaluate/scores.ts";
import type { ScoreSummary } from "../format/scores.ts";

/** One configuration's line of the comparison. */
export interface ComparisonRow {
  name: string;
  output: string;
  status: "ok" | "failed";
  /** Why the run failed, or which rounds failed. */
  error: string | null;
  /** Mean scores over the races with a result; null when the run failed. */
  scores: ScoreSummary | null;
  next_race: { name: string; favourite: string; win_probability: number } | null;
  training_time: number | null;
  races_retrained: number | null;
  races_reused: number | null;
}

/**
 * Builds the comparison rows, in the order the runs were given.
 *
 * @example
 * ```ts ignore
 * import { compareRuns } from "./batch_comparison.ts";
 * const rows = compareRuns([{ name: "base", output: "p/base.json", outcome }]);
 * rows[0].scores?.winner_logloss;
 * ```
 */
export function compareRuns(results: readonly RunResult[]): ComparisonRow[] {
  return results.map((result) => {
    if (result.outcome === undefined) {
      return {
        name: result.name,
        output: result.output,
        status: "failed",
        error: result.error.message,
        scores: null,
        next_race: null,
        training_time: null,
        races_retrained: null,
        races_reused: null,
      };
    }
    const { document, counts } = result.outcome;
    const next = nextRace(document.predictions);
    const favourite = next?.[1].predictions.reduce((a, b) => b.win_probability > a.win_probability ? b : a);
    return {
      name: result.name,
      output: result.output,
      status: counts.failed.length > 0 ? "failed" : "ok",
      error: counts.failed.length > 0 ? `failed rounds: ${counts.failed.join(", ")}` : null,
      scores: meanScores(scorePredictions(document.predictions).map((row) => row.score)),
      next_race: next === undefined || favourite === undefined
        ? null
        : { name: next[0], favourite: favourite.driver, win_probability: favourite.win_probability },
      training_time: document.metadata.training_time,
      races_retrained: counts.retrained,
      races_reused: counts.reused,
    };
  });
}

const fixed = (x: number | undefined, digits: number) => x === undefined || Number.isNaN(x) ? "-" : x.toFixed(digits);

/**
 * The comparison as a plain-text table, lower-is-better scores first.
 *
 * @example
 * ```ts ignore
 * import { compareRuns, formatComparison } from "./batch_comparison.ts";
 * console.log(formatComparison(compareRuns(results)));
 * ```
 */
export function formatComparison(rows: readonly ComparisonRow[]): string {
  const header = [
    "configuration",
    "races",
    "win logloss",
    "win brier",
    "podium brier",
    "rps@10",
    "spearman",
    "next race favourite",
    "time s",
    "retrained",
  ];
  const table = rows.map((row) => [
    row.name,
    String(row.scores?.races ?? "-"),
    fixed(row.scores?.winner_logloss, 4),
    fixed(row.scores?.win_brier, 4),
    fixed(row.scores?.podium_brier, 4),
    fixed(row.scores?.rps10, 4),
    fixed(row.scores?.spearman, 3),
    row.next_race === null ? "-" : `${row.next_race.favourite} ${(100 * row.next_race.win_probability).toFixed(1)}%`,
    fixed(row.training_time ?? undefined, 2),
    row.races_retrained === null ? "-" : `${row.races_retrained}/${row.races_retrained + (row.races_reused ?? 0)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])).join("  ");
  const failures = rows.filter((row) => row.error !== null).map((row) => `${row.name}: ${row.error}`);
  return [line(header), ...table.map(line), ...failures].join("\n");
}
