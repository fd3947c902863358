/**
 * The Monte Carlo race simulator: driver paces in, a tally of finishing
 * positions and retirements out.
 *
 * Units. Pace is race pace in seconds per lap relative to any common
 * reference (lower is faster); its spread is the standard deviation of a
 * driver's race-day pace, also seconds per lap. A simulated race gives each
 * driver a race time
 *
 *     time = (slot - 1) * gridSlotSeconds(difficulty) + laps * (pace - wetSkill * wetWeight + teamDraw + spread * z)
 *
 * and orders finishers by it, so with no grid effect P(A ahead of B) =
 * Phi((paceB - paceA) / sqrt(spreadA^2 + spreadB^2)). In a wet scenario the
 * spread is sqrt((paceSpread * paceSpreadScale)^2 + (wetSkillSpread * wetWeight)^2):
 * the model's doubt about a driver's wet skill is race-day doubt too. The grid term is how an
 * overtaking difficulty in [0, 1] becomes seconds: at Monaco (about 0.95) a
 * slot is worth over ten seconds, at Spa (about 0.25) under one.
 *
 * A safety car, where the scenario calls for one, comes at a uniform point
 * between 15% and 85% of the race: the order then stands, the gaps shrink to
 * the restart gap, pit timing adds a normal swing, and the rest of the race
 * is run from there. Retirements (mechanical or incident, each an
 * independent draw) are classified behind every finisher, the later
 * retirement ahead, as F1 classifies them.
 *
 * The inner loop allocates nothing: all per-race state lives in typed arrays
 * made once per call. Memory is O(n^2) whatever the number of simulations.
 *
 * @module
 */

import { Xoshiro128 } from "./rng.ts";
import { simulationChunks } from "./chunks.ts";
import type { Scenario } from "./scenarios.ts";
import { sortByScore } from "./sort.ts";
import { checkInputs, SimulationInputError } from "./inputs.ts";
import type { DriverPace, RaceConditions, RaceTally, SimulationOptions } from "./types.ts";

export { SimulationInputError };

export type { DriverPace, RaceConditions, RaceTally, SimulationOptions, WinnerTally } from "./types.ts";

/**
 * Races per chunk of a long simulation: each chunk draws from its own stream
 * (`simulationChunks` in `chunks.ts`), so a race's simulations can be split
 * over workers, and a race of at most this many is one chunk.
 */
export const RACE_CHUNK = 25_000;

/** Seconds per laps a car's race time loses per grid slot. */
export const GRID_SLOT_SECONDS_AT_MOST = 15;

/**
 * Seconds of race time each grid slot costs at an overtaking difficulty.
 *
 * @example
 * ```ts
 * import { gridSlotSeconds } from "./simulate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(gridSlotSeconds(0), 0);
 * assert.equal(gridSlotSeconds(1), 15);
 * ```
 */
export function gridSlotSeconds(overtakingDifficulty: number): number {
  return GRID_SLOT_SECONDS_AT_MOST * overtakingDifficulty * overtakingDifficulty;
}

const RETIRED = 1e15;
const SAFETY_CAR_EARLIEST = 0.15;
const SAFETY_CAR_WINDOW = 0.7;

/**
 * One race set up for repeated simulation: the field, race and scenario are
 * turned into typed arrays once, and each `run` simulates one race into
 * `order` and `retired` without allocating. `simulateRace` tallies many runs;
 * a season simulation runs each remaining race once per simulated season,
 * with that season's pace shifts.
 *
 * @example
 * ```ts
 * import { RaceRunner } from "./simulate.ts";
 * import { Xoshiro128 } from "./rng.ts";
 * import { BUILT_IN_SCENARIOS } from "./scenarios.ts";
 * import assert from "node:assert/strict";
 * const driver = { paceSpread: 0.3, mechanicalDnf: 0, incidentDnf: 0, wetSkill: 0, team: 0 };
 * const runner = new RaceRunner(
 *   [{ ...driver, pace: 0, grid: 1 }, { ...driver, pace: 5, grid: 2 }],
 *   { laps: 50, overtakingDifficulty: 0.4 },
 *   BUILT_IN_SCENARIOS.dry,
 * );
 * runner.run(new Xoshiro128(1));
 * assert.equal(runner.order[0], 0); // five seconds a lap faster wins
 * ```
 */
export class RaceRunner {
  /** Number of drivers. */
  readonly size: number;
  /** After `run`: driver indices in classification order, retirements last. */
  readonly order: Int32Array;
  /** After `run`: 1 for each driver who retired. */
  readonly retired: Uint8Array;
  readonly #laps: number;
  readonly #slotSeconds: number;
  readonly #mean: Float64Array;
  readonly #spread: Float64Array;
  readonly #startTime: Float64Array;
  readonly #retireChance: Float64Array;
  readonly #team: Int32Array;
  readonly #teamSpread: Float64Array;
  readonly #teamDraw: Float64Array;
  readonly #dayPace: Float64Array;
  readonly #score: Float64Array;
  readonly #retiring: Int32Array;
  /** Scratch for a race's random draws: one per driver or per team, whichever is more. */
  readonly #draws: Float64Array;
  readonly #safetyCarChance: number;
  readonly #restartGap: number;
  readonly #pitSwing: number;
  readonly #qualifyingSpread: number | undefined;

