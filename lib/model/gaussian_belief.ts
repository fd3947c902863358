/**
 * A joint Gaussian belief over named quantities, updated in closed form: the
 * Kalman filter's two steps. `observe` conditions on one linear observation
 * `y = Σ c_j x[h_j] + ε`, ε ~ N(0, r): with P the covariance, h the observed
 * indices and c their coefficients (1 unless given), s = cᵀ P[h,h] c + r,
 * the gain k = P[:,h] c / s, and mean += k (y - Σ c_j mean[h_j]),
 * P -= k (P[:,h] c)ᵀ. `drift` lets chosen beliefs
 * wander between observations: their means shrink by a factor ρ (covariances
 * by ρ per side) and their variances grow by sd². Beliefs can be added
 * (independent of the rest) and the last one dropped (marginalised out).
 *
 * @module
 */

/** A belief as plain JSON: ids, means and the row-major covariance. */
export interface GaussianBeliefJson {
  ids: string[];
  mean: number[];
  /** Row-major, ids.length squared. */
  cov: number[];
}

/**
 * The working form of a belief: typed arrays and an index by id.
 *
 * @example
 * ```ts
 * import { Belief } from "./gaussian_belief.ts";
 * import assert from "node:assert/strict";
 * const belief = new Belief({ ids: [], mean: [], cov: [] });
 * const x = belief.add("x", 0, 1);
 * belief.observe([x], 2, 1); // equal prior and noise variance: the mean moves halfway
 * assert.equal(belief.mean[x], 1);
 * assert.equal(belief.cov[0], 0.5);
 * const y = belief.add("y", 0, 1);
 * belief.observeCombination([[y, 2]], 2, 1); // 2y observed: s = 4 + 1, gain 2/5
 * assert.equal(belief.mean[y].toFixed(6), "0.800000");
 * assert.equal(belief.cov[3].toFixed(6), "0.200000");
 * ```
 */
export class Belief {
  ids: string[];
  index: Map<string, number>;
  mean: Float64Array;
  cov: Float64Array;

  constructor(state: GaussianBeliefJson) {
    this.ids = [...state.ids];
    this.index = new Map(this.ids.map((id, i) => [id, i]));
    this.mean = Float64Array.from(state.mean);
    this.cov = Float64Array.from(state.cov);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds a belief, independent of the others; returns its index. */
  add(id: string, mean: number, variance: number): number {
    const n = this.size;
    const cov = new Float64Array((n + 1) * (n + 1));
    for (let i = 0; i < n; i++) cov.set(this.cov.subarray(i * n, i * n + n), i * (n + 1));
    cov[n * (n + 1) + n] = variance;
    const means = new Float64Array(n + 1);
    means.set(this.mean);
    means[n] = mean;
    this.cov = cov;
    this.mean = means;
    this.ids.push(id);
    this.index.set(id, n);
    return n;
  }

  /** Removes the last belief (the session nuisance). */
  dropLast(): void {
    const n = this.size - 1;
    const cov = new Float64Array(n * n);
    for (let i = 0; i < n; i++) cov.set(this.cov.subarray(i * (n + 1), i * (n + 1) + n), i * n);
    this.cov = cov;
    this.mean = this.mean.slice(0, n);
    this.index.delete(this.ids.pop()!);
  }

  /** Conditions on one observation `y = Σ x[h] + noise` (h: indices with coefficient 1). */
  observe(h: readonly number[], y: number, noiseVariance: number): void {
    this.observeCombination(h.map((j) => [j, 1] as const), y, noiseVariance);
  }

  /** Conditions on one observation `y = Σ c x[j] + noise` over the (index j, coefficient c) terms. */
  observeCombination(terms: ReadonlyArray<readonly [number, number]>, y: number, noiseVariance: number): void {
    const n = this.size;
    const ph = new Float64Array(n);
    for (const [j, c] of terms) for (let i = 0; i < n; i++) ph[i] += c * this.cov[i * n + j];
    let s = noiseVariance;
    let predicted = 0;
    for (const [j, c] of terms) {
      s += c * ph[j];
      predicted += c * this.mean[j];
    }
    const innovation = (y - predicted) / s;
    for (let i = 0; i < n; i++) this.mean[i] += ph[i] * innovation;
    for (let i = 0; i < n; i++) {
      const k = ph[i] / s;
      if (k === 0) continue;
      for (let j = 0; j < n; j++) this.cov[i * n + j] -= k * ph[j];
    }
  }

  /** Drift: every belief of `kind` keeps `reversion` of its mean and gains `sd²` variance. */
  drift(prefix: string, sd: number, reversion: number): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      if (!this.ids[i].startsWith(prefix)) continue;
      this.mean[i] *= reversion;
      for (let j = 0; j < n; j++) {
        this.cov[i * n + j] *= reversion;
        this.cov[j * n + i] *= reversion;
      }
      this.cov[i * n + i] += sd * sd;
    }
  }

  /** The belief as plain JSON. */
  toJson(): GaussianBeliefJson {
    return { ids: [...this.ids], mean: [...this.mean], cov: [...this.cov] };
  }
}
