/**
 * Importer from F1DB (https://github.com/f1db/f1db, CC BY 4.0) into the
 * race-data format. It reads an F1DB checkout, or its `src/data` folder, and
 * produces the files of one season folder.
 *
 * @module
 */

import {
  type CalendarRound,
  type CircuitType,
  type Entrant,
  roundFolderName,
  type RoundSessions,
  type Season,
  SESSION_KINDS,
  sessionFileName,
  type SessionKind,
  type Team,
} from "../../data/format.ts";
import {
  convertSession,
  DriverDirectory,
  F1DB_FILES,
  F1dbImportError,
  F1dbReader,
  intOrNull,
  type Yaml,
  type YamlRow,
} from "./reader.ts";
import { importedConditions } from "../../data/conditions.ts";
import type { SeasonFiles } from "../source.ts";
import { UserInputError } from "../../errors/errors.ts";

/** The attribution every imported season carries. */
export const F1DB_ATTRIBUTION = "F1DB (https://github.com/f1db/f1db), CC BY 4.0";

/** Thrown for a cut that names no round or session: `12` or `12:qualifying` is expected. */
export class ImportCutError extends UserInputError {
  /**
   * @example
   * ```ts
   * import { ImportCutError } from "./f1db.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new ImportCutError("<round>", "x").message, 'expected <round>; found "x"');
   * ```
   */
  constructor(expected: string, found: string) {
    super(`expected ${expected}; found "${found}"`, { input: "through" });
    this.name = "ImportCutError";
  }
}

/** Where an import stops: a round, and optionally the last session of it to include. */
export interface ImportCut {
  round: number;
  /** The last session of `round` to include; undefined takes the whole round. */
  session?: SessionKind;
}

/**
 * Parses where an import stops: `12` or `12:qualifying`.
 *
 * @throws {ImportCutError}
 *
 * @example
 * ```ts
 * import { parseImportCut } from "./f1db.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseImportCut("12:qualifying"), { round: 12, session: "qualifying" });
 * ```
 */
export function parseImportCut(text: string): ImportCut {
  const match = /^(\d+)(?::([a-z_0-9]+))?$/.exec(text.trim());
  if (match === null || Number(match[1]) < 1) {
    throw new ImportCutError("<round> or <round>:<session>, such as 12:qualifying", text);
  }
  const session = match[2];
  if (session !== undefined && !SESSION_KINDS.includes(session as SessionKind)) {
    throw new ImportCutError(`a session from ${SESSION_KINDS.join(", ")}`, session);
  }
  return { round: Number(match[1]), ...(session === undefined ? {} : { session: session as SessionKind }) };
}

/** Date and time keys of race.yml for each session that has them (F1DB lists them from 2024). */
const SCHEDULE_KEYS: Partial<Record<SessionKind, [string, string]>> = {
  fp1: ["freePractice1Date", "freePractice1Time"],
  fp2: ["freePractice2Date", "freePractice2Time"],
  fp3: ["freePractice3Date", "freePractice3Time"],
  sprint_qualifying: ["sprintQualifyingDate", "sprintQualifyingTime"],
  sprint: ["sprintRaceDate", "sprintRaceTime"],
  qualifying: ["qualifyingDate", "qualifyingTime"],
  race: ["date", "time"],
};

/** Weekend running orders where race.yml gives no session times. */
const FORMAT_ORDERS = {
  standard: ["fp1", "fp2", "fp3", "qualifying", "grid", "race"],
  /** 2021-2022: Friday qualifying set the sprint grid, FP2 on Saturday. */
  sprintRace: ["fp1", "qualifying", "fp2", "sprint", "grid", "race"],
  /** 2023: Friday qualifying, Saturday shootout and sprint. */
  sprintShootout2023: ["fp1", "qualifying", "sprint_qualifying", "sprint", "grid", "race"],
  /** 2024 on: shootout and sprint before qualifying. */
  sprintShootout: ["fp1", "sprint_qualifying", "sprint", "qualifying", "grid", "race"],
} satisfies Record<string, SessionKind[]>;

