/**
 * The ML layer's features: what is known about each driver before a race,
 * at one of three levels of knowledge (before the weekend, after practice
 * and sprint, after qualifying), as numbers centred within the race, since
 * the layer models who beats whom, not a race's overall level.
 *
 * Every feature is computed from the strengths and sessions it is given;
 * the caller gives only what was known at that level, so a race's own result
 * can never reach its features.
 *
 * @module
 */

import {
  type Circuit,
  type QualifyingRow,
  type ResultRow,
  type RoundSessions,
  type SessionKind,
  startedRace,
} from "../data/format.ts";
import type { Horizon } from "../data/horizons.ts";
import { startingGrid } from "../data/grid.ts";
import { overtakingDifficulty } from "./circuits.ts";
import type { DriverStrength } from "./strength.ts";
import { bestQualifyingLap, lapGapPercent } from "../data/laptime.ts";

const BEFORE_WEEKEND_FEATURES = ["strength_gap", "strength_uncertainty", "recent_dnf_rate", "recent_places_gained"];
const AFTER_PRACTICE_FEATURES = [...BEFORE_WEEKEND_FEATURES, "practice_gap", "practice_teammate_gap"];

/** Each horizon's features, in vector order: each adds to the one before. */
export const FEATURES: Readonly<Record<Horizon, readonly string[]>> = {
  before_weekend: BEFORE_WEEKEND_FEATURES,
  after_practice: AFTER_PRACTICE_FEATURES,
  after_qualifying: [
    ...AFTER_PRACTICE_FEATURES,
    "log_grid",
    "log_grid_x_overtaking_difficulty",
    "qualifying_gap",
    "qualifying_teammate_gap",
    "pole",
  ],
};

/** Sessions whose being known, without qualifying, makes a weekend `after_practice`. */
const PRACTICE_SESSIONS: readonly SessionKind[] = ["fp1", "fp2", "fp3", "sprint_qualifying", "sprint"];

/**
 * The horizon a set of known sessions amounts to.
 *
 * @example
 * ```ts
 * import { levelOf } from "./ml_features.ts";
 * import assert from "node:assert/strict";
 * assert.equal(levelOf({ fp1: [] }), "after_practice");
 * assert.equal(levelOf({}), "before_weekend");
 * ```
 */
export function levelOf(sessions: RoundSessions): Horizon {
  if (sessions.qualifying !== undefined || sessions.grid !== undefined) return "after_qualifying";
  if (PRACTICE_SESSIONS.some((kind) => sessions[kind] !== undefined)) return "after_practice";
  return "before_weekend";
}

/** A driver's recent races, as the layer remembers them (newest last). */
export interface RecentForm {
  /** 1 for each recent start that ended in a retirement, else 0. */
  dnf: number[];
  /** Grid slot minus finishing position for each recent classified finish. */
  placesGained: number[];
}

/** How many recent races the form features look back over. */
export const RECENT_RACES = 10;

/**
 * A driver's form with one more race; the input is not changed.
 *
 * @example
 * ```ts
 * import { addRaceToForm } from "./ml_features.ts";
 * import assert from "node:assert/strict";
 * const row = { driver: "X", position: 3, grid: 5, laps: 50, time_ms: 1, points: 15, retirement: null };
 * assert.deepEqual(addRaceToForm({ dnf: [], placesGained: [] }, row), { dnf: [0], placesGained: [2] });
 * ```
 */
export function addRaceToForm(form: RecentForm, row: ResultRow): RecentForm {
  if (!startedRace(row)) return form;
  const dnf = [...form.dnf, row.position === "DNF" ? 1 : 0].slice(-RECENT_RACES);
  const gained = typeof row.position === "number" && typeof row.grid === "number"
    ? [...form.placesGained, row.grid - row.position].slice(-RECENT_RACES)
    : form.placesGained;
  return { dnf, placesGained: gained };
}

const MAX_GAP = 3;

function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

function gapsToBest(times: ReadonlyMap<string, number>): Map<string, number> {
  const best = Math.min(...times.values());
  return new Map([...times].map(([driver, ms]) => [driver, Math.min(MAX_GAP, lapGapPercent(ms, best))]));
}

