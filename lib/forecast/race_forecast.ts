/**
 * One race's forecast: the model's strengths, the user's weights and the
 * weekend's grid turned into simulator input, simulated under each scenario
 * and mixed.
 *
 * @module
 */

import type { CalendarRound, Entrant, RoundSessions, SessionKind } from "../data/format.ts";
import type { DriverStrength, SimulatorTuning, StrengthModel } from "../model/strength.ts";
import { startingGrid } from "../data/grid.ts";
import { overtakingDifficulty } from "../model/circuits.ts";
import { deriveSeed } from "../sim/rng.ts";
import type { Scenario } from "../sim/scenarios.ts";
import { type DriverPace, type RaceConditions, simulateRace } from "../sim/simulate.ts";
import { driverOutcomes, mixProbabilities, type RaceProbabilities, tallyProbabilities } from "../sim/outcomes.ts";
import { RACE_POINTS } from "../sim/points.ts";
import { type ResolvedWeights, weightPaceShift } from "./weights.ts";
import type { DriverForecast } from "./format.ts";

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
}

/** A race's forecast: the scenario mixture and each scenario on its own. */
export interface RaceForecast {
  predictions: DriverForecast[];
  scenarios: Record<string, DriverForecast[]>;
  /** Per driver, % of a lap a correction layer added to the strength; null without one. */
  adjustments: Record<string, number> | null;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Simulator input for a race from the model's strengths.
 *
 * @example
 * ```ts
 * import { simulatorInput } from "./race_forecast.ts";
 * const strengths = [{ driver: "AAA", team: "t", gap: 0, teamUncertainty: 0.1, driverUncertainty: 0.1, mechanicalDnf: 0.05, incidentDnf: 0.04 }];
 * const round = { round: 1, slug: "x", name: "X Grand Prix", date: "2025-03-16", circuit: { id: "monaco", name: "Monaco", type: "street" as const },
 *   sprint: false, laps: 78, sprint_laps: null, schedule: ["race" as const] };
 * simulatorInput(strengths, round, {}, { drivers: new Map(), teams: new Map() }).race.overtakingDifficulty; // 0.95
 * ```
 */
export function simulatorInput(
  strengths: readonly DriverStrength[],
  round: CalendarRound,
  sessions: RoundSessions,
  weights: ResolvedWeights,
  tuning: SimulatorTuning = DEFAULT_TUNING,
): { field: DriverPace[]; race: RaceConditions } {
  const teams = [...new Set(strengths.map((s) => s.team))];
  const grid = startingGrid(sessions, strengths.map((s) => s.driver));
  const toSeconds = NOMINAL_LAP_SECONDS / 100;
  const field = strengths.map((s): DriverPace => ({
    pace: s.gap * toSeconds + weightPaceShift(weights, s.driver, s.team),
    paceSpread: Math.hypot(tuning.raceDaySpread, s.driverUncertainty * toSeconds),
    grid: grid?.get(s.driver) ?? 1,
    mechanicalDnf: s.mechanicalDnf,
    incidentDnf: s.incidentDnf,
    wetSkill: 0,
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
  entrants: readonly Entrant[],
  round: number,
): DriverForecast[] {
  const outcomes = driverOutcomes(probabilities, RACE_POINTS);
  const lines = strengths.map((s, i): DriverForecast => {
    const entrant = entrants.find((e) => e.driver === s.driver && e.rounds.includes(round))!;
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
 * const forecast = forecastRace(2025, round, entrants, strengths, sessions, settings);
 * forecast.predictions[0].win_probability;
 * ```
 */
export function forecastRace(
  year: number,
  round: CalendarRound,
  entrants: readonly Entrant[],
  strengths: readonly DriverStrength[],
  sessions: RoundSessions,
  settings: ForecastSettings,
  tuning: SimulatorTuning = DEFAULT_TUNING,
): RaceForecast {
  const { field, race } = simulatorInput(strengths, round, sessions, settings.weights, tuning);
  const parts = settings.scenarios.map(({ name, scenario }) => ({
    name,
    weight: scenario.weight,
    probabilities: tallyProbabilities(simulateRace(field, race, {
      simulations: settings.simulations,
      seed: deriveSeed(settings.seed, year, round.round, name),
      scenario,
    })),
  }));
  const scenarios: Record<string, DriverForecast[]> = {};
  for (const part of parts) scenarios[part.name] = driverLines(part.probabilities, strengths, entrants, round.round);
  const mixture = parts.every((part) => part.weight === 0) ? parts.map((part) => ({ ...part, weight: 1 })) : parts;
  const adjusted = strengths.filter((s) => s.adjustment !== undefined);
  return {
    predictions: driverLines(mixProbabilities(mixture), strengths, entrants, round.round),
    scenarios,
    adjustments: adjusted.length === 0
      ? null
      : Object.fromEntries(adjusted.map((s) => [s.driver, round6(s.adjustment!)]).sort(([a], [b]) => a < b ? -1 : 1)),
  };
}

/**
 * The sessions of a weekend that pass a filter.
 *
 * @example
 * ```ts
 * import { sessionsKnown } from "./race_forecast.ts";
 * Object.keys(sessionsKnown({ fp1: [], race: [] }, (kind) => kind !== "race")); // ["fp1"]
 * ```
 */
export function sessionsKnown(sessions: RoundSessions, known: (kind: SessionKind) => boolean): RoundSessions {
  return Object.fromEntries(Object.entries(sessions).filter(([kind]) => known(kind as SessionKind)));
}

/**
 * Forecasts a race from a model's state before the round plus the weekend's
 * sessions that `known` accepts: the one way both training and backtests
 * turn a state into a forecast.
 *
 * @example
 * ```ts ignore
 * import { forecastWeekend } from "./race_forecast.ts";
 * const forecast = forecastWeekend(bayesModel, stateBefore, 2025, round, entrants, sessions, (k) => k !== "race", settings);
 * ```
 */
export function forecastWeekend<State>(
  model: StrengthModel<State>,
  stateBefore: State,
  year: number,
  round: CalendarRound,
  entrants: readonly Entrant[],
  sessions: RoundSessions,
  known: (kind: SessionKind) => boolean,
  settings: ForecastSettings,
): RaceForecast {
  const weekend = model.updateWithRound(stateBefore, year, round, entrants, sessions, known);
  const strengths = model.strengthsFor(weekend, entrants, round.round);
  return forecastRace(year, round, entrants, strengths, sessionsKnown(sessions, known), settings, model.simulator);
}