/**
 * Expands F1DB's `rounds` text ("1-16,18-20,24") into round numbers.
 *
 * @example
 * ```ts
 * import { parseRoundRanges } from "./f1db.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseRoundRanges("1-3,7"), [1, 2, 3, 7]);
 * ```
 */
export function parseRoundRanges(text: unknown): number[] {
  if (text === null || text === undefined || text === "") return [];
  const rounds: number[] = [];
  for (const part of String(text).split(",")) {
    const [from, to] = part.trim().split("-").map(Number);
    if (!Number.isInteger(from) || (to !== undefined && !Number.isInteger(to))) {
      throw new RangeError(`expected rounds such as "1-16,18"; found "${text}"`);
    }
    for (let round = from; round <= (to ?? from); round++) rounds.push(round);
  }
  return rounds;
}

interface RaceFolder {
  folder: string;
  race: Yaml;
  files: Partial<Record<SessionKind, YamlRow[]>>;
}

function scheduleOf(year: number, race: Yaml, files: RaceFolder["files"]): SessionKind[] {
  const sprint = race.sprintRaceLaps !== undefined && race.sprintRaceLaps !== null;
  let order: SessionKind[];
  if (!sprint) order = FORMAT_ORDERS.standard;
  else if (race.qualifyingFormat === "SPRINT_RACE") order = FORMAT_ORDERS.sprintRace;
  else order = year <= 2023 ? FORMAT_ORDERS.sprintShootout2023 : FORMAT_ORDERS.sprintShootout;
  const timed = order.filter((kind) => SCHEDULE_KEYS[kind] !== undefined && race[SCHEDULE_KEYS[kind]![0]]);
  if (timed.length === order.length - 1) {
    const at = (kind: SessionKind) => `${race[SCHEDULE_KEYS[kind]![0]]}T${race[SCHEDULE_KEYS[kind]![1]] ?? "00:00"}`;
    order = [...timed].sort((a, b) => at(a).localeCompare(at(b)) || order.indexOf(a) - order.indexOf(b));
    order.splice(order.indexOf("race"), 0, "grid");
  }
  const missing = SESSION_KINDS.filter((kind) => files[kind] !== undefined && !order.includes(kind));
  if (missing.length > 0) {
    throw new F1dbImportError(
      `race ${race.round}`,
      `only sessions of a ${sprint ? "sprint" : "standard"} weekend`,
      missing.join(", "),
    );
  }
  return order;
}

function includedSessions(round: number, schedule: SessionKind[], cut: ImportCut | undefined): SessionKind[] {
  if (cut === undefined || round < cut.round) return schedule;
  if (round > cut.round) return [];
  if (cut.session === undefined) return schedule;
  const index = schedule.indexOf(cut.session);
  if (index < 0) {
    throw new F1dbImportError(
      `round ${round}`,
      `a --through session of its schedule (${schedule.join(", ")})`,
      cut.session,
    );
  }
  return schedule.slice(0, index + 1);
}

/** One driver's stint with one team while it is being assembled. */
interface Stint {
  id: string;
  team: string;
  rounds: Set<number>;
  practice: Set<number>;
  number: number | null;
}

/**
 * Converts one F1DB season into the files of a season folder, `season.json`
 * and `NN-slug/<session>.json`, cut at `cut` when given. Deterministic: the
 * same F1DB data gives the same files.
 *
 * @throws {F1dbImportError} when the season is missing or breaks F1DB's layout.
 * @example
 * ```ts ignore
 * import { importF1dbSeason } from "./f1db.ts";
 * const files = await importF1dbSeason("../shared/f1db/src/data", 2025, { round: 12, session: "qualifying" });
 * files.has("12-great-britain/qualifying.json"); // true
 * ```
 */
