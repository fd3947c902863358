/**
 * Seeded random numbers: xoshiro128** 1.1 (Blackman and Vigna), seeded
 * through splitmix32, with a normal sampler (Marsaglia's polar method).
 * Every simulation draws from its own generator, so results depend only on
 * the inputs and the seed, never on what else runs.
 *
 * @module
 */

const TWO_POW_32 = 4294967296;

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/**
 * Mixes a seed with labels (numbers or strings) into a new 32-bit seed, so
 * that each race and scenario gets its own stream whatever order they run in.
 *
 * @example
 * ```ts
 * import { deriveSeed } from "./rng.ts";
 * import assert from "node:assert/strict";
 * assert.ok(deriveSeed(42, "race", 3) === deriveSeed(42, "race", 3));
 * assert.equal(deriveSeed(42, "race", 3) === deriveSeed(42, "race", 4), false);
 * ```
 */
export function deriveSeed(seed: number, ...labels: ReadonlyArray<string | number>): number {
  let hash = (seed >>> 0) ^ 0x811c9dc5;
  for (const label of labels) {
    const text = `${typeof label}:${label};`;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = splitmix32(hash)[1];
  }
  return hash >>> 0;
}

/**
 * The xoshiro128** generator. State is four 32-bit words; `nextUint32` is the
 * reference algorithm, checked in the tests against the authors' C code.
 *
 * @example
 * ```ts
 * import { Xoshiro128 } from "./rng.ts";
 * const rng = new Xoshiro128(2025);
 * import assert from "node:assert/strict";
 * const u = rng.nextFloat();
 * assert.ok(u >= 0 && u < 1);
 * assert.ok(Number.isFinite(rng.nextNormal())); // a standard normal draw
 * assert.equal(new Xoshiro128(2025).nextFloat(), u); // the same seed, the same stream
 * ```
 */
export class Xoshiro128 {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = 0;
  private hasSpare = false;

  /** Seeds the state from a 32-bit integer through four splitmix32 steps. */
  constructor(seed: number) {
    let state = seed | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, word] = splitmix32(state);
      state = next;
      words.push(word);
    }
    this.setState([words[0], words[1], words[2], words[3]]);
  }

  /**
   * A generator with the given raw state (not all zero), as the reference code takes it.
   *
   * @example
   * ```ts
   * import { Xoshiro128 } from "./rng.ts";
   * import assert from "node:assert/strict";
   * assert.equal(Xoshiro128.fromState([1, 2, 3, 4]).nextUint32(), 11520);
   * ```
   */
  static fromState(state: readonly [number, number, number, number]): Xoshiro128 {
    const rng = new Xoshiro128(0);
    rng.setState(state);
    return rng;
  }

  private setState([s0, s1, s2, s3]: readonly [number, number, number, number]): void {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError("xoshiro128** state must not be all zero");
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
    this.hasSpare = false;
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }

  /** A uniform draw in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** A standard normal draw (polar method; the second value of each pair is kept for the next call). */
  nextNormal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = this.nextUint32() / 2147483648 - 1;
      v = this.nextUint32() / 2147483648 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt(-2 * Math.log(s) / s);
    this.spare = v * factor;
    this.hasSpare = true;
    return u * factor;
  }
}
