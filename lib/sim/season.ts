/**
 * The season simulator: the rest of a championship, many times over, from
 * the points so far.
 *
 * What makes the intervals honest is where the uncertainty is drawn. A
 * driver's and a team's strength are drawn once per simulated season, from
 * their posterior spread, and then wander round by round (car development,
 * form) as a random walk; only race-day noise, retirements, safety cars and
 * weather are drawn per race. Drawing the strengths per race instead would
 * let their errors average out over the remaining races and make the
 * intervals far too narrow.
 *
 * Retired drivers score nothing. Ties in the final standings go to the one
 * with more wins, then by lot (F1's countback goes on to second places; that
 * rarely matters for probabilities).
 *
 * @module
 */

import { Xoshiro128 } from "./rng.ts";
import { addCounts, type SimulationChunk, simulationChunks } from "./chunks.ts";
import type { Scenario } from "./scenarios.ts";
import { type DriverPace, type RaceConditions, RaceRunner, SimulationInputError } from "./simulate.ts";

/** One remaining race or sprint. */
export interface SeasonEvent {
  /** The field as the race simulator takes it; `paceSpread` is race-day noise only. */
  field: readonly DriverPace[];
  race: RaceConditions;
  /** Per field entry: the driver's index in the season's drivers. */
  drivers: readonly number[];
  /** Per field entry: the index of the team the driver scores for at this event. */
  teams: readonly number[];
  /** Points by finishing position, index 0 = P1. */
  points: readonly number[];
  /** Rounds after the latest data (1 = the next round): how far strengths have wandered by then. */
  roundsAhead: number;
  /** Whether a win here counts in the tie-break (grands prix, not sprints). */
  countsWins: boolean;
  /** This event's weight for each of `SeasonInput.scenarios`, in order; their own weights where absent. */
  scenarioWeights?: readonly number[];
}

/** The rest of a season, ready to simulate. */
export interface SeasonInput {
  /** Per driver: points so far. */
  driverPoints: readonly number[];
  /** Per driver: grand prix wins so far (the tie-break). */
  driverWins: readonly number[];
  /** Per team: points so far. */
  teamPoints: readonly number[];
  /** Per driver: sd of their strength, s/lap, drawn once per simulated season. */
  driverSpread: readonly number[];
  /** Per team: sd of the car's strength, s/lap, drawn once per simulated season and shared by its drivers. */
  teamSpread: readonly number[];
  /** Sd of a driver's random-walk step per round, s/lap. */
  driverDrift: number;
  /** Sd of a car's random-walk step per round, s/lap. */
  teamDrift: number;
  events: readonly SeasonEvent[];
  /** Each event's weather and safety-car scenario is drawn from these, by weight. */
  scenarios: readonly Scenario[];
}

/** Final points and standings of every simulated season. */
export interface SeasonTally {
  simulations: number;
  /** `driverPoints[s * drivers + d]`: driver d's final points in season s. */
  driverPoints: Float64Array;
  /** `teamPoints[s * teams + t]`. */
  teamPoints: Float64Array;
  /** `driverStandings[d * drivers + k]`: seasons in which driver d finished the championship in position k + 1. */
  driverStandings: Float64Array;
  /** `teamStandings[t * teams + k]`. */
  teamStandings: Float64Array;
}

