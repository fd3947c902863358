/**
 * Loading season folders from disk. Problems are collected per round: a
 * broken round is reported as invalid and every other round still loads.
 * Only a broken `season.json` stops a season, since nothing can be read
 * without its calendar.
 *
 * @module
 */

import { join } from "node:path";
import {
  type CalendarRound,
  type Entrant,
  roundFolderName,
  type RoundSessions,
  type Season,
  SESSION_KINDS,
  sessionFileName,
  type Team,
} from "./format.ts";
import { DataFormatError, type DataIssue, IssueList } from "./issues.ts";
import { rosterForRound, validateSession } from "./validate.ts";
import { validateSeason } from "./validate_season.ts";
import { isIgnoredFileName } from "./ignore.ts";
import { hashParts, raceDataHash } from "./hash.ts";
import { isFile } from "./files.ts";
import { expectedLineups } from "./lineup.ts";
import { distinctDrivers } from "./driver_identity.ts";

export { isIgnoredFileName };

/** A round whose files all validated. */
export interface ValidRound {
  status: "ok";
  round: CalendarRound;
  /** MD5 over the round's files (`raceDataHash`). */
  dataHash: string;
  /** The round folder as the user's path names it. */
  dir: string;
  sessions: RoundSessions;
}

/** A round with at least one bad file; `issues` says what and where. */
export interface InvalidRound {
  status: "invalid";
  round: CalendarRound;
  dataHash: string;
  dir: string;
  issues: DataIssue[];
}

/** The outcome of loading one round. */
export type LoadedRound = ValidRound | InvalidRound;

/** A season folder once loaded: the season file and each calendar round. */
export interface LoadedSeason {
  dir: string;
  /**
   * The season file, its entrants completed with the expected line-up of each
   * round still to come that the file lists no drivers for (`lib/data/lineup.ts`).
   */
  season: Season;
  /** Rounds still to come whose line-up (or part of it) is assumed rather than listed. */
  assumedLineups: number[];
  /** MD5 of season.json's text (and of `relabelled`, where the data set relabelled any driver). */
  dataHash: string;
  /**
   * Drivers this data set gave another code, because a different driver holds theirs in a later season
   * (`lib/data/driver_identity.ts`); absent where none.
   */
  relabelled?: Array<{ name: string; from: string; to: string }>;
  /** One entry per calendar round, in round order. */
  rounds: LoadedRound[];
  /** Problems outside any round, such as a folder that matches no round. */
  issues: DataIssue[];
}

/**
 * Validates the files of one round, given as file name to text. Pure: the
 * caller reads the files. Unknown file names, malformed JSON, rows that break
 * the format and sessions outside the round's schedule are all reported.
 *
 * @example
 * ```ts
 * import { readRound } from "./load.ts";
 * import type { Season } from "./format.ts";
 * import assert from "node:assert/strict";
 * const season: Season = { year: 2025, entrants: [], calendar: [{ round: 1, slug: "australia",
 *   name: "Australian Grand Prix", date: "2025-03-16", circuit: { id: "melbourne", name: "Melbourne",
 *   type: "street" }, sprint: false, laps: 58, sprint_laps: null, schedule: ["qualifying", "race"] }] };
 * const round = readRound(season, season.calendar[0], { dir: "data/01-australia", files: new Map() });
 * assert.equal(round.status, "ok"); // no files yet, a race still to come
 * ```
 */
export function readRound(
  season: Season,
  round: CalendarRound,
  folder: { dir: string; files: ReadonlyMap<string, string>; problems?: readonly DataIssue[] },
): LoadedRound {
  const { dir, files } = folder;
  const issues: DataIssue[] = [...folder.problems ?? []];
  const sessions: Record<string, unknown> = {};
  const roster = rosterForRound(season.entrants, round.round);
  const known = SESSION_KINDS.map(sessionFileName);
  for (const [name, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (isIgnoredFileName(name)) continue;
    const list = new IssueList(join(dir, name));
    const kind = SESSION_KINDS.find((k) => sessionFileName(k) === name);
    if (kind === undefined) {
      list.addDescribed("", `a session file (${known.join(", ")})`, "an unknown file");
    } else if (!round.schedule.includes(kind)) {
      list.addDescribed(
        "",
        `only sessions of this weekend's schedule (${round.schedule.join(", ")})`,
        `a ${kind} session`,
      );
    } else if (round.cancelled?.includes(kind)) {
      list.addDescribed("", `no file for ${kind}: season.json marks it cancelled`, "a session file");
    } else {
      const parsed = parseJson(text, list);
      if (parsed.ok) {
        const rows = validateSession(kind, parsed.value, { roster, issues: list });
        if (rows !== undefined) sessions[kind] = rows;
      }
    }
    for (const issue of list.issues) issues.push(issue);
  }
  issues.push(...unclassifiedStarters(sessions as RoundSessions, join(dir, sessionFileName("race"))));
  const dataHash = raceDataHash(new Map([...files].filter(([name]) => !isIgnoredFileName(name))));
  if (issues.length > 0) return { status: "invalid", round, dir, dataHash, issues };
  return { status: "ok", round, dir, dataHash, sessions: sessions as RoundSessions };
}

/** Every driver on the grid has a row in the race result, if only as DNF or DSQ: a missing one would vanish from it. */
function unclassifiedStarters(sessions: RoundSessions, raceFile: string): DataIssue[] {
  if (sessions.grid === undefined || sessions.race === undefined) return [];
  const classified = new Set(sessions.race.map((row) => row.driver));
  return sessions.grid.filter((row) => !classified.has(row.driver)).map((row) => ({
    file: raceFile,
    path: "",
    expected: "a row for every driver on the grid (a status such as DNF for those not classified)",
    found: `no row for "${row.driver}"`,
  }));
}

function parseJson(text: string, list: IssueList): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    list.addDescribed("", "valid JSON", `a syntax error (${(error as Error).message})`);
    return { ok: false };
  }
}

