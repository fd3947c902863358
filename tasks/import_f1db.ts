/**
 * `deno task import-f1db <F1DB checkout or src/data> --season 2025 --out data/2025 [--through 12:qualifying]`
 * `deno task import-f1db <F1DB checkout or src/data> --seasons 2014-2025 --out data/f1db`
 *
 * Imports F1DB seasons into the race-data format and validates each.
 *
 * @module
 */

import { f1dbFileOf, importF1dbSeason, parseImportCut } from "../lib/sources/f1db/f1db.ts";
import { findF1dbData } from "../lib/sources/f1db/reader.ts";
import { F1DB_ENV, f1dbLocation } from "../lib/sources/f1db/location.ts";
import { seasonFoldersIn } from "../lib/data/load.ts";
import { seasonProblems } from "../lib/data/season_check.ts";
import type { Season } from "../lib/data/format.ts";
import { basename, join } from "node:path";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { isFile } from "../lib/data/files.ts";
import { formatIssue } from "../lib/data/issues.ts";
import { describeFailure, integerOption, parseTaskArgs, UsageError, yearRangeOption } from "./cli.ts";

const USAGE =
  `Usage: deno task import-f1db [F1DB checkout or its src/data] --season YEAR --out DIR [--through ROUND[:SESSION]]
       deno task import-f1db [F1DB checkout or its src/data] --seasons FROM-TO --out DIR

Imports seasons of F1DB (https://github.com/f1db/f1db, CC BY 4.0) into the race-data format. Without a folder,
the checkout named by ${F1DB_ENV}, else ../shared/f1db beside the repository.
  --season YEAR        the season to import
  --out DIR            with --season, the season folder to write (e.g. data/2025); with --seasons, the folder of
                       season folders (e.g. data/f1db, which gets data/f1db/2014 and so on) (required)
  --through R[:S]      stop at round R, after session S if given (e.g. 12:qualifying); --season only
  --seasons FROM-TO    import each of these seasons (e.g. 2014-2025); one that fails leaves the others imported
Unchanged files are not rewritten; session files the import no longer has are removed.`;

async function importSeason(source: string, options: { year: number; out: string; through?: string }): Promise<number> {
  const cut = options.through === undefined ? undefined : parseImportCut(options.through);
  const seasons = await seasonFoldersIn(options.out);
  if (seasons.length > 0) {
    // Writing a season beside season folders would hide them: training reads a folder as one season or as a set.
    throw new UsageError(
      `--out ${options.out}: expected the season's own folder, such as ${join(options.out, String(options.year))}; ` +
        `found a data set of season folders (${seasons.map((dir) => basename(dir)).join(", ")})`,
    );
  }
  const started = performance.now();
  const notes: string[] = [];
  const files = await importF1dbSeason(await findF1dbData(source), options.year, {
    ...(cut === undefined ? {} : { cut }),
    note: (line) => notes.push(line),
  });
  for (const line of notes) console.log(`import-f1db: ${line}`);
  // Validated aside first, so a season the format refuses never replaces a good one half-way.
  const problems = await seasonProblems(files);
  if (problems.length > 0) {
    for (const issue of problems) {
      const imported = formatIssue({ ...issue, file: join(options.out, issue.file) });
      console.error(`F1DB ${f1dbFileOf(options.year, issue.file)}, imported as ${imported}`);
    }
    console.error(`import-f1db: ${options.out} left as it was: the F1DB data above breaks the format`);
    return 1;
  }
  await Deno.mkdir(options.out, { recursive: true });
  const summary = await writeSeasonFolder(options.out, files);
  const season = files.get("season.json") as Season;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `${options.year}: ${season.calendar.length} rounds, ${files.size - 1} session files; ` +
      `${summary.written.length} written, ${summary.unchanged} unchanged, ${summary.removed.length} removed ` +
      `in ${seconds} s. Data: ${season.source}`,
  );
  return 0;
}

/**
 * Each season into `out/<year>`, one after another; a season that fails is reported and the rest still imported,
 * and the exit code is 1 if any failed. A folder that is no F1DB checkout fails once, before any season.
 */
async function importSeasons(source: string, options: { years: number[]; out: string }): Promise<number> {
  const data = await findF1dbData(source);
  const found = await isFile(options.out)
    ? "a file"
    : await isFile(join(options.out, "season.json"))
    ? "a season folder (with season.json)"
    : undefined;
  if (found !== undefined) {
    throw new UsageError(`--out ${options.out}: expected a folder for the seasons' folders; found ${found}`);
  }
  const started = performance.now();
  const failed: number[] = [];
  for (const year of options.years) {
    let code: number;
    try {
      code = await importSeason(data, { year, out: join(options.out, String(year)) });
    } catch (error) {
      const described = describeFailure(error);
      console.error(`import-f1db: ${year}: ${described.message}`);
      code = described.code;
    }
    if (code !== 0) failed.push(year);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const imported = options.years.length - failed.length;
  console.log(
    `import-f1db: ${imported} of ${options.years.length} seasons into ${options.out} in ${seconds} s` +
      (failed.length === 0 ? "" : `; not imported: ${failed.join(", ")} (above)`),
  );
  return failed.length === 0 ? 0 : 1;
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "import-f1db",
    usage: USAGE,
    positionals: true,
    options: {
      season: { type: "string" },
      seasons: { type: "string" },
      out: { type: "string" },
      through: { type: "string" },
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  try {
    if (positionals.length > 1) throw new UsageError("expected one F1DB folder");
    const source = positionals[0] ?? f1dbLocation();
    if (values.seasons !== undefined) {
      if (values.season !== undefined || values.through !== undefined) {
        throw new UsageError("--seasons: expected without --season and --through, which import one season");
      }
      if (values.out === undefined) throw new UsageError("--out: expected the folder to write the seasons' folders in");
      return await importSeasons(source, { years: yearRangeOption("--seasons", values.seasons), out: values.out });
    }
    if (values.out === undefined) throw new UsageError("--out: expected the season folder to write");
    const year = integerOption("--season", values.season ?? "", { fallback: 0, min: 1950 });
    return await importSeason(source, { year, out: values.out, through: values.through });
  } catch (error) {
    const { message, code } = describeFailure(error);
    console.error(`import-f1db: ${message}${code === 2 ? `\n\n${USAGE}` : ""}`);
    return code;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
