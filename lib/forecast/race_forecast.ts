/**
 * One race's forecast: the model's strengths, the user's weights and the
 * weekend's grid turned into simulator input, simulated under each scenario
 * and mixed.
 *
 * @module
 */

import type { CalendarRound, Entrant, RoundSessions, SessionKind, Weekend } from "../data/format.ts";
import { sessionsKnown } from "../data/horizons.ts";
import type { DriverStrength, SimulatorTuning, StrengthModel } from "../model/strength.ts";
import { startingGrid } from "../data/grid.ts";
import { overtakingDifficulty } from "../model/circuits.ts";
import { deriveSeed } from "../sim/rng.ts";
import { mixtureWeights, type Scenario } from "../sim/scenarios.ts";
import { type DriverPace, type RaceConditions, type RaceTally, simulateRace } from "../sim/simulate.ts";
import {
  driverOutcomes,
  floorPlaces,
  mixProbabilities,
  PLACE_FLOOR,
  type RaceProbabilities,
  tallyProbabilities,
  tiltByWinner,
} from "../sim/outcomes.ts";
import { RACE_POINTS, SPRINT_POINTS } from "../sim/points.ts";
import { type ResolvedWeights, weightPaceShift } from "./weights.ts";
import { type ConditionsFile, raceOdds, type ScenarioOdds } from "./scenario_odds.ts";
import type { DriverForecast, HeadToHead, QualifyingForecast, StrengthLine } from "./format.ts";
import { headToHeadLines, qualifyingForecast, strengthLines, teamMatePairs } from "./head_to_head.ts";
import { round6 } from "../data/files.ts";

/** A nominal lap, seconds: turns gaps in % of a lap into seconds per lap. */
export const NOMINAL_LAP_SECONDS = 90;
/** Race-day pace spread of every driver, seconds per lap, before the model's own uncertainty. */
export const RACE_DAY_SPREAD = 0.3;
/** The simulator's settings for a model that was not fitted with its own. */
export const DEFAULT_TUNING: SimulatorTuning = { raceDaySpread: RACE_DAY_SPREAD, gridSlotScale: 1 };
/** Qualifying error, seconds per lap, when the grid is simulated because it is not known yet. */
export const QUALIFYING_SPREAD = 0.15;

/** A scenario as a forecast uses it: its name, parameters and mixture weight. */
export interface NamedScenario {
  name: string;
  scenario: Scenario;
}

/** What a race forecast needs besides the model. */
export interface ForecastSettings {
  simulations: number;
  seed: number;
  scenarios: readonly NamedScenario[];
  weights: ResolvedWeights;
  /** The user's rain and safety-car forecasts for the season trained (`--conditions FILE`). */
  conditions?: ConditionsFile;
}

/**
 * Changes whenever the way a forecast is made from strengths changes (2: every
 * place floored at `PLACE_FLOOR`; 3: scenario weights per race, from
 * `raceOdds`; 4: qualifying and sprint forecasts, team-mates' head-to-heads, strengths; 5: the simulator's
 * ziggurat normals and bulk draws, so every random draw differs), so that no cached forecast of another
 * version is reused.
 */
export const FORECAST_VERSION = "forecast-5";

/** A race's forecast: the scenario mixture and each scenario on its own. */
export interface RaceForecast {
  predictions: DriverForecast[];
  scenarios: Record<string, DriverForecast[]>;
  /** Per driver, % of a lap a correction layer added to the strength; null without one. */
  adjustments: Record<string, number> | null;
  /** The race's rain and safety-car odds and the scenario weights they gave. */
  odds: ScenarioOdds;
  /** The qualifying forecast, when the weekend's qualifying has not run. */
  qualifying?: QualifyingForecast[];
  /** The sprint's forecast, on a sprint weekend whose sprint has not run. */
  sprint?: DriverForecast[];
  head_to_head: HeadToHead[];
  strengths: { drivers: StrengthLine[]; teams: StrengthLine[] };
}

