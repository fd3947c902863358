/**
 * The starting grid a weekend's files imply before the race.
 *
 * @module
 */

import type { RoundSessions } from "./format.ts";

/**
 * Starting slots from the weekend's data: the grid file if published (a
 * pit-lane start at the back), else the qualifying order (non-classified at
 * the back), else undefined. Drivers the files do not mention start at the back.
 *
 * @example
 * ```ts
 * import { startingGrid } from "./grid.ts";
 * const sessions = { grid: [{ driver: "PIA", grid: 1, penalty: null }, { driver: "NOR", grid: "PL" as const, penalty: null }] };
 * startingGrid(sessions, ["PIA", "NOR", "VER"])?.get("NOR"); // 4
 * startingGrid({}, ["PIA"]); // undefined
 * ```
 */
export function startingGrid(sessions: RoundSessions, drivers: readonly string[]): Map<string, number> | undefined {
  const back = drivers.length + 1;
  if (sessions.grid !== undefined) {
    const slots = new Map(sessions.grid.map((row) => [row.driver, row.grid === "PL" ? back : row.grid]));
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
