/**
 * Checking the simulator's inputs before a run: every number finite and in
 * range, with an error that names the field.
 *
 * @module
 */

import type { DriverPace, RaceConditions } from "./types.ts";

/** Thrown for simulator inputs that cannot describe a race. */
export class SimulationInputError extends Error {
  /**
   * @example
   * ```ts
   * import { SimulationInputError } from "./inputs.ts";
   * import assert from "node:assert/strict";
   * const error = new SimulationInputError("field[3].paceSpread", "a finite number >= 0", "NaN");
   * assert.equal(error.message, "field[3].paceSpread: expected a finite number >= 0; found NaN");
   * ```
   */
  constructor(path: string, expected: string, found: string) {
    super(`${path}: expected ${expected}; found ${found}`);
    this.name = "SimulationInputError";
  }
}

/** Throws a `SimulationInputError` for the first input that cannot describe a race. */
export function checkInputs(field: readonly DriverPace[], race: RaceConditions): void {
  const fail = (path: string, expected: string, value: unknown): never => {
    throw new SimulationInputError(path, expected, String(value));
  };
  if (field.length < 1) fail("field", "at least one driver", "none");
  const teams = race.teamPaceSpread?.length ?? 0;
  field.forEach((d, i) => {
    if (!Number.isFinite(d.pace)) fail(`field[${i}].pace`, "a finite number", d.pace);
    if (!(d.paceSpread >= 0 && Number.isFinite(d.paceSpread))) {
      fail(`field[${i}].paceSpread`, "a finite number >= 0", d.paceSpread);
    }
    if (!(d.grid >= 1 && Number.isFinite(d.grid))) fail(`field[${i}].grid`, "a slot >= 1", d.grid);
    if (!(d.mechanicalDnf >= 0 && d.mechanicalDnf <= 1)) {
      fail(`field[${i}].mechanicalDnf`, "a probability", d.mechanicalDnf);
    }
    if (!(d.incidentDnf >= 0 && d.incidentDnf <= 1)) fail(`field[${i}].incidentDnf`, "a probability", d.incidentDnf);
    if (!Number.isFinite(d.wetSkill)) fail(`field[${i}].wetSkill`, "a finite number", d.wetSkill);
    if (d.wetSkillSpread !== undefined && !(d.wetSkillSpread >= 0 && Number.isFinite(d.wetSkillSpread))) {
      fail(`field[${i}].wetSkillSpread`, "a finite number >= 0", d.wetSkillSpread);
    }
    if (teams > 0 && !(Number.isInteger(d.team) && d.team >= 0 && d.team < teams)) {
      fail(`field[${i}].team`, `a team index 0-${teams - 1}`, d.team);
    }
  });
  if (!(race.laps >= 1 && Number.isFinite(race.laps))) fail("race.laps", "a number of laps >= 1", race.laps);
  if (!(race.overtakingDifficulty >= 0 && race.overtakingDifficulty <= 1)) {
    fail("race.overtakingDifficulty", "a number 0-1", race.overtakingDifficulty);
  }
  if (race.gridSlotScale !== undefined && !(race.gridSlotScale >= 0 && Number.isFinite(race.gridSlotScale))) {
    fail("race.gridSlotScale", "a finite number >= 0", race.gridSlotScale);
  }
  if (race.qualifyingSpread !== undefined && !(race.qualifyingSpread >= 0 && Number.isFinite(race.qualifyingSpread))) {
    fail("race.qualifyingSpread", "a finite number >= 0", race.qualifyingSpread);
  }
  race.teamPaceSpread?.forEach((sd, t) => {
    if (!(sd >= 0 && Number.isFinite(sd))) fail(`race.teamPaceSpread[${t}]`, "a finite number >= 0", sd);
  });
}