  /** @throws {SimulationInputError} for inputs that cannot describe a race. */
  constructor(field: readonly DriverPace[], race: RaceConditions, scenario: Scenario) {
    checkInputs(field, race);
    const n = field.length;
    this.size = n;
    this.#laps = race.laps;
    this.#slotSeconds = gridSlotSeconds(race.overtakingDifficulty) * (race.gridSlotScale ?? 1);
    this.#mean = new Float64Array(n);
    this.#spread = new Float64Array(n);
    this.#startTime = new Float64Array(n);
    this.#retireChance = new Float64Array(n);
    this.#team = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const d = field[i];
      this.#mean[i] = d.pace - d.wetSkill * scenario.wetSkillWeight;
      this.#spread[i] = Math.hypot(
        d.paceSpread * scenario.paceSpreadScale,
        (d.wetSkillSpread ?? 0) * scenario.wetSkillWeight,
      );
      this.#startTime[i] = (d.grid - 1) * this.#slotSeconds;
      const mechanical = Math.min(1, d.mechanicalDnf * scenario.mechanicalScale);
      const incident = Math.min(1, d.incidentDnf * scenario.incidentScale);
      this.#retireChance[i] = 1 - (1 - mechanical) * (1 - incident);
      this.#team[i] = race.teamPaceSpread === undefined ? 0 : d.team;
    }
    this.#teamSpread = Float64Array.from(race.teamPaceSpread ?? [0]);
    this.#teamDraw = new Float64Array(this.#teamSpread.length);
    this.#dayPace = new Float64Array(n);
    this.#score = new Float64Array(n);
    this.#retiring = new Int32Array(n);
    this.#draws = new Float64Array(Math.max(n, this.#teamSpread.length));
    this.order = new Int32Array(n);
    this.retired = new Uint8Array(n);
    this.#safetyCarChance = scenario.safetyCarProbability;
    this.#restartGap = scenario.restartGapSeconds;
    this.#pitSwing = scenario.pitSwingSeconds;
    this.#qualifyingSpread = race.qualifyingSpread;
  }

  /**
   * Simulates one race. `paceShift`, when given, adds seconds per lap to
   * each driver's mean pace for this race only (a simulated season's draw of
   * the strengths).
   */
  run(rng: Xoshiro128, paceShift?: Float64Array): void {
    const n = this.size;
    const { order } = this;
    const teamSpread = this.#teamSpread, teamDraw = this.#teamDraw, team = this.#team;
    const mean = this.#mean, spread = this.#spread, dayPace = this.#dayPace, score = this.#score;
    const laps = this.#laps, slotSeconds = this.#slotSeconds, draws = this.#draws;
    // Draws come a race's worth at a time (`fillNormals`, `fillFloats`): a race runs 14-20% faster than drawing
    // them one by one between its other work.
    rng.fillNormals(draws, teamSpread.length);
    for (let t = 0; t < teamSpread.length; t++) teamDraw[t] = teamSpread[t] * draws[t];
    const safetyCar = this.#safetyCarChance > 0 && rng.nextFloat() < this.#safetyCarChance;
    const beforeSafetyCar = safetyCar ? SAFETY_CAR_EARLIEST + SAFETY_CAR_WINDOW * rng.nextFloat() : 1;
    rng.fillNormals(draws, n);
    for (let i = 0; i < n; i++) dayPace[i] = mean[i] + teamDraw[team[i]] + spread[i] * draws[i];
    if (paceShift !== undefined) { for (let i = 0; i < n; i++) dayPace[i] += paceShift[i]; }
    if (this.#qualifyingSpread !== undefined) {
      const qualifyingSpread = this.#qualifyingSpread;
      rng.fillNormals(draws, n);
      for (let i = 0; i < n; i++) {
        score[i] = dayPace[i] + qualifyingSpread * draws[i];
        order[i] = i;
      }
      sortByScore(order, score, n);
      for (let k = 0; k < n; k++) score[order[k]] = k * slotSeconds + beforeSafetyCar * laps * dayPace[order[k]];
    } else {
      const startTime = this.#startTime;
      for (let i = 0; i < n; i++) score[i] = startTime[i] + beforeSafetyCar * laps * dayPace[i];
    }
    for (let i = 0; i < n; i++) order[i] = i;
    if (safetyCar) {
      sortByScore(order, score, n);
      const afterSafetyCar = (1 - beforeSafetyCar) * laps, restartGap = this.#restartGap, pitSwing = this.#pitSwing;
      rng.fillNormals(draws, n);
      for (let k = 0; k < n; k++) {
        const i = order[k];
        score[i] = k * restartGap + pitSwing * draws[k] + afterSafetyCar * dayPace[i];
      }
    }
    this.#classify(rng);
  }

  /**
   * Draws retirements and sorts the race's order. A driver retires when a uniform u falls under their chance p;
   * u / p is then uniform on [0, 1) and independent of the retirement, so it serves as the point in the race
   * where they retired, with no second draw. Retirements leave the order (finishers keep theirs, so their sort
   * starts nearly sorted) and are classified behind every finisher, the later retirement ahead.
   */
  #classify(rng: Xoshiro128): void {
    const n = this.size;
    const { order, retired } = this;
    const score = this.#score, retireChance = this.#retireChance, retiring = this.#retiring, draws = this.#draws;
    rng.fillFloats(draws, n);
    let finishers = 0, retirements = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      if (draws[k] < retireChance[i]) {
        score[i] = RETIRED + 1 - draws[k] / retireChance[i];
        retired[i] = 1;
        retiring[retirements++] = i;
      } else {
        retired[i] = 0;
        order[finishers++] = i;
      }
    }
    sortByScore(retiring, score, retirements);
    for (let r = 0; r < retirements; r++) order[finishers + r] = retiring[r];
    sortByScore(order, score, finishers);
  }
}

