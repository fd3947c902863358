/**
 * Race scenarios as data: a registry from name to the parameters the
 * simulator reads. The simulator has no branch per scenario; a scenario only
 * scales variance, incidents and reliability, weights wet skill, and sets the
 * chance and shape of a safety-car restart.
 *
 * @module
 */

import { UserInputError } from "../errors/errors.ts";

/** The parameters of one scenario. */
export interface Scenario {
  /** One line for people: what the scenario stands for. */
  description: string;
  /** Share of races this scenario stands for in the mixture forecast (normalised over the scenarios used). */
  weight: number;
  /** Multiplies each driver's race-day pace spread (1 = as given). */
  paceSpreadScale: number;
  /** How much of each driver's wet-skill term applies: 0 dry, 1 fully wet. */
  wetSkillWeight: number;
  /** Multiplies each driver's incident (crash, collision) probability. */
  incidentScale: number;
  /** Multiplies each driver's mechanical-failure probability. */
  mechanicalScale: number;
  /** Probability that a safety car bunches the field once during the race. */
  safetyCarProbability: number;
  /** Gap between consecutive cars at the restart, seconds: what is left of the field's spread. */
  restartGapSeconds: number;
  /** Standard deviation of the position swing from pit timing under the safety car, seconds. */
  pitSwingSeconds: number;
}

/**
 * The parts of a scenario mixture with the weights it uses: as given, or all
 * equal when every weight is 0, so that choosing only zero-weight scenarios
 * still gives a forecast rather than an empty mixture.
 *
 * @example
 * ```ts
 * import { mixtureWeights } from "./scenarios.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(mixtureWeights([{ weight: 0.6 }, { weight: 0 }]), [{ weight: 0.6 }, { weight: 0 }]);
 * assert.deepEqual(mixtureWeights([{ weight: 0 }, { weight: 0 }]), [{ weight: 1 }, { weight: 1 }]);
 * ```
 */
export function mixtureWeights<T extends { weight: number }>(parts: readonly T[]): T[] {
  return parts.every((part) => part.weight === 0) ? parts.map((part) => ({ ...part, weight: 1 })) : [...parts];
}

/** The scenarios every installation has. */
export const BUILT_IN_SCENARIOS: Readonly<Record<string, Scenario>> = Object.freeze({
  dry: {
    description: "A dry race run green from start to finish.",
    weight: 0.55,
    paceSpreadScale: 1,
    wetSkillWeight: 0,
    incidentScale: 1,
    mechanicalScale: 1,
    safetyCarProbability: 0,
    restartGapSeconds: 0.8,
    pitSwingSeconds: 0,
  },
  wet: {
    description: "Rain: more race-day variance, wet skill counts, more incidents and some more failures.",
    weight: 0.1,
    paceSpreadScale: 1.8,
    wetSkillWeight: 1,
    incidentScale: 2.5,
    mechanicalScale: 1.2,
    safetyCarProbability: 0.6,
    restartGapSeconds: 1,
    pitSwingSeconds: 4,
  },
  safety_car: {
    description: "A safety car bunches the field once; pit timing under it reshuffles places; more incidents.",
    weight: 0.35,
    paceSpreadScale: 1,
    wetSkillWeight: 0,
    incidentScale: 1.4,
    mechanicalScale: 1,
    safetyCarProbability: 1,
    restartGapSeconds: 0.8,
    pitSwingSeconds: 4,
  },
});

/** The scenarios a forecast uses unless told otherwise. */
export const DEFAULT_SCENARIOS: readonly string[] = ["dry", "wet", "safety_car"];

/** Thrown for a scenario name the registry does not know. */
export class UnknownScenarioError extends UserInputError {
  /**
   * @example
   * ```ts
   * import { UnknownScenarioError } from "./scenarios.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new UnknownScenarioError("snow", ["dry", "wet"]).message, 'unknown scenario "snow"; known scenarios: dry, wet');
   * ```
   */
  constructor(readonly scenario: string, readonly known: readonly string[]) {
    super(`unknown scenario "${scenario}"; known scenarios: ${known.join(", ")}`);
    this.name = "UnknownScenarioError";
  }
}

/** Thrown for a user scenario file that does not describe scenarios. */
export class ScenarioFileError extends UserInputError {
  /**
   * @example
   * ```ts
   * import { ScenarioFileError } from "./scenarios.ts";
   * import assert from "node:assert/strict";
   * const error = new ScenarioFileError("my.json", { path: "heat.weight", expected: "a number >= 0", found: "-1" });
   * assert.equal(error.message, "my.json: heat.weight: expected a number >= 0; found -1");
   * ```
   */
  constructor(file: string, problem: { path: string; expected: string; found: string }) {
    super(`${file}: ${problem.path}: expected ${problem.expected}; found ${problem.found}`);
    this.name = "ScenarioFileError";
  }
}

const NUMERIC_FIELDS: ReadonlyArray<[keyof Scenario, number, number]> = [
  ["weight", 0, Infinity],
  ["paceSpreadScale", 0, 10],
  ["wetSkillWeight", 0, 2],
  ["incidentScale", 0, 20],
  ["mechanicalScale", 0, 20],
  ["safetyCarProbability", 0, 1],
  ["restartGapSeconds", 0, 60],
  ["pitSwingSeconds", 0, 120],
];

