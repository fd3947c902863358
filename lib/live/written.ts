/**
 * What the live poller may write into a season folder, and what it wrote: a
 * session file is written when it is absent or still exactly what the poller
 * wrote (its text hash in `.live-state.json`), and only once the season
 * folder with it written passes the format, checked aside, so a bad answer
 * (a driver twice, a driver in two teams) never replaces a good file.
 *
 * @module
 */

import { join } from "node:path";
import type { Season } from "../data/format.ts";
import { toJsonText, writeIfChanged } from "../data/files.ts";
import { hashParts } from "../data/hash.ts";
import { type DataIssue, formatIssue } from "../data/issues.ts";
import { problemsWith } from "../data/season_check.ts";
import type { LiveRead } from "../sources/source.ts";
import { TransientSourceError } from "../errors/errors.ts";

/** The file where the poller keeps the text hashes of what it wrote. */
export const LIVE_STATE_FILE = ".live-state.json";

/** An answer that, written, would break the season folder's format: nothing of it is written. */
export class InvalidAnswerError extends TransientSourceError {
  override name = "InvalidAnswerError";
  /**
   * @example
   * ```ts
   * import { InvalidAnswerError } from "./written.ts";
   * import assert from "node:assert/strict";
   * const problem = { file: "21-x/race.json", path: "[1].driver", found: '"VER"', expected: "each driver once per session" };
   * assert.match(new InvalidAnswerError("Jolpica", [problem]).message, /^Jolpica's answer for 21-x\/race.json: \[1\]\.driver: expected each driver once per session; found "VER"; nothing written$/);
   * ```
   */
  constructor(source: string, readonly problems: readonly DataIssue[]) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    super(`${source}'s answer for ${formatIssue(first)}${more}; nothing written`);
  }
}

/** What a plan is made with. */
export interface PlanOptions {
  /** The season folder. */
  dir: string;
  /** The poller's record of what it wrote, path to text hash; files forgotten are deleted from it. */
  state: Record<string, string>;
  /** Where a refusal is said. */
  log: (line: string) => void;
  /**
   * A session read again for a correction: only files the poller wrote are considered.
   *
   * @default {false}
   */
  recheck?: boolean;
}

/** Which of a read's session files may be written and differ from what is there; forgets files changed by hand. */
export async function planWrites(
  read: LiveRead,
  context: PlanOptions,
): Promise<{ writes: Array<[string, string]>; corrected: boolean; forgotten: number }> {
  const { dir, log, state } = context;
  const writes: Array<[string, string]> = [];
  let corrected = false;
  let forgotten = 0;
  for (const path of [...read.files.keys()].filter((path) => path !== "season.json")) {
    if (context.recheck && state[path] === undefined) continue;
    const refused = await refusal(join(dir, path), state[path]);
    if (refused !== undefined) {
      log(`${path}: not written: ${refused}`);
      // A file changed by hand is the user's now: the poller stops reading it again.
      if (state[path] !== undefined) {
        delete state[path];
        forgotten++;
      }
      continue;
    }
    const text = toJsonText(read.files.get(path));
    if (state[path] === hashParts(text)) continue;
    corrected ||= state[path] !== undefined;
    writes.push([path, text]);
  }
  return { writes, corrected, forgotten };
}

/** The problems the season folder would have with the answer written, in the season file and the files written. */
export function answerProblems(
  dir: string,
  at: { read: LiveRead; writes: ReadonlyArray<[string, string]> },
): Promise<DataIssue[]> {
  const season = at.read.files.get("season.json");
  return problemsWith(
    dir,
    new Map([
      ...(season === undefined ? [] : [["season.json", season] as const]),
      ...at.writes.map(([path]) => [path, at.read.files.get(path)] as const),
    ]),
  );
}

/** Writes the planned session files, season file first; records each in `state`. */
export async function writeSession(
  read: LiveRead,
  at: {
    dir: string;
    existing: Season | undefined;
    writes: ReadonlyArray<[string, string]>;
    state: Record<string, string>;
  },
): Promise<string[]> {
  const { dir, state } = at;
  const season = read.files.get("season.json") as Season | undefined;
  // The season file first: a watcher that sees the session file must find its drivers entered.
  if (season !== undefined && season !== at.existing) {
    await writeIfChanged(join(dir, "season.json"), toJsonText(season));
  }
  for (const [path, text] of at.writes) {
    await writeIfChanged(join(dir, path), text);
    state[path] = hashParts(text);
  }
  return at.writes.map(([path]) => path);
}

/** Why a file may not be replaced, or undefined when it may: it is absent, or still what this poller wrote. */
async function refusal(path: string, writtenHash: string | undefined): Promise<string | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  if (writtenHash === undefined) {
    return "it was already there (an import or a hand-made file), and is newer than this poll";
  }
  if (hashParts(text) !== writtenHash) return "it was changed since this poller wrote it (a hand correction?)";
  return undefined;
}

export async function readState(dir: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await Deno.readTextFile(join(dir, LIVE_STATE_FILE))).files ?? {};
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof SyntaxError) return {};
    throw error;
  }
}
