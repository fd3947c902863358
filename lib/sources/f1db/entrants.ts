/**
 * Who raced in an F1DB season: each driver's stints with teams (the rounds
 * entered for the race, and those driven only in practice), the drivers'
 * appearances that decide their labels, and each team's earlier identities.
 *
 * @module
 */

import type { Entrant, SessionKind, Team } from "../../data/format.ts";
import { SESSION_KINDS } from "../../data/format.ts";
import {
  type DriverAppearances,
  type DriverDirectory,
  F1dbImportError,
  type F1dbReader,
  intOrNull,
  type Yaml,
  type YamlRow,
} from "./reader.ts";

/** A race of the season as its F1DB folder holds it. */
export interface RaceFolder {
  folder: string;
  race: Yaml;
  files: Partial<Record<SessionKind, YamlRow[]>>;
}

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

/** One driver's stint with one team while it is being assembled. */
interface Stint {
  id: string;
  team: string;
  rounds: Set<number>;
  practice: Set<number>;
  number: number | null;
}

/** Every driver of the season (entrants, and anyone in a session file) with how often they raced and when first. */
export async function appearancesIn(
  reader: F1dbReader,
  season: { seasonPath: string; races: readonly RaceFolder[] },
): Promise<Map<string, DriverAppearances>> {
  const seen = new Map<string, DriverAppearances>();
  const see = (id: string, round: number, raced: boolean) => {
    const entry = seen.get(id) ?? { races: 0, first: round };
    seen.set(id, { races: entry.races + (raced ? 1 : 0), first: Math.min(entry.first, round) });
  };
  for (const { race, files } of season.races) {
    for (const kind of SESSION_KINDS) {
      for (const row of files[kind] ?? []) see(String(row.driverId), Number(race.round), kind === "race");
    }
  }
  for (const entrant of await reader.rows(`${season.seasonPath}/entrants.yml`) ?? []) {
    for (const driver of (entrant.drivers ?? []) as YamlRow[]) {
      const rounds = parseRoundRanges(driver.rounds);
      if (driver.testDriver !== true && rounds.length > 0) see(String(driver.driverId), Math.min(...rounds), false);
    }
  }
  return seen;
}

export async function entrantsOf(
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
    const driver = drivers.get(entry.id);
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
export async function teamsOf(reader: F1dbReader, year: number, entrants: readonly Entrant[]): Promise<Team[]> {
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