/**
 * Reads and validates `season.json` text.
 *
 * @throws {DataFormatError} when the text is not a valid season file.
 * @example
 * ```ts
 * import { parseSeason } from "./load.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => parseSeason("{}", "data/2025/season.json"), /season\.json: year: expected an integer 1950-2100; found nothing/);
 * ```
 */
export function parseSeason(text: string, file: string): Season {
  const list = new IssueList(file);
  const parsed = parseJson(text, list);
  const season = parsed.ok ? validateSeason(parsed.value, list) : undefined;
  if (season === undefined) throw new DataFormatError(list.issues);
  return season;
}

async function readTextOrThrow(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new DataFormatError([{ file: path, path: "", expected: "a season file", found: "no such file" }]);
    }
    throw error;
  }
}

async function listDir(dir: string): Promise<Deno.DirEntry[]> {
  try {
    const entries: Deno.DirEntry[] = [];
    for await (const entry of Deno.readDir(dir)) entries.push(entry);
    return entries.sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

/**
 * Loads one season folder: `season.json` plus a folder per round.
 *
 * @throws {DataFormatError} when `season.json` is missing or invalid.
 * @example
 * ```ts ignore
 * import { loadSeason } from "./load.ts";
 * const loaded = await loadSeason("data/demo/2025");
 * loaded.rounds.filter((round) => round.status === "invalid").length; // 0
 * ```
 */
export async function loadSeason(dir: string): Promise<LoadedSeason> {
  const seasonFile = join(dir, "season.json");
  const seasonText = await readTextOrThrow(seasonFile);
  const season = parseSeason(seasonText, seasonFile);
  const { issues, roundProblems } = await strayEntries(dir, season);
  const roundFiles = new Map<number, Map<string, string>>();
  for (const round of season.calendar) {
    const folder = await readRoundFolder(join(dir, roundFolderName(round)));
    roundFiles.set(round.round, folder.files);
    roundProblems.get(round.round)?.push(...folder.problems) ?? roundProblems.set(round.round, folder.problems);
  }
  const lineups = expectedLineups(season, (round) => roundFiles.get(round)?.has(sessionFileName("race")) ?? false);
  const completed: Season = { ...season, entrants: withTeamPredecessors(lineups.entrants, season.teams ?? []) };
  const rounds = season.calendar.map((round) =>
    readRound(completed, round, {
      dir: join(dir, roundFolderName(round)),
      files: roundFiles.get(round.round)!,
      problems: roundProblems.get(round.round),
    })
  );
  return {
    dir,
    season: completed,
    assumedLineups: lineups.assumedRounds,
    dataHash: hashParts(seasonText),
    rounds,
    issues,
  };
}

/**
 * What a season folder holds besides `season.json` and its calendar's round
 * folders. A folder or file that names a round by its number (`05-saudi` for
 * `05-saudi-arabia`) is that round's problem, since the round loses its data;
 * anything else is the season's.
 */
async function strayEntries(
  dir: string,
  season: Season,
): Promise<{ issues: DataIssue[]; roundProblems: Map<number, DataIssue[]> }> {
  const folders = new Map(season.calendar.map((round) => [roundFolderName(round), round]));
  const issues: DataIssue[] = [];
  const roundProblems = new Map<number, DataIssue[]>();
  for (const entry of await listDir(dir)) {
    if (isIgnoredFileName(entry.name) || entry.name === "season.json" || folders.has(entry.name)) continue;
    const numbered = season.calendar.find((round) => entry.name.startsWith(`${String(round.round).padStart(2, "0")}-`));
    if (numbered !== undefined) {
      const issue = {
        file: join(dir, entry.name),
        path: "",
        expected: `the round's folder ${roundFolderName(numbered)} (its data is not read from here)`,
        found: entry.isDirectory ? "a folder of another name" : "a file",
      };
      roundProblems.set(numbered.round, [...roundProblems.get(numbered.round) ?? [], issue]);
    } else if (entry.isDirectory || entry.name.endsWith(".json")) {
      issues.push({
        file: join(dir, entry.name),
        path: "",
        expected: `a round folder from the calendar (${[...folders.keys()].join(", ")})`,
        found: "a folder or file that matches no round",
      });
    }
  }
  return { issues, roundProblems };
}

/**
 * A round folder's session files as text, and what is wrong with the folder:
 * a round folder that is a file; a folder, or a symlink that leads nowhere,
 * where a session file belongs. A symlink to a file is followed.
 */
async function readRoundFolder(roundDir: string): Promise<{ files: Map<string, string>; problems: DataIssue[] }> {
  const files = new Map<string, string>();
  const problems: DataIssue[] = [];
  const problem = (file: string, expected: string, found: string) => problems.push({ file, path: "", expected, found });
  let entries: Deno.DirEntry[];
  try {
    entries = await listDir(roundDir);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotADirectory)) throw error;
    problem(roundDir, "a round folder", "a file");
    return { files, problems };
  }
  for (const entry of entries) {
    if (isIgnoredFileName(entry.name)) continue;
    const path = join(roundDir, entry.name);
    let isFile = entry.isFile;
    if (entry.isSymlink) {
      try {
        isFile = (await Deno.stat(path)).isFile;
      } catch (error) {
        problem(path, "a session file, or a symlink to one", `a symlink that leads nowhere (${(error as Error).name})`);
        continue;
      }
    }
    if (!isFile) problem(path, "a session file", "a folder");
    else files.set(entry.name, await Deno.readTextFile(path));
  }
  return { files, problems };
}

