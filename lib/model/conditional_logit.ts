/**
 * McFadden's conditional logit: in each choice set (a race), option i (a
 * driver) is chosen (wins) with probability exp(b·x_i) / Σ_j exp(b·x_j).
 * Fitted by Newton's method on the log-likelihood, which is concave; a small
 * ridge keeps it strictly so when a feature never varies.
 *
 * @module
 */

/** One choice: each option's features, and which option was chosen. */
export interface ChoiceSet {
  /** `features[i]`: option i's feature vector; every vector has the same length. */
  features: readonly (readonly number[])[];
  /** Index into `features` of the option chosen. */
  chosen: number;
  /** How much the set counts in the likelihood (default 1): forgetting gives older sets less. */
  weight?: number;
}

/** How a fit is held: a ridge penalty `ridge/2 * |b - prior|²` toward `prior` (default zero). */
export interface LogitPenalty {
  /** Default 1e-6: only there to keep the problem well posed. */
  ridge?: number;
  prior?: readonly number[];
}

/** Thrown when choice sets cannot be fitted: none, mismatched lengths, or non-finite values. */
export class ConditionalLogitError extends Error {
  /**
   * @example
   * ```ts
   * import { ConditionalLogitError } from "./conditional_logit.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new ConditionalLogitError("sets[2].chosen: expected an option index 0-19; found 20").name, "ConditionalLogitError");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "ConditionalLogitError";
  }
}

/**
 * An option's utility under coefficients `b`: the dot product b·x.
 *
 * @example
 * ```ts
 * import { logitUtility } from "./conditional_logit.ts";
 * import assert from "node:assert/strict";
 * assert.equal(logitUtility([2, -1], [3, 4]), 2);
 * ```
 */
export function logitUtility(b: readonly number[], x: readonly number[]): number {
  return x.reduce((sum, value, k) => sum + b[k] * value, 0);
}

/**
 * Each option's probability of being chosen under coefficients `b`.
 *
 * @example
 * ```ts
 * import { choiceProbabilities } from "./conditional_logit.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(choiceProbabilities([Math.log(3)], [[1], [0]]), [0.75, 0.25]);
 * ```
 */
export function choiceProbabilities(b: readonly number[], features: readonly (readonly number[])[]): number[] {
  const utilities = features.map((x) => logitUtility(b, x));
  const top = Math.max(...utilities);
  const weights = utilities.map((u) => Math.exp(u - top));
  const total = weights.reduce((a, c) => a + c, 0);
  return weights.map((w) => w / total);
}

function checkSets(sets: readonly ChoiceSet[]): number {
  if (sets.length === 0) throw new ConditionalLogitError("sets: expected at least one choice set; found none");
  const width = sets[0].features[0]?.length ?? 0;
  sets.forEach((set, s) => {
    if (!(Number.isInteger(set.chosen) && set.chosen >= 0 && set.chosen < set.features.length)) {
      throw new ConditionalLogitError(
        `sets[${s}].chosen: expected an option index 0-${set.features.length - 1}; found ${set.chosen}`,
      );
    }
    set.features.forEach((x, i) => {
      if (x.length !== width || !x.every(Number.isFinite)) {
        throw new ConditionalLogitError(
          `sets[${s}].features[${i}]: expected ${width} finite numbers; found [${x.join(", ")}]`,
        );
      }
    });
  });
  return width;
}

/** Solves `a x = y` for a small symmetric positive definite `a` (Gaussian elimination with pivoting). */
function solve(a: number[][], y: number[]): number[] {
  const n = y.length;
  const m = a.map((row, i) => [...row, y[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r][n];
    for (let k = r + 1; k < n; k++) sum -= m[r][k] * x[k];
    x[r] = sum / m[r][r];
  }
  return x;
}

/** The penalised log-likelihood that the fit maximises. */
function penalisedLogLikelihood(
  b: readonly number[],
  sets: readonly ChoiceSet[],
  penalty: { ridge: number; prior: readonly number[] },
): number {
  let total = -penalty.ridge / 2 * b.reduce((sum, bk, k) => sum + (bk - penalty.prior[k]) ** 2, 0);
  for (const set of sets) total += (set.weight ?? 1) * Math.log(choiceProbabilities(b, set.features)[set.chosen]);
  return total;
}

/**
 * Maximum-likelihood coefficients of a conditional logit, each set weighted
 * by its `weight`, with a ridge penalty toward a prior (see `LogitPenalty`).
 * Newton steps are halved until the likelihood rises, so a start far from
 * the optimum cannot overshoot.
 *
 * @throws {ConditionalLogitError} for no sets, ragged or non-finite features, or a chosen index out of range.
 * @example
 * ```ts
 * import { fitConditionalLogit } from "./conditional_logit.ts";
 * import assert from "node:assert/strict";
 * // The option with feature 1 was chosen in 3 of 4 sets: b = ln 3.
 * const set = (chosen: number) => ({ features: [[1], [0]], chosen });
 * assert.equal(fitConditionalLogit([set(0), set(0), set(0), set(1)])[0].toFixed(3), "1.099");
 * ```
 */
export function fitConditionalLogit(sets: readonly ChoiceSet[], penalty: LogitPenalty = {}): number[] {
  const width = checkSets(sets);
  const ridge = penalty.ridge ?? 1e-6;
  const prior = penalty.prior ?? new Array<number>(width).fill(0);
  if (prior.length !== width) {
    throw new ConditionalLogitError(`prior: expected ${width} coefficients; found ${prior.length}`);
  }
  const held = { ridge, prior };
  let b = [...prior];
  let likelihood = penalisedLogLikelihood(b, sets, held);
  for (let iteration = 0; iteration < 100; iteration++) {
    const gradient = b.map((bk, k) => -ridge * (bk - prior[k]));
    const hessian = b.map((_, r) => b.map((_, c) => r === c ? ridge : 0));
    for (const set of sets) addSetDerivatives(b, set, { gradient, hessian });

    let step = solve(hessian, gradient);
    let next = b.map((bk, k) => bk + step[k]);
    let nextLikelihood = penalisedLogLikelihood(next, sets, held);
    for (let halvings = 0; !(nextLikelihood >= likelihood) && halvings < 50; halvings++) {
      step = step.map((x) => x / 2);
      next = b.map((bk, k) => bk + step[k]);
      nextLikelihood = penalisedLogLikelihood(next, sets, held);
    }
    if (!(nextLikelihood >= likelihood)) break;
    b = next;
    likelihood = nextLikelihood;
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  return b;
}

/** Adds one set's weighted gradient and (negated) Hessian of the log-likelihood at `b`. */
function addSetDerivatives(
  b: readonly number[],
  set: ChoiceSet,
  into: { gradient: number[]; hessian: number[][] },
): void {
  const width = b.length;
  const weight = set.weight ?? 1;
  const p = choiceProbabilities(b, set.features);
  const mean = new Array<number>(width).fill(0);
  set.features.forEach((x, i) => x.forEach((v, k) => mean[k] += p[i] * v));
  set.features[set.chosen].forEach((v, k) => into.gradient[k] += weight * (v - mean[k]));
  set.features.forEach((x, i) => {
    for (let r = 0; r < width; r++) {
      for (let c = 0; c < width; c++) into.hessian[r][c] += weight * p[i] * (x[r] - mean[r]) * (x[c] - mean[c]);
    }
  });
}
