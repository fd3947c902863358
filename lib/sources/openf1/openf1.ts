/**
 * Reading the OpenF1 API (https://openf1.org, 2023 on) into the race-data
 * format: session results of every session (practice included, which
 * Jolpica lacks), the race's starting grid, and each session's track
 * weather, which marks it `wet` or `mixed`.
 *
 * OpenF1 has no round numbers or F1DB ids: a session belongs to the round of
 * the season file whose race weekend holds its start, a driver is their
 * three-letter `name_acronym`, and a team's name maps to its F1DB id
 * (`OPENF1_TEAMS`, else a team of the data set with that name).
 *
 * @module
 */

import type {
  CalendarRound,
  PracticeRow,
  QualifyingRow,
  ResultRow,
  SessionConditions,
  SessionKind,
  SessionRows,
} from "../../data/format.ts";
import { type TeamIdContext, teamIdInSeason, UnknownIdentityError } from "../identity.ts";

/** The public OpenF1 endpoint. */
export const OPENF1_BASE_URL = "https://api.openf1.org/v1";

/** A session of `/sessions?year=`. */
export interface OpenF1Session {
  session_key: number;
  session_name: string;
  date_start: string;
  date_end: string;
  year: number;
}

/** A row of `/session_result?session_key=`: `duration` is a lap (practice), Q1-Q3 laps (qualifying) or the race time, s. */
export interface OpenF1Result {
  position: number | null;
  driver_number: number;
  number_of_laps: number | null;
  dnf?: boolean;
  dns?: boolean;
  dsq?: boolean;
  duration: number | Array<number | null> | null;
  points?: number | null;
}

/** A row of `/drivers?session_key=`. */
export interface OpenF1Driver {
  driver_number: number;
  name_acronym: string;
  first_name?: string;
  last_name?: string;
  full_name?: string;
  team_name: string | null;
}

/** OpenF1's session names for each session kind (the 2023 sprint shootout included). */
export const OPENF1_SESSION_NAMES: Readonly<Record<string, SessionKind>> = {
  "Practice 1": "fp1",
  "Practice 2": "fp2",
  "Practice 3": "fp3",
  "Sprint Qualifying": "sprint_qualifying",
  "Sprint Shootout": "sprint_qualifying",
  "Sprint": "sprint",
  "Qualifying": "qualifying",
  "Race": "race",
};

/** OpenF1 team names to F1DB team ids, each from the season it applies. */
export const OPENF1_TEAMS: Readonly<Record<string, ReadonlyArray<{ from: number; id: string }>>> = {
  "red bull racing": [{ from: 0, id: "red-bull" }],
  "mercedes": [{ from: 0, id: "mercedes" }],
  "ferrari": [{ from: 0, id: "ferrari" }],
  "mclaren": [{ from: 0, id: "mclaren" }],
  "williams": [{ from: 0, id: "williams" }],
  "haas f1 team": [{ from: 0, id: "haas" }],
  "alpine": [{ from: 0, id: "alpine" }],
  "aston martin": [{ from: 0, id: "aston-martin" }],
  "alphatauri": [{ from: 0, id: "alphatauri" }],
  "alfa romeo": [{ from: 0, id: "alfa-romeo" }],
  "rb": [{ from: 0, id: "rb" }],
  "racing bulls": [{ from: 0, id: "racing-bulls" }],
  "kick sauber": [{ from: 0, id: "kick-sauber" }],
};

/** {@linkcode TeamIdContext} for an OpenF1 team name. */
export interface OpenF1TeamContext extends TeamIdContext {
  /**
   * The data set's teams: an OpenF1 name equal to one of their names (any case) is that team.
   *
   * @default {none}
   */
  known?: ReadonlyArray<{ id: string; name: string }>;
}

/**
 * The F1DB team id of an OpenF1 team name in `year`: a user's mapping, the
 * table, then a team of the data set with that name.
 *
 * @throws {UnknownIdentityError}
 * @example
 * ```ts
 * import { openf1TeamId } from "./openf1.ts";
 * import assert from "node:assert/strict";
 * assert.equal(openf1TeamId("Racing Bulls", { year: 2025, where: "s" }), "racing-bulls");
 * assert.equal(openf1TeamId("Cadillac", { year: 2026, where: "s", known: [{ id: "cadillac", name: "Cadillac" }] }), "cadillac");
 * ```
 */
export function openf1TeamId(
  name: string,
  context: OpenF1TeamContext,
): string {
  const mapped = context.mapping?.[name];
  if (mapped !== undefined) return mapped;
  const entries = OPENF1_TEAMS[name.toLowerCase()];
  if (entries !== undefined) return teamIdInSeason(entries, context.year);
  const known = context.known?.find((team) => team.name.toLowerCase() === name.toLowerCase());
  if (known !== undefined) return known.id;
  throw new UnknownIdentityError(context.where, { kind: "constructor", id: name, name });
}

/** An OpenF1 session placed in a round of the season file. */
export interface PlacedSession {
  round: number;
  kind: SessionKind;
  sessionKey: number;
  start: number;
  end: number;
}

/**
 * The sessions of a season placed in the calendar's rounds: a session
 * belongs to the round whose race day is at most four days after its start
 * (and not before it by more than a day). Sessions OpenF1 names otherwise
 * (testing) and sessions of no round are left out.
 *
 * @example
 * ```ts
 * import { placeSessions } from "./openf1.ts";
 * import assert from "node:assert/strict";
 * const sessions = [{ session_key: 9, session_name: "Qualifying", date_start: "2025-03-15T05:00:00+00:00", date_end: "2025-03-15T06:00:00+00:00", year: 2025 }];
 * assert.deepEqual(placeSessions(sessions, [{ round: 1, date: "2025-03-16" }]).map((s) => [s.round, s.kind, s.sessionKey]), [[1, "qualifying", 9]]);
 * ```
 */
