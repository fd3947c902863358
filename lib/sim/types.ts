/**
 * What the race simulator takes and gives: the field, the race, the options
 * and the tally. Apart from `simulate.ts` so that the input checks and the
 * chunking, which `simulate.ts` uses, can name them without a circle.
 *
 * @module
 */

import type { Scenario } from "./scenarios.ts";

/** One driver as the simulator sees them. */
export interface DriverPace {
  /** Mean race pace, seconds per lap relative to a common reference; lower is faster. */
  pace: number;
  /** Standard deviation of race-day pace, seconds per lap (include the model's own uncertainty). */
  paceSpread: number;
  /** Starting slot, 1 = pole; a pit-lane start is the field size plus one. */
  grid: number;
  /** Probability of a mechanical retirement over this race's distance. */
  mechanicalDnf: number;
  /** Probability of retiring from an incident over this race's distance, in the dry. */
  incidentDnf: number;
  /** Seconds per lap the driver gains over their dry pace in a fully wet race (negative: loses). */
  wetSkill: number;
  /** Standard deviation of `wetSkill` (the model's uncertainty about it), seconds per lap; 0 where absent. */
  wetSkillSpread?: number;
  /** Index of the driver's team into `RaceConditions.teamPaceSpread`. */
  team: number;
}

/** The race being simulated. */
export interface RaceConditions {
  laps: number;
  /** 0 = the grid barely matters, 1 = no overtaking at all. */
  overtakingDifficulty: number;
  /** Multiplies `gridSlotSeconds(overtakingDifficulty)`; 1 where absent. */
  gridSlotScale?: number;
  /** Per team index: standard deviation of the car's pace, one draw per race shared by team-mates. */
  teamPaceSpread?: readonly number[];
  /**
   * Set when the grid is not known yet: each simulated race first runs a
   * qualifying in which each driver's lap is their race-day pace plus a normal
   * error of this many seconds per lap, and the grid follows its order.
   * Drivers' `grid` values are then ignored.
   */
  qualifyingSpread?: number;
}

/** How many races to simulate, under which scenario, from which seed. */
export interface SimulationOptions {
  simulations: number;
  seed: number;
  scenario: Scenario;
  /**
   * Also count every race by who won it (`RaceTally.byWinner`), so the races can later be reweighted by winner.
   *
   * @default {false}
   */
  byWinner?: boolean;
  /**
   * Pairs of drivers to count head-to-head (`RaceTally.ahead`): indices into the field, flattened, so pair p is
   * `pairs[2p]` against `pairs[2p + 1]`.
   *
   * @default {none}
   */
  pairs?: Int32Array;
}

/**
 * The tally split by the race's winner (the driver classified first):
 * `positions[(w * n + i) * n + k]` counts races won by w in which driver i
 * was classified k + 1, `dnfs[w * n + i]` those in which i retired,
 * `wins[w]` the races w won. Summing over w gives the plain tally.
 */
export interface WinnerTally {
  positions: Float64Array;
  dnfs: Float64Array;
  wins: Float64Array;
}

/** Raw counts from simulated races: memory does not grow with the number of simulations. */
export interface RaceTally {
  /** Number of drivers, n. */
  size: number;
  simulations: number;
  /** `positions[i * n + k]`: races in which driver i was classified in position k + 1. */
  positions: Float64Array;
  /** `dnfs[i]`: races in which driver i retired. */
  dnfs: Float64Array;
  /** With `SimulationOptions.byWinner`: the same counts split by each race's winner. */
  byWinner?: WinnerTally;
  /** With `SimulationOptions.pairs`: `ahead[p]` counts races in which pair p's first driver was classified ahead. */
  ahead?: Float64Array;
}
