/**
 * A season folder's `season.json` as a value: read from a folder, the seasons
 * of a data set before a year (the history an import joins), and what one
 * round's new results add to it (`withRoundEntries`).
 *
 * @module
 */

import { join } from "node:path";
import type { Entrant, Season } from "./format.ts";
import { parseSeason } from "./load.ts";
import { expectedLineups } from "./lineup.ts";
import { rosterForRound } from "./validate.ts";

/**
 * The season files of the seasons in a data-set folder before `year`: the
 * history a Jolpica import takes identities, circuits and lineages from.
 * Only `season.json` is read; a folder without one is not a season.
 *
 * @example
 * ```ts ignore
 * import { seasonsBefore } from "./season_file.ts";
 * const history = await seasonsBefore("data", 2026); // data/2022 ... data/2025
 * ```
 */
export async function seasonsBefore(dataSet: string, year: number): Promise<Season[]> {
  const seasons: Season[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dataSet));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  for (const entry of entries.filter((e) => e.isDirectory)) {
    const season = await seasonFileIn(join(dataSet, entry.name));
    if (season !== undefined && season.year < year) seasons.push(season);
  }
  return seasons.sort((a, b) => a.year - b.year);
}

/**
 * The season file of a season folder, or undefined where the folder has none.
 *
 * @throws {import("./issues.ts").DataFormatError} for a season file that is not valid.
 * @example
 * ```ts ignore
 * import { seasonFileIn } from "./season_file.ts";
 * const season = await seasonFileIn("data/2026");
 * ```
 */
export async function seasonFileIn(dir: string): Promise<Season | undefined> {
  const file = join(dir, "season.json");
  try {
    return parseSeason(await Deno.readTextFile(file), file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * The folder's season file with what one round's new results add: drivers
 * it does not expect for the round (a reserve standing in, a rookie in
 * practice), and the round's conditions. A driver counts as expected when
 * the season lists them for the round or assumes them there (the team's
 * latest line-up, `expectedLineups`). When a team's line-up differs, all of
 * its drivers in the results are listed for the round, so that the
 * team-mate is not lost. Everything else stays as it is: a session that
 * brings nothing new retrains from its round on, not the whole season.
 *
 * `read` lists the round's drivers in `rounds` (a qualifying, sprint or
 * race) or in `practice_rounds` (a practice session, where a driver the
 * line-up does not have drove Friday only).
 *
 * @example
 * ```ts
 * import { withRoundEntries } from "./season_file.ts";
 * import assert from "node:assert/strict";
 * const entrant = (driver: string, rounds: number[]) => ({ driver, name: driver, number: 1, team: "ferrari", team_name: "Ferrari", rounds, practice_rounds: [] });
 * const calendar = [{ round: 1 }, { round: 2 }] as never;
 * const existing = { year: 2030, calendar, entrants: [entrant("HAM", [1]), entrant("LEC", [1])] };
 * const reserve = { year: 2030, calendar: [], entrants: [entrant("BEA", [2]), entrant("LEC", [2])] };
 * assert.deepEqual(withRoundEntries(existing, reserve, 2).entrants.map((e) => [e.driver, e.rounds]), [["HAM", [1]], ["LEC", [1, 2]], ["BEA", [2]]]);
 * const usual = { ...reserve, entrants: [entrant("HAM", [2]), entrant("LEC", [2])] };
 * assert.equal(withRoundEntries(existing, usual, 2), existing);
 * ```
 */
export function withRoundEntries(existing: Season, read: Season, round: number): Season {
  const lineups = expectedLineups(existing, (r) => r < round).entrants;
  const expected = rosterForRound(lineups, round).racing;
  const teamOf = new Map(lineups.filter((e) => e.rounds.includes(round)).map((e) => [e.driver, e.team]));
  const racing = read.entrants.filter((e) => e.rounds.includes(round));
  const changedTeams = new Set(
    racing.filter((e) => !expected.has(e.driver) || teamOf.get(e.driver) !== e.team).map((e) => e.team),
  );
  let entrants = existing.entrants;
  const add = (entrant: Entrant, list: "rounds" | "practice_rounds") => {
    const at = entrants.findIndex((e) => e.driver === entrant.driver && e.team === entrant.team);
    if (at >= 0 && entrants[at][list].includes(round)) return;
    entrants = at >= 0
      ? entrants.map((e, i) => i === at ? { ...e, [list]: [...e[list], round].sort((a, b) => a - b) } : e)
      : [...entrants, {
        ...entrant,
        rounds: list === "rounds" ? [round] : [],
        practice_rounds: list === "rounds" ? [] : [round],
      }];
  };
  for (const entrant of racing.filter((e) => changedTeams.has(e.team))) add(entrant, "rounds");
  for (const entrant of read.entrants.filter((e) => e.practice_rounds.includes(round) && !expected.has(e.driver))) {
    add(entrant, "practice_rounds");
  }
  const conditions = read.calendar.find((r) => r.round === round)?.conditions;
  const calendar = conditions === undefined
    ? existing.calendar
    : existing.calendar.map((r) => r.round === round ? { ...r, conditions: { ...r.conditions, ...conditions } } : r);
  const teams = existing.teams === undefined ? undefined : [
    ...existing.teams,
    ...(read.teams ?? []).filter((team) =>
      entrants.some((e) => e.team === team.id) && !existing.teams!.some((known) => known.id === team.id)
    ),
  ];
  const same = entrants === existing.entrants && teams?.length === existing.teams?.length &&
    JSON.stringify(calendar) === JSON.stringify(existing.calendar);
  return same ? existing : { ...existing, entrants, calendar, ...(teams === undefined ? {} : { teams }) };
}