/** Each entrant with its team's earlier ids, where the season's `teams` gives any. */
function withTeamPredecessors(entrants: readonly Entrant[], teams: readonly Team[]): Entrant[] {
  const lineage = new Map(teams.filter((team) => team.predecessors.length > 0).map((t) => [t.id, t.predecessors]));
  return entrants.map((entrant) =>
    lineage.has(entrant.team) ? { ...entrant, team_predecessors: lineage.get(entrant.team) } : entrant
  );
}

/**
 * Loads a data set: a season folder, or a parent folder whose subfolders are
 * season folders (a multi-season set). Seasons come back oldest first.
 *
 * @throws {DataFormatError} when the folder holds neither, or a season file is invalid.
 * @example
 * ```ts ignore
 * import { loadDataSet } from "./load.ts";
 * const seasons = await loadDataSet("data/demo");
 * seasons.at(-1)?.season.year;
 * ```
 */
export async function loadDataSet(dir: string): Promise<LoadedSeason[]> {
  if (await isFile(join(dir, "season.json"))) return [await loadSeason(dir)];
  const seasons: LoadedSeason[] = [];
  const entries = await isFile(dir) ? [] : await listDir(dir);
  for (const entry of entries) {
    if (await isSeasonFolder(dir, entry)) seasons.push(await loadSeason(join(dir, entry.name)));
  }
  if (seasons.length === 0) {
    throw new DataFormatError([{
      file: dir,
      path: "",
      expected: "a season folder (with season.json) or a folder of season folders",
      found: await isFile(dir) ? "a file" : "neither",
    }]);
  }
  const years = new Set<number>();
  for (const loaded of seasons) {
    if (years.has(loaded.season.year)) {
      throw new DataFormatError([{
        file: join(loaded.dir, "season.json"),
        path: "year",
        expected: "each season once in a data set",
        found: `${loaded.season.year} again`,
      }]);
    }
    years.add(loaded.season.year);
  }
  seasons.sort((a, b) => a.season.year - b.season.year);
  const changes = distinctDrivers(seasons.map((loaded) => ({
    year: loaded.season.year,
    entrants: loaded.season.entrants,
    sessions: loaded.rounds.flatMap((round) => round.status === "ok" ? [round.sessions] : []),
  })));
  for (const loaded of seasons) {
    const own = changes.filter((change) => change.year === loaded.season.year);
    if (own.length === 0) continue;
    loaded.relabelled = own.map(({ name, from, to }) => ({ name, from, to }));
    // A season's forecasts depend on its labels, so the cache must see a relabel as a change of data.
    loaded.dataHash = hashParts(loaded.dataHash, JSON.stringify(loaded.relabelled));
  }
  return seasons;
}

/**
 * The season folders (holding `season.json`) directly inside `dir`: a data
 * set's seasons. Empty for a season folder itself, or a folder that does not exist.
 *
 * @example
 * ```ts ignore
 * import { seasonFoldersIn } from "./load.ts";
 * await seasonFoldersIn("data/demo"); // ["data/demo/2025"]
 * ```
 */
export async function seasonFoldersIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await listDir(dir).catch(() => [])) {
    if (await isSeasonFolder(dir, entry)) found.push(join(dir, entry.name));
  }
  return found;
}

/** Whether an entry of `dir` is a season folder, or a link to one: it holds a `season.json`. */
async function isSeasonFolder(dir: string, entry: Deno.DirEntry): Promise<boolean> {
  return (entry.isDirectory || entry.isSymlink) && await isFile(join(dir, entry.name, "season.json"));
}
