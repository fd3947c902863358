/**
 * Importing a season, or one round of it, from the Jolpica API (Ergast
 * format) into the files of a season folder, with F1DB's identities
 * (`lib/sources/identity.ts`) so that it joins an F1DB history.
 *
 * A season import reads the schedule and the season-wide results,
 * qualifying and sprint lists a page of 100 at a time (about fifteen
 * requests); a round import reads the schedule and that round's three. The
 * season file is rebuilt from the schedule, the rounds read and, for rounds
 * not read, the season file already in the folder.
 *
 * @module
 */

import type { CalendarRound, Entrant, RoundSessions, Season, SessionKind, Team } from "../../data/format.ts";
import { roundFolderName, sessionFileName } from "../../data/format.ts";
import {
  calendarRound,
  driverCode,
  ERGAST_RESULT_LISTS,
  ErgastFormatError,
  ergastPage,
  type ErgastRace,
  type ErgastResult,
  type ErgastSession,
  gridFromRace,
  qualifyingRows,
  resultRows,
} from "./ergast.ts";
import { f1dbTeamId, knownTeamName, teamLineage } from "../identity.ts";
import { importedConditions } from "../../data/conditions.ts";
import type { JsonGetter, SeasonFiles } from "../source.ts";
import { TransientSourceError } from "../../errors/errors.ts";

/** The public Jolpica endpoint of the Ergast-format API. */
export const JOLPICA_BASE_URL = "https://api.jolpi.ca/ergast/f1";

/** The attribution every season imported from Jolpica carries. */
export const JOLPICA_ATTRIBUTION = "Jolpica F1 API (https://github.com/jolpica/jolpica-f1), Ergast format";

/** The Ergast endpoint of each session with results. */
export const ERGAST_ENDPOINTS: Readonly<Record<ErgastSession, string>> = {
  race: "results",
  sprint: "sprint",
  qualifying: "qualifying",
};

/** What was read for a season: its schedule, and the result lists of each round read. */
export interface JolpicaSeason {
  year: number;
  schedule: ErgastRace[];
  results: Map<number, Partial<Record<ErgastSession, ErgastResult[]>>>;
}

/** The most pages of 100 one list is read in: a season of 24 races and 22 drivers has 528 results, six pages. */
export const MAX_PAGES = 10;

/**
 * Every race of an Ergast list, reading page after page; a race split
 * across two pages is joined back into one.
 */
export async function readAllRaces(source: JsonGetter, path: string): Promise<ErgastRace[]> {
  const byRound = new Map<string, ErgastRace>();
  for (let offset = 0, pages = 0;; pages++) {
    const page = ergastPage(await source.get(`${path}?limit=100&offset=${offset}`), path);
    // A source that ignores `offset`, or claims more rows than a season holds, would be read for ever.
    if (page.offset !== offset) {
      throw new ErgastFormatError(path, {
        field: "MRData.offset",
        found: page.offset,
        expected: `${offset}, as asked`,
      });
    }
    if (pages >= MAX_PAGES) {
      throw new ErgastFormatError(path, {
        field: "MRData.total",
        found: page.total,
        expected: `at most ${MAX_PAGES} pages of 100 (a season has about 500 rows)`,
      });
    }
    for (const race of page.races) {
      const seen = byRound.get(race.round);
      if (seen === undefined) {
        byRound.set(race.round, structuredClone(race));
        continue;
      }
      for (const list of Object.values(ERGAST_RESULT_LISTS)) {
        if (race[list] !== undefined) seen[list] = [...(seen[list] ?? []), ...race[list]!];
      }
    }
    const rows = page.races.reduce(
      (sum, race) => sum + Object.values(ERGAST_RESULT_LISTS).reduce((n, list) => n + (race[list]?.length ?? 0), 0),
      0,
    );
    offset += Math.max(rows, page.races.length);
    if (offset >= page.total || rows + page.races.length === 0) break;
  }
  return [...byRound.values()].sort((a, b) => Number(a.round) - Number(b.round));
}