/**
 * Simulates `options.simulations` races and tallies where each driver finished.
 * The same inputs and seed give the same tally, bit for bit.
 *
 * @throws {SimulationInputError} for inputs that cannot describe a race.
 * @example
 * ```ts
 * import { simulateRace } from "./simulate.ts";
 * import { BUILT_IN_SCENARIOS } from "./scenarios.ts";
 * import assert from "node:assert/strict";
 * const driver = { paceSpread: 0.3, mechanicalDnf: 0.05, incidentDnf: 0.03, wetSkill: 0, team: 0 };
 * const tally = simulateRace(
 *   [{ ...driver, pace: 0, grid: 1 }, { ...driver, pace: 0.2, grid: 2 }],
 *   { laps: 57, overtakingDifficulty: 0.4 },
 *   { simulations: 10_000, seed: 1, scenario: BUILT_IN_SCENARIOS.dry },
 * );
 * assert.ok(tally.positions[0] > tally.positions[2]); // the faster driver on pole wins more often
 * ```
 */
export function simulateRace(
  field: readonly DriverPace[],
  race: RaceConditions,
  options: SimulationOptions,
): RaceTally {
  // Each chunk of RACE_CHUNK races has its own stream, so a race split over workers tallies what it tallies here.
  const chunks = simulationChunks(options, RACE_CHUNK);
  const runner = new RaceRunner(field, race, options.scenario);
  const n = runner.size;
  const positions = new Float64Array(n * n);
  const dnfs = new Float64Array(n);
  const { order, retired } = runner;
  const byWinner = options.byWinner
    ? { positions: new Float64Array(n * n * n), dnfs: new Float64Array(n * n), wins: new Float64Array(n) }
    : undefined;
  const pairs = options.pairs;
  // A few pairs (team-mates) are compared by rank. For more pairs than drivers (every pair, for a race still to run)
  // aheadOf[i * n + j] counts the races in which i was classified ahead of j, every pair in one pass over the
  // order without a branch; the pairs asked for are read off at the end. Both count the same.
  const everyPair = pairs !== undefined && pairs.length / 2 > n;
  const ahead = pairs === undefined ? undefined : new Float64Array(pairs.length / 2);
  const aheadOf = everyPair ? new Float64Array(n * n) : undefined;
  const rank = new Int32Array(n);
  for (const chunk of chunks) {
    const rng = new Xoshiro128(chunk.seed);
    for (let sim = 0; sim < chunk.simulations; sim++) {
      runner.run(rng);
      for (let k = 0; k < n; k++) positions[order[k] * n + k]++;
      if (aheadOf !== undefined) {
        for (let a = 0; a < n - 1; a++) {
          const row = order[a] * n;
          for (let b = a + 1; b < n; b++) aheadOf[row + order[b]]++;
        }
      } else if (ahead !== undefined) {
        for (let k = 0; k < n; k++) rank[order[k]] = k;
        for (let p = 0; p < ahead.length; p++) if (rank[pairs![2 * p]] < rank[pairs![2 * p + 1]]) ahead[p]++;
      }
      // Retirements are classified last, so they are the tail of the order.
      for (let k = n - 1; k >= 0 && retired[order[k]] === 1; k--) dnfs[order[k]]++;
      if (byWinner !== undefined) {
        const w = order[0];
        byWinner.wins[w]++;
        for (let k = 0; k < n; k++) byWinner.positions[(w * n + order[k]) * n + k]++;
        for (let i = 0; i < n; i++) byWinner.dnfs[w * n + i] += retired[i];
      }
    }
  }
  if (aheadOf !== undefined) {
    for (let p = 0; p < ahead!.length; p++) ahead![p] = aheadOf[pairs![2 * p] * n + pairs![2 * p + 1]];
  }
  return {
    size: n,
    simulations: options.simulations,
    positions,
    dnfs,
    ...(byWinner ? { byWinner } : {}),
    ...(ahead ? { ahead } : {}),
  };
}
