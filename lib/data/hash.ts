/**
 * Content hashes of race data, for incremental retraining: MD5 (as the
 * original tool) over a round's files in a fixed order.
 *
 * @module
 */

import { createHash } from "node:crypto";

/** The algorithm behind every data hash, recorded in the output. */
export const DATA_HASH_ALGORITHM = "md5";

/**
 * Hash of a round's files: name and content of each, sorted by name. An
 * empty round has a hash too, so a race still to come is part of the chain.
 *
 * @example
 * ```ts
 * import { raceDataHash } from "./hash.ts";
 * import assert from "node:assert/strict";
 * assert.ok(raceDataHash(new Map([["race.json", "[]"]])) === raceDataHash(new Map([["race.json", "[]"]])));
 * ```
 */
export function raceDataHash(files: ReadonlyMap<string, string>): string {
  const hash = createHash(DATA_HASH_ALGORITHM);
  for (const name of [...files.keys()].sort()) {
    hash.update(`${name}\0${files.get(name)}\0`);
  }
  return hash.digest("hex");
}

/**
 * Hash of several strings in order, for chaining round hashes and configuration.
 *
 * @example
 * ```ts
 * import { hashParts } from "./hash.ts";
 * import assert from "node:assert/strict";
 * assert.ok(hashParts("a", "b") !== hashParts("ab"));
 * ```
 */
export function hashParts(...parts: readonly string[]): string {
  const hash = createHash(DATA_HASH_ALGORITHM);
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest("hex");
}