/**
 * Simulator input for a race from the model's strengths.
 *
 * @example
 * ```ts
 * import { simulatorInput } from "./race_forecast.ts";
 * import { NO_WEIGHTS } from "./weights.ts";
 * import assert from "node:assert/strict";
 * const strengths = [{ driver: "AAA", team: "t", gap: 0, teamUncertainty: 0.1, driverUncertainty: 0.1, mechanicalDnf: 0.05, incidentDnf: 0.04 }];
 * const round = { round: 1, slug: "x", name: "X Grand Prix", date: "2025-03-16", circuit: { id: "monaco", name: "Monaco", type: "street" as const },
 *   sprint: false, laps: 78, sprint_laps: null, schedule: ["race" as const] };
 * assert.equal(simulatorInput(strengths, { round, sessions: {} }, { weights: NO_WEIGHTS }).race.overtakingDifficulty, 0.95);
 * ```
 */
export function simulatorInput(
  strengths: readonly DriverStrength[],
  at: { round: CalendarRound; sessions: RoundSessions },
  options: { weights: ResolvedWeights; tuning?: SimulatorTuning },
): { field: DriverPace[]; race: RaceConditions } {
  const { round, sessions } = at;
  const { weights, tuning = DEFAULT_TUNING } = options;
  const teams = [...new Set(strengths.map((s) => s.team))];
  const grid = startingGrid(sessions, strengths.map((s) => s.driver));
  const toSeconds = NOMINAL_LAP_SECONDS / 100;
  const field = strengths.map((s): DriverPace => ({
    pace: s.gap * toSeconds + weightPaceShift(weights, s.driver, s.team),
    paceSpread: Math.hypot(tuning.raceDaySpread, s.driverUncertainty * toSeconds),
    grid: grid?.get(s.driver) ?? 1,
    mechanicalDnf: s.mechanicalDnf,
    incidentDnf: s.incidentDnf,
    // The model's wet offset is a lap-time cost (negative: faster); the simulator's wet skill is a gain.
    wetSkill: -(s.wet?.gap ?? 0) * toSeconds,
    wetSkillSpread: (s.wet?.uncertainty ?? 0) * toSeconds,
    team: teams.indexOf(s.team),
  }));
  const teamPaceSpread = teams.map((team) => strengths.find((s) => s.team === team)!.teamUncertainty * toSeconds);
  const race: RaceConditions = {
    laps: round.laps,
    overtakingDifficulty: overtakingDifficulty(round.circuit),
    gridSlotScale: tuning.gridSlotScale,
    teamPaceSpread,
    ...(grid === undefined ? { qualifyingSpread: QUALIFYING_SPREAD } : {}),
  };
  return { field, race };
}

function driverLines(
  probabilities: RaceProbabilities,
  strengths: readonly DriverStrength[],
  weekend: Pick<Weekend, "entrants" | "round"> & { points?: readonly number[] },
): DriverForecast[] {
  const outcomes = driverOutcomes(probabilities, weekend.points ?? RACE_POINTS);
  const lines = strengths.map((s, i): DriverForecast => {
    const entrant = entrantFor(weekend, s.driver)!;
    const o = outcomes[i];
    return {
      driver: s.driver,
      driver_name: entrant.name,
      team: entrant.team_name,
      win_probability: round6(o.win),
      podium_probability: round6(o.podium),
      points_probability: round6(o.points),
      dnf_probability: round6(o.dnf),
      expected_position: round6(o.expectedPosition),
      expected_points: round6(o.expectedPoints),
      position_probabilities: o.positions.map(round6),
    };
  });
  return lines.sort((a, b) =>
    b.win_probability - a.win_probability || a.expected_position - b.expected_position ||
    a.driver.localeCompare(b.driver)
  );
}

/**
 * Forecasts one race: simulates each scenario from its own seed stream, then
 * mixes the scenarios by weight.
 *
 * @example
 * ```ts ignore
 * import { forecastRace } from "./race_forecast.ts";
 * const forecast = forecastRace({ year: 2025, round, entrants, sessions }, strengths, settings);
 * forecast.predictions[0].win_probability;
 * ```
 */