export function placeSessions(
  sessions: readonly OpenF1Session[],
  calendar: ReadonlyArray<Pick<CalendarRound, "round" | "date">>,
): PlacedSession[] {
  const day = 24 * 3600_000;
  const placed: PlacedSession[] = [];
  for (const session of sessions) {
    const kind = OPENF1_SESSION_NAMES[session.session_name];
    const start = Date.parse(session.date_start);
    if (kind === undefined || Number.isNaN(start)) continue;
    const round = calendar.find((r) => {
      const raceDay = Date.parse(`${r.date}T00:00:00Z`);
      return start >= raceDay - 4 * day && start < raceDay + 2 * day;
    });
    if (round === undefined) continue;
    placed.push({
      round: round.round,
      kind,
      sessionKey: session.session_key,
      start,
      end: Date.parse(session.date_end),
    });
  }
  return placed.sort((a, b) => a.start - b.start);
}

const ms = (seconds: number | null | undefined) =>
  typeof seconds === "number" && Number.isFinite(seconds) ? Math.round(seconds * 1000) : null;

/** Rows in classification order: classified drivers by position, then the rest in the order OpenF1 gives. */
function classified(rows: readonly OpenF1Result[]): OpenF1Result[] {
  return [...rows].sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
}

/**
 * A session's results as the format's rows for `kind`; the race and sprint
 * take their grid slots from `grid` (OpenF1's starting grid) where given.
 *
 * @example
 * ```ts
 * import { openf1Rows } from "./openf1.ts";
 * import assert from "node:assert/strict";
 * const codes = new Map([[4, "NOR"], [1, "VER"]]);
 * const results = [{ position: null, driver_number: 1, number_of_laps: 20, dnf: true, duration: null }, { position: 1, driver_number: 4, number_of_laps: 57, duration: 5000.5, points: 25 }];
 * const rows = openf1Rows("race", { results, codes, grid: new Map([[4, 2], [1, 1]]) });
 * assert.deepEqual(rows.map((r) => [r.driver, r.position, r.grid, r.time_ms]), [["NOR", 1, 2, 5000500], ["VER", "DNF", 1, null]]);
 * ```
 */
export function openf1Rows<K extends Exclude<SessionKind, "grid">>(
  kind: K,
  read: { results: readonly OpenF1Result[]; codes: ReadonlyMap<number, string>; grid?: ReadonlyMap<number, number> },
): SessionRows[K] {
  return rowsOf(kind, read) as SessionRows[K];
}

function rowsOf(
  kind: SessionKind,
  read: { results: readonly OpenF1Result[]; codes: ReadonlyMap<number, string>; grid?: ReadonlyMap<number, number> },
): Array<PracticeRow | QualifyingRow | ResultRow> {
  const code = (n: number) => read.codes.get(n) ?? `#${n}`;
  return classified(read.results).map((row) => {
    const laps = row.number_of_laps ?? null;
    if (kind === "fp1" || kind === "fp2" || kind === "fp3") {
      return { driver: code(row.driver_number), position: row.position, best_lap_ms: ms(row.duration as number), laps };
    }
    if (kind === "qualifying" || kind === "sprint_qualifying") {
      const [q1, q2, q3] = Array.isArray(row.duration) ? row.duration : [row.duration, null, null];
      const status = row.dsq ? "DSQ" : row.dns || row.position === null ? "DNS" : undefined;
      return {
        driver: code(row.driver_number),
        position: status ?? row.position!,
        q1_ms: ms(q1),
        q2_ms: ms(q2),
        q3_ms: ms(q3),
        laps,
      };
    }
    const status = row.dsq ? "DSQ" : row.dns ? "DNS" : row.dnf ? "DNF" : row.position === null ? "NC" : undefined;
    const slot = read.grid?.get(row.driver_number);
    return {
      driver: code(row.driver_number),
      position: status ?? row.position!,
      grid: slot === undefined ? null : slot === 0 ? "PL" : slot,
      laps,
      time_ms: status === undefined && !Array.isArray(row.duration) ? ms(row.duration) : null,
      points: row.points ?? 0,
      retirement: status === "DNF" ? "Retired" : null,
    };
  });
}

/**
 * A session's conditions from OpenF1's weather samples (about one a minute):
 * rain in at least half of them is `wet`, in two or more `mixed`, else `dry`.
 * A rain gauge is not a wet track, so one sample is taken for a shower that
 * passed the track by.
 *
 * @example
 * ```ts
 * import { weatherConditions } from "./openf1.ts";
 * import assert from "node:assert/strict";
 * const samples = (wet: number, of: number) => Array.from({ length: of }, (_, i) => ({ rainfall: i < wet ? 1 : 0 }));
 * assert.equal(weatherConditions(samples(40, 60)), "wet");
 * assert.equal(weatherConditions(samples(5, 60)), "mixed");
 * assert.equal(weatherConditions(samples(1, 60)), "dry");
 * assert.equal(weatherConditions([]), undefined);
 * ```
 */
export function weatherConditions(
  samples: ReadonlyArray<{ rainfall: number | boolean | null }>,
): SessionConditions | undefined {
  if (samples.length === 0) return undefined;
  const rainy = samples.filter((sample) => Number(sample.rainfall ?? 0) > 0).length;
  return rainy >= samples.length / 2 ? "wet" : rainy >= 2 ? "mixed" : "dry";
}
