/**
 * Validation of a parsed session file against the race-data format: rows in,
 * typed rows out, every problem recorded with its file, JSON path,
 * expectation and finding; then the checks across rows (each driver once,
 * entered for the round, positions and grid slots once).
 *
 * @module
 */

import {
  type Entrant,
  type GridRow,
  type PracticeRow,
  type QualifyingRow,
  type ResultRow,
  type SessionKind,
  type SessionRows,
} from "./format.ts";
import type { IssueList } from "./issues.ts";
import { DRIVER_CODE, DRIVER_CODE_EXPECTED, FieldReader, isRecord } from "./field_reader.ts";

/** Which drivers may appear in a round's sessions, and in which. */
export interface RoundRoster {
  /** Driver codes entered for the race of this round. */
  racing: ReadonlySet<string>;
  /** Driver codes who drove only a practice session of this round. */
  practiceOnly: ReadonlySet<string>;
}

/**
 * Works out the roster of one round from the season's entrants.
 *
 * @example
 * ```ts
 * import { rosterForRound } from "./validate.ts";
 * import assert from "node:assert/strict";
 * const roster = rosterForRound([{ driver: "VER", name: "Max Verstappen", number: 1, team: "red-bull",
 *   team_name: "Red Bull", rounds: [1, 2], practice_rounds: [] }], 2);
 * assert.ok(roster.racing.has("VER"));
 * ```
 */
export function rosterForRound(entrants: readonly Entrant[], round: number): RoundRoster {
  const racing = new Set<string>();
  const practiceOnly = new Set<string>();
  for (const entrant of entrants) {
    if (entrant.rounds.includes(round)) racing.add(entrant.driver);
    else if (entrant.practice_rounds.includes(round)) practiceOnly.add(entrant.driver);
  }
  for (const driver of racing) practiceOnly.delete(driver);
  return { racing, practiceOnly };
}

const ROW_FIELDS = {
  practice: ["driver", "position", "best_lap_ms", "laps"],
  qualifying: ["driver", "position", "q1_ms", "q2_ms", "q3_ms", "laps"],
  grid: ["driver", "grid", "penalty"],
  result: ["driver", "position", "grid", "laps", "time_ms", "points", "retirement"],
} as const;

function readPracticeRow(fields: FieldReader): PracticeRow | undefined {
  const row = {
    driver: fields.string("driver", DRIVER_CODE, DRIVER_CODE_EXPECTED),
    position: fields.position("position", false, true) as number | null | undefined,
    best_lap_ms: fields.time("best_lap_ms"),
    laps: fields.nullableInt("laps", 0, 500),
  };
  return fields.ok ? row as PracticeRow : undefined;
}

function readQualifyingRow(fields: FieldReader): QualifyingRow | undefined {
  const row = {
    driver: fields.string("driver", DRIVER_CODE, DRIVER_CODE_EXPECTED),
    position: fields.position("position", true, false),
    q1_ms: fields.time("q1_ms"),
    q2_ms: fields.time("q2_ms"),
    q3_ms: fields.time("q3_ms"),
    laps: fields.nullableInt("laps", 0, 500),
  };
  return fields.ok ? row as QualifyingRow : undefined;
}

/**
 * Grid penalties add up: engine-part penalties of 35-65 places were common in 2015-2018, so the size is not
 * bounded by the field; MAX_PENALTY only catches a value that cannot be places.
 */
const MAX_PENALTY = 999;

function gridPenalty(fields: FieldReader): number | "SFB" | null | undefined {
  const value = fields.record.penalty;
  if (value === null || value === undefined || value === "SFB") return value ?? null;
  if (Number.isInteger(value) && (value as number) > 0 && (value as number) <= MAX_PENALTY) return value as number;
  return fields.bad("penalty", `places dropped (1-${MAX_PENALTY}), "SFB" (start from the back) or null`);
}

function readGridRow(fields: FieldReader): GridRow | undefined {
  const row = {
    driver: fields.string("driver", DRIVER_CODE, DRIVER_CODE_EXPECTED),
    grid: fields.grid("grid", false),
    penalty: gridPenalty(fields),
  };
  return fields.ok ? row as GridRow : undefined;
}

