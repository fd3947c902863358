/**
 * How hard it is to overtake at each circuit, from 0 (the grid barely
 * matters) to 1 (no overtaking at all). Values are judgements from the
 * 2022-2025 ground-effect era (Monaco the hardest; Bahrain, Spa, Shanghai the
 * easiest), not fitted; circuits not listed take their type's value.
 *
 * @module
 */

import type { Circuit, CircuitType } from "../data/format.ts";

const BY_CIRCUIT: Readonly<Record<string, number>> = {
  monaco: 0.95,
  "marina-bay": 0.8,
  hungaroring: 0.75,
  imola: 0.75,
  zandvoort: 0.75,
  suzuka: 0.65,
  catalunya: 0.6,
  "yas-marina": 0.55,
  melbourne: 0.55,
  "paul-ricard": 0.5,
  jeddah: 0.5,
  lusail: 0.5,
  silverstone: 0.45,
  "mexico-city": 0.45,
  miami: 0.45,
  "las-vegas": 0.4,
  montreal: 0.4,
  austin: 0.4,
  interlagos: 0.35,
  spielberg: 0.35,
  baku: 0.35,
  monza: 0.35,
  shanghai: 0.3,
  "spa-francorchamps": 0.3,
  bahrain: 0.25,
};

const BY_TYPE: Readonly<Record<CircuitType, number>> = { street: 0.65, race: 0.5, road: 0.5 };

/**
 * The overtaking difficulty of a circuit.
 *
 * @example
 * ```ts
 * import { overtakingDifficulty } from "./circuits.ts";
 * import assert from "node:assert/strict";
 * assert.equal(overtakingDifficulty({ id: "monaco", name: "Monaco", type: "street" }), 0.95);
 * assert.equal(overtakingDifficulty({ id: "new-track", name: "New", type: "street" }), 0.65);
 * ```
 */
export function overtakingDifficulty(circuit: Circuit): number {
  return BY_CIRCUIT[circuit.id] ?? BY_TYPE[circuit.type];
}
