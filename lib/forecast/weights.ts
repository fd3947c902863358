/**
 * User weights on drivers and teams. A weight multiplies a driver's (or a
 * team's) strength, where strength is exp(-pace / 0.5 s): a weight w moves
 * race pace by -0.5 * ln(w) seconds per lap. So 1.0 changes nothing, 1.35
 * makes a driver 0.15 s/lap faster, 0.8 makes them 0.11 s/lap slower, and a
 * team weight applies to both of the team's cars.
 *
 * @module
 */

import type { Entrant } from "../data/format.ts";
import { UserInputError } from "../errors/errors.ts";

/** Seconds per lap behind one unit of log-strength. */
export const WEIGHT_PACE_SCALE = 0.5;

/** Names used by the original tool, mapped to the team ids they may stand for, newest first. */
const TEAM_ALIASES: Readonly<Record<string, readonly string[]>> = {
  "McLaren-Mercedes": ["mclaren"],
  "Red Bull Racing": ["red-bull"],
  "Ferrari": ["ferrari"],
  "Mercedes": ["mercedes"],
  "Aston Martin": ["aston-martin"],
  "Alpine": ["alpine"],
  "Williams": ["williams"],
  "Sauber": ["kick-sauber", "sauber", "alfa-romeo"],
  "Racing Bulls": ["racing-bulls", "rb", "alphatauri"],
  "Haas": ["haas"],
};

/** Thrown for weights that name no driver or team, or are not positive finite numbers. */
export class WeightError extends UserInputError {
  /**
   * @example
   * ```ts
   * import { WeightError } from "./weights.ts";
   * import assert from "node:assert/strict";
   * const error = new WeightError("driver", "XXX", { expected: "a driver code (NOR, PIA)", found: '"XXX"' });
   * assert.equal(error.message, 'driver weights: XXX: expected a driver code (NOR, PIA); found "XXX"');
   * ```
   */
  constructor(readonly weights: "driver" | "team", key: string, problem: { expected: string; found: string }) {
    const detail = `${key}: expected ${problem.expected}; found ${problem.found}`;
    super(`${weights} weights: ${detail}`, { input: `${weights}-weights`, detail });
    this.name = "WeightError";
  }
}

/** Weights resolved against a season: driver code and team id to weight. */
export interface ResolvedWeights {
  drivers: ReadonlyMap<string, number>;
  teams: ReadonlyMap<string, number>;
}

/** No weights: every driver and team as the model sees them. */
export const NO_WEIGHTS: ResolvedWeights = { drivers: new Map(), teams: new Map() };

function checkWeight(weights: "driver" | "team", key: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new WeightError(weights, key, {
      expected: "a finite number > 0 (1.0 changes nothing)",
      found: JSON.stringify(value),
    });
  }
  return value;
}

/**
 * Checks user weights against the season's entrants and resolves team names
 * (data ids, display names or the original tool's names) to team ids.
 *
 * @throws {WeightError} naming the valid drivers or teams.
 * @example
 * ```ts
 * import { resolveWeights } from "./weights.ts";
 * import assert from "node:assert/strict";
 * const entrants = [{ driver: "NOR", name: "Lando Norris", number: 4, team: "mclaren", team_name: "McLaren", rounds: [1], practice_rounds: [] }];
 * assert.equal(resolveWeights({ NOR: 1.35 }, { "McLaren-Mercedes": 1.2 }, entrants).teams.get("mclaren"), 1.2);
 * ```
 */
export function resolveWeights(
  driverWeights: Readonly<Record<string, number>>,
  teamWeights: Readonly<Record<string, number>>,
  entrants: readonly Entrant[],
): ResolvedWeights {
  const codes = [...new Set(entrants.map((e) => e.driver))].sort();
  const drivers = new Map<string, number>();
  for (const [code, value] of Object.entries(driverWeights)) {
    if (!codes.includes(code)) {
      throw new WeightError("driver", code, {
        expected: `a driver code of this season (${codes.join(", ")})`,
        found: JSON.stringify(code),
      });
    }
    drivers.set(code, checkWeight("driver", code, value));
  }
  const ids = [...new Set(entrants.map((e) => e.team))].sort();
  const teams = new Map<string, number>();
  const named = new Map<string, string>();
  for (const [name, value] of Object.entries(teamWeights)) {
    const id = ids.find((team) => team === name) ??
      entrants.find((e) => e.team_name.toLowerCase() === name.toLowerCase())?.team ??
      TEAM_ALIASES[name]?.find((alias) => ids.includes(alias));
    if (id === undefined) {
      const names = [...ids, ...Object.keys(TEAM_ALIASES)];
      throw new WeightError("team", name, {
        expected: `a team of this season (${names.join(", ")})`,
        found: JSON.stringify(name),
      });
    }
    const other = [...named].find(([, team]) => team === id)?.[0];
    if (other !== undefined) {
      throw new WeightError("team", name, {
        expected: "one weight per team",
        found: `a second name for ${id}, also given as ${JSON.stringify(other)}`,
      });
    }
    named.set(name, id);
    teams.set(id, checkWeight("team", name, value));
  }
  return { drivers, teams };
}

/**
 * The pace shift, seconds per lap, that a driver's and team's weights give.
 *
 * @example
 * ```ts
 * import { weightPaceShift } from "./weights.ts";
 * import assert from "node:assert/strict";
 * assert.equal(weightPaceShift({ drivers: new Map([["NOR", 1.35]]), teams: new Map() }, "NOR", "mclaren").toFixed(3), "-0.150");
 * ```
 */
export function weightPaceShift(weights: ResolvedWeights, driver: string, team: string): number {
  const weight = (weights.drivers.get(driver) ?? 1) * (weights.teams.get(team) ?? 1);
  return weight === 1 ? 0 : -WEIGHT_PACE_SCALE * Math.log(weight);
}
