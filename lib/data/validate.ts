/**
 * Validation of parsed JSON against the race-data format: values in, typed
 * values out, every problem recorded with its file, JSON path, expectation
 * and finding.
 *
 * @module
 */

import {
  type CalendarRound,
  CIRCUIT_TYPES,
  type CircuitType,
  type Entrant,
  type GridRow,
  type GridSlot,
  PIT_LANE,
  type PracticeRow,
  type QualifyingRow,
  RESULT_STATUSES,
  type ResultRow,
  type ResultStatus,
  type Season,
  SESSION_KINDS,
  type SessionKind,
  type SessionRows,
  type Team,
} from "./format.ts";
import { IssueList } from "./issues.ts";
import { parseTimeText } from "./laptime.ts";

/** Highest position or grid slot the format accepts. */
export const MAX_POSITION = 30;

const POSITION_OR_STATUS = `an integer 1-${MAX_POSITION} or one of ${RESULT_STATUSES.join(", ")}`;
const TIME_EXPECTED = 'a time in ms (positive integer), a time text such as "1:30.641", or null';
const DRIVER_CODE = /^[A-Z0-9]{3}$/;
const IDENTIFIER = /^[a-z0-9][a-z0-9-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** Reads the fields of one JSON object, recording a problem for each bad one. */
class FieldReader {
  #ok = true;

  constructor(
    readonly record: Record<string, unknown>,
    readonly path: string,
    readonly list: IssueList,
    allowedKeys: readonly string[],
  ) {
    for (const key of Object.keys(record)) {
      if (!allowedKeys.includes(key)) {
        this.fail(join(path, key), `no such field (known: ${allowedKeys.join(", ")})`, `a field "${key}"`);
      }
    }
  }

  /** False once any field of this object was bad. */
  get ok(): boolean {
    return this.#ok;
  }

  fail(path: string, expected: string, found: string): undefined {
    this.#ok = false;
    this.list.addDescribed(path, expected, found);
    return undefined;
  }

  bad(key: string, expected: string): undefined {
    this.#ok = false;
    this.list.add(join(this.path, key), expected, this.record[key]);
    return undefined;
  }

  string(key: string, pattern?: RegExp, expected = "a non-empty string"): string | undefined {
    const value = this.record[key];
    if (typeof value !== "string" || value.trim() === "") return this.bad(key, expected);
    if (pattern !== undefined && !pattern.test(value)) return this.bad(key, expected);
    return value;
  }

  nullableString(key: string): string | null | undefined {
    const value = this.record[key];
    if (value === null || value === undefined) return null;
    if (typeof value !== "string") return this.bad(key, "a string or null");
    return value;
  }

  int(key: string, min: number, max: number): number | undefined {
    const value = this.record[key];
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      return this.bad(key, `an integer ${min}-${max}`);
    }
    return value as number;
  }

  nullableInt(key: string, min: number, max: number): number | null | undefined {
    const value = this.record[key];
    if (value === null || value === undefined) return null;
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      return this.bad(key, `an integer ${min}-${max} or null`);
    }
    return value as number;
  }

  boolean(key: string): boolean | undefined {
    const value = this.record[key];
    if (typeof value !== "boolean") return this.bad(key, "true or false");
    return value;
  }

  points(key: string): number | undefined {
    const value = this.record[key] ?? 0;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 100) {
      return this.bad(key, "a number of points 0-100");
    }
    return value;
  }

  time(key: string): number | null | undefined {
    const value = this.record[key];
    if (value === null || value === undefined) return null;
    if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
    if (typeof value === "string") {
      const parsed = parseTimeText(value);
      if (parsed !== null && parsed > 0) return parsed;
    }
    return this.bad(key, TIME_EXPECTED);
  }

  position(key: string, allowStatus: boolean, allowNull: boolean): number | ResultStatus | null | undefined {
    const value = this.record[key];
    if (allowNull && (value === null || value === undefined)) return null;
    if (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_POSITION) {
      return value as number;
    }
    if (allowStatus && RESULT_STATUSES.includes(value as ResultStatus)) return value as ResultStatus;
    const expected = allowStatus ? POSITION_OR_STATUS : `an integer 1-${MAX_POSITION}${allowNull ? " or null" : ""}`;
    return this.bad(key, expected);
  }

  grid(key: string, allowNull: boolean): GridSlot | null | undefined {
    const value = this.record[key];
    if (allowNull && (value === null || value === undefined)) return null;
    if (value === PIT_LANE) return PIT_LANE;
    if (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_POSITION) {
      return value as number;
    }
    return this.bad(
      key,
      `a grid slot 1-${MAX_POSITION} or "${PIT_LANE}" (pit-lane start)${allowNull ? " or null" : ""}`,
    );
  }

  roundList(key: string, rounds: ReadonlySet<number>): number[] | undefined {
    const value = this.record[key] ?? [];
    const expected = `a list of calendar rounds (${[...rounds].join(", ")})`;
    if (!Array.isArray(value) || !value.every((r) => Number.isInteger(r) && rounds.has(r))) {
      return this.bad(key, expected);
    }
    if (new Set(value).size !== value.length) return this.bad(key, `${expected} without repeats`);
    return value as number[];
  }
}

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
 * const roster = rosterForRound([{ driver: "VER", name: "Max Verstappen", number: 1, team: "red-bull",
 *   team_name: "Red Bull", rounds: [1, 2], practice_rounds: [] }], 2);
 * roster.racing.has("VER"); // true
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
    driver: fields.string("driver", DRIVER_CODE, "a three-character driver code such as VER"),
    position: fields.position("position", false, true) as number | null | undefined,
    best_lap_ms: fields.time("best_lap_ms"),
    laps: fields.nullableInt("laps", 0, 500),
  };
  return fields.ok ? row as PracticeRow : undefined;
}

