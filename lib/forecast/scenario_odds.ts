/**
 * Each race's scenario odds: how likely rain and a safety car are at this
 * race, and the mixture weights of the built-in scenarios that follow.
 *
 * With a rain probability r and a safety-car probability s (of a dry race),
 * the built-in scenarios weigh `wet` r, `safety_car` (1 - r) s and `dry`
 * (1 - r)(1 - s); scenarios a user adds keep their own weight beside them.
 * The wet scenario carries its own incidents, so s is not applied to it.
 *
 * - r: the user's forecast for the round (`--conditions FILE`), else
 *   `CLIMATE_RAIN` (0.10, the weight the wet scenario always had; 12 of the
 *   92 races of 2022-2025 were wet or mixed, `lib/data/conditions.ts`),
 *   raised to at least `WET_WEEKEND_RAIN` (0.3) once a session of the same
 *   weekend that the forecast knows was wet or mixed: in 2022-2025, 4 of the
 *   13 weekends with a wet or mixed qualifying or sprint had a wet or mixed
 *   race. A user's forecast wins over both: it knows the weather.
 * - s: the user's value for the round, else the circuit's historical rate
 *   of races with a safety car or virtual safety car (`SAFETY_CAR_RATES`,
 *   with sources), else the rate for its circuit type (`SAFETY_CAR_BY_TYPE`:
 *   street circuits higher). The rates count virtual safety cars too, which
 *   the `safety_car` scenario (the whole field bunched mid-race) overstates;
 *   the simulator's grid weight, fitted with the model, absorbs some of it
 *   (docs/backtest-findings.md has what halving the rates did).
 *
 * The race's own conditions are never read: only sessions already run.
 *
 * @module
 */

import type { CalendarRound, CircuitType, ConditionsSession, RoundSessions } from "../data/format.ts";
import { isRecord } from "../data/field_reader.ts";
import { round6 } from "../data/files.ts";
import type { ScenarioOdds } from "../format/predictions.ts";
import { UserInputError } from "../errors/errors.ts";

/** Rain probability of a race with no forecast and no wet session yet. */
export const CLIMATE_RAIN = 0.1;

/** The least rain probability of a race whose weekend has had a wet or mixed session. */
export const WET_WEEKEND_RAIN = 0.3;

/** Share of races with a safety car or virtual safety car, by F1DB circuit id, and where the figure comes from. */
export const SAFETY_CAR_RATES: Readonly<Record<string, { rate: number; source: string }>> = {
  "marina-bay": {
    rate: 0.95,
    source: "every Singapore GP to 2022 (https://autosport.pt/formula1/f1/f1-cada-vez-mais-safety-cars-em-pista)",
  },
  "mexico-city": { rate: 0.85, source: "every race at the Hermanos Rodriguez to 2022 (autosport.pt, as above)" },
  monaco: { rate: 0.7, source: "about 70% (https://f1betuk.com/articles/f1-safety-car-betting-circuit-data/)" },
  montreal: { rate: 0.6, source: "50% or more of races (autosport.pt, as above)" },
  melbourne: { rate: 0.6, source: "50% or more of races (autosport.pt, as above)" },
  "spa-francorchamps": { rate: 0.55, source: "50% or more of races (autosport.pt, as above)" },
  spielberg: { rate: 0.55, source: "50% or more of races (autosport.pt, as above)" },
  austin: { rate: 0.55, source: "50% or more of races (autosport.pt, as above)" },
  silverstone: { rate: 0.55, source: "50% or more of races (autosport.pt, as above)" },
  bahrain: { rate: 0.15, source: "about 14% (f1betuk.com, as above)" },
};

/** Share of races with a safety car or virtual safety car where the circuit has no rate of its own, by type. */
export const SAFETY_CAR_BY_TYPE: Readonly<Record<CircuitType, number>> = { street: 0.6, road: 0.45, race: 0.4 };