export async function importF1dbSeason(dataDir: string, year: number, cut?: ImportCut): Promise<SeasonFiles> {
  const reader = new F1dbReader(dataDir);
  const seasonPath = `seasons/${year}`;
  const folders = await reader.list(`${seasonPath}/races`);
  if (folders.length === 0) throw new F1dbImportError(seasonPath, "a season with races", "none");
  const drivers = new DriverDirectory(reader);

  const races: RaceFolder[] = [];
  for (const folder of folders) {
    const race = await reader.require(`${seasonPath}/races/${folder}/race.yml`);
    const files: RaceFolder["files"] = {};
    for (const kind of SESSION_KINDS) {
      const rows = await reader.rows(`${seasonPath}/races/${folder}/${F1DB_FILES[kind]}`);
      if (rows !== undefined) files[kind] = rows;
    }
    races.push({ folder, race, files });
  }
  races.sort((a, b) => Number(a.race.round) - Number(b.race.round));
  if (cut !== undefined && !races.some((race) => race.race.round === cut.round)) {
    throw new F1dbImportError(seasonPath, `a round ${cut.round} to cut at`, `rounds 1-${races.length}`);
  }

  const output: SeasonFiles = new Map();
  const calendar: CalendarRound[] = [];
  const known: RaceFolder[] = [];
  for (const { folder, race, files } of races) {
    const round = calendarRoundOf(year, { folder, race, files }, {
      grandPrix: await reader.require(`grands-prix/${race.grandPrixId}.yml`),
      circuit: await reader.require(`circuits/${race.circuitId}.yml`),
    });
    const included: RaceFolder["files"] = {};
    const converted: RoundSessions = {};
    for (const kind of includedSessions(round.round, round.schedule, cut)) {
      const rows = kind === "grid" ? gridWithoutWithdrawn(files.grid, files.race) : onceEachDriver(files[kind]);
      if (rows === undefined) continue;
      included[kind] = rows;
      const session = await convertSession(kind, rows, drivers);
      (converted as Record<string, unknown>)[kind] = session;
      output.set(`${roundFolderName(round)}/${sessionFileName(kind)}`, session);
    }
    const conditions = importedConditions({ year, slug: round.slug }, {
      included: Object.keys(included) as SessionKind[],
      sessions: converted,
    });
    calendar.push(conditions === undefined ? round : { ...round, conditions });
    known.push({ folder, race, files: included });
  }
  const entrants = await entrantsOf(reader, { seasonPath, races: known, drivers });
  const teams = await teamsOf(reader, year, entrants);
  const season: Season = { year, source: F1DB_ATTRIBUTION, calendar, entrants, teams };
  return new Map([["season.json", season], ...output]);
}

/**
 * F1DB sometimes lists a driver twice in one session (2023 British GP qualifying: Bottas as NC with his
 * lap times and again as DSQ). Keep one row: the first, taking a later row's status where it has one.
 */
function onceEachDriver(rows: YamlRow[] | undefined): YamlRow[] | undefined {
  if (rows === undefined) return undefined;
  const kept = new Map<unknown, YamlRow>();
  for (const row of rows) {
    const earlier = kept.get(row.driverId);
    if (earlier === undefined) kept.set(row.driverId, row);
    else if (typeof row.position === "string") kept.set(row.driverId, { ...earlier, position: row.position });
  }
  return [...kept.values()];
}

/**
 * A driver who withdrew after the grid was drawn up can share a slot with the driver moved up into it
 * (2025 Spanish GP: Stroll, injured, and Bearman both at 14). Drop the withdrawn driver's grid row, as
 * they never took that slot; the race results still list them as DNS.
 */
function gridWithoutWithdrawn(grid: YamlRow[] | undefined, race: YamlRow[] | undefined): YamlRow[] | undefined {
  if (grid === undefined) return undefined;
  const withdrawn = new Set((race ?? []).filter((row) => row.position === "DNS").map((row) => row.driverId));
  const slotCount = new Map<unknown, number>();
  for (const row of grid) slotCount.set(row.position, (slotCount.get(row.position) ?? 0) + 1);
  return grid.filter((row) =>
    !(withdrawn.has(row.driverId) && slotCount.get(row.position)! > 1 && row.position !== "PL")
  );
}

function calendarRoundOf(
  year: number,
  { folder, race, files }: RaceFolder,
  { grandPrix, circuit }: { grandPrix: Yaml; circuit: Yaml },
): CalendarRound {
  const sprintLaps = intOrNull(race.sprintRaceLaps);
  return {
    round: Number(race.round),
    slug: folder.replace(/^\d+-/, ""),
    name: String(grandPrix.fullName),
    date: String(race.date),
    circuit: {
      id: String(race.circuitId),
      name: String(circuit.name),
      type: String(race.circuitType ?? circuit.type).toLowerCase() as CircuitType,
    },
    sprint: sprintLaps !== null,
    laps: Number(race.laps),
    sprint_laps: sprintLaps,
    schedule: scheduleOf(year, race, files),
  };
}

