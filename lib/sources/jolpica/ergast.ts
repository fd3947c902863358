/**
 * Reading Ergast-format responses (the Jolpica API, https://api.jolpi.ca,
 * the successor of the Ergast API) into the race-data format: the season
 * schedule into calendar rounds, and race, sprint and qualifying results
 * into session rows. Every value arrives as a string; each is checked and
 * converted here, and a response that breaks the format is an error naming
 * the response, the field and what it held.
 *
 * Ergast has no practice or sprint-qualifying results and no starting grid
 * before the race: the grid file is the race result's grid column.
 *
 * @module
 */

import type {
  CalendarRound,
  GridRow,
  QualifyingRow,
  ResultRow,
  ResultStatus,
  Season,
  SessionKind,
} from "../../data/format.ts";
import { startedRace } from "../../data/format.ts";
import { parseTimeText } from "../../data/laptime.ts";
import { circuitFacts } from "../identity.ts";
import { TransientSourceError } from "../../errors/errors.ts";

/** A response that breaks the Ergast format: names the response, the field, what it holds and what was expected. */
export class ErgastFormatError extends TransientSourceError {
  override name = "ErgastFormatError";
  /**
   * @example
   * ```ts
   * import { ErgastFormatError } from "./ergast.ts";
   * import assert from "node:assert/strict";
   * const e = new ErgastFormatError("2025/races", { field: "Races[0].round", found: "x", expected: "a round number" });
   * assert.equal(e.message, '2025/races: Races[0].round: expected a round number; found "x"');
   * ```
   */
  constructor(readonly where: string, readonly problem: { field: string; found: unknown; expected: string }) {
    super(`${where}: ${problem.field}: expected ${problem.expected}; found ${JSON.stringify(problem.found)}`);
  }
}

/** A date and UTC time as Ergast gives a session's. */
export interface ErgastTime {
  date: string;
  time?: string;
}

/** One driver's row of a race, sprint or qualifying result. */
export interface ErgastResult {
  number: string;
  position: string;
  positionText?: string;
  points?: string;
  Driver: { driverId: string; code?: string; givenName: string; familyName: string; permanentNumber?: string };
  Constructor: { constructorId: string; name: string };
  grid?: string;
  laps?: string;
  status?: string;
  Time?: { millis?: string; time?: string };
  Q1?: string;
  Q2?: string;
  Q3?: string;
}

/** A race of `MRData.RaceTable.Races`, with whichever result lists the endpoint returns. */
export interface ErgastRace extends ErgastTime {
  season: string;
  round: string;
  raceName: string;
  Circuit: { circuitId: string; circuitName: string };
  FirstPractice?: ErgastTime;
  SecondPractice?: ErgastTime;
  ThirdPractice?: ErgastTime;
  SprintQualifying?: ErgastTime;
  /** The 2023 name of sprint qualifying. */
  SprintShootout?: ErgastTime;
  Sprint?: ErgastTime;
  Qualifying?: ErgastTime;
  Results?: ErgastResult[];
  SprintResults?: ErgastResult[];
  QualifyingResults?: ErgastResult[];
}

/** The sessions Ergast has results for, and the field of a race that holds each. */
export const ERGAST_RESULT_LISTS = {
  race: "Results",
  sprint: "SprintResults",
  qualifying: "QualifyingResults",
} as const satisfies Partial<Record<SessionKind, keyof ErgastRace>>;

/** A session Ergast has results for. */
export type ErgastSession = keyof typeof ERGAST_RESULT_LISTS;

/** A page of an Ergast list: its races and where the page sits in the whole list. */
export interface ErgastPage {
  races: ErgastRace[];
  offset: number;
  limit: number;
  total: number;
}