/** What {@linkcode readJolpicaSeason} reads. */
export interface JolpicaReadOptions {
  year: number;
  /**
   * One round only (its results; the schedule is always the season's).
   *
   * @default {every round}
   */
  round?: number;
  /**
   * The sessions whose results are read.
   *
   * @default {["race", "sprint", "qualifying"]}
   */
  sessions?: readonly ErgastSession[];
  /**
   * Each round's race date that its results must carry (a live read passes the folder's calendar).
   *
   * @default {the dates of the schedule read with them}
   */
  dates?: ReadonlyMap<number, string>;
}

/** The source answered a request for one season or round with another's races: nothing of it is used. */
export class SourceMismatchError extends TransientSourceError {
  override name = "SourceMismatchError";
  /**
   * @example
   * ```ts
   * import { SourceMismatchError } from "./jolpica.ts";
   * import assert from "node:assert/strict";
   * assert.match(new SourceMismatchError("2025/5/results/", "season 2025, round 5", "season 2024, round 6").message,
   *   /2025\/5\/results\/: expected races of season 2025, round 5; found season 2024, round 6/);
   * ```
   */
  constructor(path: string, expected: string, found: string) {
    super(`${path}: expected races of ${expected}; found ${found} (the source answered for another race)`);
  }
}

/** What an answer was asked for. */
export interface AnsweredForOptions {
  year: number;
  /** The request's path, for the error. */
  path: string;
  /**
   * The round asked for.
   *
   * @default {any round of the season}
   */
  round?: number;
  /**
   * Each round's race date, which its races must carry.
   *
   * @default {any date}
   */
  dates?: ReadonlyMap<number, string>;
}

/**
 * The races of an answer, once every one is of the season (and round) asked for and on its round's date: a
 * source that answers with last season's results, the next round's, or a race the calendar puts on another day is
 * refused before anything is written.
 *
 * @throws {SourceMismatchError}
 */
export function answeredFor(
  races: ErgastRace[],
  asked: AnsweredForOptions,
): ErgastRace[] {
  const wrong = races.find((race) =>
    Number(race.season) !== asked.year || (asked.round !== undefined && Number(race.round) !== asked.round)
  );
  if (wrong !== undefined) {
    const expected = `season ${asked.year}${asked.round === undefined ? "" : `, round ${asked.round}`}`;
    throw new SourceMismatchError(asked.path, expected, `season ${wrong.season}, round ${wrong.round}`);
  }
  const moved = races.find((race) => {
    const date = asked.dates?.get(Number(race.round));
    return date !== undefined && race.date !== date;
  });
  if (moved !== undefined) {
    const round = `season ${asked.year}, round ${moved.round}`;
    throw new SourceMismatchError(
      asked.path,
      `${round} on ${asked.dates!.get(Number(moved.round))} (the calendar's date)`,
      `${round} on ${moved.date}`,
    );
  }
  return races;
}

/** Each round's race date, as a calendar gives it: what a source's results must carry. */
export function raceDates(rounds: ReadonlyArray<{ round: number | string; date: string }>): Map<number, string> {
  return new Map(rounds.map((r) => [Number(r.round), r.date]));
}

/**
 * Reads a season's schedule and the results of every round (or of `round`
 * only) from an Ergast-format source.
 *
 * @example
 * ```ts ignore
 * import { readJolpicaSeason } from "./jolpica.ts";
 * import { JsonSource } from "../http_source.ts";
 * const read = await readJolpicaSeason(new JsonSource({ baseUrl: "https://api.jolpi.ca/ergast/f1" }), { year: 2025, round: 12 });
 * ```
 */
