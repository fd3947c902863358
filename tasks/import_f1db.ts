/**
 * `deno task import-f1db <F1DB checkout or src/data> --season 2025 --out data/2025 [--through 12:qualifying]`
 *
 * Imports one F1DB season into the race-data format and validates the result.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { findF1dbData, importF1dbSeason, parseImportCut } from "../lib/data/f1db.ts";
import { loadSeason } from "../lib/data/load.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { formatIssue } from "../lib/data/issues.ts";

const USAGE =
  `Usage: deno task import-f1db <F1DB checkout or its src/data> --season YEAR --out DIR [--through ROUND[:SESSION]]

Imports one season of F1DB (https://github.com/f1db/f1db, CC BY 4.0) into the race-data format.
  --season YEAR        the season to import (required)
  --out DIR            the season folder to write, e.g. data/2025 (required)
  --through R[:S]      stop at round R, after session S if given (e.g. 12:qualifying)
Unchanged files are not rewritten; session files the import no longer has are removed.`;

async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        season: { type: "string" },
        out: { type: "string" },
        through: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`import-f1db: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const year = Number(values.season);
  if (positionals.length !== 1 || !Number.isInteger(year) || values.out === undefined) {
    console.error(`import-f1db: expected one F1DB folder, --season YEAR and --out DIR\n\n${USAGE}`);
    return 2;
  }
  const cut = values.through === undefined ? undefined : parseImportCut(values.through);
  const started = performance.now();
  const files = await importF1dbSeason(await findF1dbData(positionals[0]), year, cut);
  await Deno.mkdir(values.out, { recursive: true });
  const summary = await writeSeasonFolder(values.out, files);
  const loaded = await loadSeason(values.out);
  const problems = [
    ...loaded.issues,
    ...loaded.rounds.flatMap((round) => round.status === "invalid" ? round.issues : []),
  ];
  for (const issue of problems) console.error(formatIssue(issue));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `${year}: ${loaded.season.calendar.length} rounds, ${files.size - 1} session files; ` +
      `${summary.written.length} written, ${summary.unchanged} unchanged, ${summary.removed.length} removed ` +
      `in ${seconds} s. Data: ${loaded.season.source}`,
  );
  return problems.length === 0 ? 0 : 1;
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    console.error(`import-f1db: ${(error as Error).message}`);
    Deno.exit(error instanceof RangeError ? 2 : 1);
  }
}
