/**
 * The ML layer (`--use-ml-layer`): a learned correction on top of any
 * strength model, for what the model and the simulator together miss
 * (qualifying pace that says more about this weekend than the model
 * believes, a grid that holds better than the simulator assumes, drivers
 * who gain places, ...).
 *
 * For every finished race, at each of three levels of knowledge, it records
 * the features known before the race (`ml_features.ts`) against the
 * residual: each driver's finishing position as a normal score, in % of a
 * lap, minus what the hybrid forecast expected of them (the `expectedScores`
 * the caller supplies, in practice the race simulator on the base model's
 * strengths). A ridge regression on that expanding window predicts the
 * residual of the race being forecast; dividing by how strongly expected
 * scores follow the strength gap turns it into an adjustment of the gap,
 * which the simulator then uses like any strength. Adjustments are shrunk
 * toward zero while few races back them.
 *
 * The regressions are kept as sufficient statistics in the model state, so
 * the incremental cache keeps the fitted layer with each round and refits it
 * only when earlier data changed. Deterministic: the layer draws nothing,
 * and `expectedScores` must be deterministic too.
 *
 * @module
 */

import {
  type CalendarRound,
  type Entrant,
  type ResultRow,
  type RoundSessions,
  type SessionKind,
  startedRace,
  type Weekend,
} from "../data/format.ts";
import { type Horizon, HORIZONS, knownAt } from "../data/horizons.ts";
import { normalScore } from "./normal_score.ts";
import { round6 } from "../data/files.ts";
import { addRaceToForm, featureRows, FEATURES, levelOf, type RecentForm } from "./ml_features.ts";
import { addRidgeRows, emptyRidgeStats, featureImportance, fitRidge, type RidgeStats } from "./ridge.ts";
import type { DriverStrength, StrengthModel } from "./strength.ts";
import type { MlLayerSummary } from "../format/predictions.ts";

/** Bumped whenever the layer's arithmetic changes. */
export const ML_LAYER_VERSION = "ml-2";

/** The layer's own settings, chosen before looking at 2024-2025. */
export interface MlLayerParameters {
  /** Ridge penalty per row, on features scaled to unit root mean square. */
  ridge: number;
  /** Adjustments are scaled by races / (races + this): thin evidence, small corrections. */
  shrinkRaces: number;
  /** % of a lap per unit of finishing-order normal score (the Bayesian model's fitted rank scale). */
  lapGapPerScore: number;
}

/** The frozen settings. */
export const ML_LAYER_DEFAULTS: Readonly<MlLayerParameters> = {
  ridge: 0.05,
  shrinkRaces: 20,
  // The size the Bayesian model fitted for its rank scale (`rankScale`), stated here so the layer stands alone.
  lapGapPerScore: 0.98,
};

/**
 * What the forecast without the layer expects of each driver in a race:
 * the mean normal score of their classified position (retirements last, as
 * F1 classifies them), in % of a lap at `lapGapPerScore`. Deterministic.
 */
export type ExpectedScores = (
  strengths: readonly DriverStrength[],
  round: CalendarRound,
  sessions: RoundSessions,
) => Map<string, number>;

/**
 * A classified position as a normal score: the training target's scale.
 *
 * @example
 * ```ts
 * import { positionScore } from "./ml_layer.ts";
 * import assert from "node:assert/strict";
 * assert.ok(positionScore(1, 20, 1) < 0); // winning is the fast end
 * assert.equal(positionScore(10.5, 20, 1), 0);
 * ```
 */
export function positionScore(position: number, field: number, lapGapPerScore: number): number {
  return lapGapPerScore * normalScore(position, field);
}

/** The layer's state around the base model's: plain JSON. */
export interface MlLayerState<Base> {
  base: Base;
  /** Finished races in the training window. */
  races: number;
  /** Per level: running sums of the residual regression on that level's features. */
  stats: Record<Horizon, RidgeStats>;
  /** Per level: running sums of expected score on strength gap, for the slope that turns a residual into pace. */
  slope: Record<Horizon, RidgeStats>;
  /** Per level: fitted residual coefficients. */
  fit: Record<Horizon, number[]>;
  /** Per driver: recent starts. */
  form: Record<string, RecentForm>;
  /** The adjustment for the round being forecast, set by an update without its race. */
  pending: { round: number; level: Horizon; adjustment: Record<string, number> } | null;
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, x, i) => sum + x * b[i], 0);
}

