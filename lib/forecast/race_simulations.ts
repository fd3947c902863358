/**
 * The simulations a race's forecast is made of, as plain data: each of the
 * race's scenarios, each of the sprint's, and the qualifying while it is
 * still to run (`planRaceForecast` lists them). A request runs the same
 * anywhere, and splits into chunks of `RACE_CHUNK` whose tallies add up to
 * the whole request's, bit for bit (`lib/sim/chunks.ts`), so one race's
 * simulations can spread over workers.
 *
 * @module
 */

import { type DriverPace, RACE_CHUNK, type RaceConditions, type RaceTally, simulateRace } from "../sim/simulate.ts";
import type { SimulationOptions } from "../sim/simulate.ts";
import { addQualifyingTally, type QualifyingTally, simulateQualifying } from "../sim/qualifying.ts";
import { addTally, simulationChunks } from "../sim/chunks.ts";

/** The options of a simulated qualifying (`simulateQualifying`). */
export type QualifyingOptions = Parameters<typeof simulateQualifying>[1];

/** One simulation a forecast needs: a race's (or sprint's) scenario, or the qualifying. */
export type SimulationRequest =
  | { race: { field: DriverPace[]; race: RaceConditions; options: SimulationOptions } }
  | { qualifying: { field: DriverPace[]; options: QualifyingOptions } };

/** What a request gives: a race tally for a race, a qualifying tally for a qualifying. */
export type SimulationResult = RaceTally | QualifyingTally;

/**
 * Runs one request in this thread (a worker runs the same).
 *
 * @example
 * ```ts
 * import { runSimulation } from "./race_simulations.ts";
 * import { BUILT_IN_SCENARIOS } from "../sim/scenarios.ts";
 * import assert from "node:assert/strict";
 * const driver = { pace: 0, paceSpread: 0.3, grid: 1, mechanicalDnf: 0, incidentDnf: 0, wetSkill: 0, team: 0 };
 * const request = { race: { field: [driver, { ...driver, grid: 2 }], race: { laps: 50, overtakingDifficulty: 0.4 },
 *   options: { simulations: 100, seed: 1, scenario: BUILT_IN_SCENARIOS.dry } } };
 * assert.equal(runSimulation(request).simulations, 100);
 * ```
 */
export function runSimulation(request: SimulationRequest): SimulationResult {
  if ("race" in request) return simulateRace(request.race.field, request.race.race, request.race.options);
  return simulateQualifying(request.qualifying.field, request.qualifying.options);
}

/**
 * A request as its chunks (`RACE_CHUNK` simulations each, each with its own seed): run them anywhere and
 * `addResult` them in order to get the request's own result.
 *
 * @example
 * ```ts
 * import { requestChunks } from "./race_simulations.ts";
 * import { BUILT_IN_SCENARIOS } from "../sim/scenarios.ts";
 * import assert from "node:assert/strict";
 * const options = { simulations: 60_000, seed: 1, scenario: BUILT_IN_SCENARIOS.dry };
 * const chunks = requestChunks({ race: { field: [], race: { laps: 50, overtakingDifficulty: 0.4 }, options } });
 * assert.equal(chunks.length, 3);
 * ```
 */
export function requestChunks(request: SimulationRequest): SimulationRequest[] {
  if ("race" in request) {
    const { options } = request.race;
    return simulationChunks(options, RACE_CHUNK).map((chunk) => ({
      race: { ...request.race, options: { ...options, simulations: chunk.simulations, seed: chunk.seed } },
    }));
  }
  const { options } = request.qualifying;
  return simulationChunks(options, RACE_CHUNK).map((chunk) => ({
    qualifying: { ...request.qualifying, options: { ...options, simulations: chunk.simulations, seed: chunk.seed } },
  }));
}

/** Adds a chunk's result into the running result of the same request. */
export function addResult(into: SimulationResult, other: SimulationResult): void {
  if ("positions" in into) addTally(into, other as RaceTally);
  else addQualifyingTally(into, other as QualifyingTally);
}