/**
 * Checks the envelope of a response (`MRData` with paging and a
 * `RaceTable.Races` list) and returns its page.
 *
 * @throws {ErgastFormatError}
 * @example
 * ```ts
 * import { ergastPage } from "./ergast.ts";
 * import assert from "node:assert/strict";
 * const page = ergastPage({ MRData: { limit: "100", offset: "0", total: "0", RaceTable: { Races: [] } } }, "2026/races");
 * assert.equal(page.total, 0);
 * assert.throws(() => ergastPage({}, "2026/races"), /2026\/races: MRData: expected/);
 * ```
 */
export function ergastPage(body: unknown, where: string): ErgastPage {
  const data = (body as { MRData?: Record<string, unknown> } | null)?.MRData;
  if (typeof data !== "object" || data === null) {
    return fail(where, { field: "MRData", found: body, expected: "an object (an Ergast-format response)" });
  }
  const paging = ["offset", "limit", "total"].map((key) => {
    const value = Number(data[key]);
    return Number.isInteger(value) && value >= 0
      ? value
      : fail(where, { field: `MRData.${key}`, found: data[key], expected: "a count" });
  });
  const races = (data.RaceTable as { Races?: unknown } | undefined)?.Races;
  if (!Array.isArray(races)) {
    return fail(where, { field: "MRData.RaceTable.Races", found: races, expected: "a list of races" });
  }
  races.forEach((race, i) => checkRace(race, `${where}`, i));
  return { races: races as ErgastRace[], offset: paging[0], limit: paging[1], total: paging[2] };
}

function fail(where: string, problem: { field: string; found: unknown; expected: string }): never {
  throw new ErgastFormatError(where, problem);
}

function checkRace(race: unknown, where: string, i: number): void {
  const r = race as Partial<ErgastRace> | null;
  if (typeof r !== "object" || r === null) fail(where, { field: `Races[${i}]`, found: race, expected: "a race" });
  if (!/^\d+$/.test(String(r.round))) {
    fail(where, { field: `Races[${i}].round`, found: r.round, expected: "a round number" });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(r.date))) {
    fail(where, { field: `Races[${i}].date`, found: r.date, expected: "a date YYYY-MM-DD" });
  }
  if (typeof r.Circuit?.circuitId !== "string") {
    fail(where, { field: `Races[${i}].Circuit.circuitId`, found: r.Circuit, expected: "a circuit id" });
  }
  for (const list of Object.values(ERGAST_RESULT_LISTS)) {
    const rows = r[list];
    if (rows === undefined) continue;
    if (!Array.isArray(rows)) fail(where, { field: `Races[${i}].${list}`, found: rows, expected: "a list of results" });
    rows.forEach((row, j) => {
      if (typeof row?.Driver?.driverId !== "string") {
        fail(where, {
          field: `Races[${i}].${list}[${j}].Driver`,
          found: row?.Driver,
          expected: "a driver with a driverId",
        });
      }
      if (typeof row?.Constructor?.constructorId !== "string") {
        fail(where, {
          field: `Races[${i}].${list}[${j}].Constructor`,
          found: row?.Constructor,
          expected: "a constructor with a constructorId",
        });
      }
    });
  }
}

/** Ergast's `positionText` letters for a result without a classified position. */
const STATUS_BY_LETTER: Readonly<Record<string, ResultStatus>> = {
  R: "DNF", // retired
  D: "DSQ", // disqualified
  E: "EX", // excluded
  W: "DNS", // withdrawn
  F: "DNQ", // failed to qualify
  N: "NC", // not classified
};

/** Statuses of a driver who took the flag, classified without a retirement reason. */
const FINISHED = /^(Finished|Lapped|\+\d+ Laps?)$/;

function count(value: string | undefined, where: string, field: string): number | null {
  if (value === undefined || value === "") return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fail(where, { field: field, found: value, expected: "a whole number" });
}

/**
 * A driver's three-letter code: Ergast's `code`, which every driver since
 * 2014 has.
 *
 * @throws {ErgastFormatError} for a driver without one.
 */
export function driverCode(row: ErgastResult, where: string): string {
  const code = row.Driver.code;
  if (typeof code !== "string" || !/^[A-Z]{3}$/.test(code)) {
    return fail(where, {
      field: `Driver ${row.Driver.driverId}.code`,
      found: code,
      expected: "a three-letter driver code",
    });
  }
  return code;
}