/** A user's forecast for one round: either probability may be left out. */
export interface RoundOutlook {
  rain_probability?: number;
  safety_car_probability?: number;
}

/** A `--conditions` file: the season it is for and the rounds it forecasts. */
export interface ConditionsFile {
  season: number;
  rounds: Record<string, RoundOutlook>;
}

/** A conditions file that cannot be used: names the file, the field, what it holds and what was expected. */
export class ConditionsFileError extends UserInputError {
  override name = "ConditionsFileError";
  /**
   * @example
   * ```ts
   * import { ConditionsFileError } from "./scenario_odds.ts";
   * import assert from "node:assert/strict";
   * const e = new ConditionsFileError("c.json", { field: "rounds.12.rain_probability", found: 1.5, expected: "a probability 0-1" });
   * assert.equal(e.message, "c.json: rounds.12.rain_probability: expected a probability 0-1; found 1.5");
   * ```
   */
  constructor(readonly file: string, readonly problem: { field: string; found: unknown; expected: string }) {
    super(`${file}: ${problem.field}: expected ${problem.expected}; found ${JSON.stringify(problem.found)}`);
  }
}

/**
 * Checks a parsed conditions file against the season it is used with: the
 * right season, rounds of its calendar, probabilities in 0-1.
 *
 * @throws {ConditionsFileError} naming the first field that is wrong.
 * @example
 * ```ts
 * import { checkConditionsFile } from "./scenario_odds.ts";
 * import assert from "node:assert/strict";
 * const file = checkConditionsFile({ season: 2025, rounds: { "3": { rain_probability: 0.7 } } }, { file: "c.json", season: 2025, rounds: [1, 2, 3] });
 * assert.equal(file.rounds["3"].rain_probability, 0.7);
 * assert.throws(() => checkConditionsFile({ season: 2025, rounds: { "9": {} } }, { file: "c.json", season: 2025, rounds: [1, 2, 3] }), /rounds.9: expected a round of the 2025 calendar/);
 * ```
 */
export function checkConditionsFile(
  value: unknown,
  against: { file: string; season: number; rounds: readonly number[] },
): ConditionsFile {
  const { file, season, rounds } = against;
  const fail = (field: string, found: unknown, expected: string): never => {
    throw new ConditionsFileError(file, { field, found, expected });
  };
  if (!isRecord(value)) return fail("(file)", value, 'an object { "season": YEAR, "rounds": { ... } }');
  for (const key of Object.keys(value)) {
    if (key !== "season" && key !== "rounds") fail(key, value[key], "no such field");
  }
  if (value.season !== season) fail("season", value.season, `${season}, the season trained`);
  if (!isRecord(value.rounds)) {
    return fail("rounds", value.rounds, 'an object of round number to { "rain_probability": p }');
  }
  for (const [round, outlook] of Object.entries(value.rounds)) {
    if (!rounds.includes(Number(round)) || String(Number(round)) !== round) {
      fail(`rounds.${round}`, outlook, `a round of the ${season} calendar (1-${Math.max(...rounds)})`);
    }
    if (!isRecord(outlook)) {
      return fail(`rounds.${round}`, outlook, "an object with rain_probability and/or safety_car_probability");
    }
    for (const [key, p] of Object.entries(outlook)) {
      if (key !== "rain_probability" && key !== "safety_car_probability") {
        fail(`rounds.${round}.${key}`, p, "rain_probability or safety_car_probability");
      }
      if (typeof p !== "number" || !(p >= 0 && p <= 1)) fail(`rounds.${round}.${key}`, p, "a probability 0-1");
    }
  }
  return value as unknown as ConditionsFile;
}

/**
 * Reads and checks a conditions file.
 *
 * @throws {ConditionsFileError} for a file that cannot be read, is not JSON, or fails `checkConditionsFile`.
 * @example
 * ```ts ignore
 * import { readConditionsFile } from "./scenario_odds.ts";
 * const file = await readConditionsFile("weather.json", { season: 2025, rounds: [1, 2, 3] });
 * ```
 */
