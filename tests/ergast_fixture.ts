/**
 * Ergast-format responses for tests, written from a season in our own
 * format (the demo season, or F1DB data imported at test time), and a test
 * server on 127.0.0.1 that answers the Jolpica paths with them, paged as the
 * API pages, with a hook to script failures and partial answers.
 *
 * The responses follow the documented format
 * (https://github.com/jolpica/jolpica-f1/tree/main/docs/endpoints): strings
 * everywhere, `positionText` letters for the unclassified, `grid` "0" for a
 * pit-lane start, `Time.millis` only for drivers on the lead lap, no lap
 * counts in qualifying.
 */

import type {
  CalendarRound,
  Entrant,
  QualifyingRow,
  ResultRow,
  ResultStatus,
  RoundSessions,
  Season,
} from "../lib/data/format.ts";
import { roundFolderName } from "../lib/data/format.ts";
import type { ErgastRace, ErgastResult } from "../lib/sources/jolpica/ergast.ts";
import { ERGAST_CIRCUITS, ERGAST_TEAMS } from "../lib/sources/identity.ts";
import { formatTime } from "../lib/data/laptime.ts";
import { join } from "node:path";

const LETTER: Partial<Record<ResultStatus, string>> = { DNF: "R", DSQ: "D", DNS: "W", NC: "N", EX: "E", DNQ: "F" };

/** Ergast's circuit id for an F1DB circuit (the table inverted; the F1DB id itself where the table has none). */
export function ergastCircuitId(id: string): string {
  return Object.entries(ERGAST_CIRCUITS).find(([, known]) => known.id === id)?.[0] ?? id;
}

/** Ergast's constructor id for an F1DB team. */
export function ergastTeamId(id: string): string {
  return Object.entries(ERGAST_TEAMS).find(([, entries]) => entries.some((entry) => entry.id === id))?.[0] ??
    id.replaceAll("-", "_");
}

/**
 * Scheduled start of each session of a round: the race at 14:00 UTC on race day, each earlier session 20 h before the
 * next; `shiftMs` moves them all (a demonstration run in real time).
 */
export function sessionTimes(round: CalendarRound, shiftMs = 0): Map<string, Date> {
  const sessions = round.schedule.filter((kind) => kind !== "grid");
  const race = Date.parse(`${round.date}T14:00:00Z`) + shiftMs;
  return new Map(sessions.map((kind, i) => [kind, new Date(race - (sessions.length - 1 - i) * 20 * 3600_000)]));
}

function timeOf(date: Date): { date: string; time: string } {
  const iso = date.toISOString();
  return { date: iso.slice(0, 10), time: `${iso.slice(11, 19)}Z` };
}

/** A race of the schedule, as `/{year}/races/` lists it. */
export function scheduleRace(year: number, round: CalendarRound, shiftMs = 0): ErgastRace {
  const times = sessionTimes(round, shiftMs);
  const at = (kind: string) => times.has(kind) ? timeOf(times.get(kind)!) : undefined;
  const race: ErgastRace = {
    season: String(year),
    round: String(round.round),
    raceName: round.name,
    Circuit: { circuitId: ergastCircuitId(round.circuit.id), circuitName: `${round.circuit.name} Circuit` },
    ...timeOf(times.get("race")!),
  };
  const named = {
    FirstPractice: at("fp1"),
    SecondPractice: at("fp2"),
    ThirdPractice: at("fp3"),
    SprintQualifying: at("sprint_qualifying"),
    Sprint: at("sprint"),
    Qualifying: at("qualifying"),
  };
  for (const [key, value] of Object.entries(named)) {
    if (value) (race as unknown as Record<string, unknown>)[key] = value;
  }
  return race;
}

