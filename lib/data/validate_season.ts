/**
 * Validation of a parsed `season.json` against the race-data format: the
 * calendar (rounds numbered in order, distinct slugs, a schedule that ends
 * with the race), the entrants (each driver in one team per round) and the
 * teams with their lineage.
 *
 * @module
 */

import {
  type CalendarRound,
  CIRCUIT_TYPES,
  type CircuitType,
  type Entrant,
  type Season,
  SESSION_CONDITIONS,
  SESSION_KINDS,
  type SessionConditions,
  type SessionKind,
  type Team,
} from "./format.ts";
import type { IssueList } from "./issues.ts";
import { DATE, DRIVER_CODE, DRIVER_CODE_EXPECTED, FieldReader, IDENTIFIER, isRecord } from "./field_reader.ts";

const CALENDAR_FIELDS = [
  "round",
  "slug",
  "name",
  "date",
  "circuit",
  "sprint",
  "laps",
  "sprint_laps",
  "schedule",
  "conditions",
  "cancelled",
];
const ENTRANT_FIELDS = ["driver", "name", "number", "team", "team_name", "rounds", "practice_rounds"];

function readCircuit(value: unknown, path: string, issues: IssueList): CalendarRound["circuit"] | undefined {
  if (!isRecord(value)) {
    issues.add(path, "an object with id, name and type", value);
    return undefined;
  }
  const fields = new FieldReader(value, { path, issues, known: ["id", "name", "type"] });
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

function readConditions(
  fields: FieldReader,
  schedule: readonly SessionKind[] | undefined,
): CalendarRound["conditions"] | undefined {
  const value = fields.record.conditions;
  if (value === undefined) return undefined;
  const sessions = (schedule ?? SESSION_KINDS).filter((kind) => kind !== "grid");
  const expected = `an object from sessions of the schedule (${sessions.join(", ")}) to one of ${
    SESSION_CONDITIONS.join(", ")
  }`;
  if (
    !isRecord(value) ||
    !Object.entries(value).every(([kind, c]) =>
      (sessions as string[]).includes(kind) && SESSION_CONDITIONS.includes(c as SessionConditions)
    )
  ) {
    return fields.bad("conditions", expected);
  }
  return value as CalendarRound["conditions"];
}

function readCancelled(fields: FieldReader, schedule: readonly SessionKind[] | undefined): SessionKind[] | undefined {
  const value = fields.record.cancelled;
  if (value === undefined) return undefined;
  const sessions = (schedule ?? SESSION_KINDS).filter((kind) => kind !== "grid" && kind !== "race");
  if (!Array.isArray(value) || !value.every((kind) => (sessions as unknown[]).includes(kind))) {
    return fields.bad("cancelled", `a list of sessions of the schedule before the race (${sessions.join(", ")})`);
  }
  return value as SessionKind[];
}

function readCalendarRound(value: unknown, path: string, issues: IssueList): CalendarRound | undefined {
  if (!isRecord(value)) {
    issues.add(path, "an object describing one round", value);
    return undefined;
  }
  const fields = new FieldReader(value, { path, issues, known: CALENDAR_FIELDS });
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
  const conditions = readConditions(fields, round.schedule);
  const cancelled = readCancelled(fields, round.schedule);
  if (round.date !== undefined && Number.isNaN(Date.parse(round.date))) fields.bad("date", "a real calendar date");
  if (!fields.ok || round.circuit === undefined) return undefined;
  return {
    ...round,
    ...(conditions === undefined ? {} : { conditions }),
    ...(cancelled === undefined ? {} : { cancelled }),
  } as CalendarRound;
}

function readEntrant(
  value: unknown,
  at: { path: string; rounds: ReadonlySet<number>; issues: IssueList },
): Entrant | undefined {
  const { path, rounds, issues } = at;
  if (!isRecord(value)) {
    issues.add(path, "an object describing one driver's stint with a team", value);
    return undefined;
  }
  const fields = new FieldReader(value, { path, issues, known: ENTRANT_FIELDS });
  const entrant = {
    driver: fields.string("driver", DRIVER_CODE, DRIVER_CODE_EXPECTED),
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
 * import { validateSeason } from "./validate_season.ts";
 * import assert from "node:assert/strict";
 * const issues = new IssueList("season.json");
 * assert.equal(validateSeason({ year: 2025 }, issues), undefined); // no calendar, no entrants
 * assert.deepEqual(issues.issues.map((issue) => issue.path), ["calendar", "entrants"]);
 * ```
 */
export function validateSeason(value: unknown, issues: IssueList): Season | undefined {
  if (!isRecord(value)) {
    issues.add("", "an object with year, calendar and entrants", value);
    return undefined;
  }
  const before = issues.count;
  const fields = new FieldReader(value, {
    path: "",
    issues,
    known: ["year", "calendar", "entrants", "source", "teams"],
  });
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
      const before = calendar.at(-1);
      if (before !== undefined && round.date < before.date) {
        issues.addDescribed(
          `calendar[${index}].date`,
          `a date on or after round ${before.round}'s (${before.date}): rounds run in date order`,
          round.date,
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
      const entrant = readEntrant(item, { path: `entrants[${index}]`, rounds: roundNumbers, issues });
      if (entrant !== undefined) checkEntrantAgainstOthers(entrant, entrants, { path: `entrants[${index}]`, issues });
      if (entrant !== undefined) entrants.push(entrant);
    });
  }
  const teams = value.teams === undefined ? undefined : readTeams(value.teams, issues);
  if (issues.count > before) return undefined;
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
    const fields = new FieldReader(item, { path, issues, known: ["id", "name", "predecessors"] });
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
  at: { path: string; issues: IssueList },
): void {
  const { path, issues } = at;
  for (const other of others) {
    const shared = other.driver === entrant.driver || other.number !== entrant.number
      ? undefined
      : entrant.rounds.find((round) => other.rounds.includes(round));
    if (shared !== undefined) {
      issues.addDescribed(
        `${path}.number`,
        `a car number no other driver races in round ${shared}`,
        `${entrant.number}, also ${other.driver}'s`,
      );
    }
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
