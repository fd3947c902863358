/**
 * Long simulations in chunks of a fixed size, each drawing from its own
 * stream: chunk 0 from the seed itself, chunk c >= 1 from
 * `deriveSeed(seed, "chunk", c)`. A chunk's counts depend only on its seed
 * and size, so chunks can run on any worker, in any order, and add up to the
 * same tally; a run no longer than one chunk draws what it always drew.
 * Counts are whole numbers, so adding them is exact whatever the order.
 *
 * @module
 */

import { deriveSeed } from "./rng.ts";
import { SimulationInputError } from "./inputs.ts";
import type { RaceTally } from "./types.ts";

/** A run of consecutive simulations with its own stream: where it starts, how many, and its seed. */
export interface SimulationChunk {
  first: number;
  simulations: number;
  seed: number;
}

/**
 * The chunks of at most `size` that `simulations` simulations from `seed` are split into.
 *
 * @throws {SimulationInputError} unless `simulations` is a whole number >= 1.
 * @example
 * ```ts
 * import { simulationChunks } from "./chunks.ts";
 * import assert from "node:assert/strict";
 * const chunks = simulationChunks({ simulations: 2500, seed: 7 }, 1000);
 * assert.deepEqual(chunks.map((c) => c.simulations), [1000, 1000, 500]);
 * assert.equal(chunks[0].seed, 7); // the first chunk is the unchunked run's stream
 * ```
 */
export function simulationChunks(options: { simulations: number; seed: number }, size: number): SimulationChunk[] {
  if (!(Number.isInteger(options.simulations) && options.simulations >= 1)) {
    throw new SimulationInputError("simulations", "a whole number >= 1", String(options.simulations));
  }
  const chunks: SimulationChunk[] = [];
  for (let first = 0, c = 0; first < options.simulations; first += size, c++) {
    const seed = c === 0 ? options.seed : deriveSeed(options.seed, "chunk", c);
    chunks.push({ first, simulations: Math.min(size, options.simulations - first), seed });
  }
  return chunks;
}

/**
 * Adds `other`'s counts into `into`, element by element: how every tally of chunks is merged.
 *
 * @example
 * ```ts
 * import { addCounts } from "./chunks.ts";
 * import assert from "node:assert/strict";
 * const into = Float64Array.of(1, 2);
 * addCounts(into, Float64Array.of(3, 4));
 * assert.deepEqual([...into], [4, 6]);
 * ```
 */
export function addCounts(into: Float64Array, other: Float64Array): void {
  for (let k = 0; k < into.length; k++) into[k] += other[k];
}

/**
 * Adds one race tally into another of the same field and options: the
 * tallies of a race's chunks, wherever they ran.
 *
 * @throws {RangeError} for tallies of different fields.
 * @example
 * ```ts
 * import { addTally } from "./chunks.ts";
 * import type { RaceTally } from "./simulate.ts";
 * import assert from "node:assert/strict";
 * const a: RaceTally = { size: 1, simulations: 2, positions: Float64Array.of(2), dnfs: Float64Array.of(0) };
 * addTally(a, { size: 1, simulations: 3, positions: Float64Array.of(3), dnfs: Float64Array.of(1) });
 * assert.equal(a.simulations, 5);
 * ```
 */
export function addTally(into: RaceTally, other: RaceTally): void {
  if (into.size !== other.size) {
    throw new RangeError(`tallies of ${into.size} and ${other.size} drivers cannot be added`);
  }
  into.simulations += other.simulations;
  addCounts(into.positions, other.positions);
  addCounts(into.dnfs, other.dnfs);
  if (into.ahead !== undefined && other.ahead !== undefined) addCounts(into.ahead, other.ahead);
  if (into.byWinner !== undefined && other.byWinner !== undefined) {
    addCounts(into.byWinner.positions, other.byWinner.positions);
    addCounts(into.byWinner.dnfs, other.byWinner.dnfs);
    addCounts(into.byWinner.wins, other.byWinner.wins);
  }
}
