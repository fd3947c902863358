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
 * Whether a session runs before the race: everything of a weekend but the race itself is known when the race is
 * forecast from all that came before it.
 *
 * @example
 * ```ts
 * import { beforeTheRace } from "./horizons.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual((["qualifying", "grid", "race"] as const).filter(beforeTheRace), ["qualifying", "grid"]);
 * ```
 */
export function beforeTheRace(kind: SessionKind): boolean {
  return kind !== "race";
}

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
      return beforeTheRace;
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

/**
 * The points of a weekend at which the trainer keeps a race's forecast, least known first: before it, after
 * practice, after the sprint (on a sprint weekend) and after qualifying. Unlike the scored horizons, practice
 * here is practice alone, so that a sprint weekend's forecast shows the sprint's own step.
 */
export const STAGES = ["before_weekend", "after_practice", "after_sprint", "after_qualifying"] as const;

/** A point of a weekend at which the trainer keeps a race's forecast. */
export type Stage = typeof STAGES[number];

/**
 * The stages of a weekend that have been reached, in running order, each with the sessions known at it: the
 * sessions of the schedule up to its last one (the practice before the first other session, the sprint, the
 * qualifying with the grid after it), a stage counted once its last session is in `sessions`. Stages that know the
 * same sessions are one, under the later name.
 *
 * @example
 * ```ts
 * import { weekendStages } from "./horizons.ts";
 * import assert from "node:assert/strict";
 * const schedule = ["fp1", "sprint_qualifying", "sprint", "qualifying", "grid", "race"] as const;
 * const sessions = { fp1: [], sprint_qualifying: [], sprint: [] };
 * assert.deepEqual(weekendStages(schedule, sessions), [
 *   { stage: "before_weekend", sessions: [] },
 *   { stage: "after_practice", sessions: ["fp1"] },
 *   { stage: "after_sprint", sessions: ["fp1", "sprint_qualifying", "sprint"] },
 * ]);
 * ```
 */
export function weekendStages(
  schedule: readonly SessionKind[],
  sessions: RoundSessions,
): Array<{ stage: Stage; sessions: SessionKind[] }> {
  const before = schedule.filter((kind) => kind !== "race" && kind !== "grid");
  const firstOther = before.findIndex((kind) => !kind.startsWith("fp"));
  const ends: Array<[Stage, number]> = [
    ["before_weekend", 0],
    ["after_practice", firstOther < 0 ? before.length : firstOther],
  ];
  if (before.includes("sprint")) ends.push(["after_sprint", before.indexOf("sprint") + 1]);
  if (before.includes("qualifying")) ends.push(["after_qualifying", before.indexOf("qualifying") + 1]);
  ends.sort((a, b) => a[1] - b[1]);
  const reached = ends.filter(([, end], i) =>
    (end === 0 || sessions[before[end - 1]] !== undefined) && ends[i + 1]?.[1] !== end
  );
  return reached.map(([stage, end]) => {
    const known: SessionKind[] = before.slice(0, end);
    // The grid is published after qualifying: that stage knows it, where it is in.
    if (stage === "after_qualifying" && sessions.grid !== undefined) known.push("grid");
    return { stage, sessions: known.filter((kind) => sessions[kind] !== undefined) };
  });
}
