/**
 * Horizons of a race weekend: what is known at each point, by the
 * weekend's own running order, so that backtests, the ML layer and weight
 * fitting all mean the same thing by "after practice".
 *
 * - `before_weekend`: nothing of the weekend;
 * - `after_practice`: the sessions before qualifying (practice, and on
 *   sprint weekends run in that order, sprint qualifying and the sprint);
 * - `after_qualifying`: every session before the race, the grid included.
 *
 * @module
 */

import type { RoundSessions, SessionKind } from "./format.ts";

/** The points of a weekend at which forecasts are made and scored, least known first. */
export const HORIZONS = ["before_weekend", "after_practice", "after_qualifying"] as const;

/** A point of a weekend: what of it is known. */
export type Horizon = typeof HORIZONS[number];

/**
 * Which of a weekend's sessions are known at a horizon.
 *
 * @example
 * ```ts
 * import { knownAt } from "./horizons.ts";
 * import assert from "node:assert/strict";
 * const schedule = ["fp1", "sprint_qualifying", "sprint", "qualifying", "grid", "race"] as const;
 * assert.deepEqual(schedule.filter(knownAt("after_practice", schedule)), ["fp1", "sprint_qualifying", "sprint"]);
 * ```
 */
export function knownAt(horizon: Horizon, schedule: readonly SessionKind[]): (kind: SessionKind) => boolean {
  const qualifying = schedule.indexOf("qualifying");
  switch (horizon) {
    case "before_weekend":
      return () => false;
    case "after_practice":
      return (kind) => kind !== "race" && kind !== "grid" && (qualifying < 0 || schedule.indexOf(kind) < qualifying);
    case "after_qualifying":
      return (kind) => kind !== "race";
  }
}

/**
 * The sessions of a weekend that pass a filter.
 *
 * @example
 * ```ts
 * import { sessionsKnown } from "./horizons.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Object.keys(sessionsKnown({ fp1: [], race: [] }, (kind) => kind !== "race")), ["fp1"]);
 * ```
 */
export function sessionsKnown(sessions: RoundSessions, known: (kind: SessionKind) => boolean): RoundSessions {
  return Object.fromEntries(Object.entries(sessions).filter(([kind]) => known(kind as SessionKind)));
}

/**
 * The sessions of a round present in `sessions`, in the weekend's running order.
 *
 * @example
 * ```ts
 * import { sessionsRun } from "./horizons.ts";
 * import assert from "node:assert/strict";
 * const schedule = ["fp1", "sprint_qualifying", "sprint", "qualifying", "grid", "race"] as const;
 * assert.deepEqual(sessionsRun(schedule, { fp1: [], sprint: [] }), ["fp1", "sprint"]);
 * ```
 */
export function sessionsRun(schedule: readonly SessionKind[], sessions: RoundSessions): SessionKind[] {
  return schedule.filter((kind) => sessions[kind] !== undefined);
}
