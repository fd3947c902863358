/**
 * Reading the fields of parsed JSON objects against the race-data format:
 * each reader method returns the typed value, or records what was expected
 * and what was found (file, JSON path, value) and returns undefined.
 *
 * @module
 */

import { type GridSlot, PIT_LANE, RESULT_STATUSES, type ResultStatus } from "./format.ts";
import type { IssueList } from "./issues.ts";
import { parseTimeText } from "./laptime.ts";

/** Highest position or grid slot the format accepts. */
export const MAX_POSITION = 30;

const POSITION_OR_STATUS = `an integer 1-${MAX_POSITION} or one of ${RESULT_STATUSES.join(", ")}`;
const TIME_EXPECTED = 'a time in ms (positive integer), a time text such as "1:30.641", or null';
/** A driver's label: a three-character code, with a digit where a second driver of the season has the code. */
export const DRIVER_CODE = /^[A-Z0-9]{3}[0-9]?$/;
/** What {@linkcode DRIVER_CODE} expects, in words. */
export const DRIVER_CODE_EXPECTED = "a driver code such as VER (VER2 for a second driver of the season with that code)";
export const IDENTIFIER = /^[a-z0-9][a-z0-9-]*$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

/**
 * Reads the fields of one JSON object, recording a problem for each bad one.
 *
 * @example
 * ```ts
 * import { FieldReader } from "./field_reader.ts";
 * import { IssueList } from "./issues.ts";
 * import assert from "node:assert/strict";
 * const issues = new IssueList("season.json");
 * const fields = new FieldReader({ year: "soon" }, { path: "", issues, known: ["year"] });
 * assert.equal(fields.int("year", 1950, 2100), undefined);
 * assert.equal(issues.issues[0].path, "year");
 * ```
 */
export class FieldReader {
  #ok = true;

  readonly path: string;
  readonly list: IssueList;

  constructor(
    readonly record: Record<string, unknown>,
    at: { path: string; issues: IssueList; known: readonly string[] },
  ) {
    this.path = at.path;
    this.list = at.issues;
    const allowedKeys = at.known;
    for (const key of Object.keys(record)) {
      if (!allowedKeys.includes(key)) {
        this.fail(join(this.path, key), `no such field (known: ${allowedKeys.join(", ")})`, `a field "${key}"`);
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
