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
import type { DriverStrength, StrengthModel } from "../model/strength.ts";
import { teamsForRound } from "../model/strength.ts";
import { deriveSeed } from "../sim/rng.ts";
import { pointsRules } from "../sim/points.ts";
import { type SeasonEvent, type SeasonInput, type SeasonTally, simulateSeason } from "../sim/season.ts";
import { mixtureWeights } from "../sim/scenarios.ts";
import { type ForecastSettings, NOMINAL_LAP_SECONDS, simulatorInput } from "./race_forecast.ts";
import { raceOdds } from "./scenario_odds.ts";
import type { SeasonProjection, StandingProjection } from "../format/predictions.ts";
import { round6 } from "../data/files.ts";

/**
 * At most this many simulated seasons, whatever the race forecasts use: every
 * season's final points are kept for the intervals (20 MB at most), and
 * 20,000 seasons already pin title odds to about 0.35 points of a percent.
 */
export const MAX_PROJECTION_SEASONS = 20_000;

/**
 * How far strengths wander per round, % of a lap, for a model without its own
 * view (`StrengthModel.roundDrift`): a car's and a driver's step sd, the sizes
 * the Bayesian model fitted (`carDrift`, `skillDrift`).
 */
export const DEFAULT_ROUND_DRIFT = { team: 0.028, driver: 0.042 } as const;

/** Bumped whenever a projection's arithmetic changes, so cached projections are not reused. */
// 2: each event mixes its scenarios by its own rain and safety-car odds, as its race forecast does; 3: seasons are
// simulated in chunks, each from its own stream (`seasonChunks`); 4: the first chunk from the seed itself.
export const PROJECTION_VERSION = "projection-4";

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

function addResults(
  scored: Scored,
  rows: readonly ResultRow[],
  race: { teamOf: Map<string, string>; countsWins: boolean },
) {
  for (const row of rows) {
    const driver = scored.drivers.get(row.driver) ?? { points: 0, wins: 0 };
    driver.points += row.points;
    if (race.countsWins && row.position === 1) driver.wins++;
    scored.drivers.set(row.driver, driver);
    const team = race.teamOf.get(row.driver);
    if (team !== undefined) scored.teams.set(team, (scored.teams.get(team) ?? 0) + row.points);
  }
}

/** A championship table to summarise: who, what they have, and what the simulated seasons gave them. */
interface StandingsInput {
  ids: readonly string[];
  label: (id: string) => { name: string; team: string };
  current: (id: string) => number;
  finalPoints: Float64Array;
  finalPositions: Float64Array;
}

function standings(input: StandingsInput, simulations: number): StandingProjection[] {
  const { ids, label, current, finalPoints, finalPositions } = input;
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

/** A race or sprint still to run. */
interface RemainingEvent {
  round: CalendarRound;
  sessions: RoundSessions;
  sprint: boolean;
}

/** The points scored so far, the rounds whose data is bad, and what remains. */
function seasonSoFar(
  loaded: LoadedSeason,
): { scored: Scored; badRounds: number[]; remaining: RemainingEvent[]; asOf: number } {
  const scored: Scored = { drivers: new Map(), teams: new Map() };
  const badRounds: number[] = [];
  const remaining: RemainingEvent[] = [];
  let asOf = 0;
  for (const loadedRound of loaded.rounds) {
    const round = loadedRound.round;
    if (loadedRound.status !== "ok") badRounds.push(round.round);
    const sessions = loadedRound.status === "ok" ? loadedRound.sessions : {};
    const teamOf = teamsForRound(loaded.season.entrants, round.round);
    if (sessions.sprint !== undefined) addResults(scored, sessions.sprint, { teamOf, countsWins: false });
    else if (round.sprint) remaining.push({ round, sessions: {}, sprint: true });
    if (sessions.race !== undefined) {
      addResults(scored, sessions.race, { teamOf, countsWins: true });
      asOf = round.round;
    } else remaining.push({ round, sessions, sprint: false });
  }
  return { scored, badRounds, remaining, asOf };
}

/** Everyone in the projection, in order of appearance, with the season-long spread of each. */
class Field {
  readonly drivers: string[];
  readonly teams: string[];
  readonly driverIndex: Map<string, number>;
  readonly teamIndex: Map<string, number>;
  readonly driverSpread = new Map<string, number>();
  readonly teamSpread = new Map<string, number>();

  constructor(scored: Scored) {
    this.drivers = [...scored.drivers.keys()];
    this.teams = [...scored.teams.keys()];
    this.driverIndex = new Map(this.drivers.map((d, i) => [d, i]));
    this.teamIndex = new Map(this.teams.map((t, i) => [t, i]));
  }

  /** Adds the event's drivers and teams; the first event one appears in sets its spread. */
  enter(strengths: readonly DriverStrength[]): void {
    const toSeconds = NOMINAL_LAP_SECONDS / 100;
    for (const s of strengths) {
      if (!this.driverIndex.has(s.driver)) this.driverIndex.set(s.driver, this.drivers.push(s.driver) - 1);
      if (!this.teamIndex.has(s.team)) this.teamIndex.set(s.team, this.teams.push(s.team) - 1);
      if (!this.driverSpread.has(s.driver)) this.driverSpread.set(s.driver, s.driverUncertainty * toSeconds);
      if (!this.teamSpread.has(s.team)) this.teamSpread.set(s.team, s.teamUncertainty * toSeconds);
    }
  }
}

/** One remaining event as the season simulator runs it. */
function seasonEvent<State>(
  model: StrengthModel<State>,
  from: { state: State; entrants: readonly Entrant[]; field: Field; asOf: number },
  event: RemainingEvent & { year: number; settings: ForecastSettings },
): SeasonEvent {
  const { round, sessions, sprint, settings } = event;
  const strengths = model.strengthsFor(from.state, from.entrants, round.round);
  from.field.enter(strengths);
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
    {
      round: sprint ? { ...round, laps: round.sprint_laps ?? Math.ceil(round.laps / 3) } : round,
      sessions: sprint ? {} : sessions,
    },
    { weights: settings.weights, tuning: model.simulator },
  );
  // The same rain and safety-car odds as the race's own forecast (a sprint shares its weekend's).
  const odds = raceOdds(round, {
    year: event.year,
    sessions,
    scenarios: settings.scenarios,
    conditions: settings.conditions,
  });
  return {
    field,
    race,
    drivers: strengths.map((s) => from.field.driverIndex.get(s.driver)!),
    teams: strengths.map((s) => from.field.teamIndex.get(s.team)!),
    points: sprint ? pointsRules(event.year, round.round).sprint : pointsRules(event.year, round.round).race,
    roundsAhead: Math.max(0, round.round - from.asOf),
    countsWins: !sprint,
    scenarioWeights: settings.scenarios.map(({ name }) => odds.weights[name]),
  };
}

