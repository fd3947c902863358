/**
 * The starting grid a weekend's files imply before the race.
 *
 * @module
 */

import { type RoundSessions, startedRace } from "./format.ts";

/**
 * Starting slots from the weekend's data: the grid file if published, else
 * the race result's own grid column (a race already run, as backtests see
 * it), else the session that sets the grid: the sprint's classification on
 * a weekend whose sprint has no shootout of its own (2021-2022: Friday's
 * qualifying set the sprint's grid, the sprint set the race's), else the
 * qualifying order (non-classified at the back), else undefined. A pit-lane start, and a driver the files do not mention, starts
 * at the back: one slot behind the field.
 *
 * @example
 * ```ts
 * import { startingGrid } from "./grid.ts";
 * import assert from "node:assert/strict";
 * const sessions = { grid: [{ driver: "PIA", grid: 1, penalty: null }, { driver: "NOR", grid: "PL" as const, penalty: null }] };
 * assert.equal(startingGrid(sessions, ["PIA", "NOR", "VER"])?.get("NOR"), 4);
 * assert.equal(startingGrid({}, ["PIA"]), undefined);
 * const sprint = [{ driver: "NOR", position: 1 }, { driver: "PIA", position: 2 }];
 * const qualifying = [{ driver: "PIA", position: 1 }, { driver: "NOR", position: 2 }];
 * assert.equal(startingGrid({ qualifying, sprint } as never, ["PIA", "NOR"])?.get("NOR"), 1); // 2021-2022
 * ```
 */
export function startingGrid(sessions: RoundSessions, drivers: readonly string[]): Map<string, number> | undefined {
  const back = drivers.length + 1;
  const listed = sessions.grid ?? sessions.race?.filter((row) => row.grid !== null);
  if (listed !== undefined && listed.length > 0) {
    const slots = new Map(listed.map((row) => [row.driver, typeof row.grid === "number" ? row.grid : back]));
    return new Map(drivers.map((driver) => [driver, slots.get(driver) ?? back]));
  }
  if (sessions.sprint !== undefined && sessions.sprint_qualifying === undefined) {
    const slots = new Map(sessions.sprint.filter(startedRace).map((row, index) => [row.driver, index + 1]));
    return new Map(drivers.map((driver) => [driver, slots.get(driver) ?? back]));
  }
  if (sessions.qualifying !== undefined) {
    const classified = sessions.qualifying.filter((row) => typeof row.position === "number")
      .sort((a, b) => (a.position as number) - (b.position as number));
    const slots = new Map(classified.map((row, index) => [row.driver, index + 1]));
    return new Map(drivers.map((driver) => [driver, slots.get(driver) ?? back]));
  }
  return undefined;
}
