/**
 * What a training run shows on a terminal: a progress bar on stderr and a
 * closing summary.
 *
 * @module
 */

import { countOf, formatChance, horizonText, printable, titleChanceTexts } from "./presentation.ts";
import type { TrainingCounts } from "../forecast/pipeline.ts";
import { nextRace } from "./next_race.ts";
import type { PredictionsDocument } from "../format/predictions.ts";

/** How a progress bar draws. */
export interface ProgressBarOptions {
  /**
   * What is counted.
   *
   * @default {"rounds"}
   */
  unit?: string;
  /**
   * The bar's width in characters.
   *
   * @default {30}
   */
  width?: number;
  /**
   * The clock the estimate is made by, in ms.
   *
   * @default {performance.now}
   */
  now?: () => number;
  /**
   * Where the bar is drawn; a line written with `say` goes there too.
   *
   * @default {stderr when it is a terminal, else nowhere (`say` then prints on stdout)}
   */
  write?: (text: string) => void;
}

/** A progress callback, and a way to print a line without breaking the bar. */
export interface ProgressBar {
  (done: number, total: number, what?: string): void;
  /** Prints a line above the bar, which is drawn again below it. */
  say(line: string): void;
}

/**
 * A progress bar on the terminal: what is done, of how many, and an estimate of the time left once one is done;
 * nothing at all when stderr is not a terminal (a log, a pipe).
 *
 * @example
 * ```ts
 * import { progressBar } from "./terminal.ts";
 * import assert from "node:assert/strict";
 * let drawn = "";
 * let clock = 0;
 * const progress = progressBar({ unit: "seasons", width: 10, now: () => clock, write: (text) => drawn += text });
 * clock = 60_000;
 * progress(2, 10, "2017");
 * assert.equal(drawn, "\r[##--------] 2/10 seasons, about 4m 0s left (2017 done)\x1b[K");
 * ```
 */
export function progressBar(options: ProgressBarOptions = {}): ProgressBar {
  const { unit = "rounds", width = 30, now = () => performance.now() } = options;
  const encoder = new TextEncoder();
  const write = options.write ??
    (Deno.stderr.isTerminal() ? (text: string) => Deno.stderr.writeSync(encoder.encode(text)) : undefined);
  const started = now();
  let last = "";
  const progress = ((done: number, total: number, what?: string) => {
    if (write === undefined) return;
    const filled = Math.round(width * Math.min(done, total) / total);
    const left = done > 0 && done < total ? `, about ${duration((now() - started) / done * (total - done))} left` : "";
    last = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${unit}${left}${
      what === undefined ? "" : ` (${what} done)`
    }`;
    write(done >= total ? `\r${last}\x1b[K\n` : `\r${last}\x1b[K`);
    if (done >= total) last = "";
  }) as ProgressBar;
  progress.say = (line: string) => {
    if (write === undefined) return console.log(line);
    write(`\r${line}\x1b[K\n${last === "" ? "" : `\r${last}\x1b[K`}`);
  };
  return progress;
}

/** `3m 20s`, `45s`: a time left, to the second. */
function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

const percent = (p: number) => formatChance(p).padStart(7);

/**
 * The closing summary: counts, and the next race's top five by win chance.
 *
 * @example
 * ```ts ignore
 * import { formatSummary } from "./terminal.ts";
 * console.log(formatSummary(document, counts, "predictions/out.json"));
 * ```
 */
export function formatSummary(document: PredictionsDocument, counts: TrainingCounts, output: string): string {
  const lines = [
    `${counts.processed} races: ${counts.retrained} retrained, ${counts.reused} reused, ${counts.failed.length} failed ` +
    `in ${document.metadata.training_time} s -> ${output}`,
  ];
  const races = Object.entries(document.predictions);
  const next = nextRace(document.predictions) ?? races.at(-1);
  if (next !== undefined && next[1].predictions.length > 0) {
    const [name, race] = next;
    lines.push(
      `${
        race.actual === undefined ? "Next race" : "Last race"
      }: ${name} (round ${race.metadata.round}, ${race.metadata.date}, ${horizonText(race.metadata.as_of)})`,
    );
    lines.push(`  driver  team                        win   podium`);
    for (const row of race.predictions.slice(0, 5)) {
      lines.push(
        `  ${row.driver.padEnd(6)}  ${row.team.slice(0, 22).padEnd(22)}  ${percent(row.win_probability)}  ${
          percent(row.podium_probability)
        }`,
      );
    }
  }
  const projection = document.season_projection;
  if (projection !== null && projection.drivers.length > 0) {
    const odds = (kind: "drivers" | "teams") => {
      const texts = titleChanceTexts(projection, kind);
      return projection[kind].slice(0, 3).map((row) => `${kind === "teams" ? row.name : row.id} ${texts.get(row.id)}`)
        .join(", ");
    };
    lines.push(
      `Championship after round ${projection.as_of_round} (${countOf(projection.races_remaining, "race")}, ` +
        `${countOf(projection.sprints_remaining, "sprint")} to go): drivers ${odds("drivers")}; teams ${odds("teams")}`,
    );
  }
  if (document.metadata.source) lines.push(`Data: ${document.metadata.source}`);
  // Names come from the data: a team named with terminal escapes must print as text.
  return printable(lines.join("\n"));
}