export async function readConditionsFile(
  path: string,
  against: { season: number; rounds: readonly number[] },
): Promise<ConditionsFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new ConditionsFileError(path, {
      field: "(file)",
      found: (error as Error).message,
      expected: "a readable file",
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConditionsFileError(path, { field: "(file)", found: (error as Error).message, expected: "JSON" });
  }
  return checkConditionsFile(value, { file: path, ...against });
}

/**
 * The odds of one race of season `at.year`: from the user's conditions file
 * (when it is for that season), the conditions of the weekend's sessions the
 * forecast knows (never the race's), and the circuit.
 *
 * @example
 * ```ts
 * import { raceOdds } from "./scenario_odds.ts";
 * import assert from "node:assert/strict";
 * const round = { round: 14, circuit: { id: "spa-francorchamps", name: "Spa", type: "race" as const }, conditions: { qualifying: "wet" as const, race: "wet" as const } };
 * const scenarios = [["dry", 0.55], ["wet", 0.1], ["safety_car", 0.35]].map(([name, weight]) => ({ name: String(name), scenario: { weight: Number(weight) } }));
 * const odds = raceOdds(round, { year: 2024, sessions: { qualifying: [] }, scenarios });
 * assert.equal(odds.rain_probability, 0.3); // the wet qualifying, not the race's own weather
 * assert.equal(odds.weights.wet, 0.3);
 * assert.equal(raceOdds(round, { year: 2024, sessions: {}, scenarios }).rain_probability, 0.1);
 * ```
 */
export function raceOdds(
  round: Pick<CalendarRound, "round" | "circuit" | "conditions">,
  at: {
    year: number;
    sessions: RoundSessions;
    /** The scenarios simulated, as a forecast's settings name them. */
    scenarios: ReadonlyArray<{ name: string; scenario: { weight: number } }>;
    conditions?: ConditionsFile;
  },
): ScenarioOdds {
  const { sessions, scenarios, conditions } = at;
  // A conditions file speaks for the season it names only.
  const outlook = conditions?.season === at.year ? conditions.rounds[String(round.round)] : undefined;
  const wetSoFar = Object.entries(round.conditions ?? {}).some(([kind, c]) =>
    kind !== "race" && c !== "dry" && sessions[kind as ConditionsSession] !== undefined
  );
  const [rain, rainSource]: [number, ScenarioOdds["rain_source"]] = outlook?.rain_probability !== undefined
    ? [outlook.rain_probability, "conditions file"]
    : wetSoFar
    ? [Math.max(CLIMATE_RAIN, WET_WEEKEND_RAIN), "wet session this weekend"]
    : [CLIMATE_RAIN, "climate"];
  const circuitRate = SAFETY_CAR_RATES[round.circuit.id]?.rate ?? SAFETY_CAR_BY_TYPE[round.circuit.type];
  const [safetyCar, safetyCarSource]: [number, ScenarioOdds["safety_car_source"]] =
    outlook?.safety_car_probability !== undefined ? [outlook.safety_car_probability, "conditions file"] : [
      circuitRate,
      round.circuit.id in SAFETY_CAR_RATES ? "circuit" : "circuit type",
    ];
  const builtIn: Record<string, number> = {
    dry: (1 - rain) * (1 - safetyCar),
    wet: rain,
    safety_car: (1 - rain) * safetyCar,
  };
  const raw = scenarios.map(({ name, scenario }) => [name, builtIn[name] ?? scenario.weight] as const);
  const total = raw.reduce((sum, [, w]) => sum + w, 0);
  const weights = Object.fromEntries(
    raw.map(([name, w]) => [name, total > 0 ? round6(w / total) : round6(1 / raw.length)]),
  );
  return {
    rain_probability: round6(rain),
    rain_source: rainSource,
    safety_car_probability: round6(safetyCar),
    safety_car_source: safetyCarSource,
    weights,
  };
}
