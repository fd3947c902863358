/**
 * Line-ups for rounds still to come. F1DB (and so an imported season in
 * progress) lists a season's entrants only for the rounds already run, so a
 * round to come has no field until its weekend starts. The expected line-up
 * of such a round is the latest known one: each team's race drivers in the
 * most recent earlier round that lists the team. A driver change mid-season
 * therefore carries forward from the round it happened in.
 *
 * Precedence: a round whose race has run keeps exactly the drivers listed for
 * it (they are facts); in a round to come, a team that the data already lists
 * for that round keeps its listed drivers, and only teams without any entry
 * there get their latest line-up. A driver listed anywhere in the round is not
 * also assumed for another team.
 *
 * @module
 */

import type { Entrant, Season } from "./format.ts";

/** A season's entrants with the assumed line-ups added, and the rounds where anything was assumed. */
export interface ExpectedLineups {
  /** The season's stints, each with the rounds it is listed or assumed for, in the season file's order. */
  entrants: Entrant[];
  /** Rounds to come in which at least one team's line-up is assumed, ascending. */
  assumedRounds: number[];
}

/**
 * Fills every round still to come with the latest known line-up of each team
 * it does not already list. `hasRun(round)` says whether a round's race has
 * run; those rounds are never changed.
 *
 * @example
 * ```ts
 * import { expectedLineups } from "./lineup.ts";
 * import assert from "node:assert/strict";
 * const stint = (driver: string, team: string, rounds: number[]) =>
 *   ({ driver, name: driver, number: 1, team, team_name: team, rounds, practice_rounds: [] });
 * const round = (n: number) => ({ round: n, slug: `r${n}`, name: `R${n}`, date: "2025-01-01",
 *   circuit: { id: "c", name: "C", type: "race" as const }, sprint: false, laps: 50, sprint_laps: null,
 *   schedule: ["race" as const] });
 * const season = { year: 2025, calendar: [round(1), round(2), round(3)],
 *   entrants: [stint("AAA", "red", [1]), stint("BBB", "red", [2]), stint("CCC", "blue", [1, 2])] };
 * const lineups = expectedLineups(season, (n) => n <= 2);
 * assert.deepEqual(lineups.assumedRounds, [3]);
 * assert.deepEqual(lineups.entrants.map((e) => e.rounds), [[1], [2, 3], [1, 2, 3]]); // BBB replaced AAA in round 2
 * ```
 */
export function expectedLineups(season: Season, hasRun: (round: number) => boolean): ExpectedLineups {
  const rounds = season.entrants.map((entrant) => new Set(entrant.rounds));
  const latest = new Map<string, number[]>(); // team -> indexes of its stints in the latest round listing it
  const assumedRounds: number[] = [];
  for (const { round } of [...season.calendar].sort((a, b) => a.round - b.round)) {
    const listed = season.entrants.flatMap((entrant, i) => entrant.rounds.includes(round) ? [i] : []);
    if (!hasRun(round)) {
      const listedTeams = new Set(listed.map((i) => season.entrants[i].team));
      const seated = new Set(listed.map((i) => season.entrants[i].driver));
      let assumed = false;
      for (const [team, stints] of latest) {
        if (listedTeams.has(team)) continue;
        for (const i of stints) {
          if (seated.has(season.entrants[i].driver)) continue;
          seated.add(season.entrants[i].driver);
          rounds[i].add(round);
          assumed = true;
        }
      }
      if (assumed) assumedRounds.push(round);
    }
    const byTeam = new Map<string, number[]>();
    for (let i = 0; i < season.entrants.length; i++) {
      if (rounds[i].has(round)) {
        byTeam.set(season.entrants[i].team, [...(byTeam.get(season.entrants[i].team) ?? []), i]);
      }
    }
    for (const [team, stints] of byTeam) latest.set(team, stints);
  }
  return {
    entrants: season.entrants.map((entrant, i) =>
      rounds[i].size === entrant.rounds.length ? entrant : { ...entrant, rounds: [...rounds[i]].sort((a, b) => a - b) }
    ),
    assumedRounds,
  };
}