function readQualifyingRow(fields: FieldReader): QualifyingRow | undefined {
  const row = {
    driver: fields.string("driver", DRIVER_CODE, "a three-character driver code such as VER"),
    position: fields.position("position", true, false),
    q1_ms: fields.time("q1_ms"),
    q2_ms: fields.time("q2_ms"),
    q3_ms: fields.time("q3_ms"),
    laps: fields.nullableInt("laps", 0, 500),
  };
  return fields.ok ? row as QualifyingRow : undefined;
}

function gridPenalty(fields: FieldReader): number | "SFB" | null | undefined {
  const value = fields.record.penalty;
  if (value === null || value === undefined || value === "SFB") return value ?? null;
  if (Number.isInteger(value) && (value as number) > 0 && (value as number) <= MAX_POSITION) return value as number;
  return fields.bad("penalty", `places dropped (1-${MAX_POSITION}), "SFB" (start from the back) or null`);
}

function readGridRow(fields: FieldReader): GridRow | undefined {
  const row = {
    driver: fields.string("driver", DRIVER_CODE, "a three-character driver code such as VER"),
    grid: fields.grid("grid", false),
    penalty: gridPenalty(fields),
  };
  return fields.ok ? row as GridRow : undefined;
}

function readResultRow(fields: FieldReader): ResultRow | undefined {
  const row = {
    driver: fields.string("driver", DRIVER_CODE, "a three-character driver code such as VER"),
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
 * const issues = new IssueList("data/2025/02-china/race.json");
 * const roster = { racing: new Set(["PIA"]), practiceOnly: new Set<string>() };
 * validateSession("race", [{ driver: "PIA", position: "first" }], roster, issues);
 * issues.issues[0].path; // "[0].position"
 * ```
 */
export function validateSession<K extends SessionKind>(
  kind: K,
  value: unknown,
  roster: RoundRoster,
  issues: IssueList,
): SessionRows[K] | undefined {
  if (!Array.isArray(value)) {
    issues.add("", "a JSON array of rows, one per driver", value);
    return undefined;
  }
  const before = issues.issues.length;
  const shape = rowShape(kind);
  const rows: Array<{ driver: string; position?: unknown; grid?: unknown }> = [];
  value.forEach((item, index) => {
    const path = `[${index}]`;
    if (!isRecord(item)) {
      issues.add(path, "an object with the fields of a row", item);
      return;
    }
    const row = ROW_READERS[shape](new FieldReader(item, path, issues, ROW_FIELDS[shape]));
    if (row !== undefined) rows.push(row);
  });
  checkRowsTogether(kind, rows, roster, issues);
  if (issues.issues.length > before) return undefined;
  return rows as unknown as SessionRows[K];
}

function checkRowsTogether(
  kind: SessionKind,
  rows: ReadonlyArray<{ driver: string; position?: unknown; grid?: unknown }>,
  roster: RoundRoster,
  issues: IssueList,
): void {
  const seenDrivers = new Map<string, number>();
  const seenPositions = new Map<number, number>();
  const seenSlots = new Map<number, number>();
  const allowed = kind === "fp1" || kind === "fp2" || kind === "fp3"
    ? [...roster.racing, ...roster.practiceOnly]
    : [...roster.racing];
  rows.forEach((row, index) => {
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

const CALENDAR_FIELDS = ["round", "slug", "name", "date", "circuit", "sprint", "laps", "sprint_laps", "schedule"];
const ENTRANT_FIELDS = ["driver", "name", "number", "team", "team_name", "rounds", "practice_rounds"];

function readCircuit(value: unknown, path: string, issues: IssueList): CalendarRound["circuit"] | undefined {
  if (!isRecord(value)) {
    issues.add(path, "an object with id, name and type", value);
    return undefined;
  }
  const fields = new FieldReader(value, path, issues, ["id", "name", "type"]);
  const circuit = {
    id: fields.string("id", IDENTIFIER, "a lower-case identifier such as shanghai"),
    name: fields.string("name"),
    type: CIRCUIT_TYPES.includes(value.type as CircuitType)
      ? value.type as CircuitType
      : fields.bad("type", `one of ${CIRCUIT_TYPES.join(", ")}`),
  };
  return fields.ok ? circuit as CalendarRound["circuit"] : undefined;
}

function readSchedule(fields: FieldReader, sprint: boolean | undefined): SessionKind[] | undefined {
  const value = fields.record.schedule;
  const expected = `a list of distinct sessions from ${SESSION_KINDS.join(", ")} ending with race`;
  if (
    !Array.isArray(value) || !value.every((s) => SESSION_KINDS.includes(s)) ||
    new Set(value).size !== value.length || value.at(-1) !== "race"
  ) {
    return fields.bad("schedule", expected);
  }
  if (sprint !== undefined && value.includes("sprint") !== sprint) {
    return fields.bad(
      "schedule",
      sprint ? "a sprint in the schedule of a sprint weekend" : "no sprint on a weekend without one",
    );
  }
  return value as SessionKind[];
}

function readCalendarRound(value: unknown, path: string, issues: IssueList): CalendarRound | undefined {
  if (!isRecord(value)) {
    issues.add(path, "an object describing one round", value);
    return undefined;
  }
  const fields = new FieldReader(value, path, issues, CALENDAR_FIELDS);
  const sprint = fields.boolean("sprint");
  const round = {
    round: fields.int("round", 1, 99),
    slug: fields.string("slug", IDENTIFIER, "a lower-case slug such as china"),
    name: fields.string("name"),
    date: fields.string("date", DATE, "a date YYYY-MM-DD"),
    circuit: readCircuit(value.circuit, `${path}.circuit`, issues),
    sprint,
    laps: fields.int("laps", 1, 200),
    sprint_laps: sprint ? fields.int("sprint_laps", 1, 100) : fields.nullableInt("sprint_laps", 1, 100),
    schedule: readSchedule(fields, sprint),
  };
  if (round.date !== undefined && Number.isNaN(Date.parse(round.date))) fields.bad("date", "a real calendar date");
  return fields.ok && round.circuit !== undefined ? round as CalendarRound : undefined;
}

function readEntrant(
  value: unknown,
  path: string,
  rounds: ReadonlySet<number>,
  issues: IssueList,
): Entrant | undefined {
  if (!isRecord(value)) {
    issues.add(path, "an object describing one driver's stint with a team", value);
    return undefined;
  }
  const fields = new FieldReader(value, path, issues, ENTRANT_FIELDS);
  const entrant = {
    driver: fields.string("driver", DRIVER_CODE, "a three-character driver code such as VER"),
    name: fields.string("name"),
    number: fields.int("number", 0, 99),
    team: fields.string("team", IDENTIFIER, "a lower-case team id such as red-bull"),
    team_name: fields.string("team_name"),
    rounds: fields.roundList("rounds", rounds),
    practice_rounds: fields.roundList("practice_rounds", rounds),
  };
  return fields.ok ? entrant as Entrant : undefined;
}

/**
 * Validates the parsed contents of `season.json`. Returns the season, or
 * undefined when `issues` received at least one problem.
 *
 * @example
 * ```ts
 * import { IssueList } from "./issues.ts";
 * import { validateSeason } from "./validate.ts";
 * const issues = new IssueList("season.json");
 * validateSeason({ year: 2025 }, issues); // undefined: no calendar, no entrants
 * issues.issues.map((issue) => issue.path); // ["calendar", "entrants"]
 * ```
 */
export function validateSeason(value: unknown, issues: IssueList): Season | undefined {
  if (!isRecord(value)) {
    issues.add("", "an object with year, calendar and entrants", value);
    return undefined;
  }
  const before = issues.issues.length;
  const fields = new FieldReader(value, "", issues, ["year", "calendar", "entrants", "source", "teams"]);
  const year = fields.int("year", 1950, 2100);
  const source = value.source === undefined ? undefined : fields.string("source");
  const calendar: CalendarRound[] = [];
  if (!Array.isArray(value.calendar) || value.calendar.length === 0) {
    fields.bad("calendar", "a non-empty list of rounds");
  } else {
    value.calendar.forEach((item, index) => {
      const round = readCalendarRound(item, `calendar[${index}]`, issues);
      if (round === undefined) return;
      if (round.round !== index + 1) {
        issues.addDescribed(
          `calendar[${index}].round`,
          `rounds numbered 1, 2, 3, ... in order (here ${index + 1})`,
          String(round.round),
        );
      }
      if (calendar.some((other) => other.slug === round.slug)) {
        issues.addDescribed(`calendar[${index}].slug`, "a slug used by no other round", `"${round.slug}" again`);
      }
      calendar.push(round);
    });
  }
  const roundNumbers = new Set(calendar.map((round) => round.round));
  const entrants: Entrant[] = [];
  if (!Array.isArray(value.entrants) || value.entrants.length === 0) {
    fields.bad("entrants", "a non-empty list of entrants");
  } else {
    value.entrants.forEach((item, index) => {
      const entrant = readEntrant(item, `entrants[${index}]`, roundNumbers, issues);
      if (entrant !== undefined) checkEntrantAgainstOthers(entrant, entrants, `entrants[${index}]`, issues);
      if (entrant !== undefined) entrants.push(entrant);
    });
  }
  const teams = value.teams === undefined ? undefined : readTeams(value.teams, issues);
  if (issues.issues.length > before) return undefined;
  return {
    year: year!,
    calendar,
    entrants,
    ...(source === undefined ? {} : { source }),
    ...(teams === undefined ? {} : { teams }),
  };
}

function readTeams(value: unknown, issues: IssueList): Team[] | undefined {
  if (!Array.isArray(value)) {
    issues.add("teams", "a list of teams with their predecessors", value);
    return undefined;
  }
  const teams: Team[] = [];
  value.forEach((item, index) => {
    const path = `teams[${index}]`;
    if (!isRecord(item)) return issues.add(path, "an object with id, name and predecessors", item);
    const fields = new FieldReader(item, path, issues, ["id", "name", "predecessors"]);
    const team = {
      id: fields.string("id", IDENTIFIER, "a lower-case team id such as red-bull"),
      name: fields.string("name"),
      predecessors: item.predecessors,
    };
    const predecessors = item.predecessors;
    if (!Array.isArray(predecessors) || !predecessors.every((id) => typeof id === "string" && IDENTIFIER.test(id))) {
      fields.bad("predecessors", "a list of earlier team ids, most recent first (empty for a new team)");
    }
    if (!fields.ok) return;
    if (teams.some((other) => other.id === team.id)) {
      return issues.addDescribed(`${path}.id`, "each team once", `"${team.id}" again`);
    }
    teams.push(team as Team);
  });
  return teams;
}

function checkEntrantAgainstOthers(
  entrant: Entrant,
  others: readonly Entrant[],
  path: string,
  issues: IssueList,
): void {
  for (const other of others) {
    if (other.driver !== entrant.driver) continue;
    if (other.name !== entrant.name) {
      issues.addDescribed(
        `${path}.name`,
        `the same name for ${entrant.driver} in every stint ("${other.name}")`,
        `"${entrant.name}"`,
      );
    }
    const clash = entrant.rounds.find((round) => other.rounds.includes(round));
    if (clash !== undefined) {
      issues.addDescribed(
        `${path}.rounds`,
        `each driver in one team per round`,
        `${entrant.driver} also with ${other.team} in round ${clash}`,
      );
    }
  }
}
