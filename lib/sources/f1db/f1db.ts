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
  roundFolderName,
  type RoundSessions,
  type Season,
  SESSION_KINDS,
  sessionFileName,
  type SessionKind,
} from "../../data/format.ts";
import {
  convertSession,
  DriverDirectory,
  F1DB_FILES,
  F1dbImportError,
  F1dbReader,
  intOrNull,
  type Yaml,
} from "./reader.ts";
import { importedConditions } from "../../data/conditions.ts";
import { appearancesIn, entrantsOf, parseRoundRanges, type RaceFolder, teamsOf } from "./entrants.ts";
import { cancelledIn, gridWithoutWithdrawn, onceEachDriver, repairSharedPositions } from "./repairs.ts";
import type { SeasonFiles } from "../source.ts";
import { UserInputError } from "../../errors/errors.ts";

export { parseRoundRanges };

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

/** How {@linkcode importF1dbSeason} imports. */
export interface F1dbImportOptions {
  /**
   * Where the import stops: the season as it stood then.
   *
   * @default {the whole season}
   */
  cut?: ImportCut;
  /**
   * Told of what the import did to F1DB's data beyond converting it (a cancelled session, a repaired position,
   * a shared abbreviation), a line each.
   *
   * @default {nowhere}
   */
  note?: (line: string) => void;
}

/**
 * The F1DB file a file of an imported season folder came from, for an error that names the source: a session
 * file's results file, or, for `season.json`, the season's `entrants.yml` and race files.
 *
 * @example
 * ```ts
 * import { f1dbFileOf } from "./f1db.ts";
 * import assert from "node:assert/strict";
 * assert.equal(f1dbFileOf(2017, "18-mexico/qualifying.json"), "seasons/2017/races/18-mexico/qualifying-results.yml");
 * assert.equal(f1dbFileOf(2017, "season.json"), "seasons/2017/entrants.yml and races/NN-slug/race.yml");
 * ```
 */
export function f1dbFileOf(year: number, file: string): string {
  const [folder, name] = file.split("/");
  const kind = SESSION_KINDS.find((k) => sessionFileName(k) === name);
  return kind === undefined
    ? `seasons/${year}/entrants.yml and races/NN-slug/race.yml`
    : `seasons/${year}/races/${folder}/${F1DB_FILES[kind]}`;
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
export async function importF1dbSeason(
  dataDir: string,
  year: number,
  options: F1dbImportOptions = {},
): Promise<SeasonFiles> {
  const { cut } = options;
  const note = options.note ?? (() => {});
  const reader = new F1dbReader(dataDir);
  const seasonPath = `seasons/${year}`;
  const folders = await reader.list(`${seasonPath}/races`);
  if (folders.length === 0) throw new F1dbImportError(seasonPath, "a season with races", "none");

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
  // Labels come from the whole season, so a cut never changes who is VER and who VER2.
  const drivers = await DriverDirectory.forSeason(reader, await appearancesIn(reader, { seasonPath, races }));
  drivers.shared().forEach((line) => note(`${year}: ${line}`));

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
    const where = `${seasonPath}/races/${folder}`;
    for (const kind of includedSessions(round.round, round.schedule, cut)) {
      const rows = kind === "grid" ? gridWithoutWithdrawn(files.grid, files.race) : onceEachDriver(files[kind]);
      if (rows === undefined || round.cancelled?.includes(kind)) continue;
      if (kind === "qualifying" || kind === "sprint_qualifying") {
        repairSharedPositions(rows, { where: `${where}/${F1DB_FILES[kind]}`, note });
      }
      included[kind] = rows;
      const session = convertSession(kind, rows, drivers);
      (converted as Record<string, unknown>)[kind] = session;
      output.set(`${roundFolderName(round)}/${sessionFileName(kind)}`, session);
    }
    round.cancelled?.forEach((kind) =>
      note(`${where}: ${kind} ran no laps (an empty results file): marked cancelled, no session file`)
    );
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
    ...cancelledIn(files),
  };
}
