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

/**
 * A progress callback that draws a bar on stderr.
 *
 * @example
 * ```ts ignore
 * import { progressBar } from "./terminal.ts";
 * const progress = progressBar();
 * progress(12, 24); // [##########----------] 12/24 rounds
 * ```
 */
export function progressBar(width = 30): (done: number, total: number) => void {
  const encoder = new TextEncoder();
  return (done, total) => {
    const filled = Math.round(width * done / total);
    const line = `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} rounds`;
    Deno.stderr.writeSync(encoder.encode(done === total ? `${line}\n` : line));
  };
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
