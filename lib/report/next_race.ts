import type { RaceRecord } from "../format/predictions.ts";
/**
 * The race a user is waiting for: the first of the calendar without a result
 * whose forecast is current.
 *
 * @module
 */

/**
 * The next race to run, or undefined when every race has a result (or none
 * has a current forecast).
 *
 * @example
 * ```ts ignore
 * import { nextRace } from "./next_race.ts";
 * const [name, race] = nextRace(document.predictions) ?? [];
 * ```
 */
export function nextRace(races: Readonly<Record<string, RaceRecord>>): [string, RaceRecord] | undefined {
  return Object.entries(races).find(([, race]) => race.actual === undefined && race.metadata.status === "ok");
}