/**
 * A projection ready to simulate: the season's input, how many seasons from which seed, and how to sum them up (as
 * the championship, or as what else is read off it: the title odds after a round).
 */
export interface ProjectionPlan<Summary = SeasonProjection> {
  input: SeasonInput;
  options: { simulations: number; seed: number };
  summarise: (tally: SeasonTally) => Summary;
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
 * const projection = projectSeason(bayesModel, { state: result.latestState, season: loadedSeason }, settings);
 * projection.drivers[0].title_probability;
 * ```
 */
export function projectSeason<State>(
  model: StrengthModel<State>,
  from: { state: State; season: LoadedSeason },
  settings: ForecastSettings,
): SeasonProjection {
  const plan = projectionPlan(model, from, settings);
  return plan.summarise(simulateSeason(plan.input, plan.options));
}

/**
 * {@linkcode projectSeason} before its simulation: the caller simulates `input` (on workers, chunk by chunk,
 * with `seasonChunks` and `mergeSeasonTallies`; the tally is the same) and hands the tally to `summarise`.
 *
 * @example
 * ```ts ignore
 * import { projectionPlan } from "./projection.ts";
 * const plan = projectionPlan(bayesModel, { state: result.latestState, season: loadedSeason }, settings);
 * const projection = plan.summarise(simulateSeason(plan.input, plan.options));
 * ```
 */
export function projectionPlan<State>(
  model: StrengthModel<State>,
  from: { state: State; season: LoadedSeason },
  settings: ForecastSettings,
): ProjectionPlan {
  const { season } = from.season;
  const { scored, badRounds, remaining, asOf } = seasonSoFar(from.season);
  const field = new Field(scored);
  const events = remaining.map((event) =>
    seasonEvent(model, { state: from.state, entrants: season.entrants, field, asOf }, {
      ...event,
      year: season.year,
      settings,
    })
  );
  const { drivers, teams } = field;
  const drift = model.roundDrift ?? DEFAULT_ROUND_DRIFT;
  const toSeconds = NOMINAL_LAP_SECONDS / 100;
  const input: SeasonInput = {
    driverPoints: drivers.map((d) => scored.drivers.get(d)?.points ?? 0),
    driverWins: drivers.map((d) => scored.drivers.get(d)?.wins ?? 0),
    teamPoints: teams.map((t) => scored.teams.get(t) ?? 0),
    driverSpread: drivers.map((d) => field.driverSpread.get(d) ?? 0),
    teamSpread: teams.map((t) => field.teamSpread.get(t) ?? 0),
    driverDrift: drift.driver * toSeconds,
    teamDrift: drift.team * toSeconds,
    events,
    scenarios: mixtureWeights(settings.scenarios.map(({ scenario }) => scenario)),
  };
  const options = {
    simulations: Math.min(settings.simulations, MAX_PROJECTION_SEASONS),
    seed: deriveSeed(settings.seed, season.year, "season"),
  };
  const latest = (predicate: (e: Entrant) => boolean) =>
    season.entrants.filter(predicate).sort((a, b) => Math.max(...b.rounds, 0) - Math.max(...a.rounds, 0))[0];
  const teamName = (team: string) => latest((e) => e.team === team)?.team_name ?? team;
  const summarise = (tally: SeasonTally): SeasonProjection => ({
    season: season.year,
    as_of_round: asOf,
    races_remaining: remaining.filter((r) => !r.sprint).length,
    sprints_remaining: remaining.filter((r) => r.sprint).length,
    simulations: tally.simulations,
    rounds_with_bad_data: badRounds,
    drivers: standings({
      ids: drivers,
      label: (driver) => {
        const entrant = latest((e) => e.driver === driver);
        return { name: entrant?.name ?? driver, team: entrant?.team_name ?? "" };
      },
      current: (driver) => scored.drivers.get(driver)?.points ?? 0,
      finalPoints: tally.driverPoints,
      finalPositions: tally.driverStandings,
    }, tally.simulations),
    teams: standings({
      ids: teams,
      label: (team) => ({ name: teamName(team), team: teamName(team) }),
      current: (team) => scored.teams.get(team) ?? 0,
      finalPoints: tally.teamPoints,
      finalPositions: tally.teamStandings,
    }, tally.simulations),
  });
  return { input, options, summarise };
}
