/**
 * Seasons that start a new set of technical rules. Over an ordinary winter a
 * car is last year's car developed; over a reset winter every team starts a
 * new design, and the order of cars shakes up far more (2014: Mercedes from
 * second to a dominant first; 2022: Ferrari from fourth-fastest to pole
 * contender, Mercedes from champion to a distant third). The strength models
 * widen the car part of their winter drift in these seasons; driver skill
 * carries over as in any winter.
 *
 * Sources: the FIA Formula One Technical Regulations of each season
 * (fia.com, "Formula 1 Regulations" archive): 2014 (1.6 l turbo-hybrid power
 * units, narrower front wings); 2017 (wider cars and tyres, much more
 * downforce); 2022 (ground-effect floors, 18-inch wheels; published
 * 31 October 2019); 2026 (new power units with a near 50/50 electric share,
 * active aerodynamics, smaller and lighter cars; approved 11 June 2024).
 *
 * @module
 */

/** A season whose technical rules were (or will be) rewritten. */
export interface RegulationReset {
  year: number;
  /** What changed, in a phrase. */
  rules: string;
}

/** The regulation resets of the hybrid era and since. */
export const REGULATION_RESETS: readonly RegulationReset[] = [
  { year: 2014, rules: "1.6 l turbo-hybrid power units" },
  { year: 2017, rules: "wider cars and tyres, much more downforce" },
  { year: 2022, rules: "ground-effect floors, 18-inch wheels" },
  { year: 2026, rules: "new power units, active aerodynamics, smaller cars" },
];

/** The years of {@linkcode REGULATION_RESETS}, the default wherever a model asks. */
export const REGULATION_RESET_YEARS: readonly number[] = REGULATION_RESETS.map((reset) => reset.year);

/**
 * Whether `year` starts a new set of technical rules.
 *
 * @example
 * ```ts
 * import { isRegulationReset } from "./regulations.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isRegulationReset(2022));
 * assert.equal(isRegulationReset(2023), false);
 * assert.ok(isRegulationReset(2023, [2023]));
 * ```
 */
export function isRegulationReset(year: number, resets: readonly number[] = REGULATION_RESET_YEARS): boolean {
  return resets.includes(year);
}
