/**
 * The race-data format: the typed values that a season folder holds once it
 * has been loaded and validated. `docs/data-format.md` describes the files;
 * this module is the same description in types.
 *
 * @module
 */

/** The session files a round folder may hold, in no particular order. */
export const SESSION_KINDS = [
  "fp1",
  "fp2",
  "fp3",
  "sprint_qualifying",
  "sprint",
  "qualifying",
  "grid",
  "race",
] as const;

/** One kind of session file: `fp1`, `qualifying`, `race`, ... */
export type SessionKind = typeof SESSION_KINDS[number];

/** A session's track conditions: run mostly on wet or intermediate tyres (`wet`), or changing during it (`mixed`). */
export const SESSION_CONDITIONS = ["dry", "wet", "mixed"] as const;

/** `dry`, `wet` or `mixed`. */
export type SessionConditions = typeof SESSION_CONDITIONS[number];

/** Sessions that run laps and so can be wet: every kind but the grid. */
export type ConditionsSession = Exclude<SessionKind, "grid">;

/** Circuit types as F1DB classifies them. */
export const CIRCUIT_TYPES = ["race", "street", "road"] as const;

/** A permanent race circuit, a street circuit or a road course. */
export type CircuitType = typeof CIRCUIT_TYPES[number];

/**
 * Statuses a race, sprint or qualifying row may carry instead of a classified position: did not finish, did
 * not start, disqualified, not classified, excluded (from qualifying: the driver still starts the race, from
 * the back), did not qualify, did not pre-qualify, did not take part.
 */
export const RESULT_STATUSES = ["DNF", "DNS", "DSQ", "NC", "EX", "DNQ", "DNPQ", "DNP"] as const;

/** One of {@linkcode RESULT_STATUSES}. */
export type ResultStatus = typeof RESULT_STATUSES[number];

/** The statuses of a driver listed in a race result who never took its start. */
export const NON_STARTER_STATUSES: readonly ResultStatus[] = ["DNS", "DNQ", "DNPQ", "DNP"];

/**
 * Whether a race or sprint row's driver took the start: every row but a non-starter's
 * ({@linkcode NON_STARTER_STATUSES}). Retirements, disqualifications and exclusions started.
 *
 * @example
 * ```ts
 * import { startedRace } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(startedRace({ position: "DNF" }), true);
 * assert.equal(startedRace({ position: "DNQ" }), false);
 * ```
 */
export function startedRace(row: { position: number | string }): boolean {
  return !NON_STARTER_STATUSES.includes(row.position as ResultStatus);
}

/** The pit-lane start marker used in grid slots. */
export const PIT_LANE = "PL";

/** A starting slot: 1-based, or a pit-lane start. */
export type GridSlot = number | typeof PIT_LANE;

/** A circuit as the calendar names it. */
export interface Circuit {
  /** Stable identifier, e.g. `shanghai` (F1DB's circuit id). */
  id: string;
  /** Display name, e.g. `Shanghai`. */
  name: string;
  type: CircuitType;
}

/** One round of the calendar. */
export interface CalendarRound {
  round: number;
  /** Folder suffix: round 2 with slug `china` lives in `02-china/`. */
  slug: string;
  /** Full Grand Prix name, e.g. `Chinese Grand Prix`; predictions are keyed by it. */
  name: string;
  /** Race day, `YYYY-MM-DD`. */
  date: string;
  circuit: Circuit;
  /** True on a sprint weekend. */
  sprint: boolean;
  /** Scheduled race laps. */
  laps: number;
  /** Scheduled sprint laps on a sprint weekend, otherwise null. */
  sprint_laps: number | null;
  /** The weekend's sessions in the order they are run; `race` is always last. */
  schedule: SessionKind[];
  /** Known track conditions of sessions that have run; a session not listed: unknown (`lib/data/conditions.ts`). */
  conditions?: Partial<Record<ConditionsSession, SessionConditions>>;
  /**
   * Sessions of the schedule that were called off before anyone set a time (weather, mostly): they have no
   * file, and nothing waits for them.
   */
  cancelled?: SessionKind[];
}

/** One driver's stint with one team. A driver who changes team has two entries. */
export interface Entrant {
  /**
   * Three-character code, e.g. `VER`: the driver's identity across the data. Where two drivers of one season
   * share a code, the one entered for more races keeps it and the other takes it with a digit (`VER2`).
   */
  driver: string;
  /** Full display name, e.g. `Max Verstappen`. */
  name: string;
  /** Race number for this stint. */
  number: number;
  /** Team identifier, e.g. `red-bull` (F1DB's constructor id). */
  team: string;
  /** Team display name, e.g. `Red Bull`. */
  team_name: string;
  /** Rounds in which this entrant was (or is) entered for the race. */
  rounds: number[];
  /** Rounds in which the driver drove only a practice session for this team. */
  practice_rounds: number[];
  /**
   * Earlier ids of this entrant's team, most recent first: not a field of the
   * file, but filled in by the loader from the season's `teams`, so that a
   * model meeting a renamed team can carry its car over.
   */
  team_predecessors?: readonly string[];
}

