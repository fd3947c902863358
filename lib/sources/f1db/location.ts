/**
 * Where the F1DB checkout is, one answer for the tasks, the tests, the
 * benchmarks and the notebooks: `F1HP_F1DB` when set, else `../shared/f1db`
 * beside the repository.
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/** The environment variable that names an F1DB checkout (or its `src/data`). */
export const F1DB_ENV = "F1HP_F1DB";

/**
 * The F1DB checkout to read: `F1HP_F1DB`, else `../shared/f1db` beside this repository.
 *
 * @example
 * ```ts
 * import { f1dbLocation } from "./location.ts";
 * import assert from "node:assert/strict";
 * assert.match(f1dbLocation({ env: {} }), /shared\/f1db$/);
 * assert.equal(f1dbLocation({ env: { F1HP_F1DB: "/data/f1db" } }), "/data/f1db");
 * ```
 */
export function f1dbLocation(options: F1dbLocationOptions = {}): string {
  const env = options.env ?? Deno.env.toObject();
  return env[F1DB_ENV] || fileURLToPath(new URL("../../../../shared/f1db", import.meta.url));
}

/** Where {@linkcode f1dbLocation} looks. */
export interface F1dbLocationOptions {
  /**
   * The environment read.
   *
   * @default {the process's}
   */
  env?: Readonly<Record<string, string | undefined>>;
}