function readResultRow(fields: FieldReader): ResultRow | undefined {
  const row = {
    driver: fields.string("driver", DRIVER_CODE, DRIVER_CODE_EXPECTED),
    position: fields.position("position", true, false),
    grid: fields.grid("grid", true),
    laps: fields.nullableInt("laps", 0, 500),
    time_ms: fields.time("time_ms"),
    points: fields.points("points"),
    retirement: fields.nullableString("retirement"),
  };
  return fields.ok ? row as ResultRow : undefined;
}

function rowShape(kind: SessionKind): keyof typeof ROW_FIELDS {
  switch (kind) {
    case "fp1":
    case "fp2":
    case "fp3":
      return "practice";
    case "qualifying":
    case "sprint_qualifying":
      return "qualifying";
    case "grid":
      return "grid";
    case "sprint":
    case "race":
      return "result";
  }
}

const ROW_READERS = {
  practice: readPracticeRow,
  qualifying: readQualifyingRow,
  grid: readGridRow,
  result: readResultRow,
} as const;

/**
 * Validates the parsed contents of one session file against the format and
 * the round's roster. Returns the typed rows, or undefined when `issues`
 * received at least one problem.
 *
 * @example
 * ```ts
 * import { IssueList } from "./issues.ts";
 * import { validateSession } from "./validate.ts";
 * import assert from "node:assert/strict";
 * const issues = new IssueList("data/2025/02-china/race.json");
 * const roster = { racing: new Set(["PIA"]), practiceOnly: new Set<string>() };
 * validateSession("race", [{ driver: "PIA", position: "first" }], { roster, issues });
 * assert.equal(issues.issues[0].path, "[0].position");
 * ```
 */
export function validateSession<K extends SessionKind>(
  kind: K,
  value: unknown,
  against: { roster: RoundRoster; issues: IssueList },
): SessionRows[K] | undefined {
  const { roster, issues } = against;
  if (!Array.isArray(value)) {
    issues.add("", "a JSON array of rows, one per driver", value);
    return undefined;
  }
  const before = issues.count;
  const shape = rowShape(kind);
  const rows: Array<{ index: number; row: CheckedRow }> = [];
  value.forEach((item, index) => {
    const path = `[${index}]`;
    if (!isRecord(item)) {
      issues.add(path, "an object with the fields of a row", item);
      return;
    }
    const row = ROW_READERS[shape](new FieldReader(item, { path, issues, known: ROW_FIELDS[shape] }));
    if (row !== undefined) rows.push({ index, row: row as unknown as CheckedRow });
  });
  checkRowsTogether(kind, rows, { roster, issues });
  // Order and gaps are read only where every row is sound: a broken or repeated row would show as a gap too.
  if (issues.count === before) checkClassification(kind, rows, issues);
  checkPlausible(kind, rows, issues);
  if (issues.count > before) return undefined;
  return rows.map(({ row }) => row) as unknown as SessionRows[K];
}

/**
 * What a classification must say of itself: in a race or sprint, classified rows first, numbered 1, 2, 3, ... in
 * row order, none with more laps than the driver ahead; in a qualifying, positions 1 to N without a gap. Every
 * race and qualifying of 2014-2025 in F1DB holds to this; data that does not would have the API name the wrong
 * winner.
 */
function checkClassification(
  kind: SessionKind,
  rows: ReadonlyArray<{ index: number; row: CheckedRow }>,
  issues: IssueList,
): void {
  if (kind === "race" || kind === "sprint") {
    let next = 1, status = false, laps = Infinity;
    for (const { index, row } of rows) {
      if (typeof row.position !== "number") {
        status = true;
        continue;
      }
      const expected = status ? "a status: classified rows come first" : `position ${next}, in classification order`;
      if (status || row.position !== next) issues.addDescribed(`[${index}].position`, expected, String(row.position));
      if (typeof row.laps === "number" && row.laps > laps) {
        issues.addDescribed(`[${index}].laps`, `at most ${laps} laps, the driver ahead's`, String(row.laps));
      }
      if (typeof row.laps === "number") laps = row.laps;
      next = row.position + 1;
    }
  } else if (kind === "qualifying" || kind === "sprint_qualifying") {
    const taken = new Set(rows.map(({ row }) => row.position).filter((p): p is number => typeof p === "number"));
    const gap = [...Array(taken.size).keys()].map((i) => i + 1).find((position) => !taken.has(position));
    if (gap !== undefined) {
      issues.addDescribed("", `positions 1 to ${taken.size} without a gap`, `no row at position ${gap}`);
    }
  }
}

