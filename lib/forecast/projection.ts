/**
 * The championship projection: from a model's latest state and the points
 * scored so far, simulate every remaining race and sprint of the season and
 * summarise the drivers' and constructors' championships: title
 * probabilities, expected final points with 80% intervals, and the chance of
 * each final position.
 *
 * The strengths come from the model, drawn once per simulated season from
 * their posterior spread and wandering round by round at the model's drift
 * (see `lib/sim/season.ts`); user weights shift them as they do race
 * forecasts; each race uses the same simulator as a race forecast, with its
 * grid simulated unless the weekend has already published one.
 *
 * @module
 */

import type { CalendarRound, Entrant, ResultRow, RoundSessions } from "../data/format.ts";
import type { LoadedSeason } from "../data/load.ts";
import type { StrengthModel } from "../model/strength.ts";
import { teamsForRound } from "../model/strength.ts";
import { BAYES_DEFAULTS } from "../model/bayes.ts";
import { deriveSeed } from "../sim/rng.ts";
import { RACE_POINTS, SPRINT_POINTS } from "../sim/points.ts";
import { type SeasonEvent, type SeasonTally, simulateSeason } from "../sim/season.ts";
import { type ForecastSettings, NOMINAL_LAP_SECONDS, simulatorInput } from "./race_forecast.ts";
import type { SeasonProjection, StandingProjection } from "./format.ts";

/**
 * At most this many simulated seasons, whatever the race forecasts use: every
 * season's final points are kept for the intervals (20 MB at most), and
 * 20,000 seasons already pin title odds to about 0.35 points of a percent.
 */
export const MAX_PROJECTION_SEASONS = 20_000;

