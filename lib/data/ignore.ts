/**
 * Which files in a data folder are not data.
 *
 * @module
 */

/**
 * True for file names that a data folder may hold without them being data:
 * hidden files, editor swap and backup files, temporary files.
 *
 * @example
 * ```ts
 * import { isIgnoredFileName } from "./ignore.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isIgnoredFileName(".race.json.swp"));
 * assert.equal(isIgnoredFileName("race.json"), false);
 * ```
 */
export function isIgnoredFileName(name: string): boolean {
  return name.startsWith(".") || name.endsWith("~") || name.startsWith("#") ||
    /\.(swp|swo|swx|tmp|part|bak)$/.test(name);
}