export async function readJolpicaSeason(
  source: JsonGetter,
  which: JolpicaReadOptions,
): Promise<JolpicaSeason> {
  const { year, round } = which;
  const schedule = answeredFor(await readAllRaces(source, `${year}/races/`), { year, path: `${year}/races/` });
  const results: JolpicaSeason["results"] = new Map();
  const dates = which.dates ?? raceDates(schedule);
  for (const session of which.sessions ?? (["race", "sprint", "qualifying"] as const)) {
    const path = round === undefined
      ? `${year}/${ERGAST_ENDPOINTS[session]}/`
      : `${year}/${round}/${ERGAST_ENDPOINTS[session]}/`;
    for (const race of answeredFor(await readAllRaces(source, path), { year, round, path, dates })) {
      const rows = race[ERGAST_RESULT_LISTS[session]];
      if (rows === undefined || rows.length === 0) continue;
      const n = Number(race.round);
      results.set(n, { ...results.get(n), [session]: rows });
    }
  }
  return { year, schedule, results };
}

/** The files of a season folder from what was read, and what a user should know about them. */
export interface JolpicaFiles {
  files: SeasonFiles;
  /** Lines for the user: drivers or teams new to the data set, rounds whose circuit was not in it. */
  notes: string[];
}

/** One driver's stint with one team while it is assembled. */
interface Stint extends Omit<Entrant, "rounds"> {
  rounds: Set<number>;
}

/** What a Jolpica read is joined to when it becomes a season folder. */
export interface JolpicaFilesOptions {
  /** The seasons before, whose identities the read's drivers and teams take. */
  history: readonly Season[];
  /**
   * The season file already in the folder: rounds the read did not cover keep their entries from it.
   *
   * @default {undefined}
   */
  existing?: Season;
  /**
   * Ergast constructor id to F1DB team id, for teams the tables do not know (`--team`).
   *
   * @default {none}
   */
  teams?: Readonly<Record<string, string>>;
}

/**
 * The season file and the session files of the rounds read. Rounds not read
 * keep their entrants from `existing` (the folder's season file), so that a
 * round import adds to a season rather than replacing it.
 *
 * @throws {import("./ergast.ts").ErgastFormatError | import("../identity.ts").UnknownIdentityError}
 */