/**
 * A race or sprint result as the format's rows, in classification order.
 *
 * @example
 * ```ts
 * import { resultRows } from "./ergast.ts";
 * import assert from "node:assert/strict";
 * const driver = { driverId: "norris", code: "NOR", givenName: "Lando", familyName: "Norris" };
 * const row = { number: "4", position: "1", positionText: "R", points: "0", Driver: driver, Constructor: { constructorId: "mclaren", name: "McLaren" }, grid: "0", laps: "3", status: "Collision" };
 * assert.deepEqual(resultRows([row], "2025/1/results"), [{ driver: "NOR", position: "DNF", grid: "PL", laps: 3, time_ms: null, points: 0, retirement: "Collision" }]);
 * ```
 */
export function resultRows(rows: readonly ErgastResult[], where: string): ResultRow[] {
  return [...rows].sort((a, b) => Number(a.position) - Number(b.position)).map((row) => {
    const text = row.positionText ?? row.position;
    const status = STATUS_BY_LETTER[text];
    if (status === undefined && !/^\d+$/.test(text)) {
      fail(where, {
        field: `${row.Driver.driverId}.positionText`,
        found: text,
        expected: `a position or one of ${Object.keys(STATUS_BY_LETTER)}`,
      });
    }
    const grid = count(row.grid, where, `${row.Driver.driverId}.grid`);
    const millis = count(row.Time?.millis, where, `${row.Driver.driverId}.Time.millis`);
    const points = Number(row.points ?? 0);
    if (!Number.isFinite(points) || points < 0) {
      fail(where, { field: `${row.Driver.driverId}.points`, found: row.points, expected: "points" });
    }
    return {
      driver: driverCode(row, where),
      position: status ?? Number(text),
      // Grid "0" is a pit-lane start, or no slot at all for a driver who never started.
      grid: grid === 0 ? (status !== undefined && !startedRace({ position: status }) ? null : "PL") : grid,
      laps: count(row.laps, where, `${row.Driver.driverId}.laps`),
      time_ms: status === undefined ? millis : null,
      points,
      retirement: row.status === undefined || FINISHED.test(row.status) ? null : row.status,
    };
  });
}

/**
 * A qualifying result as the format's rows. Ergast has no lap counts there.
 *
 * @example
 * ```ts
 * import { qualifyingRows } from "./ergast.ts";
 * import assert from "node:assert/strict";
 * const row = { number: "1", position: "2", Driver: { driverId: "max_verstappen", code: "VER", givenName: "Max", familyName: "Verstappen" }, Constructor: { constructorId: "red_bull", name: "Red Bull" }, Q1: "1:15.912", Q2: "", };
 * assert.deepEqual(qualifyingRows([row], "q"), [{ driver: "VER", position: 2, q1_ms: 75912, q2_ms: null, q3_ms: null, laps: null }]);
 * ```
 */
export function qualifyingRows(rows: readonly ErgastResult[], where: string): QualifyingRow[] {
  const lap = (text: string | undefined, field: string) => {
    if (text === undefined || text === "") return null;
    return parseTimeText(text) ?? fail(where, { field: field, found: text, expected: "a lap time such as 1:15.912" });
  };
  return [...rows].sort((a, b) => Number(a.position) - Number(b.position)).map((row) => ({
    driver: driverCode(row, where),
    position: count(row.position, where, `${row.Driver.driverId}.position`) ??
      fail(where, { field: "position", found: "", expected: "a position" }),
    q1_ms: lap(row.Q1, `${row.Driver.driverId}.Q1`),
    q2_ms: lap(row.Q2, `${row.Driver.driverId}.Q2`),
    q3_ms: lap(row.Q3, `${row.Driver.driverId}.Q3`),
    laps: null,
  }));
}

