/**
 * Reading an F1DB checkout (https://github.com/f1db/f1db, CC BY 4.0): its
 * YAML files, cached (F1DB's block style by `parseBlockYaml`, anything else
 * by the `yaml` package), with an error that names the file and what was
 * expected; drivers' codes looked up (and checked unique in a season); F1DB's
 * session rows converted to the race-data format's rows.
 *
 * @module
 */

import { parse as parseYaml } from "yaml";
import { join } from "node:path";
import { parseBlockYaml } from "./block_yaml.ts";
import type { GridRow, PracticeRow, QualifyingRow, ResultRow, SessionKind } from "../../data/format.ts";
import { parseTimeText } from "../../data/laptime.ts";

/** Thrown when an F1DB folder lacks what the importer needs, or breaks its layout. */
export class F1dbImportError extends Error {
  /**
   * @example
   * ```ts
   * import { F1dbImportError } from "./reader.ts";
   * import assert from "node:assert/strict";
   * assert.equal(
   *   new F1dbImportError("seasons/1900", "a season folder", "nothing").message,
   *   "F1DB seasons/1900: expected a season folder; found nothing",
   * );
   * ```
   */
  constructor(file: string, expected: string, found: string) {
    super(`F1DB ${file}: expected ${expected}; found ${found}`);
    this.name = "F1dbImportError";
  }
}

/** A YAML mapping as parsed. */
export type Yaml = Record<string, unknown>;
export type YamlRow = Record<string, unknown>;

/** F1DB's file for each session kind, in a race folder. */
export const F1DB_FILES: Record<SessionKind, string> = {
  fp1: "free-practice-1-results.yml",
  fp2: "free-practice-2-results.yml",
  fp3: "free-practice-3-results.yml",
  sprint_qualifying: "sprint-qualifying-results.yml",
  sprint: "sprint-race-results.yml",
  qualifying: "qualifying-results.yml",
  grid: "starting-grid-positions.yml",
  race: "race-results.yml",
};

/** Reads F1DB's YAML files; the one place the importer touches the disk. */
export class F1dbReader {
  readonly #cache = new Map<string, unknown>();

  constructor(readonly root: string) {}

  async read(path: string): Promise<unknown | undefined> {
    if (this.#cache.has(path)) return this.#cache.get(path);
    let text: string;
    try {
      text = await Deno.readTextFile(join(this.root, path));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
    let value: unknown;
    try {
      value = (parseBlockYaml(text) ?? { value: parseYaml(text) }).value;
    } catch (error) {
      throw new F1dbImportError(path, "valid YAML", (error as Error).message);
    }
    this.#cache.set(path, value);
    return value;
  }

  async require(path: string): Promise<Yaml> {
    const value = await this.read(path);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new F1dbImportError(path, "a YAML mapping", value === undefined ? "no such file" : typeof value);
    }
    return value as Yaml;
  }

  async rows(path: string): Promise<YamlRow[] | undefined> {
    const value = await this.read(path);
    if (value === undefined) return undefined;
    if (value === null) return [];
    if (!Array.isArray(value)) throw new F1dbImportError(path, "a YAML list of rows", typeof value);
    return value as YamlRow[];
  }

  async list(path: string): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const entry of Deno.readDir(join(this.root, path))) {
        if (entry.isDirectory) names.push(entry.name);
      }
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return [];
      throw error;
    }
    return names.sort();
  }
}

/**
 * Finds F1DB's data folder: the folder itself if it holds `seasons/`, else its `src/data`.
 *
 * @example
 * ```ts ignore
 * import { findF1dbData } from "./reader.ts";
 * await findF1dbData("../shared/f1db"); // "../shared/f1db/src/data"
 * ```
 */