function check(input: SeasonInput): void {
  const drivers = input.driverPoints.length;
  const teams = input.teamPoints.length;
  const fail = (path: string, expected: string, found: unknown): never => {
    throw new SimulationInputError(path, expected, String(found));
  };
  if (input.driverWins.length !== drivers) fail("driverWins", `${drivers} entries`, input.driverWins.length);
  if (input.driverSpread.length !== drivers) fail("driverSpread", `${drivers} entries`, input.driverSpread.length);
  if (input.teamSpread.length !== teams) fail("teamSpread", `${teams} entries`, input.teamSpread.length);
  for (const [name, value] of [["driverDrift", input.driverDrift], ["teamDrift", input.teamDrift]] as const) {
    if (!(value >= 0 && Number.isFinite(value))) fail(name, "a finite number >= 0", value);
  }
  const weight = input.scenarios.reduce((sum, s) => sum + s.weight, 0);
  if (input.scenarios.length === 0 || !(weight > 0)) fail("scenarios", "at least one with a weight > 0", weight);
  input.events.forEach((event, e) => {
    if (event.drivers.length !== event.field.length || event.teams.length !== event.field.length) {
      fail(`events[${e}]`, "drivers and teams for every field entry", `${event.drivers.length}/${event.teams.length}`);
    }
    event.drivers.forEach((d, i) => {
      if (!(Number.isInteger(d) && d >= 0 && d < drivers)) fail(`events[${e}].drivers[${i}]`, "a driver index", d);
    });
    event.teams.forEach((t, i) => {
      if (!(Number.isInteger(t) && t >= 0 && t < teams)) fail(`events[${e}].teams[${i}]`, "a team index", t);
    });
    if (!(Number.isInteger(event.roundsAhead) && event.roundsAhead >= 0)) {
      fail(`events[${e}].roundsAhead`, "a whole number >= 0", event.roundsAhead);
    }
    const weights = event.scenarioWeights;
    if (
      weights !== undefined &&
      (weights.length !== input.scenarios.length || !weights.every((w) => w >= 0) ||
        !(weights.reduce((a, b) => a + b, 0) > 0))
    ) {
      fail(`events[${e}].scenarioWeights`, `${input.scenarios.length} weights >= 0, not all 0`, weights.join(","));
    }
  });
}

/** Ranks by descending `score` into `order` (insertion sort: a few dozen entries). */
function rankDescending(order: Int32Array, score: Float64Array): void {
  for (let i = 0; i < order.length; i++) order[i] = i;
  for (let a = 1; a < order.length; a++) {
    const item = order[a];
    const key = score[item];
    let b = a - 1;
    while (b >= 0 && score[order[b]] < key) {
      order[b + 1] = order[b];
      b--;
    }
    order[b + 1] = item;
  }
}

/**
 * Seasons per chunk. A projection's seasons are simulated in chunks of this
 * many, each from its own stream (`simulationChunks` in `chunks.ts`), so the
 * chunks can run on any worker in any order and the merged tally is the same.
 */
export const SEASON_CHUNK = 1000;

/**
 * The chunks `simulations` seasons from `seed` are split into.
 *
 * @example
 * ```ts
 * import { seasonChunks } from "./season.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(seasonChunks({ simulations: 2500, seed: 1 }).map((c) => c.simulations), [1000, 1000, 500]);
 * ```
 */
export function seasonChunks(options: { simulations: number; seed: number }): SimulationChunk[] {
  return simulationChunks(options, SEASON_CHUNK);
}

/**
 * Simulates one chunk of a season's simulations (see {@linkcode seasonChunks}).
 *
 * @throws {SimulationInputError} for inputs that cannot describe a season.
 */
export function simulateSeasonChunk(input: SeasonInput, chunk: SimulationChunk): SeasonTally {
  check(input);
  const season = new SeasonWork(input, chunk.simulations);
  const rng = new Xoshiro128(chunk.seed);
  for (let sim = 0; sim < chunk.simulations; sim++) {
    season.start(rng);
    season.runEvents(rng);
    season.record(sim, rng);
  }
  return season.tally();
}

/**
 * The tally of consecutive chunks, in order: their seasons one after another, their standings added. Counts are
 * whole numbers, so the sums are exact wherever the chunks ran.
 *
 * @example
 * ```ts
 * import { mergeSeasonTallies } from "./season.ts";
 * import assert from "node:assert/strict";
 * const one = (points: number) => ({
 *   simulations: 1, driverPoints: Float64Array.of(points), teamPoints: Float64Array.of(points),
 *   driverStandings: Float64Array.of(1), teamStandings: Float64Array.of(1),
 * });
 * const merged = mergeSeasonTallies([one(10), one(12)]);
 * assert.deepEqual([...merged.driverPoints], [10, 12]);
 * assert.deepEqual([...merged.driverStandings], [2]);
 * ```
 */
export function mergeSeasonTallies(tallies: readonly SeasonTally[]): SeasonTally {
  const concat = (part: (t: SeasonTally) => Float64Array) => {
    const out = new Float64Array(tallies.reduce((sum, t) => sum + part(t).length, 0));
    let at = 0;
    for (const t of tallies) {
      out.set(part(t), at);
      at += part(t).length;
    }
    return out;
  };
  const add = (part: (t: SeasonTally) => Float64Array) => {
    const out = new Float64Array(part(tallies[0]).length);
    for (const t of tallies) addCounts(out, part(t));
    return out;
  };
  return {
    simulations: tallies.reduce((sum, t) => sum + t.simulations, 0),
    driverPoints: concat((t) => t.driverPoints),
    teamPoints: concat((t) => t.teamPoints),
    driverStandings: add((t) => t.driverStandings),
    teamStandings: add((t) => t.teamStandings),
  };
}

