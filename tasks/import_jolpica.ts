/**
 * `deno task import-jolpica --season YEAR --out DIR [--round R] [--base-url URL] [--team ID=ID,...]`
 *
 * Imports a season, or one round, from the Jolpica API (Ergast format) into
 * the race-data format, with F1DB's identities so that it joins the F1DB
 * seasons beside it, and validates the result.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { JOLPICA_BASE_URL, jolpicaSeasonFiles, readJolpicaSeason } from "../lib/sources/jolpica/jolpica.ts";
import { seasonFileIn, seasonsBefore } from "../lib/data/season_file.ts";
import { JsonSource } from "../lib/sources/http_source.ts";
import { loadSeason, seasonFoldersIn } from "../lib/data/load.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { formatIssue } from "../lib/data/issues.ts";
import { problemsWith, seasonProblems } from "../lib/data/season_check.ts";
import { toJsonText, writeIfChanged } from "../lib/data/files.ts";
import { describeFailure, integerOption, parseTaskArgs, sourceFailure, teamMappingOption, UsageError } from "./cli.ts";

const USAGE = `Usage: deno task import-jolpica --season YEAR --out DIR [options]

Imports a season (or one round) from the Jolpica F1 API, the Ergast API's successor, into the race-data
format, in the same season-folder layout as import-f1db. Teams and circuits get F1DB's ids, so the season
joins F1DB seasons in the same data set (the folder above --out).
  --season YEAR        the season to import (required)
  --out DIR            the season folder to write, e.g. data/2026 (required)
  --round R            import round R only; the rest of the folder stays as it is
  --base-url URL       the API to read (default ${JOLPICA_BASE_URL}); a mirror or a test server
  --team ID=ID,...     source team id (Ergast id, OpenF1 name) = F1DB team id, for teams the tables do not know
Unchanged files are not rewritten. Jolpica has no practice or sprint-qualifying results; the grid comes
from the race result.`;

async function importSeason(
  options: { year: number; out: string; round?: number; baseUrl: string; teams: Record<string, string> },
): Promise<number> {
  const { year, out, round } = options;
  if ((await seasonFoldersIn(out)).length > 0) {
    throw new UsageError(`--out ${out}: expected the season's own folder, such as ${join(out, String(year))}`);
  }
  const started = performance.now();
  const source = new JsonSource({ baseUrl: options.baseUrl, log: (line) => console.error(`import-jolpica: ${line}`) });
  const read = await readJolpicaSeason(source, { year, round });
  const existing = await seasonFileIn(out);
  const history = await seasonsBefore(dirname(out), year);
  const { files, notes } = jolpicaSeasonFiles(read, { history, existing, teams: options.teams });
  // The season as it would be, validated aside first: a bad answer never replaces good files.
  const touched = (path: string) =>
    round === undefined || path === "season.json" ||
    path.startsWith(`${String(round).padStart(2, "0")}-`);
  // A whole season replaces the folder; one round is written over it.
  const problems = round === undefined
    ? await seasonProblems(files)
    : await problemsWith(out, new Map([...files].filter(([path]) => touched(path))), { concerns: touched });
  if (problems.length > 0) {
    for (const issue of problems) console.error(formatIssue({ ...issue, file: `answer for ${issue.file}` }));
    console.error(`import-jolpica: ${out} left as it was: the source's answer above breaks the format`);
    return 1;
  }
  await Deno.mkdir(out, { recursive: true });
  let written: string[];
  let unchanged = 0;
  if (round === undefined) {
    const summary = await writeSeasonFolder(out, files);
    written = summary.written;
    unchanged = summary.unchanged;
  } else {
    // One round: its files and the season file; other rounds' files stay.
    written = [];
    for (const [path, value] of files) {
      if (!touched(path)) continue;
      if (await writeIfChanged(join(out, path), toJsonText(value))) written.push(path);
      else unchanged++;
    }
  }
  for (const note of notes) console.log(`import-jolpica: ${note}`);
  const loaded = await loadSeason(out);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `${year}${round === undefined ? "" : ` round ${round}`}: ${read.results.size} rounds with results; ` +
      `${written.length} files written, ${unchanged} unchanged in ${seconds} s. Data: ${loaded.season.source}`,
  );
  return 0;
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "import-jolpica",
    usage: USAGE,
    options: {
      season: { type: "string" },
      out: { type: "string" },
      round: { type: "string" },
      "base-url": { type: "string" },
      team: { type: "string" },
      verbose: { type: "boolean" },
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  try {
    if (values.out === undefined) throw new UsageError("--out: expected the season folder to write");
    const year = integerOption("--season", values.season ?? "", { fallback: 0, min: 1950 });
    const round = values.round === undefined
      ? undefined
      : integerOption("--round", values.round, { fallback: 1, min: 1 });
    return await importSeason({
      year,
      out: values.out,
      round,
      baseUrl: values["base-url"] ?? JOLPICA_BASE_URL,
      teams: teamMappingOption("--team", values.team),
    });
  } catch (error) {
    const { message, code } = sourceFailure(error, values["base-url"] ?? JOLPICA_BASE_URL) ??
      describeFailure(error, { verbose: values.verbose });
    console.error(`import-jolpica: ${message}${code === 2 ? `\n\n${USAGE}` : ""}`);
    return code;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