function who(driver: string, context: { entrants: readonly Entrant[]; round: number }) {
  const { entrants, round } = context;
  const entrant = entrants.find((e) => e.driver === driver && e.rounds.includes(round)) ??
    entrants.find((e) => e.driver === driver)!;
  const [givenName, ...family] = entrant.name.split(" ");
  return {
    number: String(entrant.number),
    Driver: {
      driverId: entrant.name.toLowerCase().replaceAll(" ", "_"),
      code: driver,
      givenName,
      familyName: family.join(" "),
    },
    Constructor: { constructorId: ergastTeamId(entrant.team), name: entrant.team_name },
  };
}

/** A race or sprint result as Ergast lists it. */
export function ergastResults(
  rows: readonly ResultRow[],
  context: { entrants: readonly Entrant[]; round: number; year: number },
): ErgastResult[] {
  const leadLaps = Math.max(...rows.map((row) => row.laps ?? 0));
  return rows.map((row, i) => {
    const letter = typeof row.position === "string" ? LETTER[row.position] : undefined;
    const lapsDown = leadLaps - (row.laps ?? 0);
    const status = row.retirement ??
      (letter === "W"
        ? "Did not start"
        : letter === "D"
        ? "Disqualified"
        : lapsDown === 0
        ? "Finished"
        : `+${lapsDown} Lap${lapsDown > 1 ? "s" : ""}`);
    const result: ErgastResult = {
      ...who(row.driver, context),
      position: String(i + 1),
      positionText: letter ?? String(row.position),
      points: String(row.points),
      ...(row.grid === null ? {} : { grid: row.grid === "PL" ? "0" : String(row.grid) }),
      ...(row.laps === null ? {} : { laps: String(row.laps) }),
      status,
    };
    if (row.time_ms !== null && lapsDown === 0 && letter === undefined) result.Time = { millis: String(row.time_ms) };
    return result;
  });
}

/** A qualifying result as Ergast lists it: every driver with a position, times as text. */
export function ergastQualifying(
  rows: readonly QualifyingRow[],
  context: { entrants: readonly Entrant[]; round: number; year: number },
): ErgastResult[] {
  return rows.map((row, i) => {
    const result: ErgastResult = {
      ...who(row.driver, context),
      position: String(i + 1),
    };
    if (row.q1_ms !== null) result.Q1 = formatTime(row.q1_ms);
    if (row.q2_ms !== null) result.Q2 = formatTime(row.q2_ms);
    if (row.q3_ms !== null) result.Q3 = formatTime(row.q3_ms);
    return result;
  });
}

/** A season in our format and its rounds' sessions: what the fixture server answers from. */
export interface FixtureSeason {
  season: Season;
  sessions: Map<number, RoundSessions>;
  /** Moves every session time (see `sessionTimes`). */
  shiftMs?: number;
}