/** A row as the checks across rows see it, whatever its session. */
type CheckedRow = { driver: string; position?: unknown; grid?: unknown } & Record<string, unknown>;

/** Lap times (ms) a session can hold: the shortest lap in F1 is about 55 s, the longest under 2:30 even in the wet. */
const PLAUSIBLE_LAP_MS = [40_000, 400_000] as const;
/**
 * Race and sprint times (ms) where the row gives no laps: a sprint takes about half an hour, a race at most two
 * hours of racing plus stoppages. With laps, the time is held to {@linkcode PLAUSIBLE_LAP_MS} a lap instead, so a
 * race of one lap behind the safety car (2021 Belgium: 3 min 27 s) is a race, and stoppages under red flags
 * stay inside the slowest lap.
 */
const PLAUSIBLE_RACE_MS = { race: [3_000_000, 18_000_000], sprint: [900_000, 7_200_000] } as const;

/**
 * What a session that has run must look like beyond each row's format: at
 * least one row, a winner in a race or sprint, and times a car can set.
 */
function checkPlausible(kind: SessionKind, rows: ReadonlyArray<{ index: number; row: CheckedRow }>, issues: IssueList) {
  if (rows.length === 0 && kind !== "grid" && issues.count === 0) {
    issues.addDescribed("", "at least one row: a session file holds the results of a session that ran", "[]");
  }
  if ((kind === "race" || kind === "sprint") && rows.some(({ row }) => typeof row.position === "number")) {
    if (!rows.some(({ row }) => row.position === 1)) issues.addDescribed("", "a winner (a row at position 1)", "none");
  }
  const fields = kind === "race" || kind === "sprint"
    ? ["time_ms"]
    : kind === "qualifying" || kind === "sprint_qualifying"
    ? ["q1_ms", "q2_ms", "q3_ms"]
    : kind === "grid"
    ? []
    : ["best_lap_ms"];
  for (const { index, row } of rows) {
    const laps = kind === "race" || kind === "sprint" ? row.laps : undefined;
    const [low, high] = typeof laps === "number" && laps > 0
      ? [laps * PLAUSIBLE_LAP_MS[0], laps * PLAUSIBLE_LAP_MS[1]]
      : kind === "race" || kind === "sprint"
      ? PLAUSIBLE_RACE_MS[kind]
      : PLAUSIBLE_LAP_MS;
    for (const field of fields) {
      const ms = row[field];
      if (typeof ms === "number" && (ms < low || ms > high)) {
        issues.addDescribed(`[${index}].${field}`, `a time ${low}-${high} ms a car can set`, String(ms));
      }
    }
  }
}

function checkRowsTogether(
  kind: SessionKind,
  rows: ReadonlyArray<{ index: number; row: CheckedRow }>,
  against: { roster: RoundRoster; issues: IssueList },
): void {
  const { roster, issues } = against;
  const seenDrivers = new Map<string, number>();
  const seenPositions = new Map<number, number>();
  const seenSlots = new Map<number, number>();
  const allowed = kind === "fp1" || kind === "fp2" || kind === "fp3"
    ? [...roster.racing, ...roster.practiceOnly]
    : [...roster.racing];
  rows.forEach(({ row, index }) => {
    const path = `[${index}]`;
    const earlierDriver = seenDrivers.get(row.driver);
    if (earlierDriver !== undefined) {
      issues.addDescribed(
        `${path}.driver`,
        "each driver once per session",
        `"${row.driver}" again (first at [${earlierDriver}])`,
      );
    }
    seenDrivers.set(row.driver, index);
    if (!allowed.includes(row.driver)) {
      issues.addDescribed(
        `${path}.driver`,
        `a driver entered for this round in season.json (${allowed.sort().join(", ")})`,
        `"${row.driver}"`,
      );
    }
    if (typeof row.position === "number") {
      const earlier = seenPositions.get(row.position);
      if (earlier !== undefined) {
        issues.addDescribed(`${path}.position`, "each position once", `${row.position} again (first at [${earlier}])`);
      }
      seenPositions.set(row.position, index);
    }
    if (kind === "grid" && typeof row.grid === "number") {
      const earlier = seenSlots.get(row.grid);
      if (earlier !== undefined) {
        issues.addDescribed(`${path}.grid`, "each grid slot once", `${row.grid} again (first at [${earlier}])`);
      }
      seenSlots.set(row.grid, index);
    }
  });
}