export function forecastRace(
  weekend: Weekend,
  strengths: readonly DriverStrength[],
  settings: ForecastSettings & { tuning?: SimulatorTuning; tilt?: WinnerTilt },
): RaceForecast {
  const { year, round } = weekend;
  const { field, race } = simulatorInput(strengths, weekend, { weights: settings.weights, tuning: settings.tuning });
  const odds = raceOdds(round, {
    year,
    sessions: weekend.sessions,
    scenarios: settings.scenarios,
    conditions: settings.conditions,
  });
  const teamMates = teamMatePairs(strengths);
  const tallies = scenarioTallies({ field, race }, {
    weekend,
    settings,
    odds,
    stream: (name) => name,
    byWinner: settings.tilt !== undefined,
    pairs: teamMates.indices,
  });
  const qualifying = weekend.sessions.qualifying !== undefined ? undefined : qualifyingForecast({ field, race }, {
    drivers: strengths.map((s) => s.driver),
    simulations: settings.simulations,
    seed: deriveSeed(settings.seed, year, round.round, "qualifying"),
    qualifyingSpread: QUALIFYING_SPREAD,
    pairs: teamMates.indices,
  });
  const mixed = mixtureWeights(tallies);
  const headToHead = headToHeadLines(teamMates, {
    race: tallies.map(({ tally }, i) => ({
      weight: mixed[i].weight,
      ahead: tally.ahead!,
      simulations: tally.simulations,
    })),
    qualifying: qualifying?.ahead,
  });
  const parts = tiltedParts(tallies, settings.tilt);
  const scenarios: Record<string, DriverForecast[]> = {};
  for (const part of parts) scenarios[part.name] = driverLines(part.probabilities, strengths, weekend);
  const adjusted = strengths.filter((s) => s.adjustment !== undefined);
  return {
    predictions: driverLines(mixProbabilities(mixtureWeights(parts)), strengths, weekend),
    scenarios,
    adjustments: adjusted.length === 0
      ? null
      : Object.fromEntries(adjusted.map((s) => [s.driver, round6(s.adjustment!)]).sort(([a], [b]) => a < b ? -1 : 1)),
    odds,
    ...(qualifying === undefined ? {} : { qualifying: [...qualifying] }),
    ...sprintPart(weekend, { strengths, settings, odds }),
    head_to_head: headToHead.map((line) => ({ ...line, team: teamName(weekend, line.drivers[0]) })),
    strengths: strengthLines(
      strengths,
      new Map(strengths.map((s) => [s.team, teamName(weekend, s.driver)])),
    ),
  };
}

/**
 * The sprint's forecast on a sprint weekend whose sprint has not run: the
 * race's strengths and scenario odds over the sprint's laps, from the sprint
 * grid where known (sprint qualifying; the qualifying on a weekend without
 * one, as in 2022), scored with sprint points.
 */
function sprintPart(
  weekend: Weekend,
  context: {
    strengths: readonly DriverStrength[];
    settings: ForecastSettings & { tuning?: SimulatorTuning };
    odds: ScenarioOdds;
  },
): { sprint?: DriverForecast[] } {
  const { round, sessions } = weekend;
  if (!round.sprint || sessions.sprint !== undefined) return {};
  const { strengths, settings, odds } = context;
  const setsGrid = round.schedule.includes("sprint_qualifying") ? sessions.sprint_qualifying : sessions.qualifying;
  const laps = round.sprint_laps ?? Math.ceil(round.laps * 100 / 305);
  const { field, race } = simulatorInput(
    strengths,
    { round: { ...round, laps }, sessions: setsGrid === undefined ? {} : { qualifying: setsGrid } },
    { weights: settings.weights, tuning: settings.tuning },
  );
  const tallies = scenarioTallies({ field, race }, { weekend, settings, odds, stream: (name) => `sprint:${name}` });
  const parts = tiltedParts(tallies, undefined);
  return {
    sprint: driverLines(mixProbabilities(mixtureWeights(parts)), strengths, { ...weekend, points: SPRINT_POINTS }),
  };
}

/**
 * Simulates each scenario of a forecast from its own seed stream (the
 * season, the round and `stream(name)`), weighted by the race's odds.
 */
function scenarioTallies(
  input: { field: DriverPace[]; race: RaceConditions },
  run: {
    weekend: Pick<Weekend, "year" | "round">;
    settings: ForecastSettings;
    odds: ScenarioOdds;
    stream: (scenario: string) => string;
    byWinner?: boolean;
    pairs?: Int32Array;
  },
): Array<{ name: string; weight: number; tally: RaceTally }> {
  const { weekend, settings } = run;
  return settings.scenarios.map(({ name, scenario }) => ({
    name,
    weight: run.odds.weights[name],
    tally: simulateRace(input.field, input.race, {
      simulations: settings.simulations,
      seed: deriveSeed(settings.seed, weekend.year, weekend.round.round, run.stream(name)),
      scenario,
      byWinner: run.byWinner,
      pairs: run.pairs,
    }),
  }));
}