/**
 * A registry of scenarios: the built-in ones plus any the user defines.
 *
 * @example
 * ```ts
 * import { ScenarioRegistry } from "./scenarios.ts";
 * import assert from "node:assert/strict";
 * const registry = ScenarioRegistry.withBuiltIns();
 * assert.equal(registry.get("wet").paceSpreadScale, 1.8);
 * ```
 */
export class ScenarioRegistry {
  readonly #scenarios = new Map<string, Scenario>();

  /** A registry holding the built-in scenarios. */
  static withBuiltIns(): ScenarioRegistry {
    const registry = new ScenarioRegistry();
    for (const [name, scenario] of Object.entries(BUILT_IN_SCENARIOS)) registry.#scenarios.set(name, scenario);
    return registry;
  }

  /** Every scenario name, built-in first. */
  names(): string[] {
    return [...this.#scenarios.keys()];
  }

  /** The scenario called `name`. @throws {UnknownScenarioError} */
  get(name: string): Scenario {
    const scenario = this.#scenarios.get(name);
    if (scenario === undefined) throw new UnknownScenarioError(name, this.names());
    return scenario;
  }

  /**
   * The scenarios called `names`, each with its name, in that order: what a
   * forecast's settings take.
   *
   * @throws {UnknownScenarioError}
   * @example
   * ```ts
   * import { ScenarioRegistry } from "./scenarios.ts";
   * import assert from "node:assert/strict";
   * const [dry] = ScenarioRegistry.withBuiltIns().named(["dry"]);
   * assert.equal(dry.name, "dry");
   * ```
   */
  named(names: readonly string[]): Array<{ name: string; scenario: Scenario }> {
    return names.map((name) => ({ name, scenario: this.get(name) }));
  }

  /**
   * Adds the scenarios of a user file: an object from name to fields, each
   * starting from `extends` (a known scenario, default `dry`) and overriding
   * any of its numeric fields.
   *
   * @example
   * ```ts
   * import { ScenarioRegistry } from "./scenarios.ts";
   * import assert from "node:assert/strict";
   * const registry = ScenarioRegistry.withBuiltIns();
   * registry.addFromJson({ heat: { extends: "dry", mechanicalScale: 2, description: "A hot race." } }, "my.json");
   * assert.equal(registry.get("heat").mechanicalScale, 2);
   * ```
   */
  addFromJson(value: unknown, file: string): void {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new ScenarioFileError(file, {
        path: "(top level)",
        expected: "an object from scenario name to its fields",
        found: JSON.stringify(value),
      });
    }
    const pending = new Map(Object.entries(value));
    const done = new Set<string>();
    const add = (name: string, chain: readonly string[]): void => {
      const record = checkedFields(file, name, pending.get(name));
      const parent = typeof record.extends === "string" ? record.extends : "dry";
      if (chain.includes(parent)) {
        throw new ScenarioFileError(file, {
          path: `${name}.extends`,
          expected: "a scenario that does not extend itself, directly or through others",
          found: [...chain, name, parent].slice(chain.indexOf(parent)).join(" -> "),
        });
      }
      if (pending.has(parent) && !done.has(parent)) add(parent, [...chain, name]);
      if (!this.#scenarios.has(parent)) {
        throw new ScenarioFileError(file, {
          path: `${name}.extends`,
          expected: `a known scenario (${[...new Set([...this.names(), ...pending.keys()])].join(", ")})`,
          found: JSON.stringify(parent),
        });
      }
      this.#scenarios.set(name, Object.freeze(overridden(file, { name, record, base: this.get(parent) })));
      done.add(name);
    };
    for (const name of pending.keys()) if (!done.has(name)) add(name, []);
  }
}

/** A file's scenario entry, checked to be a named object of fields. */
function checkedFields(file: string, name: string, fields: unknown): Record<string, unknown> {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    throw new ScenarioFileError(file, {
      path: name,
      expected: "a scenario name of lower-case letters, digits and _",
      found: JSON.stringify(name),
    });
  }
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    throw new ScenarioFileError(file, {
      path: name,
      expected: "an object of scenario fields",
      found: JSON.stringify(fields),
    });
  }
  return fields as Record<string, unknown>;
}

/** The base scenario with a file entry's fields applied, each checked against its range. */
function overridden(file: string, entry: { name: string; record: Record<string, unknown>; base: Scenario }): Scenario {
  const { name, record, base } = entry;
  const scenario: Scenario = { ...base, description: base.description };
  for (const [key, found] of Object.entries(record)) {
    if (key === "extends") continue;
    if (key === "description") {
      if (typeof found !== "string") {
        throw new ScenarioFileError(file, {
          path: `${name}.description`,
          expected: "a string",
          found: JSON.stringify(found),
        });
      }
      scenario.description = found;
      continue;
    }
    const rule = NUMERIC_FIELDS.find(([field]) => field === key);
    if (rule === undefined) {
      const known = ["extends", "description", ...NUMERIC_FIELDS.map(([field]) => field)];
      throw new ScenarioFileError(file, {
        path: `${name}.${key}`,
        expected: `a scenario field (${known.join(", ")})`,
        found: JSON.stringify(key),
      });
    }
    const [, min, max] = rule;
    if (typeof found !== "number" || !Number.isFinite(found) || found < min || found > max) {
      throw new ScenarioFileError(file, {
        path: `${name}.${key}`,
        expected: max === Infinity ? `a number >= ${min}` : `a number ${min}-${max}`,
        found: JSON.stringify(found),
      });
    }
    (scenario[key as keyof Scenario] as number) = found;
  }
  return scenario;
}
