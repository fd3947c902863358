/**
 * A season as it stood right after one round's race: every later round
 * without sessions, and the line-ups of the rounds to come assumed from the
 * latest known ones (`lib/data/lineup.ts`), exactly as a live season loaded
 * at that moment would have them. The title odds of a past round are
 * projected from this, so they know nothing the round's Monday did not.
 *
 * @module
 */

import type { Season } from "./format.ts";
import type { LoadedSeason } from "./load.ts";
import { expectedLineups } from "./lineup.ts";

/**
 * `loaded` cut after round `round`: later rounds keep their calendar entry but lose their sessions, entrants
 * are listed only for the rounds up to it, and later line-ups are assumed.
 *
 * @example
 * ```ts
 * import { seasonThrough } from "./season_through.ts";
 * import assert from "node:assert/strict";
 * const calendar = (n: number) => ({ round: n, slug: `r${n}`, name: `R${n}`, date: "2025-01-01",
 *   circuit: { id: "c", name: "C", type: "race" as const }, sprint: false, laps: 50, sprint_laps: null,
 *   schedule: ["race" as const] });
 * const stint = (driver: string, rounds: number[]) =>
 *   ({ driver, name: driver, number: 1, team: "red", team_name: "Red", rounds, practice_rounds: [] });
 * const race = [{ driver: "AAA", position: 1, grid: 1, laps: 50, status: "Finished", points: 25 }];
 * const loaded = {
 *   dir: "2025", assumedLineups: [], dataHash: "h", issues: [],
 *   season: { year: 2025, calendar: [calendar(1), calendar(2)], entrants: [stint("AAA", [1]), stint("BBB", [2])] },
 *   rounds: [1, 2].map((n) => ({ status: "ok" as const, round: calendar(n), dataHash: `r${n}`, dir: `r${n}`,
 *     sessions: { race } })),
 * };
 * const cut = seasonThrough(loaded as never, 1);
 * assert.deepEqual(cut.rounds[1].status === "ok" && cut.rounds[1].sessions, {});
 * assert.deepEqual(cut.season.entrants.map((e) => [e.driver, e.rounds]), [["AAA", [1, 2]]]); // BBB unknown yet
 * assert.deepEqual(cut.assumedLineups, [2]);
 * ```
 */
export function seasonThrough(loaded: LoadedSeason, round: number): LoadedSeason {
  const known: Season = {
    ...loaded.season,
    entrants: loaded.season.entrants
      .map((entrant) => ({
        ...entrant,
        rounds: entrant.rounds.filter((r) => r <= round),
        practice_rounds: entrant.practice_rounds.filter((r) => r <= round),
      }))
      .filter((entrant) => entrant.rounds.length > 0 || entrant.practice_rounds.length > 0),
  };
  const lineups = expectedLineups(known, (r) => r <= round);
  return {
    ...loaded,
    season: { ...known, entrants: lineups.entrants },
    assumedLineups: lineups.assumedRounds,
    rounds: loaded.rounds.map((loadedRound) =>
      loadedRound.round.round <= round
        ? loadedRound
        : { status: "ok", round: loadedRound.round, dataHash: loadedRound.dataHash, dir: loadedRound.dir, sessions: {} }
    ),
  };
}
