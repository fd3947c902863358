/**
 * Writing a season folder from its files, touching only what changed.
 *
 * @module
 */

import { join } from "node:path";
import { SESSION_KINDS, sessionFileName } from "./format.ts";
import { toJsonText, writeIfChanged } from "./files.ts";

/** What a season-folder write did. */
export interface SeasonWriteSummary {
  written: string[];
  unchanged: number;
  removed: string[];
}

/**
 * Writes the files of a season folder (relative path to JSON value) under
 * `dir`. Files whose content is unchanged are left alone, so their
 * modification times stay as they were; session files that the new content
 * no longer has are removed, so the folder mirrors the files exactly.
 *
 * @example
 * ```ts ignore
 * import { writeSeasonFolder } from "./season_writer.ts";
 * const summary = await writeSeasonFolder("data/2025", new Map([["season.json", { year: 2025 }]]));
 * summary.written; // ["season.json"] the first time, [] after
 * ```
 */
export async function writeSeasonFolder(dir: string, files: ReadonlyMap<string, unknown>): Promise<SeasonWriteSummary> {
  const summary: SeasonWriteSummary = { written: [], unchanged: 0, removed: [] };
  for (const [path, value] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (await writeIfChanged(join(dir, path), toJsonText(value))) summary.written.push(path);
    else summary.unchanged++;
  }
  const sessionFiles = new Set(SESSION_KINDS.map(sessionFileName));
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isDirectory || !/^\d{2}-/.test(entry.name)) continue;
    for await (const file of Deno.readDir(join(dir, entry.name))) {
      const path = `${entry.name}/${file.name}`;
      if (file.isFile && sessionFiles.has(file.name) && !files.has(path)) {
        await Deno.remove(join(dir, path));
        summary.removed.push(path);
      }
    }
  }
  summary.removed.sort();
  return summary;
}

/**
 * The JSON files of a season folder as `writeSeasonFolder` takes them: `season.json` and each round folder's
 * session files, relative path to parsed value; a file that is not valid JSON is left out (loading the folder
 * reports it). Empty where the folder does not exist.
 *
 * @example
 * ```ts ignore
 * import { readSeasonFiles, writeSeasonFolder } from "./season_writer.ts";
 * await writeSeasonFolder("/tmp/copy", await readSeasonFiles("data/f1/2025"));
 * ```
 */
export async function readSeasonFiles(dir: string): Promise<Map<string, unknown>> {
  const files = new Map<string, unknown>();
  const take = async (path: string) => {
    try {
      files.set(path, JSON.parse(await Deno.readTextFile(join(dir, path))));
    } catch (error) {
      if (!(error instanceof SyntaxError) && !(error instanceof Deno.errors.NotFound)) throw error;
    }
  };
  await take("season.json");
  const sessionFiles = new Set(SESSION_KINDS.map(sessionFileName));
  const entries = await Array.fromAsync(Deno.readDir(dir)).catch((error) => {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  });
  for (const entry of entries) {
    if (!entry.isDirectory || !/^\d{2}-/.test(entry.name)) continue;
    for await (const file of Deno.readDir(join(dir, entry.name))) {
      if (file.isFile && sessionFiles.has(file.name)) await take(`${entry.name}/${file.name}`);
    }
  }
  return files;
}
