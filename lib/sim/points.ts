/**
 * Points systems, season by season from 2010: points by finishing position
 * (index 0 = P1) for the race and the sprint, and the season's extras.
 *
 * - Races: 25-18-15-12-10-8-6-4-2-1 for the top ten since 2010.
 * - Double points at the last race of 2014 (Abu Dhabi).
 * - One point for the fastest lap, to a driver classified in the top ten,
 *   2019-2024. The simulator draws no fastest laps, so forecasts and
 *   projections leave that point out (at most a point a race); the
 *   arithmetic of a decided title counts it.
 * - Sprints: 3-2-1 in 2021 (then called sprint qualifying), 8-7-6-5-4-3-2-1
 *   from 2022.
 * - Shortened races score less (half points under 75% distance to 2021, a
 *   scale by distance from 2022): only a result can say so, and results carry
 *   their own points, so no table here needs it.
 *
 * @module
 */

/** Grand Prix points from 2010 on. */
export const RACE_POINTS: readonly number[] = Object.freeze([25, 18, 15, 12, 10, 8, 6, 4, 2, 1]);

/** Sprint points from 2022 on. */
export const SPRINT_POINTS: readonly number[] = Object.freeze([8, 7, 6, 5, 4, 3, 2, 1]);

/** Sprint points of 2021, the three "sprint qualifying" races. */
const SPRINT_POINTS_2021: readonly number[] = Object.freeze([3, 2, 1]);

/** Rounds whose race points counted double, by season. */
const DOUBLE_POINTS_ROUNDS: Readonly<Record<number, number>> = { 2014: 19 };

/** Seasons with a point for the fastest lap (to a driver classified in the top ten). */
const FASTEST_LAP_SEASONS = { from: 2019, through: 2024 } as const;

/** How one round's race and sprint score. */
export interface PointsRules {
  /** Race points by finishing position, the round's multiplier applied. */
  race: readonly number[];
  /** Sprint points by finishing position. */
  sprint: readonly number[];
  /** Whether the race's fastest lap scores a point (for a driver in the top ten). */
  fastestLap: boolean;
}

/**
 * The points rules of a round.
 *
 * @example
 * ```ts
 * import { pointsRules } from "./points.ts";
 * import assert from "node:assert/strict";
 * assert.equal(pointsRules(2014, 19).race[0], 50);
 * assert.deepEqual(pointsRules(2021, 10).sprint, [3, 2, 1]);
 * assert.equal(pointsRules(2024, 1).fastestLap, true);
 * assert.equal(pointsRules(2025, 1).fastestLap, false);
 * ```
 */
export function pointsRules(year: number, round: number): PointsRules {
  const multiplier = DOUBLE_POINTS_ROUNDS[year] === round ? 2 : 1;
  return {
    race: multiplier === 1 ? RACE_POINTS : RACE_POINTS.map((points) => points * multiplier),
    sprint: year === 2021 ? SPRINT_POINTS_2021 : SPRINT_POINTS,
    fastestLap: year >= FASTEST_LAP_SEASONS.from && year <= FASTEST_LAP_SEASONS.through,
  };
}

/**
 * The most points still to score in a season's last `remaining` races and sprints: by one driver (a win, and the
 * fastest lap where it scores), or by one team (its two cars' best places). A title is decided when no rival can
 * close the gap with these.
 *
 * @example
 * ```ts
 * import { pointsAvailable } from "./points.ts";
 * import assert from "node:assert/strict";
 * assert.equal(pointsAvailable(2025, { races: 2, sprints: 1, kind: "drivers" }), 58);
 * assert.equal(pointsAvailable(2014, { races: 1, sprints: 0, kind: "drivers" }), 50); // double points
 * assert.equal(pointsAvailable(2021, { races: 1, sprints: 1, kind: "teams" }), 43 + 1 + 5);
 * ```
 */
export function pointsAvailable(
  year: number,
  remaining: { races: number; sprints: number; kind: "drivers" | "teams" },
): number {
  const places = remaining.kind === "drivers" ? 1 : 2;
  const best = (table: readonly number[]) => table.slice(0, places).reduce((sum, points) => sum + points, 0);
  const last = DOUBLE_POINTS_ROUNDS[year];
  const plain = pointsRules(year, 0);
  const lastRace = last === undefined ? plain : pointsRules(year, last);
  const races = remaining.races === 0 ? 0 : best(lastRace.race) + (remaining.races - 1) * best(plain.race);
  return races + remaining.races * (plain.fastestLap ? 1 : 0) + remaining.sprints * best(plain.sprint);
}

/**
 * Points for finishing position `position` (1-based) under `table`.
 *
 * @example
 * ```ts
 * import { pointsFor, RACE_POINTS } from "./points.ts";
 * import assert from "node:assert/strict";
 * assert.equal(pointsFor(RACE_POINTS, 1), 25);
 * assert.equal(pointsFor(RACE_POINTS, 11), 0);
 * ```
 */
export function pointsFor(table: readonly number[], position: number): number {
  return table[position - 1] ?? 0;
}