async function entrantsOf(
  reader: F1dbReader,
  season: { seasonPath: string; races: RaceFolder[]; drivers: DriverDirectory },
): Promise<Entrant[]> {
  const { seasonPath, races, drivers } = season;
  const stints = new Map<string, Stint>();
  const stint = (id: string, team: string): Stint => {
    const key = `${id}/${team}`;
    let found = stints.get(key);
    if (found === undefined) {
      found = { id, team, rounds: new Set(), practice: new Set(), number: null };
      stints.set(key, found);
    }
    return found;
  };
  const listed = await reader.rows(`${seasonPath}/entrants.yml`) ?? [];
  for (const entrant of listed) {
    for (const driver of (entrant.drivers ?? []) as YamlRow[]) {
      if (driver.testDriver === true) continue;
      const rounds = parseRoundRanges(driver.rounds);
      const known = new Set(races.map((race) => Number(race.race.round)));
      rounds.filter((round) => known.has(round)).forEach((round) =>
        stint(String(driver.driverId), String(entrant.constructorId)).rounds.add(round)
      );
    }
  }
  // Results are the ground truth: a driver seen in a result row raced for that team that round,
  // and one seen only in practice was a practice-only driver.
  for (const { race, files } of races) {
    const round = Number(race.round);
    for (const kind of SESSION_KINDS) {
      for (const row of files[kind] ?? []) {
        const entry = stint(String(row.driverId), String(row.constructorId));
        entry.number ??= intOrNull(row.driverNumber);
        if (kind !== "fp1" && kind !== "fp2" && kind !== "fp3") entry.rounds.add(round);
      }
    }
    for (const kind of ["fp1", "fp2", "fp3"] as const) {
      for (const row of files[kind] ?? []) {
        const entry = stint(String(row.driverId), String(row.constructorId));
        if (!entry.rounds.has(round)) entry.practice.add(round);
      }
    }
  }
  const entrants: Entrant[] = [];
  for (const entry of stints.values()) {
    if (entry.rounds.size === 0 && entry.practice.size === 0) continue;
    const driver = await drivers.get(entry.id);
    const team = await reader.require(`constructors/${entry.team}.yml`);
    entrants.push({
      driver: driver.code,
      name: driver.name,
      number: entry.number ?? driver.number ?? 0,
      team: entry.team,
      team_name: String(team.name),
      rounds: [...entry.rounds].sort((a, b) => a - b),
      practice_rounds: [...entry.practice].sort((a, b) => a - b),
    });
  }
  const first = (e: Entrant) => Math.min(...e.rounds, ...e.practice_rounds);
  return entrants.sort((a, b) =>
    a.team.localeCompare(b.team) || Number(b.rounds.length > 0) - Number(a.rounds.length > 0) || first(a) - first(b) ||
    a.driver.localeCompare(b.driver)
  );
}

/**
 * The season's teams with their earlier identities, read from each
 * constructor's F1DB `chronology`: the entries before the one this season
 * races under, most recent first, each identity once.
 */
async function teamsOf(reader: F1dbReader, year: number, entrants: readonly Entrant[]): Promise<Team[]> {
  const teams: Team[] = [];
  for (const id of new Set(entrants.map((e) => e.team))) {
    const file = `constructors/${id}.yml`;
    const yaml = await reader.require(file);
    const chronology = yaml.chronology ?? [];
    if (!Array.isArray(chronology)) throw new F1dbImportError(file, "a chronology list", typeof chronology);
    const entries = chronology as YamlRow[];
    const own = entries.findLastIndex((entry) => entry.constructorId === id && Number(entry.yearFrom ?? 0) <= year);
    const predecessors = [...new Set(entries.slice(0, Math.max(0, own)).reverse().map((e) => String(e.constructorId)))]
      .filter((before) => before !== id);
    teams.push({ id, name: String(yaml.name), predecessors });
  }
  return teams;
}
