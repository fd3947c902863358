/**
 * The live sources, by name: what `deno task live --source NAME` can follow.
 * The first is the default.
 *
 * @module
 */

import { UnknownNameError } from "../errors/errors.ts";
import type { LiveSourceAdapter } from "./source.ts";
import { jolpicaSource } from "./jolpica/adapter.ts";
import { openf1Source } from "./openf1/adapter.ts";

/** Every live source; the first is the default. */
export const LIVE_SOURCES: readonly LiveSourceAdapter[] = [jolpicaSource, openf1Source];

/**
 * The live source of a name.
 *
 * @throws {UnknownNameError} naming the registered sources.
 * @example
 * ```ts
 * import { liveSource } from "./registry.ts";
 * import assert from "node:assert/strict";
 * assert.equal(liveSource("openf1").name, "openf1");
 * assert.throws(() => liveSource("fastf1"), /expected one of jolpica, openf1; found "fastf1"/);
 * ```
 */
export function liveSource(name: string): LiveSourceAdapter {
  const found = LIVE_SOURCES.find((adapter) => adapter.name === name);
  if (found === undefined) throw new UnknownNameError("source", name, LIVE_SOURCES.map((adapter) => adapter.name));
  return found;
}