/**
 * The starting grid a race result shows: drivers by slot, pit-lane starts
 * last. A driver who withdrew (DNS) is left out where they hold no slot of
 * their own: with no grid, in the pit lane, or sharing a slot with the
 * driver moved up into it, as F1DB's starting grids leave them out.
 * Penalties are not in Ergast.
 *
 * @example
 * ```ts
 * import { gridFromRace } from "./ergast.ts";
 * import assert from "node:assert/strict";
 * const rows = [{ driver: "A", grid: "PL" }, { driver: "B", grid: 1 }, { driver: "C", grid: 1, position: "DNS" }];
 * assert.deepEqual(gridFromRace(rows as never), [{ driver: "B", grid: 1, penalty: null }, { driver: "A", grid: "PL", penalty: null }]);
 * ```
 */
export function gridFromRace(race: readonly ResultRow[]): GridRow[] {
  const slot = (grid: ResultRow["grid"]) => grid === "PL" ? Infinity : grid as number;
  const taken = new Set(race.filter(startedRace).map((row) => row.grid));
  return race
    .filter((row) => row.grid !== null && (startedRace(row) || !(row.grid === "PL" || taken.has(row.grid))))
    .sort((a, b) => slot(a.grid) - slot(b.grid))
    .map((row) => ({ driver: row.driver, grid: row.grid!, penalty: null }));
}

/** A race's sessions and their scheduled UTC start, in running order; the grid is not a session and has no time. */
export function sessionStarts(race: ErgastRace): Array<{ kind: SessionKind; start: Date | null }> {
  const listed: Array<[SessionKind, ErgastTime | undefined]> = [
    ["fp1", race.FirstPractice],
    ["fp2", race.SecondPractice],
    ["fp3", race.ThirdPractice],
    ["sprint_qualifying", race.SprintQualifying ?? race.SprintShootout],
    ["sprint", race.Sprint],
    ["qualifying", race.Qualifying],
    ["race", race],
  ];
  const at = (time: ErgastTime) => time.time === undefined ? null : new Date(`${time.date}T${time.time}`);
  const sessions = listed.flatMap(([kind, time]) => time === undefined ? [] : [{ kind, start: at(time) }]);
  const timed = sessions.every((session) => session.start !== null && !Number.isNaN(session.start.getTime()));
  if (timed) sessions.sort((a, b) => a.start!.getTime() - b.start!.getTime());
  return sessions;
}

/**
 * A calendar round from a race of the schedule: circuit facts from the data
 * set's history or the identity tables, laps from the race's own result when
 * it has run, the schedule from the sessions' start times.
 *
 * @throws {ErgastFormatError | import("../identity.ts").UnknownIdentityError}
 */
export function calendarRound(
  race: ErgastRace,
  context: { where: string; history: readonly Season[]; ran?: { race?: ResultRow[]; sprint?: ResultRow[] } },
): CalendarRound {
  const facts = circuitFacts(race.Circuit, context);
  const lapsRun = (rows: ResultRow[] | undefined) =>
    rows === undefined || rows.length === 0 ? null : Math.max(...rows.map((row) => row.laps ?? 0));
  const laps = lapsRun(context.ran?.race) ?? facts.laps;
  const sprint = race.Sprint !== undefined;
  const schedule = sessionStarts(race).map((session) => session.kind);
  if (schedule.length === 1) {
    // An old schedule without session times: the weekend's usual order.
    schedule.unshift(
      ...(sprint ? ["fp1", "qualifying", "fp2", "sprint"] as const : ["fp1", "fp2", "fp3", "qualifying"] as const),
    );
  }
  schedule.splice(schedule.indexOf("race"), 0, "grid");
  return {
    round: Number(race.round),
    slug: facts.slug,
    name: race.raceName,
    date: race.date,
    circuit: facts.circuit,
    sprint,
    laps,
    // A sprint is 100 km against a race's 305: where no sprint has run there, that share of the laps.
    sprint_laps: sprint ? lapsRun(context.ran?.sprint) ?? facts.sprintLaps ?? Math.ceil(laps * 100 / 305) : null,
    schedule,
  };
}
