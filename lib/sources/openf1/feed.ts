/**
 * OpenF1 as a live feed: its sessions of the season, placed in the rounds
 * of the folder's season file, each due at its own scheduled end; a read is
 * the session's results, drivers, weather and (for the race) starting grid,
 * four requests. OpenF1 asks for no more than about 30 requests a minute
 * from one client without a key, so the source should keep two seconds
 * between requests (`OPENF1_MIN_INTERVAL_MS`).
 *
 * @module
 */

import type { Entrant, GridRow, Season, SessionKind, Team } from "../../data/format.ts";
import { isPractice, roundFolderName, sessionFileName } from "../../data/format.ts";
import { knownTeamName, UnknownIdentityError } from "../identity.ts";
import { withRoundEntries } from "../../data/season_file.ts";
import type { DueSession, FeedSeason, JsonGetter, LiveFeed } from "../source.ts";
import {
  type OpenF1Driver,
  type OpenF1Result,
  openf1Rows,
  type OpenF1Session,
  openf1TeamId,
  placeSessions,
  weatherConditions,
} from "./openf1.ts";
import { TransientSourceError } from "../../errors/errors.ts";

/** Least time between two OpenF1 requests. */
export const OPENF1_MIN_INTERVAL_MS = 2000;

/** An OpenF1 answer that is not the list its endpoint documents. */
export class OpenF1FormatError extends TransientSourceError {
  override name = "OpenF1FormatError";
  /**
   * @example
   * ```ts
   * import { OpenF1FormatError } from "./feed.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new OpenF1FormatError("drivers?session_key=9", { detail: "x" }).message, 'drivers?session_key=9: expected a list of records; found {"detail":"x"}');
   * ```
   */
  constructor(readonly path: string, readonly found: unknown) {
    super(`${path}: expected a list of records; found ${JSON.stringify(found)?.slice(0, 80)}`);
  }
}

async function list<T>(source: JsonGetter, path: string): Promise<T[]> {
  const body = await source.get(path);
  if (!Array.isArray(body) || body.some((row) => typeof row !== "object" || row === null)) {
    throw new OpenF1FormatError(path, body);
  }
  return body as T[];
}

/**
 * The feed of one season. Sessions are placed in the rounds of the season
 * file in the folder, which must exist (`import-jolpica` or `import-f1db`
 * writes it); with none, the schedule is empty.
 */
export function openf1Feed(
  source: JsonGetter,
  season: FeedSeason,
): LiveFeed {
  const { year } = season;
  return {
    name: "OpenF1",
    async schedule(existing) {
      if (existing === undefined) return [];
      const sessions = await list<OpenF1Session>(source, `sessions?year=${year}`);
      return placeSessions(sessions, existing.calendar).map((placed) => ({
        round: placed.round,
        session: placed.kind,
        end: placed.end,
        key: placed.sessionKey,
      }));
    },
    async read(due, existing) {
      const round = existing?.calendar.find((r) => r.round === due.round);
      if (existing === undefined || round === undefined) return { files: new Map(), rows: 0 };
      const key = due.key!;
      const results = await list<OpenF1Result>(source, `session_result?session_key=${key}`);
      const drivers = await list<OpenF1Driver>(source, `drivers?session_key=${key}`);
      const weather = await list<{ rainfall: number | null }>(source, `weather?session_key=${key}`);
      const starting = due.session === "race"
        ? await list<{ position: number; driver_number: number }>(source, `starting_grid?session_key=${key}`)
        : [];
      const where = `OpenF1 session ${key} (${year} round ${due.round} ${due.session})`;
      const codes = driverCodes(results, { drivers, where });
      const grid = new Map(starting.map((row) => [row.driver_number, row.position]));
      const folder = roundFolderName(round);
      const files = new Map<string, unknown>([
        [
          `${folder}/${sessionFileName(due.session)}`,
          openf1Rows(due.session as Exclude<SessionKind, "grid">, { results, codes, grid }),
        ],
      ]);
      if (starting.length > 0) files.set(`${folder}/grid.json`, gridRows(starting, codes));
      const conditions = weatherConditions(weather);
      const read = roundEntries(drivers, { ...season, existing, due, where });
      // Dry is what an unmarked session means already: only rain changes the season file (and retrains every round).
      const wet = conditions === "wet" || conditions === "mixed";
      const seen = { ...read, calendar: wet ? [{ ...round, conditions: { [due.session]: conditions } }] : [] };
      files.set("season.json", withRoundEntries(existing, seen, due.round));
      return { files, rows: results.length };
    },
  };
}

/** Driver numbers to codes, from the session's drivers; a result for a number without one is an error naming it. */
function driverCodes(
  results: readonly OpenF1Result[],
  context: { drivers: readonly OpenF1Driver[]; where: string },
): Map<number, string> {
  const codes = new Map(context.drivers.map((d) => [d.driver_number, d.name_acronym]));
  for (const row of results) {
    const code = codes.get(row.driver_number);
    if (code === undefined || !/^[A-Z]{3}$/.test(code)) {
      throw new UnknownIdentityError(context.where, {
        kind: "driver",
        id: String(row.driver_number),
        name: code ?? "no entry in /drivers",
      });
    }
  }
  return codes;
}

function gridRows(starting: ReadonlyArray<{ position: number; driver_number: number }>, codes: Map<number, string>) {
  return [...starting].sort((a, b) => a.position - b.position).map((row): GridRow => ({
    driver: codes.get(row.driver_number)!,
    grid: row.position,
    penalty: null,
  }));
}

/** The round's drivers as entrants of the season, with F1DB team ids, for `withRoundEntries`. */
function roundEntries(
  drivers: readonly OpenF1Driver[],
  context: {
    year: number;
    history: readonly Season[];
    teams?: Readonly<Record<string, string>>;
    existing: Season;
    due: DueSession;
    where: string;
  },
): Season {
  const seasons = [...context.history, context.existing];
  // Teams the data set knows, by the names its teams and its entrants give them.
  const known = [
    ...seasons.flatMap((s) => s.teams ?? []),
    ...seasons.flatMap((s) => s.entrants).map((e) => ({ id: e.team, name: e.team_name })),
  ];
  const teams = new Map<string, Team>();
  const entrants: Entrant[] = drivers.map((driver) => {
    const teamName = driver.team_name ?? "";
    const team = openf1TeamId(teamName, { year: context.year, where: context.where, mapping: context.teams, known });
    const name = knownTeamName(team, seasons) ?? teamName;
    teams.set(team, { id: team, name, predecessors: [] });
    return {
      driver: driver.name_acronym,
      name: [driver.first_name, driver.last_name].filter(Boolean).join(" ") || driver.name_acronym,
      number: driver.driver_number,
      team,
      team_name: name,
      // A practice session shows who drove it, not who races: `withRoundEntries` adds only those the line-up lacks.
      rounds: isPractice(context.due.session) ? [] : [context.due.round],
      practice_rounds: isPractice(context.due.session) ? [context.due.round] : [],
    };
  });
  return { year: context.year, calendar: [], entrants, teams: [...teams.values()] };
}
