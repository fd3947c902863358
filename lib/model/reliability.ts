/**
 * Reliability as Beta-Binomial rates: mechanical retirements belong to the
 * car (counted per team), incidents more to the driver (counted per driver),
 * told apart by the retirement reason F1DB records.
 *
 * @module
 */

import { type ResultRow, startedRace } from "../data/format.ts";

/** Failures out of starts, for a Beta-Binomial rate. */
export interface RateCount {
  events: number;
  starts: number;
}

/** Retirement counts per team and per driver; plain JSON. */
export interface ReliabilityState {
  mechanical: Record<string, RateCount>;
  incidents: Record<string, RateCount>;
}

/** Beta prior for mechanical retirements per team and race: mean 1/16. */
export const MECHANICAL_PRIOR: RateCount = { events: 1, starts: 16 };
/** Beta prior for incident retirements per driver and race: mean 1/25. */
export const INCIDENT_PRIOR: RateCount = { events: 1, starts: 25 };
/** Retirement reasons that belong to the driver (or racing), not to the car. */
const INCIDENT_REASONS = /collision|accident|spun|crash|contact|damage/i;
/** Reasons that are neither: the driver never raced. */
const NON_RACING_REASONS = /withdrew|injur|unwell|illness|outside assistance/i;

const NONE: RateCount = { events: 0, starts: 0 };

/**
 * Counts a race or sprint's starters and retirements into the state (a new
 * state; the input is not changed).
 *
 * @example
 * ```ts
 * import { countRetirements } from "./reliability.ts";
 * import assert from "node:assert/strict";
 * const rows = [{ driver: "AAA", position: "DNF" as const, grid: 1, laps: 3, time_ms: null, points: 0, retirement: "Engine" }];
 * assert.deepEqual(countRetirements({ mechanical: {}, incidents: {} }, rows, new Map([["AAA", "t"]])).mechanical.t, { events: 1, starts: 1 });
 * ```
 */
export function countRetirements(
  state: ReliabilityState,
  rows: readonly ResultRow[],
  teamOfDriver: ReadonlyMap<string, string>,
): ReliabilityState {
  const mechanical = { ...state.mechanical };
  const incidents = { ...state.incidents };
  for (const row of rows) {
    const team = teamOfDriver.get(row.driver);
    if (!startedRace(row) || team === undefined) continue;
    const reason = row.retirement ?? "";
    if (NON_RACING_REASONS.test(reason)) continue;
    const retired = row.position === "DNF" || (row.position === "NC" && reason !== "");
    const incident = retired && INCIDENT_REASONS.test(reason);
    const car = mechanical[team] ?? NONE;
    mechanical[team] = { events: car.events + Number(retired && !incident), starts: car.starts + 1 };
    const driver = incidents[row.driver] ?? NONE;
    incidents[row.driver] = { events: driver.events + Number(incident), starts: driver.starts + 1 };
  }
  return { mechanical, incidents };
}

/**
 * Posterior mean retirement chances for a driver in a team.
 *
 * @example
 * ```ts
 * import { retirementChances } from "./reliability.ts";
 * import assert from "node:assert/strict";
 * assert.equal(retirementChances({ mechanical: {}, incidents: {} }, "AAA", "t").mechanicalDnf, 0.0625);
 * ```
 */
export function retirementChances(
  state: ReliabilityState,
  driver: string,
  team: string,
): { mechanicalDnf: number; incidentDnf: number } {
  const car = state.mechanical[team] ?? NONE;
  const own = state.incidents[driver] ?? NONE;
  return {
    mechanicalDnf: (MECHANICAL_PRIOR.events + car.events) / (MECHANICAL_PRIOR.starts + car.starts),
    incidentDnf: (INCIDENT_PRIOR.events + own.events) / (INCIDENT_PRIOR.starts + own.starts),
  };
}
