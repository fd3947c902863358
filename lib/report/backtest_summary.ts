/**
 * The paragraph on how the default forecast scores, written from a backtest
 * (`deno task backtest --summary docs/backtest-findings.md`) between two
 * markers, so that a change that moves a figure moves the sentence, and a
 * claim ("ahead of every baseline") is made only where the figures hold it.
 *
 * @module
 */

import type { BacktestRow } from "./backtest_report.ts";
import type { ExternalRow } from "./external_report.ts";
import { HORIZONS } from "../data/horizons.ts";
import { STAGE_NAMES } from "./stages.ts";
import { UserInputError } from "../errors/errors.ts";

/** The line that opens the generated paragraph; the command that writes it follows on the same line. */
export const SUMMARY_START = "<!-- backtest summary, written by:";
/** The line that closes it. */
export const SUMMARY_END = "<!-- /backtest summary -->";

/** What a summary says besides the rows. */
export interface SummaryContext {
  year: number;
  /** The seasons the backtest learned from. */
  history: readonly number[];
  /** The model `train` writes by default. */
  model: string;
  /** Other forecasters on the races they priced (`--compare`). */
  external: readonly ExternalRow[];
  /** The command that wrote it, put in the opening marker. */
  command: string;
}

/** How the summary names each forecaster of the backtest. */
const NAMES: Readonly<Record<string, string>> = {
  form: "the form model",
  bayes: "the Bayesian model",
  "bayes+ml": "bayes+ml",
  "bayes+stack": "bayes+stack",
  team_order: "team order",
  grid_table: "the grid-slot table",
  logit: "the conditional logit",
};

/** The market's snapshots in the order of the weekend, and how the summary names each. */
const MARKET_ORDER = ["pre_weekend", "post_quali", "close"];
const MARKET_TEXT: Readonly<Record<string, string>> = {
  pre_weekend: "at the start of the weekend",
  post_quali: "just after qualifying",
  close: "at the close, just before the race,",
};

const fixed = (x: number) => x.toFixed(3);

/** Winner log-loss of a model at a horizon, if the backtest has it. */
function score(rows: readonly BacktestRow[], model: string, horizon: string): number | undefined {
  return rows.find((row) => row.model === model && row.horizon === horizon)?.scores.winner_logloss;
}

/**
 * The generated paragraph, markers included.
 *
 * @example
 * ```ts
 * import { backtestSummary } from "./backtest_summary.ts";
 * import assert from "node:assert/strict";
 * const row = (model: string, horizon: string, winner_logloss: number) =>
 *   ({ model, horizon, scores: { winner_logloss } }) as unknown as import("./backtest_report.ts").BacktestRow;
 * const text = backtestSummary([row("bayes", "after_qualifying", 1.1), row("grid_table", "after_qualifying", 1.2)], {
 *   year: 2025, history: [2024], model: "bayes", external: [], command: "deno task backtest --summary README.md",
 * });
 * assert.match(text, /After qualifying, it is ahead of\s+every other forecaster here \(the grid-slot table 1\.200\)/);
 * ```
 */
export function backtestSummary(rows: readonly BacktestRow[], context: SummaryContext): string {
  const { year, model } = context;
  const own = HORIZONS.filter((h) => score(rows, model, h) !== undefined)
    .map((h) => `${fixed(score(rows, model, h)!)} ${STAGE_NAMES[h]}`);
  if (own.length > 1) own.push(`and ${own.pop()}`);
  const sentences = [
    `On ${year}, each race forecast only from the data before it (${context.history.join(", ")} and the rounds of ` +
    `${year} already run), the default forecast (\`--model ${model}\`) has a winner log-loss (lower is better) of ` +
    `${own.join(", ")}.`,
  ];
  for (const horizon of HORIZONS) {
    const mine = score(rows, model, horizon);
    if (mine === undefined) continue;
    const others = rows.filter((row) => row.horizon === horizon && row.model !== model && row.model in NAMES);
    const ahead = others.filter((row) => row.scores.winner_logloss < mine)
      .sort((a, b) => a.scores.winner_logloss - b.scores.winner_logloss);
    const listed = others.map((row) => `${NAMES[row.model].replace(/,$/, "")} ${fixed(row.scores.winner_logloss)}`)
      .join(", ");
    sentences.push(
      ahead.length === 0
        ? `${capital(STAGE_NAMES[horizon])}, it is ahead of every other forecaster here (${listed}).`
        : `${capital(STAGE_NAMES[horizon])}, ${
          ahead.map((row) => `${NAMES[row.model].replace(/,$/, "")} (${fixed(row.scores.winner_logloss)})`).join(
            " and ",
          )
        } ${ahead.length === 1 ? "is" : "are"} ahead of it (all: ${listed}).`,
    );
  }
  const markets = context.external.filter((e) => e.source === "market")
    .sort((a, b) => MARKET_ORDER.indexOf(a.snapshot) - MARKET_ORDER.indexOf(b.snapshot))
    .map((row) =>
      `${MARKET_TEXT[row.snapshot] ?? row.snapshot} ${fixed(row.winner_logloss)} on ${row.races} races (the default ` +
      `${fixed(row.models_on_same_races[model])} on the same races)`
    );
  if (markets.length > 0) sentences.push(`The prediction market scores ${markets.join("; ")}.`);
  // Blank lines around the paragraph, as deno fmt writes Markdown: the file stays as formatted.
  return [`${SUMMARY_START} ${context.command} -->`, "", ...wrap(sentences.join(" "), 120), "", SUMMARY_END].join("\n");
}

/**
 * `document` with its generated paragraph replaced by `summary`.
 *
 * @throws {SummaryMarkersError} when the document has no pair of markers.
 */
export function withSummary(document: string, summary: string, file: string): string {
  const start = document.indexOf(SUMMARY_START);
  const end = document.indexOf(SUMMARY_END, start);
  if (start < 0 || end < 0) throw new SummaryMarkersError(file);
  return document.slice(0, start) + summary + document.slice(end + SUMMARY_END.length);
}

/** The file given for the summary has no place for it. */
export class SummaryMarkersError extends UserInputError {
  override name = "SummaryMarkersError";
  /**
   * @example
   * ```ts
   * import { SummaryMarkersError } from "./backtest_summary.ts";
   * import assert from "node:assert/strict";
   * assert.match(new SummaryMarkersError("README.md").message, /^README.md: expected a line starting/);
   * ```
   */
  constructor(file: string) {
    super(`${file}: expected a line starting "${SUMMARY_START}" and, after it, "${SUMMARY_END}"; found none`);
  }
}

function capital(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

/** Words into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}
