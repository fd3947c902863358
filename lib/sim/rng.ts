/**
 * Seeded random numbers: xoshiro128** 1.1 (Blackman and Vigna), seeded
 * through splitmix32, with a ziggurat normal sampler (Marsaglia and Tsang,
 * "The Ziggurat Method for Generating Random Variables", 2000). Every
 * simulation draws from its own generator, so results depend only on the
 * inputs and the seed, never on what else runs.
 *
 * The ziggurat covers the half density f(x) = exp(-x^2 / 2) with 128 layers
 * of equal area v = 9.91256303526217e-3. Layer 0 is the base: the rectangle
 * [0, r) x [0, f(r)] plus the tail beyond r = 3.442619855899, given the
 * pseudo-width x_0 = v / f(r). Layer i >= 1 is [0, x_i) x [f(x_i), f(x_{i+1})],
 * with x_1 = r, x_{i+1} = sqrt(-2 ln(v / x_i + f(x_i))) for equal area, and
 * 1 over the top layer. One 32-bit draw gives the layer (its low 7 bits) and
 * a signed 25-bit j (the other 25), so x = j * x_i / 2^24 is uniform across
 * the layer on both sides of 0. When |x| < x_{i+1} (r for the base) the point
 * lies under the curve and x is returned: one multiplication, in 97.2% of
 * draws. Otherwise a layer's point is in its wedge, accepted when a uniform
 * height between f(x_i) and f(x_{i+1}) falls under f(x), and the base's
 * comes from the tail by Marsaglia's method (x = -ln(U1) / r until
 * -2 ln(U2) > x^2, then r + x). Each rejection starts again with a new draw.
 * Every branch is exact, so the draws are standard normal up to the 2^-24
 * spacing of x within a layer.
 *
 * @module
 */

const TWO_POW_32 = 4294967296;
const TWO_POW_24 = 16777216;
const ZIGGURAT_R = 3.442619855899;
const ZIGGURAT_AREA = 9.91256303526217e-3;

/**
 * The ziggurat's tables, from the constants above: `width[i]` = x_i / 2^24, `inner[i]` = the largest |j| whose
 * point lies under the curve in layer i, as x_{i+1} / x_i * 2^24 (0 for the top layer), `density[i]` = f(x_i)
 * with f(x_0) = f(r) for the base and 1 above the top.
 */
const ziggurat = (() => {
  const width = new Float64Array(128), inner = new Int32Array(128), density = new Float64Array(129);
  const f = (x: number) => Math.exp(-0.5 * x * x);
  const x = new Float64Array(129);
  x[0] = ZIGGURAT_AREA / f(ZIGGURAT_R);
  x[1] = ZIGGURAT_R;
  for (let i = 1; i < 127; i++) x[i + 1] = Math.sqrt(-2 * Math.log(ZIGGURAT_AREA / x[i] + f(x[i])));
  for (let i = 0; i < 128; i++) {
    width[i] = x[i] / TWO_POW_24;
    inner[i] = i === 127 ? 0 : Math.floor((x[i + 1] / x[i]) * TWO_POW_24);
    density[i] = i === 0 ? f(ZIGGURAT_R) : f(x[i]);
  }
  density[128] = 1;
  return { width, inner, density };
})();

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
  // Four words in an Int32Array, not four fields: fields holding 32-bit words outgrow V8's small integers and
  // are boxed, which made every draw three times slower.
  readonly #state = new Int32Array(4);
  readonly #one = new Int32Array(1);
  #scratch = new Int32Array(64);

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
    this.#state.set([s0, s1, s2, s3]);
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    return this.#nextInt32() >>> 0;
  }

  /** The next 32-bit output as a signed integer: the same bits as `nextUint32`. */
  #nextInt32(): number {
    const one = this.#one;
    this.#fillWords(one, 1);
    return one[0];
  }

  /**
   * The generator's one step, `count` times into `words` (as signed integers), the state in locals for the loop.
   */
  #fillWords(words: Int32Array, count: number): void {
    const state = this.#state;
    let s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
    for (let k = 0; k < count; k++) {
      const product = Math.imul(s1, 5);
      words[k] = Math.imul((product << 7) | (product >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    state[0] = s0;
    state[1] = s1;
    state[2] = s2;
    state[3] = s3;
  }

  /** `count` fresh words in the generator's scratch array, grown (once) when too small. */
  #words(count: number): Int32Array {
    if (this.#scratch.length < count) this.#scratch = new Int32Array(count);
    this.#fillWords(this.#scratch, count);
    return this.#scratch;
  }

  /** A uniform draw in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /**
   * `count` uniform draws in [0, 1) into `out`: the same values as `count` calls of `nextFloat`, faster.
   *
   * @example
   * ```ts
   * import { Xoshiro128 } from "./rng.ts";
   * import assert from "node:assert/strict";
   * const out = new Float64Array(3);
   * new Xoshiro128(9).fillFloats(out, 3);
   * const one = new Xoshiro128(9);
   * assert.deepEqual([...out], [one.nextFloat(), one.nextFloat(), one.nextFloat()]);
   * ```
   */
  fillFloats(out: Float64Array, count: number): void {
    const words = this.#words(count);
    for (let k = 0; k < count; k++) out[k] = (words[k] >>> 0) / TWO_POW_32;
  }

  /** A standard normal draw (the ziggurat: one 32-bit draw and one multiplication in 97.2% of calls). */
  nextNormal(): number {
    return this.#normalFrom(this.#nextInt32());
  }

  /**
   * `count` independent standard normal draws into `out`. The values differ from `count` calls of `nextNormal`
   * where a draw needs more than one word: its extra words come after the `count` drawn at once. A loop of nothing
   * but draws is no faster this way (`bench/simulate_bench.ts`); the simulator's race, which draws between other
   * work, ran 14-20% faster than with one call per draw (both versions timed interleaved, best of seven).
   *
   * @example
   * ```ts
   * import { Xoshiro128 } from "./rng.ts";
   * import assert from "node:assert/strict";
   * const out = new Float64Array(1000);
   * new Xoshiro128(9).fillNormals(out, 1000);
   * const mean = out.reduce((sum, z) => sum + z, 0) / 1000;
   * assert.ok(Math.abs(mean) < 4 / Math.sqrt(1000));
   * ```
   */
  fillNormals(out: Float64Array, count: number): void {
    const words = this.#words(count);
    const { width, inner } = ziggurat;
    for (let k = 0; k < count; k++) {
      const u = words[k];
      const layer = u & 127;
      const j = u >> 7;
      out[k] = Math.abs(j) < inner[layer] ? j * width[layer] : this.#normalFrom(u);
    }
  }

  /**
   * A normal draw from its first word: under the curve at once in most draws; a point in a layer's wedge, the base
   * strip's tail or a fresh word otherwise. `fillNormals` inlines the first check, the only one on its hot path.
   */
  #normalFrom(first: number): number {
    const { width, inner, density } = ziggurat;
    for (let u = first;; u = this.#nextInt32()) {
      const layer = u & 127;
      const j = u >> 7;
      if (Math.abs(j) < inner[layer]) return j * width[layer];
      if (layer === 0) {
        let x: number, y: number;
        do {
          x = -Math.log(1 - this.nextFloat()) / ZIGGURAT_R;
          y = -Math.log(1 - this.nextFloat());
        } while (y + y < x * x);
        return j < 0 ? -(ZIGGURAT_R + x) : ZIGGURAT_R + x;
      }
      const x = j * width[layer];
      const height = density[layer] + this.nextFloat() * (density[layer + 1] - density[layer]);
      if (height < Math.exp(-0.5 * x * x)) return x;
    }
  }
}