/** A driver's entry for the weekend's round (any entry of theirs where the round lists none). */
function entrantFor(weekend: Pick<Weekend, "entrants" | "round">, driver: string): Entrant | undefined {
  return weekend.entrants.find((e) => e.driver === driver && e.rounds.includes(weekend.round.round)) ??
    weekend.entrants.find((e) => e.driver === driver);
}

/** A driver's team as the predictions file names it. */
function teamName(weekend: Pick<Weekend, "entrants" | "round">, driver: string): string {
  return entrantFor(weekend, driver)?.team_name ?? "";
}

/**
 * A reweighting of a forecast's simulated races by their winner: given each
 * driver's win chance in the simulated mixture (in the order of the
 * strengths), the log-weight to add to the races each driver wins, or
 * undefined to leave the forecast as simulated (see `tiltByWinner`). The
 * stacked forecast is one.
 */
export type WinnerTilt = (win: readonly number[]) => Float64Array | undefined;

/** Each scenario's probabilities, every place floored: as simulated, or with its races reweighted by the tilt. */
function tiltedParts(
  tallies: ReadonlyArray<{ name: string; weight: number; tally: RaceTally }>,
  tilt: WinnerTilt | undefined,
): Array<{ name: string; weight: number; probabilities: RaceProbabilities }> {
  const parts = tallies.map(({ name, weight, tally }) => ({
    name,
    weight,
    probabilities: floorPlaces(tallyProbabilities(tally), PLACE_FLOOR),
  }));
  if (tilt === undefined) return parts;
  const mixture = mixProbabilities(mixtureWeights(parts));
  const n = mixture.size;
  const delta = tilt(Array.from({ length: n }, (_, i) => mixture.positions[i * n]));
  if (delta === undefined) return parts;
  return tallies.map(({ name, weight, tally }) => ({
    name,
    weight,
    probabilities: floorPlaces(tallyProbabilities(tiltByWinner(tally, delta)), PLACE_FLOOR),
  }));
}

/**
 * What `forecastRace` needs for a race, from a model's state before the
 * round plus the weekend's sessions that `known` accepts: plain data, so a
 * worker can run the simulation (`lib/forecast/forecast_pool.ts`).
 */
export interface RaceForecastJob {
  weekend: Weekend;
  strengths: DriverStrength[];
  settings: ForecastSettings & { tuning?: SimulatorTuning };
}

/**
 * The job of forecasting a race: the model learns the weekend's known
 * sessions and gives its strengths; nothing is simulated yet.
 */
export function forecastJob<State>(
  model: StrengthModel<State>,
  from: { weekend: Weekend; state: State },
  options: { known: (kind: SessionKind) => boolean; settings: ForecastSettings },
): RaceForecastJob {
  const { weekend } = from;
  const { known, settings } = options;
  const state = model.updateWithRound(from.state, weekend, known);
  const strengths = model.strengthsFor(state, weekend.entrants, weekend.round.round);
  const sessions = sessionsKnown(weekend.sessions, known);
  return { weekend: { ...weekend, sessions }, strengths, settings: { ...settings, tuning: model.simulator } };
}

/**
 * Forecasts a race from a model's state before the round plus the weekend's
 * sessions that `known` accepts: the one way both training and backtests
 * turn a state into a forecast.
 *
 * @example
 * ```ts ignore
 * import { forecastWeekend } from "./race_forecast.ts";
 * const weekend = { year: 2025, round, entrants, sessions };
 * const forecast = forecastWeekend(bayesModel, { weekend, state: stateBefore }, { known: (k) => k !== "race", settings });
 * ```
 */
export function forecastWeekend<State>(
  model: StrengthModel<State>,
  from: { weekend: Weekend; state: State },
  options: { known: (kind: SessionKind) => boolean; settings: ForecastSettings; tilt?: WinnerTilt },
): RaceForecast {
  const job = forecastJob(model, from, options);
  return forecastRace(job.weekend, job.strengths, { ...job.settings, tilt: options.tilt });
}
