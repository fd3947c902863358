/**
 * One race's forecast: the model's strengths, the user's weights and the
 * weekend's grid turned into simulator input, simulated under each scenario
 * and mixed.
 *
 * @module
 */

import type { CalendarRound, RoundSessions, SessionKind, Weekend } from "../data/format.ts";
import { sessionsKnown } from "../data/horizons.ts";
import type { DriverStrength, SimulatorTuning, StrengthModel } from "../model/strength.ts";
import { startingGrid } from "../data/grid.ts";
import { overtakingDifficulty } from "../model/circuits.ts";
import { deriveSeed } from "../sim/rng.ts";
import type { Scenario } from "../sim/scenarios.ts";
import type { DriverPace, RaceConditions, RaceTally } from "../sim/simulate.ts";
import type { QualifyingTally } from "../sim/qualifying.ts";
import { runSimulation, type SimulationRequest, type SimulationResult } from "./race_simulations.ts";
import { assembleForecast, type RaceForecast, type WinnerTilt } from "./race_assembly.ts";
import { type ResolvedWeights, weightPaceShift } from "./weights.ts";
import { type ConditionsFile, raceOdds } from "./scenario_odds.ts";
import { driverPairs, Q3_PLACES, qualifyingLines } from "./head_to_head.ts";

export type { WinnerTilt };

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
  /**
   * The race alone: no qualifying or sprint forecast and no comparison of any two drivers (a weekend's earlier
   * stages, `lib/forecast/stages.ts`, keep only the race's chances).
   *
   * @default {false}
   */
  raceOnly?: boolean;
}

/**
 * Changes whenever the way a forecast is made from strengths changes (2: every
 * place floored at `PLACE_FLOOR`; 3: scenario weights per race, from
 * `raceOdds`; 4: qualifying and sprint forecasts, team-mates' head-to-heads, strengths; 5: the simulator's
 * ziggurat normals and bulk draws, so every random draw differs; 6: simulations beyond `RACE_CHUNK` from their
 * chunk's own stream; 7: the weekend's stages and any two drivers' head-to-heads), so that no cached forecast of
 * another version is reused.
 */
export const FORECAST_VERSION = "forecast-7";

export type { RaceForecast } from "./race_assembly.ts";

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
  const plan = planRaceForecast(weekend, strengths, settings);
  return plan.assemble(plan.requests.map(runSimulation));
}

/** A race's forecast before its simulations: what to simulate, and how their results become the forecast. */
export interface RaceForecastPlan {
  requests: SimulationRequest[];
  /** The forecast from each request's result, in the order of `requests`. */
  assemble: (results: readonly SimulationResult[]) => RaceForecast;
}

/**
 * {@linkcode forecastRace} split at its simulations, so that they can run
 * elsewhere (`ForecastWorkers` spreads them, chunk by chunk, over workers):
 * the race's scenarios, the sprint's while it is still to run, and the
 * qualifying while it is still to run.
 *
 * @example
 * ```ts ignore
 * import { planRaceForecast } from "./race_forecast.ts";
 * import { runSimulation } from "./race_simulations.ts";
 * const plan = planRaceForecast(weekend, strengths, settings);
 * const forecast = plan.assemble(plan.requests.map(runSimulation));
 * ```
 */
export function planRaceForecast(
  weekend: Weekend,
  strengths: readonly DriverStrength[],
  settings: ForecastSettings & { tuning?: SimulatorTuning; tilt?: WinnerTilt },
): RaceForecastPlan {
  const { year, round } = weekend;
  const { field, race } = simulatorInput(strengths, weekend, { weights: settings.weights, tuning: settings.tuning });
  const odds = raceOdds(round, {
    year,
    sessions: weekend.sessions,
    scenarios: settings.scenarios,
    conditions: settings.conditions,
  });
  const pairs = driverPairs(strengths, { every: weekend.sessions.race === undefined && !settings.raceOnly });
  const races = scenarioRequests({ field, race }, {
    weekend,
    settings,
    stream: (name) => name,
    byWinner: settings.tilt !== undefined,
    pairs: pairs.all.indices,
  });
  const qualifying: SimulationRequest[] = weekend.sessions.qualifying !== undefined || settings.raceOnly ? [] : [{
    qualifying: {
      field,
      options: {
        simulations: settings.simulations,
        seed: deriveSeed(settings.seed, year, round.round, "qualifying"),
        qualifyingSpread: QUALIFYING_SPREAD,
        topN: Q3_PLACES,
        teamPaceSpread: race.teamPaceSpread,
        pairs: pairs.all.indices,
      },
    },
  }];
  const sprint = settings.raceOnly ? [] : sprintRequests(weekend, { strengths, settings });
  // The results come in the order of the requests: the race's scenarios, the qualifying, the sprint's scenarios.
  const assemble = (results: readonly SimulationResult[]): RaceForecast => {
    const scenarioTallies = (from: number, count: number) =>
      settings.scenarios.slice(0, count).map(({ name }, i) => ({
        name,
        weight: odds.weights[name],
        tally: results[from + i] as RaceTally,
      }));
    const drivers = strengths.map((s) => s.driver);
    return assembleForecast(weekend, { strengths, settings, odds, pairs }, {
      tallies: scenarioTallies(0, races.length),
      qualifying: qualifying.length === 0
        ? undefined
        : qualifyingLines(results[races.length] as QualifyingTally, drivers),
      sprint: scenarioTallies(races.length + qualifying.length, sprint.length),
    });
  };
  return { requests: [...races, ...qualifying, ...sprint], assemble };
}

/**
 * The sprint's simulations on a sprint weekend whose sprint has not run: the
 * race's strengths and scenario odds over the sprint's laps, from the sprint
 * grid where known (sprint qualifying; the qualifying on a weekend without
 * one, as in 2022), each scenario from its own stream; scored with sprint points.
 */
function sprintRequests(
  weekend: Weekend,
  context: { strengths: readonly DriverStrength[]; settings: ForecastSettings & { tuning?: SimulatorTuning } },
): SimulationRequest[] {
  const { round, sessions } = weekend;
  if (!round.sprint || sessions.sprint !== undefined) return [];
  const { strengths, settings } = context;
  const setsGrid = round.schedule.includes("sprint_qualifying") ? sessions.sprint_qualifying : sessions.qualifying;
  const laps = round.sprint_laps ?? Math.ceil(round.laps * 100 / 305);
  const { field, race } = simulatorInput(
    strengths,
    { round: { ...round, laps }, sessions: setsGrid === undefined ? {} : { qualifying: setsGrid } },
    { weights: settings.weights, tuning: settings.tuning },
  );
  return scenarioRequests({ field, race }, { weekend, settings, stream: (name) => `sprint:${name}` });
}

/** Each scenario of a forecast as a simulation with its own seed stream (the season, the round and `stream(name)`). */
function scenarioRequests(
  input: { field: DriverPace[]; race: RaceConditions },
  run: {
    weekend: Pick<Weekend, "year" | "round">;
    settings: ForecastSettings;
    stream: (scenario: string) => string;
    byWinner?: boolean;
    pairs?: Int32Array;
  },
): SimulationRequest[] {
  const { weekend, settings } = run;
  return settings.scenarios.map(({ scenario, name }) => ({
    race: {
      ...input,
      options: {
        simulations: settings.simulations,
        seed: deriveSeed(settings.seed, weekend.year, weekend.round.round, run.stream(name)),
        scenario,
        ...(run.byWinner ? { byWinner: true } : {}),
        ...(run.pairs === undefined ? {} : { pairs: run.pairs }),
      },
    },
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
