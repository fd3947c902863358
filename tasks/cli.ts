/**
 * What every command line of this project shares: the error for a bad
 * option and the parsing of whole-number options.
 *
 * @module
 */

/** Thrown for a bad command-line value; commands exit 2. */
export class UsageError extends Error {
  /**
   * @example
   * ```ts
   * import { UsageError } from "./cli.ts";
   * new UsageError("--seed: expected an integer").name; // "UsageError"
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A whole-number option: `fallback` when absent.
 *
 * @throws {UsageError} when the text is not an integer >= `min`.
 * @example
 * ```ts
 * import { integerOption } from "./cli.ts";
 * integerOption("--seed", "7", 42, 0); // 7
 * integerOption("--seed", undefined, 42, 0); // 42
 * ```
 */
export function integerOption(option: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`${option}: expected an integer >= ${min}; found "${text}"`);
  }
  return value;
}
