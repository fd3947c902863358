/**
 * A season folder checked before it exists: its files written to a
 * temporary folder and loaded, so an import (or the live poller) can refuse
 * data the format rejects without touching the folder it would replace.
 *
 * @module
 */

import { relative } from "node:path";
import { DataFormatError, type DataIssue } from "./issues.ts";
import { loadSeason } from "./load.ts";
import { readSeasonFiles, writeSeasonFolder } from "./season_writer.ts";

/**
 * Every problem a season folder holding `files` would have (a refused `season.json` included), each `file`
 * relative to the folder, as `files` names it; empty when it would load cleanly.
 *
 * @example
 * ```ts
 * import { seasonProblems } from "./season_check.ts";
 * import assert from "node:assert/strict";
 * const problems = await seasonProblems(new Map([["season.json", { year: 2025 }]]));
 * assert.ok(problems.length > 0 && problems.every((issue) => issue.file === "season.json"));
 * ```
 */
export async function seasonProblems(files: ReadonlyMap<string, unknown>): Promise<DataIssue[]> {
  const aside = await Deno.makeTempDir({ prefix: "f1hp-season-check-" });
  try {
    await writeSeasonFolder(aside, files);
    let issues: DataIssue[];
    try {
      const loaded = await loadSeason(aside);
      issues = [...loaded.issues, ...loaded.rounds.flatMap((round) => round.status === "invalid" ? round.issues : [])];
    } catch (error) {
      if (!(error instanceof DataFormatError)) throw error;
      issues = error.issues;
    }
    return issues.map((issue) => ({ ...issue, file: relative(aside, issue.file) }));
  } finally {
    await Deno.remove(aside, { recursive: true });
  }
}

/** Which problems of a changed season folder count. */
export interface ProblemsWithOptions {
  /**
   * Whether a problem in this file (relative to the folder) is the change's.
   *
   * @default {the season file and the files changed}
   */
  concerns?: (file: string) => boolean;
}

/**
 * The problems the season folder `dir` would have with `changes` (relative path to JSON value) written over it, in
 * the files the change concerns: a change validated aside, before it replaces any file.
 *
 * @example
 * ```ts
 * import { problemsWith } from "./season_check.ts";
 * import assert from "node:assert/strict";
 * const problems = await problemsWith("/no/such/folder", new Map([["season.json", { year: 2025 }]]));
 * assert.ok(problems.length > 0 && problems.every((issue) => issue.file === "season.json"));
 * ```
 */
export async function problemsWith(
  dir: string,
  changes: ReadonlyMap<string, unknown>,
  options: ProblemsWithOptions = {},
): Promise<DataIssue[]> {
  const concerns = options.concerns ?? ((file: string) => file === "season.json" || changes.has(file));
  const wouldBe = new Map([...await readSeasonFiles(dir), ...changes]);
  return (await seasonProblems(wouldBe)).filter((issue) => concerns(issue.file));
}
