/**
 * `deno task live --season YEAR --train-data DIR [--interval 120] [--base-url URL] [--team ID=ID,...]`
 *
 * Follows a race weekend: polls the Jolpica API for the current round's
 * qualifying, sprint and race as each ends, and writes each complete
 * session into the season folder (`lib/data/live.ts` says when it polls and
 * what it will not overwrite). Run `deno task watch` beside it to retrain.
 *
 * @module
 */

import { join } from "node:path";
import { JOLPICA_BASE_URL, jolpicaSeasonFiles, readJolpicaSeason, seasonsBefore } from "../lib/data/jolpica.ts";
import { JsonSource } from "../lib/data/http_source.ts";
import { followWeekend } from "../lib/data/live.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import {
  describeFailure,
  integerOption,
  parseTaskArgs,
  requiredOption,
  sharedOptions,
  sourceFailure,
  teamMappingOption,
} from "./cli.ts";

const USAGE = `Usage: deno task live --season YEAR --train-data DIR [options]

Follows a race weekend: polls the Jolpica F1 API for the current round's qualifying, sprint and race from the
scheduled end of each, and writes each session into DIR/YEAR as soon as its results are complete. A session file
already there that this task did not write (an import, a hand correction) is left alone. Ctrl+C stops it.
  --train-data DIR     the data set (a folder of season folders); the season is DIR/YEAR, imported first if absent
  --season YEAR        the season to follow (required)
  --interval S         seconds between polls of a session whose results are due (default 120)
  --base-url URL       the API to read (default ${JOLPICA_BASE_URL})
  --team ID=ID,...     Ergast constructor id = F1DB team id, for teams the built-in table does not know
  --verbose            stack traces for unexpected errors
Follow a weekend with three commands side by side: deno task live ..., deno task watch ... on the same data set,
and deno task serve; the dashboard updates as each session lands.`;

async function follow(
  options: { dataSet: string; year: number; intervalMs: number; baseUrl: string; teams: Record<string, string> },
): Promise<number> {
  const { dataSet, year } = options;
  const dir = join(dataSet, String(year));
  const stamp = () => new Date().toISOString().slice(0, 19).replace("T", " ");
  const log = (line: string) => console.log(`live ${stamp()}: ${line}`);
  const controller = new AbortController();
  const stop = (signal: string) => {
    if (!controller.signal.aborted) log(`stopping (${signal})`);
    controller.abort();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, () => stop(signal));
  const source = new JsonSource({ baseUrl: options.baseUrl, log, signal: controller.signal });
  const history = await seasonsBefore(dataSet, year);
  try {
    await Deno.stat(join(dir, "season.json"));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    log(`${dir} has no season file: importing ${year} so far`);
    const { files } = jolpicaSeasonFiles(await readJolpicaSeason(source, { year }), { history, teams: options.teams });
    await Deno.mkdir(dir, { recursive: true });
    await writeSeasonFolder(dir, files);
  }
  log(`following ${year} in ${dir} from ${options.baseUrl}; Ctrl+C stops`);
  try {
    const written = await followWeekend({
      source,
      dir,
      year,
      history,
      teams: options.teams,
      intervalMs: options.intervalMs,
      signal: controller.signal,
      log,
    });
    log(`stopped; ${written.length} session files written`);
    return 0;
  } catch (error) {
    if (controller.signal.aborted) return 0;
    throw error;
  }
}

async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "live",
    usage: USAGE,
    options: {
      ...sharedOptions("train-data", "season"),
      interval: { type: "string" },
      "base-url": { type: "string" },
      team: { type: "string" },
      verbose: { type: "boolean" },
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const baseUrl = values["base-url"] ?? JOLPICA_BASE_URL;
  try {
    return await follow({
      dataSet: requiredOption("--train-data", values["train-data"], "the data set folder"),
      year: integerOption("--season", values.season ?? "", { fallback: 0, min: 1950 }),
      intervalMs: 1000 * integerOption("--interval", values.interval, { fallback: 120, min: 10 }),
      baseUrl,
      teams: teamMappingOption("--team", values.team),
    });
  } catch (error) {
    const { message, code } = sourceFailure(error, baseUrl) ?? describeFailure(error, { verbose: values.verbose });
    console.error(`live: ${message}${code === 2 ? `\n\n${USAGE}` : ""}`);
    return code;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