/**
 * Simulates the rest of a season `simulations` times, chunk by chunk. The
 * same input and seed give the same tally, bit for bit.
 *
 * @throws {SimulationInputError} for inputs that cannot describe a season.
 * @example
 * ```ts
 * import { simulateSeason } from "./season.ts";
 * import { BUILT_IN_SCENARIOS } from "./scenarios.ts";
 * import assert from "node:assert/strict";
 * const driver = { paceSpread: 0.2, mechanicalDnf: 0, incidentDnf: 0, wetSkill: 0, team: 0, grid: 1 };
 * const event = {
 *   field: [{ ...driver, pace: 0 }, { ...driver, pace: 0.1 }],
 *   race: { laps: 50, overtakingDifficulty: 0.4, qualifyingSpread: 0.15 },
 *   drivers: [0, 1], teams: [0, 1], points: [25, 18], roundsAhead: 1, countsWins: true,
 * };
 * const tally = simulateSeason({
 *   driverPoints: [0, 30], driverWins: [0, 1], teamPoints: [0, 30], driverSpread: [0.1, 0.1], teamSpread: [0.1, 0.1],
 *   driverDrift: 0.02, teamDrift: 0.02, events: [event], scenarios: [BUILT_IN_SCENARIOS.dry],
 * }, { simulations: 1000, seed: 1 });
 * assert.equal(tally.driverStandings[1 * 2 + 0], 1000); // 30 points up with one race of 25 to go, driver 1 is champion
 * ```
 */
export function simulateSeason(input: SeasonInput, options: { simulations: number; seed: number }): SeasonTally {
  return mergeSeasonTallies(seasonChunks(options).map((chunk) => simulateSeasonChunk(input, chunk)));
}

/**
 * The working arrays of a season simulation, allocated once: each simulated
 * season draws its levels, runs its events and records its standings in them.
 * The order of random draws is fixed (levels, then per event the drift steps,
 * the scenario and the race, then the tie-breaks), so a seed gives one tally.
 */
class SeasonWork {
  readonly #input: SeasonInput;
  readonly #simulations: number;
  readonly #drivers: number;
  readonly #teams: number;
  readonly #events: SeasonEvent[];
  readonly #runners: RaceRunner[][];
  readonly #shifts: Float64Array[];
  /** Per event (in running order), the cumulative scenario weights. */
  readonly #cumulative: Float64Array[];
  readonly #driverSpread: Float64Array;
  readonly #teamSpread: Float64Array;
  readonly #driverLevel: Float64Array;
  readonly #teamLevel: Float64Array;
  readonly #draws: Float64Array;
  readonly #points: Float64Array;
  readonly #wins: Float64Array;
  readonly #score: Float64Array;
  readonly #order: Int32Array;
  readonly #constructors: Float64Array;
  readonly #teamScore: Float64Array;
  readonly #teamOrder: Int32Array;
  readonly #driverPoints: Float64Array;
  readonly #teamPoints: Float64Array;
  readonly #driverStandings: Float64Array;
  readonly #teamStandings: Float64Array;