function centred(values: readonly number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.map((v) => v - mean);
}

/** Each starter's classified position as a normal score (retirements last, in their listed order). */
function raceScores(sessions: RoundSessions, scale: number): Map<string, number> {
  const starters = (sessions.race ?? []).filter(startedRace);
  const classified = [
    ...starters.filter((row) => typeof row.position === "number")
      .sort((a, b) => (a.position as number) - (b.position as number)),
    ...starters.filter((row) => typeof row.position !== "number"),
  ];
  return new Map(classified.map((row, k) => [row.driver, positionScore(k + 1, classified.length, scale)]));
}

/** What an update of the layer needs besides its state and the weekend. */
interface LayerContext<Base> {
  base: StrengthModel<Base>;
  expectedScores: ExpectedScores;
  p: Readonly<MlLayerParameters>;
  only: (kind: SessionKind) => boolean;
}

function emptyStats(): Record<Horizon, RidgeStats> {
  return Object.fromEntries(HORIZONS.map((level) => [level, emptyRidgeStats(FEATURES[level].length)])) as Record<
    Horizon,
    RidgeStats
  >;
}

function emptySlopes(): Record<Horizon, RidgeStats> {
  return Object.fromEntries(HORIZONS.map((level) => [level, emptyRidgeStats(1)])) as Record<Horizon, RidgeStats>;
}

function fitAll(stats: Record<Horizon, RidgeStats>, ridge: number): Record<Horizon, number[]> {
  return Object.fromEntries(HORIZONS.map((level) => [level, fitRidge(stats[level], ridge)])) as Record<
    Horizon,
    number[]
  >;
}

function sessionsPassing(sessions: RoundSessions, accept: (kind: SessionKind) => boolean): RoundSessions {
  return Object.fromEntries(Object.entries(sessions).filter(([kind]) => accept(kind as SessionKind))) as RoundSessions;
}

/** A forecast's update (the weekend so far, no race): this round's adjustment, pending until its strengths are read. */
function pendingAdjustment<Base>(
  state: MlLayerState<Base>,
  weekend: Weekend,
  context: LayerContext<Base> & { nextBase: Base },
): MlLayerState<Base> {
  const { base, p, only, nextBase } = context;
  const known = sessionsPassing(weekend.sessions, only);
  const level = levelOf(known);
  const strengths = base.strengthsFor(nextBase, weekend.entrants, weekend.round.round);
  const rows = featureRows(level, strengths, { sessions: known, circuit: weekend.round.circuit, form: formOf(state) });
  const slope = fitRidge(state.slope[level], 0)[0];
  const shrink = state.races / (state.races + p.shrinkRaces);
  const adjustment = Object.fromEntries(
    [...rows].map(([driver, x]) => [driver, slope > 0 ? shrink * dot(state.fit[level], x) / slope : 0]),
  );
  return { ...state, base: nextBase, pending: { round: weekend.round.round, level, adjustment } };
}

function formOf<Base>(state: MlLayerState<Base>): Map<string, RecentForm> {
  return new Map(Object.entries(state.form));
}

/** A finished race: learn from it at every level, each with only what was known before it. */
function learnFromRace<Base>(
  state: MlLayerState<Base>,
  weekend: Weekend & { race: ResultRow[] },
  context: LayerContext<Base> & { nextBase: Base },
): MlLayerState<Base> {
  const { base, expectedScores, p, nextBase } = context;
  const { round, entrants, sessions } = weekend;
  const form = formOf(state);
  const actual = raceScores(sessions, p.lapGapPerScore);
  const stats = { ...state.stats };
  const slopes = { ...state.slope };
  for (const level of HORIZONS) {
    const before = knownAt(level, round.schedule);
    const levelSessions = sessionsPassing(sessions, before);
    const levelBase = base.updateWithRound(state.base, weekend, before);
    const strengths = base.strengthsFor(levelBase, entrants, round.round);
    const rows = featureRows(level, strengths, { sessions: levelSessions, circuit: round.circuit, form });
    const expected = expectedScores(strengths, round, levelSessions);
    const drivers = strengths.map((s) => s.driver).filter((d) => actual.has(d) && expected.has(d));
    if (drivers.length < 2) continue;
    const residual = centred(drivers.map((d) => actual.get(d)! - expected.get(d)!));
    stats[level] = addRidgeRows(stats[level], drivers.map((d) => rows.get(d)!), residual);
    const gaps = centred(drivers.map((d) => strengths.find((s) => s.driver === d)!.gap));
    slopes[level] = addRidgeRows(slopes[level], gaps.map((g) => [g]), centred(drivers.map((d) => expected.get(d)!)));
  }
  for (const row of weekend.race) {
    form.set(row.driver, addRaceToForm(form.get(row.driver) ?? { dnf: [], placesGained: [] }, row));
  }
  return {
    base: nextBase,
    races: state.races + 1,
    stats,
    slope: slopes,
    fit: fitAll(stats, p.ridge),
    form: Object.fromEntries(form),
    pending: null,
  };
}