function practiceGaps(sessions: RoundSessions): Map<string, number> {
  const perDriver = new Map<string, number[]>();
  for (const kind of ["fp1", "fp2", "fp3"] as const) {
    const times = new Map(
      (sessions[kind] ?? []).flatMap((row) =>
        row.best_lap_ms !== null && row.best_lap_ms > 0 ? [[row.driver, row.best_lap_ms]] : []
      ),
    );
    if (times.size < 2) continue;
    for (const [driver, gap] of gapsToBest(times)) perDriver.set(driver, [...(perDriver.get(driver) ?? []), gap]);
  }
  return new Map([...perDriver].map(([driver, gaps]) => [driver, mean(gaps)]));
}

function qualifyingGaps(rows: readonly QualifyingRow[]): Map<string, number> {
  const times = new Map(rows.flatMap((row) => {
    const best = bestQualifyingLap(row);
    return best === null ? [] : [[row.driver, best] as [string, number]];
  }));
  return times.size < 2 ? new Map() : gapsToBest(times);
}

function teammateGap(gaps: ReadonlyMap<string, number>, driver: string, teamOf: ReadonlyMap<string, string>): number {
  const own = gaps.get(driver);
  const mates = [...teamOf].filter(([other, team]) =>
    other !== driver && team === teamOf.get(driver) && gaps.has(other)
  );
  return own === undefined || mates.length === 0 ? NaN : own - mean(mates.map(([other]) => gaps.get(other)!));
}

/**
 * Feature vectors for the given drivers at a level, centred over them (a
 * value nobody has, such as practice pace before practice, is 0: the average).
 *
 * @example
 * ```ts
 * import { featureRows } from "./ml_features.ts";
 * import assert from "node:assert/strict";
 * const strength = { team: "t", teamUncertainty: 0.1, driverUncertainty: 0.1, mechanicalDnf: 0, incidentDnf: 0 };
 * const rows = featureRows("before_weekend", [{ ...strength, driver: "A", gap: 0 }, { ...strength, driver: "B", gap: 1 }],
 *   { sessions: {}, circuit: { id: "x", name: "X", type: "race" }, form: new Map() });
 * assert.deepEqual(rows.get("A"), [-0.5, 0, 0, 0]);
 * ```
 */
export function featureRows(
  level: Horizon,
  strengths: readonly DriverStrength[],
  known: { sessions: RoundSessions; circuit: Circuit; form: ReadonlyMap<string, RecentForm> },
): Map<string, number[]> {
  const { sessions, circuit, form } = known;
  const drivers = strengths.map((s) => s.driver);
  const teamOf = new Map(strengths.map((s) => [s.driver, s.team]));
  const practice = practiceGaps(sessions);
  const qualifying = qualifyingGaps(sessions.qualifying ?? []);
  const grid = startingGrid(sessions, drivers);
  const difficulty = overtakingDifficulty(circuit);
  const raw: Record<string, (s: DriverStrength) => number> = {
    strength_gap: (s) => s.gap,
    strength_uncertainty: (s) => Math.hypot(s.teamUncertainty, s.driverUncertainty),
    recent_dnf_rate: (s) => mean(form.get(s.driver)?.dnf ?? []),
    recent_places_gained: (s) => mean(form.get(s.driver)?.placesGained ?? []),
    practice_gap: (s) => practice.get(s.driver) ?? NaN,
    practice_teammate_gap: (s) => teammateGap(practice, s.driver, teamOf),
    log_grid: (s) => Math.log(grid?.get(s.driver) ?? NaN),
    log_grid_x_overtaking_difficulty: (s) => Math.log(grid?.get(s.driver) ?? NaN) * difficulty,
    qualifying_gap: (s) => qualifying.get(s.driver) ?? (qualifying.size > 0 ? MAX_GAP : NaN),
    qualifying_teammate_gap: (s) => teammateGap(qualifying, s.driver, teamOf),
    pole: (s) => grid === undefined ? NaN : grid.get(s.driver) === 1 ? 1 : 0,
  };
  const columns = FEATURES[level].map((name) => {
    const values = strengths.map(raw[name]);
    const known = values.filter((v) => Number.isFinite(v));
    const centre = known.length === 0 ? 0 : mean(known);
    return values.map((v) => (Number.isFinite(v) ? v - centre : 0));
  });
  return new Map(drivers.map((driver, i) => [driver, columns.map((column) => column[i])]));
}
