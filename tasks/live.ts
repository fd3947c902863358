/**
 * `deno task live --season YEAR --train-data DIR [--source jolpica|openf1] [--interval 120] [--base-url URL]`
 *
 * Follows a race weekend: polls the Jolpica API for the current round's
 * qualifying, sprint and race as each ends, and writes each complete
 * session into the season folder (`lib/live/poller.ts` says when it polls and
 * what it will not overwrite). Run `deno task watch` beside it to retrain.
 *
 * @module
 */

import { join } from "node:path";
import { seasonsBefore } from "../lib/data/season_file.ts";
import { JsonSource } from "../lib/sources/http_source.ts";
import { fillMissingSessions, followWeekend } from "../lib/live/poller.ts";
import { LIVE_SOURCES, liveSource } from "../lib/sources/registry.ts";
import type { LiveSourceAdapter } from "../lib/sources/source.ts";
import type { Season } from "../lib/data/format.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import {
  describeFailure,
  integerOption,
  parseTaskArgs,
  requiredOption,
  sharedOptions,
  sourceFailure,
  teamMappingOption,
  UsageError,
} from "./cli.ts";

const SOURCES_HELP = LIVE_SOURCES.map((adapter, index) =>
  `${" ".repeat(23)}${adapter.name}${index === 0 ? " (default)" : ""}: ${adapter.summary}\n` +
  `${" ".repeat(25)}${adapter.baseUrl}`
).join("\n");

const USAGE = `Usage: deno task live --season YEAR --train-data DIR [options]

Follows a race weekend: polls a source (the Jolpica F1 API by default) for the current round's sessions from the
scheduled end of each, and writes each session into DIR/YEAR as soon as its results are complete. A session file
already there that this task did not write (an import, a hand correction) is left alone. Ctrl+C stops it.
  --train-data DIR     the data set (a folder of season folders); the season is DIR/YEAR, imported first if absent
  --season YEAR        the season to follow (required)
  --interval S         seconds between polls of a session whose results are due (default 120)
  --source NAME        where the results come from:
${SOURCES_HELP}
  --base-url URL       the API to read instead of the source's own
  --team ID=ID,...     source team id (Ergast id, OpenF1 name) = F1DB team id, for teams the tables do not know
  --fill               instead of following: read every ended session the season folder lacks, once, and exit
                       (with --source openf1, the practice and sprint-qualifying sessions Jolpica has no results for)
  --verbose            stack traces for unexpected errors
Follow a weekend with three commands side by side: deno task live ..., deno task watch ... on the same data set,
and deno task serve; the dashboard updates as each session lands.`;

async function follow(
  options: {
    dataSet: string;
    year: number;
    intervalMs: number;
    source: LiveSourceAdapter;
    baseUrl: string;
    teams: Record<string, string>;
    fill: boolean;
  },
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
  const adapter = options.source;
  // No log of each retry: the poller says once per outage what is wrong, and once when it is over.
  const source = new JsonSource({
    baseUrl: options.baseUrl,
    signal: controller.signal,
    ...(adapter.minIntervalMs === undefined ? {} : { minIntervalMs: adapter.minIntervalMs }),
  });
  const history = await seasonsBefore(dataSet, year);
  try {
    await importWhenMissing({ ...options, dir, reader: source, history, log });
    log(
      `${
        options.fill ? "filling the ended sessions missing from" : "following"
      } ${year} in ${dir} from ${options.baseUrl}`,
    );
    const season = { year, history, teams: options.teams };
    const feed = adapter.feed(source, season);
    if (options.fill) {
      const filled = await fillMissingSessions(feed, { dir, signal: controller.signal, log });
      log(`filled ${filled.length} session files`);
      return 0;
    }
    const written = await followWeekend(feed, { dir, intervalMs: options.intervalMs, signal: controller.signal, log });
    log(`stopped; ${written.length} session files written`);
    return 0;
  } catch (error) {
    if (controller.signal.aborted) return 0;
    throw error;
  }
}

/** The season so far from the source, when the folder has no season file yet and the source can build one. */
async function importWhenMissing(
  context: {
    dir: string;
    dataSet: string;
    year: number;
    source: LiveSourceAdapter;
    reader: JsonSource;
    history: Season[];
    teams: Record<string, string>;
    log: (line: string) => void;
  },
): Promise<void> {
  const { dir, dataSet, year, source: adapter } = context;
  try {
    await Deno.stat(join(dir, "season.json"));
    return;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  if (adapter.importSeason === undefined) {
    throw new UsageError(
      `--train-data ${dataSet}: expected ${join(dir, "season.json")}, whose calendar places ${adapter.name}'s ` +
        `sessions; found none (import the season first: deno task import-jolpica --season ${year} --out ${dir})`,
    );
  }
  context.log(`${dir} has no season file: importing ${year} so far`);
  const files = await adapter.importSeason(context.reader, { year, history: context.history, teams: context.teams });
  await Deno.mkdir(dir, { recursive: true });
  await writeSeasonFolder(dir, files);
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "live",
    usage: USAGE,
    options: {
      ...sharedOptions("train-data", "season"),
      interval: { type: "string" },
      source: { type: "string" },
      "base-url": { type: "string" },
      team: { type: "string" },
      fill: { type: "boolean" },
      verbose: { type: "boolean" },
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  let baseUrl = values["base-url"] ?? LIVE_SOURCES[0].baseUrl;
  try {
    const source = liveSource(values.source ?? LIVE_SOURCES[0].name);
    baseUrl = values["base-url"] ?? source.baseUrl;
    return await follow({
      dataSet: requiredOption("--train-data", values["train-data"], "the data set folder"),
      year: integerOption("--season", values.season ?? "", { fallback: 0, min: 1950 }),
      intervalMs: 1000 * integerOption("--interval", values.interval, { fallback: 120, min: 10 }),
      source,
      baseUrl,
      teams: teamMappingOption("--team", values.team),
      fill: values.fill ?? false,
    });
  } catch (error) {
    const { message, code } = sourceFailure(error, baseUrl) ?? describeFailure(error, { verbose: values.verbose });
    console.error(`live: ${message}${code === 2 ? `\n\n${USAGE}` : ""}`);
    return code;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