function updateLayer<Base>(
  state: MlLayerState<Base>,
  weekend: Weekend,
  context: LayerContext<Base>,
): MlLayerState<Base> {
  const nextBase = context.base.updateWithRound(state.base, weekend, context.only);
  const race = context.only("race") ? weekend.sessions.race : undefined;
  if (race === undefined) return pendingAdjustment(state, weekend, { ...context, nextBase });
  return learnFromRace(state, { ...weekend, race }, { ...context, nextBase });
}

function layerStrengths<Base>(
  state: MlLayerState<Base>,
  field: { entrants: readonly Entrant[]; round: number },
  base: StrengthModel<Base>,
): DriverStrength[] {
  const strengths = base.strengthsFor(state.base, field.entrants, field.round);
  const pending = state.pending?.round === field.round ? state.pending.adjustment : undefined;
  if (pending === undefined) return strengths;
  return strengths.map((s) => {
    const adjustment = pending[s.driver] ?? 0;
    return { ...s, gap: s.gap + adjustment, adjustment };
  });
}

/**
 * A strength model with the ML layer on top. Its version is the base's plus
 * the layer's, so caches of the base alone are not reused.
 *
 * @example
 * ```ts
 * import { withMlLayer } from "./ml_layer.ts";
 * import { bayesModel } from "./bayes.ts";
 * import assert from "node:assert/strict";
 * assert.match(withMlLayer(bayesModel, () => new Map()).version, /^bayes-3\+fit.*\+ml-2$/);
 * ```
 */
export function withMlLayer<Base>(
  base: StrengthModel<Base>,
  expectedScores: ExpectedScores,
  p: Readonly<MlLayerParameters> = ML_LAYER_DEFAULTS,
): StrengthModel<MlLayerState<Base>> {
  return {
    version: `${base.version}+${ML_LAYER_VERSION}`,
    ...(base.parameters === undefined ? {} : { parameters: base.parameters }),
    ...(base.simulator === undefined ? {} : { simulator: base.simulator }),
    ...(base.roundDrift === undefined ? {} : { roundDrift: base.roundDrift }),
    empty: () => {
      const stats = emptyStats();
      return {
        base: base.empty(),
        races: 0,
        stats,
        slope: emptySlopes(),
        fit: fitAll(stats, p.ridge),
        form: {},
        pending: null,
      };
    },
    updateWithRound: (state, weekend, only = () => true) =>
      updateLayer(state, weekend, { base, expectedScores, p, only }),
    strengthsFor: (state, entrants, round) => layerStrengths(state, { entrants, round }, base),
  };
}

/**
 * The layer's feature importances and window size.
 *
 * @example
 * ```ts
 * import { mlLayerSummary, withMlLayer } from "./ml_layer.ts";
 * import { bayesModel } from "./bayes.ts";
 * import assert from "node:assert/strict";
 * assert.equal(mlLayerSummary(withMlLayer(bayesModel, () => new Map()).empty()).races_trained, 0);
 * ```
 */
export function mlLayerSummary(state: MlLayerState<unknown>): MlLayerSummary {
  return {
    races_trained: state.races,
    feature_importance: Object.fromEntries(HORIZONS.map((level) => {
      const shares = featureImportance(state.stats[level], state.fit[level]);
      return [level, Object.fromEntries(FEATURES[level].map((name, i) => [name, round6(shares[i])]))];
    })) as MlLayerSummary["feature_importance"],
  };
}
