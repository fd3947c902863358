/**
 * How honest the championship projection is on finished seasons: project
 * from the state after round k (data after it hidden), then compare with how
 * the season ended: how often the final points fell inside the 80%
 * intervals, and the log-loss of the actual champions.
 *
 * @module
 */

import type { LoadedRound, LoadedSeason } from "../data/load.ts";
import type { StrengthModel } from "../model/strength.ts";
import { teamsForRound } from "../model/strength.ts";
import type { ForecastSettings } from "../forecast/race_forecast.ts";
import { projectSeason } from "../forecast/projection.ts";
import type { SeasonProjection, StandingProjection } from "../format/predictions.ts";
import { logLoss } from "./scores.ts";

/** One projection scored against the season's end. */
export interface ProjectionCheck {
  season: number;
  after_round: number;
  /** Drivers (teams) whose final points fell inside their 80% interval, and how many were projected. */
  drivers_inside: number;
  drivers: number;
  teams_inside: number;
  teams: number;
  champion: string;
  champion_probability: number;
  /** -ln of the champion's title probability, floored at half a simulation. */
  champion_log_loss: number;
  constructors_champion: string;
  constructors_champion_probability: number;
  constructors_champion_log_loss: number;
}

/**
 * Final points of every driver and team in a season's data: race and sprint
 * points of the rounds that loaded.
 *
 * @example
 * ```ts ignore
 * import { finalPoints } from "./projection_check.ts";
 * import { loadSeason } from "../data/load.ts";
 * const { drivers } = finalPoints(await loadSeason("data/demo/2025"));
 * Math.max(...drivers.values()); // the champion's points
 * ```
 */
export function finalPoints(loaded: LoadedSeason): { drivers: Map<string, number>; teams: Map<string, number> } {
  const drivers = new Map<string, number>();
  const teams = new Map<string, number>();
  for (const round of loaded.rounds) {
    if (round.status !== "ok") continue;
    const teamOf = teamsForRound(loaded.season.entrants, round.round.round);
    for (const row of [...(round.sessions.sprint ?? []), ...(round.sessions.race ?? [])]) {
      drivers.set(row.driver, (drivers.get(row.driver) ?? 0) + row.points);
      const team = teamOf.get(row.driver);
      if (team !== undefined) teams.set(team, (teams.get(team) ?? 0) + row.points);
    }
  }
  return { drivers, teams };
}

/**
 * The season as it stood after round `k`: later rounds' files hidden.
 *
 * @example
 * ```ts ignore
 * import { seasonAfterRound } from "./projection_check.ts";
 * import { loadSeason } from "../data/load.ts";
 * const early = seasonAfterRound(await loadSeason("data/demo/2025"), 3);
 * early.rounds[3].sessions; // {}: round 4 not run yet
 * ```
 */
export function seasonAfterRound(loaded: LoadedSeason, k: number): LoadedSeason {
  const rounds = loaded.rounds.map((round): LoadedRound =>
    round.round.round <= k ? round : { status: "ok", round: round.round, dir: round.dir, dataHash: "", sessions: {} }
  );
  return { ...loaded, rounds };
}

function leader(points: Map<string, number>): string {
  return [...points].sort((a, b) => b[1] - a[1])[0][0];
}

function inside(lines: readonly StandingProjection[], actual: Map<string, number>): number {
  return lines.filter((line) => {
    const points = actual.get(line.id) ?? 0;
    return points >= line.points_interval_80[0] && points <= line.points_interval_80[1];
  }).length;
}

/**
 * Projects `target` from the state after each round in `cuts` (history:
 * every earlier season in `seasons`) and scores each projection against the
 * season's end.
 *
 * @example
 * ```ts ignore
 * import { checkProjections } from "./projection_check.ts";
 * const rows = checkProjections(seasons, bayesModel, { target: 2024, cuts: [6, 12, 18], settings });
 * rows[0].drivers_inside / rows[0].drivers; // share of final points inside the 80% intervals
 * ```
 */
export function checkProjections<State>(
  seasons: readonly LoadedSeason[],
  model: StrengthModel<State>,
  options: { target: number; cuts: readonly number[]; settings: ForecastSettings },
): { checks: ProjectionCheck[]; projections: SeasonProjection[] } {
  const { target, cuts, settings } = options;
  const loaded = seasons.find((s) => s.season.year === target);
  if (loaded === undefined) throw new RangeError(`season ${target} is not in the data set`);
  let history = model.empty();
  for (const earlier of seasons.filter((s) => s.season.year < target)) {
    for (const round of earlier.rounds) {
      if (round.status !== "ok") continue;
      const weekend = { year: earlier.season.year, round: round.round, entrants: earlier.season.entrants };
      history = model.updateWithRound(history, { ...weekend, sessions: round.sessions });
    }
  }
  const actual = finalPoints(loaded);
  const champion = leader(actual.drivers);
  const constructorsChampion = leader(actual.teams);
  const checks: ProjectionCheck[] = [];
  const projections: SeasonProjection[] = [];
  let state = history;
  let folded = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    for (const round of loaded.rounds.slice(folded, cut)) {
      if (round.status === "ok") {
        state = model.updateWithRound(state, {
          year: target,
          round: round.round,
          entrants: loaded.season.entrants,
          sessions: round.sessions,
        });
      }
    }
    folded = cut;
    const projection = projectSeason(model, { state, season: seasonAfterRound(loaded, cut) }, settings);
    projections.push(projection);
    const championLine = projection.drivers.find((line) => line.id === champion);
    const teamLine = projection.teams.find((line) => line.id === constructorsChampion);
    checks.push({
      season: target,
      after_round: cut,
      drivers_inside: inside(projection.drivers, actual.drivers),
      drivers: projection.drivers.length,
      teams_inside: inside(projection.teams, actual.teams),
      teams: projection.teams.length,
      champion,
      champion_probability: championLine?.title_probability ?? 0,
      champion_log_loss: logLoss(championLine?.title_probability ?? 0),
      constructors_champion: constructorsChampion,
      constructors_champion_probability: teamLine?.title_probability ?? 0,
      constructors_champion_log_loss: logLoss(teamLine?.title_probability ?? 0),
    });
  }
  return { checks, projections };
}