export function jolpicaSeasonFiles(
  read: JolpicaSeason,
  context: JolpicaFilesOptions,
): JolpicaFiles {
  const { year, schedule, results } = read;
  const { history, existing } = context;
  const allSeasons = [...history, ...(existing ? [existing] : [])];
  const knownTeams = new Set(allSeasons.flatMap((s) => s.entrants.map((e) => e.team)));
  const files: SeasonFiles = new Map();
  const stints = new Map<string, Stint>();
  const teamNames = new Map<string, string>();
  for (const entrant of existing?.entrants ?? []) {
    const kept = entrant.rounds.filter((round) => !results.has(round));
    stints.set(`${entrant.driver}/${entrant.team}`, { ...entrant, rounds: new Set(kept) });
  }
  const calendar = schedule.map((race) => {
    const n = Number(race.round);
    const where = `${year}/${n}`;
    const read = results.get(n) ?? {};
    const sessions: RoundSessions = {};
    if (read.qualifying) sessions.qualifying = qualifyingRows(read.qualifying, `${where}/qualifying`);
    if (read.sprint) sessions.sprint = resultRows(read.sprint, `${where}/sprint`);
    if (read.race) {
      sessions.race = resultRows(read.race, `${where}/results`);
      sessions.grid = gridFromRace(sessions.race);
    }
    const round = keepIdentity(
      calendarRound(race, { where: `${year} schedule, round ${n}`, history, ran: sessions }),
      { existing: existing?.calendar.find((r) => r.round === n), ran: sessions },
    );
    for (const [kind, rows] of Object.entries(sessions)) {
      files.set(`${roundFolderName(round)}/${sessionFileName(kind as SessionKind)}`, rows);
    }
    for (const [session, rows] of Object.entries(read) as Array<[ErgastSession, ErgastResult[]]>) {
      for (const row of rows) {
        const where = `${year}/${n}/${ERGAST_ENDPOINTS[session]}`;
        const team = f1dbTeamId(row.Constructor, { year, where, mapping: context.teams, knownTeams });
        teamNames.set(team, row.Constructor.name);
        const driver = driverCode(row, where);
        const key = `${driver}/${team}`;
        const stint = stints.get(key) ?? {
          driver,
          name: `${row.Driver.givenName} ${row.Driver.familyName}`,
          number: Number(row.number),
          team,
          team_name: knownTeamName(team, allSeasons) ?? row.Constructor.name,
          rounds: new Set<number>(),
          practice_rounds: [],
        };
        stint.rounds.add(n);
        stints.set(key, stint);
      }
    }
    // Conditions already in the folder's season file (a user's, or an earlier read's) stay.
    const conditions = {
      ...existing?.calendar.find((r) => r.round === n)?.conditions,
      ...importedConditions({ year, slug: round.slug }, {
        included: round.schedule.filter((kind) => kind in sessions),
        sessions,
      }),
    };
    return Object.keys(conditions).length === 0 ? round : { ...round, conditions };
  });
  const entrants = [...stints.values()]
    .filter((stint) => stint.rounds.size > 0 || stint.practice_rounds.length > 0)
    .map((stint) => ({ ...stint, rounds: [...stint.rounds].sort((a, b) => a - b) }))
    .sort((a, b) => a.team.localeCompare(b.team) || a.driver.localeCompare(b.driver));
  const teams = teamsOf(entrants, { history: allSeasons, teamNames });
  const season: Season = { year, source: JOLPICA_ATTRIBUTION, calendar, entrants, teams };
  return { files: new Map([["season.json", season], ...files]), notes: newcomers(season, history) };
}

function teamsOf(
  entrants: readonly Entrant[],
  context: { history: readonly Season[]; teamNames: ReadonlyMap<string, string> },
): Team[] {
  const known = context.history.flatMap((season) => season.teams ?? []);
  return [...new Set(entrants.map((e) => e.team))].sort().map((id) => ({
    id,
    name: knownTeamName(id, context.history) ?? context.teamNames.get(id) ?? id,
    predecessors: teamLineage(id, known),
  }));
}

/**
 * A round already in the folder's season file keeps its folder, name and
 * circuit (an F1DB import's, or a user's), and its laps until the race has run.
 */
function keepIdentity(
  round: CalendarRound,
  at: { existing: CalendarRound | undefined; ran: RoundSessions },
): CalendarRound {
  const { existing, ran } = at;
  if (existing === undefined) return round;
  return {
    ...round,
    slug: existing.slug,
    name: existing.name,
    circuit: existing.circuit,
    laps: ran.race ? round.laps : existing.laps,
    sprint_laps: ran.sprint || existing.sprint_laps === null ? round.sprint_laps : existing.sprint_laps,
  };
}

/** Notes on drivers and teams the data set's history has not seen: a new identity should be a surprise only once. */
function newcomers(season: Season, history: readonly Season[]): string[] {
  if (history.length === 0) return [];
  const drivers = new Set(history.flatMap((s) => s.entrants.map((e) => e.driver)));
  const teams = new Set(
    history.flatMap((s) => [...s.entrants.map((e) => e.team), ...(s.teams ?? []).flatMap((t) => t.predecessors)]),
  );
  const notes: string[] = [];
  for (const entrant of season.entrants) {
    if (!drivers.has(entrant.driver)) notes.push(`driver ${entrant.driver} (${entrant.name}) is new to the data set`);
  }
  for (const team of season.teams ?? []) {
    if (!teams.has(team.id) && !team.predecessors.some((id) => teams.has(id))) {
      notes.push(`team ${team.id} (${team.name}) is new to the data set`);
    }
  }
  return notes;
}