/**
 * A team of the season and the names it raced under before: the lineage
 * along which a car's strength carries over (F1DB's constructor
 * `chronology`, e.g. `racing-bulls` <- `rb` <- `alphatauri` <- `toro-rosso`).
 */
export interface Team {
  /** Team identifier, as `Entrant.team`. */
  id: string;
  /** Display name. */
  name: string;
  /** Earlier identifiers of the same team, most recent first; empty for a team with no history. */
  predecessors: string[];
}

/** The contents of `season.json`. */
export interface Season {
  year: number;
  calendar: CalendarRound[];
  entrants: Entrant[];
  /** The season's teams with their lineage; absent in hand-made data, where no team carries another's car. */
  teams?: Team[];
  /** Where the data came from, with its licence; shown wherever the data is. */
  source?: string;
}

/** A practice row: `fp1.json`, `fp2.json`, `fp3.json`. */
export interface PracticeRow {
  driver: string;
  /** Position on the timesheet; null where the driver set no time. */
  position: number | null;
  best_lap_ms: number | null;
  laps: number | null;
}

/** A qualifying row: `qualifying.json`, `sprint_qualifying.json`. */
export interface QualifyingRow {
  driver: string;
  /** Classified position or a status (a DSQ in qualifying, say). */
  position: number | ResultStatus;
  q1_ms: number | null;
  q2_ms: number | null;
  q3_ms: number | null;
  laps: number | null;
}

/** A starting-grid row: `grid.json`. */
export interface GridRow {
  driver: string;
  grid: GridSlot;
  /** A grid penalty: places dropped, or `SFB` (start from the back); null for none. */
  penalty: number | "SFB" | null;
}

/** A race or sprint row: `race.json`, `sprint.json`. Rows are in classification order. */
export interface ResultRow {
  driver: string;
  position: number | ResultStatus;
  /** Starting slot; null where unknown. */
  grid: GridSlot | null;
  laps: number | null;
  /** Race time of a finisher, ms; null for the rest. */
  time_ms: number | null;
  points: number;
  /** Why a driver retired (`Engine`, `Collision`), null for finishers. */
  retirement: string | null;
}

/** Maps each session kind to the row type its file holds. */
export interface SessionRows {
  fp1: PracticeRow[];
  fp2: PracticeRow[];
  fp3: PracticeRow[];
  sprint_qualifying: QualifyingRow[];
  sprint: ResultRow[];
  qualifying: QualifyingRow[];
  grid: GridRow[];
  race: ResultRow[];
}

/** The sessions present for one round; a missing key is a session not yet run. */
export type RoundSessions = Partial<SessionRows>;

/** A race weekend as the models see it: the season, the round, who is entered, the sessions run so far. */
export interface Weekend {
  year: number;
  round: CalendarRound;
  entrants: readonly Entrant[];
  sessions: RoundSessions;
}

/**
 * True for practice sessions.
 *
 * @example
 * ```ts
 * import { isPractice } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isPractice("fp2"));
 * assert.equal(isPractice("sprint_qualifying"), false);
 * ```
 */
export function isPractice(kind: SessionKind): kind is "fp1" | "fp2" | "fp3" {
  return kind === "fp1" || kind === "fp2" || kind === "fp3";
}

/**
 * The folder name of a round: the round number padded to two digits, a dash, the slug.
 *
 * @example
 * ```ts
 * import { roundFolderName } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(roundFolderName({ round: 2, slug: "china" }), "02-china");
 * ```
 */
export function roundFolderName(round: Pick<CalendarRound, "round" | "slug">): string {
  return `${String(round.round).padStart(2, "0")}-${round.slug}`;
}

/**
 * The file name of a session inside its round folder.
 *
 * @example
 * ```ts
 * import { sessionFileName } from "./format.ts";
 * import assert from "node:assert/strict";
 * assert.equal(sessionFileName("sprint_qualifying"), "sprint_qualifying.json");
 * ```
 */
export function sessionFileName(kind: SessionKind): string {
  return `${kind}.json`;
}

/**
 * The finishing order to score against: drivers of a race result in
 * classification order, non-starters ({@linkcode startedRace}) left out.
 *
 * @example
 * ```ts
 * import { finishingOrder } from "./format.ts";
 * import assert from "node:assert/strict";
 * const result = [{ driver: "PIA", position: 1 }, { driver: "NOR", position: "DNF" }, { driver: "HUL", position: "DNS" }];
 * assert.deepEqual(finishingOrder(result), ["PIA", "NOR"]);
 * ```
 */
export function finishingOrder(result: ReadonlyArray<{ driver: string; position: number | string }>): string[] {
  return result.filter(startedRace).map((row) => row.driver);
}
