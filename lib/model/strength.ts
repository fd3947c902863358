/**
 * What every strength model gives the simulator, and the shape a model has
 * so the pipeline can run any of them: a JSON state folded round by round.
 *
 * @module
 */

import type { Entrant, SessionKind, Weekend } from "../data/format.ts";

/** A driver's strength for one race. */
export interface DriverStrength {
  driver: string;
  team: string;
  /** Expected gap, % of a lap, relative to the best car; lower is faster. */
  gap: number;
  /** How uncertain the team part of `gap` is, % of a lap (one standard deviation); shared by team-mates. */
  teamUncertainty: number;
  /** How uncertain the driver part of `gap` is, % of a lap. */
  driverUncertainty: number;
  mechanicalDnf: number;
  incidentDnf: number;
  /** % of a lap a correction layer added to `gap` (the ML layer); absent without one. */
  adjustment?: number;
  /**
   * The driver's wet-weather offset: % of a lap added to `gap` in a fully wet race (negative: faster in the
   * wet), and its sd. Absent from a model that does not learn it.
   */
  wet?: { gap: number; uncertainty: number };
}

/** The simulator's settings that are fitted together with a strength model. */
export interface SimulatorTuning {
  /** Race-day pace spread of every driver around their strength, seconds per lap. */
  readonly raceDaySpread: number;
  /** Multiplies the simulator's seconds per grid slot (`gridSlotSeconds`): how much the starting order holds. */
  readonly gridSlotScale: number;
}

/**
 * A strength model: a state (plain JSON, so the cache can keep it) updated
 * with each round's sessions in running order, and read as strengths.
 */
export interface StrengthModel<State> {
  /** Changes whenever the arithmetic does, so caches of older versions are not reused. */
  readonly version: string;
  /**
   * The hyperparameters, where the version names them only by what they were fitted on: a refit keeps the
   * version, so the trainer keys its cache by these too.
   */
  readonly parameters?: unknown;
  /** Simulator settings fitted together with the model; the forecast's defaults where absent. */
  readonly simulator?: SimulatorTuning;
  /**
   * How far strengths wander from one round to the next: sd of a team's and
   * of a driver's step, % of a lap. Projections several rounds ahead need it;
   * a model without a view gets the projection's default.
   */
  readonly roundDrift?: { readonly team: number; readonly driver: number };
  /** The state before any data. */
  empty(): State;
  /** Folds the sessions of a weekend that `only` accepts (default all) into the state, in running order. */
  updateWithRound(state: State, weekend: Weekend, only?: (kind: SessionKind) => boolean): State;
  /** Each racing driver's strength for a round. */
  strengthsFor(state: State, entrants: readonly Entrant[], round: number): DriverStrength[];
}

/**
 * The team of each driver entered for a round: race entrants first, then
 * drivers who only ran in practice.
 *
 * @example
 * ```ts
 * import { teamsForRound } from "./strength.ts";
 * import assert from "node:assert/strict";
 * const entrants = [{ driver: "AAA", name: "A", number: 1, team: "t", team_name: "T", rounds: [1], practice_rounds: [] }];
 * assert.equal(teamsForRound(entrants, 1).get("AAA"), "t");
 * ```
 */
export function teamsForRound(entrants: readonly Entrant[], round: number): Map<string, string> {
  const teams = new Map<string, string>();
  for (const entrant of entrants) if (entrant.rounds.includes(round)) teams.set(entrant.driver, entrant.team);
  for (const entrant of entrants) {
    if (entrant.practice_rounds.includes(round) && !teams.has(entrant.driver)) teams.set(entrant.driver, entrant.team);
  }
  return teams;
}

/**
 * Where a team's car belief comes from: the team itself when the model knows
 * it, else the most recent of its earlier identities (`team_predecessors`,
 * from F1DB's chronology) that the model knows; undefined for a team with no
 * known history, which then gets the model's new-team prior.
 *
 * @example
 * ```ts
 * import { carAncestor } from "./strength.ts";
 * import assert from "node:assert/strict";
 * const entrants = [{ driver: "TSU", name: "T", number: 22, team: "racing-bulls", team_name: "Racing Bulls",
 *   rounds: [1], practice_rounds: [], team_predecessors: ["rb", "alphatauri"] }];
 * assert.equal(carAncestor("racing-bulls", entrants, (team) => team === "rb"), "rb");
 * assert.equal(carAncestor("racing-bulls", entrants, () => false), undefined);
 * ```
 */
export function carAncestor(
  team: string,
  entrants: readonly Entrant[],
  known: (team: string) => boolean,
): string | undefined {
  if (known(team)) return team;
  const predecessors = entrants.find((entrant) => entrant.team === team)?.team_predecessors ?? [];
  return predecessors.find(known);
}