/** Reads a season folder's season file and session files. */
export async function readSeasonFolder(dir: string): Promise<FixtureSeason> {
  const season = JSON.parse(await Deno.readTextFile(join(dir, "season.json"))) as Season;
  const sessions = new Map<number, RoundSessions>();
  for (const round of season.calendar) {
    const found: RoundSessions = {};
    for (const kind of ["qualifying", "sprint", "race", "grid"] as const) {
      try {
        (found as Record<string, unknown>)[kind] = JSON.parse(
          await Deno.readTextFile(join(dir, roundFolderName(round), `${kind}.json`)),
        );
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
    sessions.set(round.round, found);
  }
  return { season, sessions };
}

/** The races (each with one result list) an endpoint returns for a season or one round. */
export function endpointRaces(fixture: FixtureSeason, path: { endpoint: string; round?: number }): ErgastRace[] {
  const { season, sessions } = fixture;
  const year = season.year;
  const races: ErgastRace[] = [];
  for (const round of season.calendar) {
    if (path.round !== undefined && round.round !== path.round) continue;
    const race = scheduleRace(year, round, fixture.shiftMs);
    if (path.endpoint === "races") {
      races.push(race);
      continue;
    }
    const run = sessions.get(round.round) ?? {};
    const context = { entrants: season.entrants, round: round.round, year };
    if (path.endpoint === "results" && run.race) races.push({ ...race, Results: ergastResults(run.race, context) });
    if (path.endpoint === "sprint" && run.sprint) {
      races.push({ ...race, SprintResults: ergastResults(run.sprint, context) });
    }
    if (path.endpoint === "qualifying" && run.qualifying) {
      races.push({ ...race, QualifyingResults: ergastQualifying(run.qualifying, context) });
    }
  }
  return races;
}

/** One page of an endpoint, as the API pages it: `limit` rows (races for the schedule) from `offset`. */
export function ergastPageBody(
  races: readonly ErgastRace[],
  paging: { limit: number; offset: number; url: string },
): unknown {
  const lists = ["Results", "SprintResults", "QualifyingResults"] as const;
  type Entry = { race: ErgastRace; list: typeof lists[number] | undefined; row: ErgastResult | undefined };
  const rows = races.flatMap((race): Entry[] => {
    const list = lists.find((key) => race[key] !== undefined);
    return list === undefined ? [{ race, list, row: undefined }] : race[list]!.map((row) => ({ race, list, row }));
  });
  const page = rows.slice(paging.offset, paging.offset + paging.limit);
  const out: ErgastRace[] = [];
  for (const { race, list, row } of page) {
    let last = out.at(-1);
    if (last === undefined || last.round !== race.round) {
      last = { ...race };
      for (const key of lists) delete last[key];
      out.push(last);
    }
    if (list !== undefined && row !== undefined) last[list] = [...(last[list] ?? []), row];
  }
  return {
    MRData: {
      xmlns: "",
      series: "f1",
      url: paging.url,
      limit: String(paging.limit),
      offset: String(paging.offset),
      total: String(rows.length),
      RaceTable: { season: races[0]?.season ?? "", Races: out },
    },
  };
}

/** A scripted answer: a status to return instead, or rows to cut the result lists to (a session still running). */
export type Script = (request: { path: string; endpoint: string; round?: number }) =>
  | { status: number; headers?: Record<string, string> }
  | { keepRows: number }
  | undefined;

/** Serves a fixture season under `/ergast/f1` on 127.0.0.1; returns the base URL, the requests seen and a stop. */
export function serveErgast(
  fixture: FixtureSeason,
  script: Script = () => undefined,
): { baseUrl: string; requests: string[]; stop: () => Promise<void> } {
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    const url = new URL(request.url);
    requests.push(url.pathname + url.search);
    const match = /^\/ergast\/f1\/(\d{4})\/(?:(\d+)\/)?(races|results|qualifying|sprint)\/?$/.exec(url.pathname);
    if (match === null || Number(match[1]) !== fixture.season.year) return new Response("not found", { status: 404 });
    const path = {
      path: url.pathname,
      endpoint: match[3],
      round: match[2] === undefined ? undefined : Number(match[2]),
    };
    const scripted = script(path);
    if (scripted !== undefined && "status" in scripted) {
      return new Response("scripted", { status: scripted.status, headers: scripted.headers });
    }
    let races = endpointRaces(fixture, path);
    if (scripted !== undefined && "keepRows" in scripted) {
      races = races.map((race) => ({
        ...race,
        ...(race.Results ? { Results: race.Results.slice(0, scripted.keepRows) } : {}),
        ...(race.QualifyingResults ? { QualifyingResults: race.QualifyingResults.slice(0, scripted.keepRows) } : {}),
        ...(race.SprintResults ? { SprintResults: race.SprintResults.slice(0, scripted.keepRows) } : {}),
      }));
    }
    const limit = Math.min(100, Number(url.searchParams.get("limit") ?? 30));
    const offset = Number(url.searchParams.get("offset") ?? 0);
    return Response.json(ergastPageBody(races, { limit, offset, url: request.url }));
  });
  return {
    baseUrl: `http://127.0.0.1:${server.addr.port}/ergast/f1`,
    requests,
    stop: () => server.shutdown(),
  };
}