  constructor(input: SeasonInput, simulations: number) {
    this.#input = input;
    this.#simulations = simulations;
    const drivers = this.#drivers = input.driverPoints.length;
    const teams = this.#teams = input.teamPoints.length;
    this.#events = [...input.events].sort((a, b) => a.roundsAhead - b.roundsAhead);
    this.#runners = this.#events.map((event) =>
      input.scenarios.map((scenario) => new RaceRunner(event.field, event.race, scenario))
    );
    this.#shifts = this.#events.map((event) => new Float64Array(event.field.length));
    this.#cumulative = this.#events.map((event) => {
      const weights = event.scenarioWeights ?? input.scenarios.map((scenario) => scenario.weight);
      const total = weights.reduce((sum, w) => sum + w, 0);
      let sum = 0;
      return Float64Array.from(weights, (w) => sum += w / total);
    });
    this.#driverSpread = Float64Array.from(input.driverSpread);
    this.#teamSpread = Float64Array.from(input.teamSpread);
    this.#driverLevel = new Float64Array(drivers);
    this.#teamLevel = new Float64Array(teams);
    this.#draws = new Float64Array(Math.max(drivers, teams));
    this.#points = new Float64Array(drivers);
    this.#wins = new Float64Array(drivers);
    this.#score = new Float64Array(drivers);
    this.#order = new Int32Array(drivers);
    this.#constructors = new Float64Array(teams);
    this.#teamScore = new Float64Array(teams);
    this.#teamOrder = new Int32Array(teams);
    this.#driverPoints = new Float64Array(simulations * drivers);
    this.#teamPoints = new Float64Array(simulations * teams);
    this.#driverStandings = new Float64Array(drivers * drivers);
    this.#teamStandings = new Float64Array(teams * teams);
  }

  /** A new season: the points so far, and each driver's and team's level drawn from its spread. */
  start(rng: Xoshiro128): void {
    const input = this.#input, draws = this.#draws;
    rng.fillNormals(draws, this.#drivers);
    for (let d = 0; d < this.#drivers; d++) {
      this.#driverLevel[d] = this.#driverSpread[d] * draws[d];
      this.#points[d] = input.driverPoints[d];
      this.#wins[d] = input.driverWins[d];
    }
    rng.fillNormals(draws, this.#teams);
    for (let t = 0; t < this.#teams; t++) {
      this.#teamLevel[t] = this.#teamSpread[t] * draws[t];
      this.#constructors[t] = input.teamPoints[t];
    }
  }

  /** Every remaining event in order: levels drift up to it, a scenario is drawn, the race run and scored. */
  runEvents(rng: Xoshiro128): void {
    const input = this.#input, draws = this.#draws;
    const events = this.#events;
    let step = 0;
    for (let e = 0; e < events.length; e++) {
      const event = events[e];
      for (; step < event.roundsAhead; step++) {
        rng.fillNormals(draws, this.#drivers);
        for (let d = 0; d < this.#drivers; d++) this.#driverLevel[d] += input.driverDrift * draws[d];
        rng.fillNormals(draws, this.#teams);
        for (let t = 0; t < this.#teams; t++) this.#teamLevel[t] += input.teamDrift * draws[t];
      }
      const shift = this.#shifts[e];
      for (let i = 0; i < shift.length; i++) {
        shift[i] = this.#driverLevel[event.drivers[i]] + this.#teamLevel[event.teams[i]];
      }
      const u = rng.nextFloat();
      const cumulative = this.#cumulative[e];
      let s = 0;
      while (s < cumulative.length - 1 && u >= cumulative[s]) s++;
      const runner = this.#runners[e][s];
      runner.run(rng, shift);
      const table = event.points;
      for (let k = 0; k < table.length && k < runner.size; k++) {
        const i = runner.order[k];
        if (runner.retired[i] === 1) break; // the rest retired too: they are classified last
        this.#points[event.drivers[i]] += table[k];
        this.#constructors[event.teams[i]] += table[k];
      }
      if (event.countsWins && runner.retired[runner.order[0]] === 0) this.#wins[event.drivers[runner.order[0]]]++;
    }
  }

  /** The season's final points and standings, ties broken by wins, then by lot. */
  record(sim: number, rng: Xoshiro128): void {
    const drivers = this.#drivers, teams = this.#teams;
    for (let d = 0; d < drivers; d++) {
      this.#driverPoints[sim * drivers + d] = this.#points[d];
      // Points come in halves at the finest: wins (0.001 each) and the lot only ever break ties.
      this.#score[d] = this.#points[d] + this.#wins[d] * 1e-3 + rng.nextFloat() * 1e-6;
    }
    rankDescending(this.#order, this.#score);
    for (let k = 0; k < drivers; k++) this.#driverStandings[this.#order[k] * drivers + k]++;
    for (let t = 0; t < teams; t++) {
      this.#teamPoints[sim * teams + t] = this.#constructors[t];
      this.#teamScore[t] = this.#constructors[t] + rng.nextFloat() * 1e-6;
    }
    rankDescending(this.#teamOrder, this.#teamScore);
    for (let k = 0; k < teams; k++) this.#teamStandings[this.#teamOrder[k] * teams + k]++;
  }

  tally(): SeasonTally {
    return {
      simulations: this.#simulations,
      driverPoints: this.#driverPoints,
      teamPoints: this.#teamPoints,
      driverStandings: this.#driverStandings,
      teamStandings: this.#teamStandings,
    };
  }
}