export async function findF1dbData(path: string): Promise<string> {
  for (const candidate of [path, join(path, "src", "data")]) {
    try {
      if ((await Deno.stat(join(candidate, "seasons"))).isDirectory) return candidate;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  throw new F1dbImportError(path, "an F1DB checkout or its src/data folder (with seasons/)", "neither");
}

export function text(value: unknown): string | null {
  return value === null || value === undefined || value === "" ? null : String(value);
}

function timeMs(value: unknown): number | null {
  const raw = text(value);
  return raw === null ? null : parseTimeText(raw);
}

function positionOf(value: unknown): number | string {
  return typeof value === "number" ? value : String(value);
}

function gridOf(value: unknown): number | "PL" | null {
  if (value === null || value === undefined || value === "") return null;
  return typeof value === "number" ? value : "PL";
}

function penaltyOf(value: unknown): number | string | null {
  if (value === null || value === undefined || value === "") return null;
  return typeof value === "number" ? value : String(value);
}

export function intOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

/** How often a driver appears in a season, which decides who keeps an abbreviation two drivers share. */
export interface DriverAppearances {
  /** Race results the driver is listed in. */
  races: number;
  /** The first round the driver appears in, in any session. */
  first: number;
}

/** A driver as the season's files name them. */
export interface DriverLabel {
  /** The season's label: F1DB's abbreviation, or it with a digit where another driver of the season has it. */
  code: string;
  name: string;
  number: number | null;
}

/**
 * The drivers of one season, each with a label unique in the season. F1DB gives every driver an abbreviation,
 * but not a unique one: in 2014 VER was Vergne, who raced, and Verstappen, who drove a practice session. Of the
 * drivers sharing an abbreviation, the one listed in more race results keeps it (then the earlier to appear,
 * then F1DB's id), and the others take it with 2, 3, ... in that order: the same data always gives the same
 * labels.
 */
export class DriverDirectory {
  readonly #byId: ReadonlyMap<string, DriverLabel>;

  private constructor(byId: ReadonlyMap<string, DriverLabel>) {
    this.#byId = byId;
  }

  /**
   * Reads the season's drivers (`drivers/<id>.yml`) and labels them.
   *
   * @throws {F1dbImportError} naming a driver file without an abbreviation.
   */
  static async forSeason(
    reader: F1dbReader,
    appearances: ReadonlyMap<string, DriverAppearances>,
  ): Promise<DriverDirectory> {
    const read: Array<{ id: string; code: string; name: string; number: number | null } & DriverAppearances> = [];
    for (const [id, seen] of appearances) {
      const yaml = await reader.require(`drivers/${id}.yml`);
      const code = text(yaml.abbreviation);
      if (code === null) throw new F1dbImportError(`drivers/${id}.yml`, "an abbreviation", "none");
      read.push({ id, code, name: String(yaml.name), number: intOrNull(yaml.permanentNumber), ...seen });
    }
    read.sort((a, b) =>
      a.code.localeCompare(b.code) || b.races - a.races || a.first - b.first || a.id.localeCompare(b.id)
    );
    const byId = new Map<string, DriverLabel>();
    read.forEach((driver, i) => {
      let rank = 1;
      while (i - rank >= 0 && read[i - rank].code === driver.code) rank++;
      const code = rank === 1 ? driver.code : `${driver.code}${rank}`;
      byId.set(driver.id, { code, name: driver.name, number: driver.number });
    });
    return new DriverDirectory(byId);
  }

  /** The labels given to more than one of F1DB's abbreviations' holders, as lines for the import's report. */
  shared(): string[] {
    return [...this.#byId.values()].filter((driver) => /\d$/.test(driver.code)).map((driver) =>
      `${driver.name} is ${driver.code}: another driver of the season has ${driver.code.slice(0, -1)}`
    );
  }

  /**
   * The label of a driver of the season.
   *
   * @throws {F1dbImportError} for a driver the season's files did not list.
   */
  get(id: string): DriverLabel {
    const found = this.#byId.get(id);
    if (found === undefined) throw new F1dbImportError(`drivers/${id}.yml`, "a driver of the season", "none");
    return found;
  }
}

/** F1DB rows of a session as the race-data format's rows, drivers by their code. */
export function convertSession(kind: SessionKind, rows: YamlRow[], drivers: DriverDirectory): unknown[] {
  const out: unknown[] = [];
  for (const row of rows) {
    const driver = drivers.get(String(row.driverId)).code;
    switch (kind) {
      case "fp1":
      case "fp2":
      case "fp3":
        out.push(
          {
            driver,
            position: intOrNull(row.position),
            best_lap_ms: timeMs(row.time),
            laps: intOrNull(row.laps),
          } satisfies PracticeRow,
        );
        break;
      case "qualifying":
      case "sprint_qualifying":
        out.push({
          driver,
          position: positionOf(row.position),
          q1_ms: timeMs(row.q1),
          q2_ms: timeMs(row.q2),
          q3_ms: timeMs(row.q3),
          laps: intOrNull(row.laps),
        } as QualifyingRow);
        break;
      case "grid":
        out.push({ driver, grid: gridOf(row.position), penalty: penaltyOf(row.gridPenalty) } as GridRow);
        break;
      case "sprint":
      case "race":
        out.push({
          driver,
          position: positionOf(row.position),
          grid: gridOf(row.gridPosition),
          laps: intOrNull(row.laps),
          time_ms: timeMs(row.time),
          points: typeof row.points === "number" ? row.points : 0,
          retirement: text(row.reasonRetired),
        } as ResultRow);
        break;
    }
  }
  return out;
}