/** Bumped whenever a projection's arithmetic changes, so cached projections are not reused. */
export const PROJECTION_VERSION = "projection-1";

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The q-quantile of sorted values (linear interpolation, as numpy's default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

interface Scored {
  drivers: Map<string, { points: number; wins: number }>;
  teams: Map<string, number>;
}

function addResults(scored: Scored, rows: readonly ResultRow[], teamOf: Map<string, string>, countsWins: boolean) {
  for (const row of rows) {
    const driver = scored.drivers.get(row.driver) ?? { points: 0, wins: 0 };
    driver.points += row.points;
    if (countsWins && row.position === 1) driver.wins++;
    scored.drivers.set(row.driver, driver);
    const team = teamOf.get(row.driver);
    if (team !== undefined) scored.teams.set(team, (scored.teams.get(team) ?? 0) + row.points);
  }
}

function standings(
  ids: readonly string[],
  label: (id: string) => { name: string; team: string },
  current: (id: string) => number,
  finalPoints: Float64Array,
  finalPositions: Float64Array,
  simulations: number,
): StandingProjection[] {
  const n = ids.length;
  const column = new Float64Array(simulations);
  const lines = ids.map((id, i): StandingProjection => {
    let total = 0;
    for (let s = 0; s < simulations; s++) total += column[s] = finalPoints[s * n + i];
    column.sort();
    const positions = Array.from(finalPositions.subarray(i * n, (i + 1) * n), (count) => round6(count / simulations));
    return {
      id,
      ...label(id),
      current_points: current(id),
      expected_points: round6(total / simulations),
      points_interval_80: [round6(quantileSorted(column, 0.1)), round6(quantileSorted(column, 0.9))],
      title_probability: positions[0],
      position_probabilities: positions,
    };
  });
  return lines.sort((a, b) =>
    b.title_probability - a.title_probability || b.expected_points - a.expected_points || a.id.localeCompare(b.id)
  );
}

/**
 * Projects the rest of a season from a model state that has seen every round
 * with data and no round after them (the pipeline's `latestState`), and that
 * season's loaded data.
 * Deterministic for a seed.
 *
 * @example
 * ```ts ignore
 * import { projectSeason } from "./projection.ts";
 * const projection = projectSeason(bayesModel, result.latestState, loadedSeason, settings);
 * projection.drivers[0].title_probability;
 * ```
 */
export function projectSeason<State>(
  model: StrengthModel<State>,
  state: State,
  loaded: LoadedSeason,
  settings: ForecastSettings,
): SeasonProjection {
  const { season } = loaded;
  const scored: Scored = { drivers: new Map(), teams: new Map() };
  const badRounds: number[] = [];
  const remaining: Array<{ round: CalendarRound; sessions: RoundSessions; sprint: boolean }> = [];
  let asOf = 0;
  for (const loadedRound of loaded.rounds) {
    const round = loadedRound.round;
    if (loadedRound.status !== "ok") badRounds.push(round.round);
    const sessions = loadedRound.status === "ok" ? loadedRound.sessions : {};
    const teamOf = teamsForRound(season.entrants, round.round);
    if (sessions.sprint !== undefined) addResults(scored, sessions.sprint, teamOf, false);
    else if (round.sprint) remaining.push({ round, sessions: {}, sprint: true });
    if (sessions.race !== undefined) {
      addResults(scored, sessions.race, teamOf, true);
      asOf = round.round;
    } else remaining.push({ round, sessions, sprint: false });
  }

  const drivers: string[] = [...scored.drivers.keys()];
  const teams: string[] = [...scored.teams.keys()];
  const driverIndex = new Map(drivers.map((d, i) => [d, i]));
  const teamIndex = new Map(teams.map((t, i) => [t, i]));
  const driverSpread = new Map<string, number>();
  const teamSpread = new Map<string, number>();
  const toSeconds = NOMINAL_LAP_SECONDS / 100;
  const events: SeasonEvent[] = remaining.map(({ round, sessions, sprint }) => {
    const strengths = model.strengthsFor(state, season.entrants, round.round);
    for (const s of strengths) {
      if (!driverIndex.has(s.driver)) driverIndex.set(s.driver, drivers.push(s.driver) - 1);
      if (!teamIndex.has(s.team)) teamIndex.set(s.team, teams.push(s.team) - 1);
      // The first remaining event a driver or team appears in sets its season-long spread.
      if (!driverSpread.has(s.driver)) driverSpread.set(s.driver, s.driverUncertainty * toSeconds);
      if (!teamSpread.has(s.team)) teamSpread.set(s.team, s.teamUncertainty * toSeconds);
    }
    const distance = sprint ? (round.sprint_laps ?? Math.ceil(round.laps / 3)) / round.laps : 1;
    // The posterior spread is drawn once per simulated season by the season simulator, not per race.
    const raceOnly = strengths.map((s) => ({
      ...s,
      teamUncertainty: 0,
      driverUncertainty: 0,
      mechanicalDnf: s.mechanicalDnf * distance,
      incidentDnf: s.incidentDnf * distance,
    }));
    const { field, race } = simulatorInput(
      raceOnly,
      sprint ? { ...round, laps: round.sprint_laps ?? Math.ceil(round.laps / 3) } : round,
      sprint ? {} : sessions,
      settings.weights,
      model.simulator,
    );
    return {
      field,
      race,
      drivers: strengths.map((s) => driverIndex.get(s.driver)!),
      teams: strengths.map((s) => teamIndex.get(s.team)!),
      points: sprint ? SPRINT_POINTS : RACE_POINTS,
      roundsAhead: Math.max(0, round.round - asOf),
      countsWins: !sprint,
    };
  });

  const drift = model.roundDrift ?? { team: BAYES_DEFAULTS.carDrift, driver: BAYES_DEFAULTS.skillDrift };
  const tally: SeasonTally = simulateSeason({
    driverPoints: drivers.map((d) => scored.drivers.get(d)?.points ?? 0),
    driverWins: drivers.map((d) => scored.drivers.get(d)?.wins ?? 0),
    teamPoints: teams.map((t) => scored.teams.get(t) ?? 0),
    driverSpread: drivers.map((d) => driverSpread.get(d) ?? 0),
    teamSpread: teams.map((t) => teamSpread.get(t) ?? 0),
    driverDrift: drift.driver * toSeconds,
    teamDrift: drift.team * toSeconds,
    events,
    scenarios: settings.scenarios.map(({ scenario }) =>
      settings.scenarios.every(({ scenario }) => scenario.weight === 0) ? { ...scenario, weight: 1 } : scenario
    ),
  }, {
    simulations: Math.min(settings.simulations, MAX_PROJECTION_SEASONS),
    seed: deriveSeed(settings.seed, season.year, "season"),
  });

  const latest = (predicate: (e: Entrant) => boolean) =>
    season.entrants.filter(predicate).sort((a, b) => Math.max(...b.rounds, 0) - Math.max(...a.rounds, 0))[0];
  const teamName = (team: string) => latest((e) => e.team === team)?.team_name ?? team;
  return {
    season: season.year,
    as_of_round: asOf,
    races_remaining: remaining.filter((r) => !r.sprint).length,
    sprints_remaining: remaining.filter((r) => r.sprint).length,
    simulations: tally.simulations,
    rounds_with_bad_data: badRounds,
    drivers: standings(
      drivers,
      (driver) => {
        const entrant = latest((e) => e.driver === driver);
        return { name: entrant?.name ?? driver, team: entrant?.team_name ?? "" };
      },
      (driver) => scored.drivers.get(driver)?.points ?? 0,
      tally.driverPoints,
      tally.driverStandings,
      tally.simulations,
    ),
    teams: standings(
      teams,
      (team) => ({ name: teamName(team), team: teamName(team) }),
      (team) => scored.teams.get(team) ?? 0,
      tally.teamPoints,
      tally.teamStandings,
      tally.simulations,
    ),
  };
}
