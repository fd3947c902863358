/**
 * The Bayesian strength model (`--use-bayesian`): every car's pace and every
 * driver's skill as one joint Gaussian belief, updated session by session in
 * closed form (a Kalman filter) and drifting between races.
 *
 * A driver's pace in a session, in % of a lap behind an unknown session
 * level c, is `car[team] + skill[driver] + c + noise`:
 *
 * - timed sessions (practice, each qualifying segment Q1/Q2/Q3 separately)
 *   observe lap-time gaps, practice with more noise (fuel and programmes
 *   differ); laps more than `maxGap` % off the best are dropped as aborted;
 * - sprints and races observe the finishing order of the classified drivers
 *   through a Thurstone rank likelihood in its Gaussian approximation: the
 *   k-th of n finishers is observed at the normal score
 *   `rankScale * Φ⁻¹((k - 0.5) / n)`, so each update stays linear-Gaussian;
 * - the session level c is a nuisance with a flat prior, added for the
 *   session and integrated out after it, so only differences between
 *   drivers inform the beliefs;
 * - in a session the data marks wet (`calendar[].conditions`), pace is
 *   `car + skill + w·wet[driver] + c + noise` with w = 1 (wet) or 1/2
 *   (mixed): `wet[driver]`, the
 *   driver's wet-weather offset, starts at 0 with sd `wetSkillPrior` when
 *   the driver first runs in the wet and does not drift; a driver never seen
 *   in the wet keeps the prior. The wet race scenario adds it to the
 *   driver's pace, its uncertainty included (`DriverStrength.wet`).
 *
 * Because car and skill enter as a sum, team-mates' comparisons identify
 * skill and the joint covariance carries the rest: a driver's skill follows
 * them when they change team, the car's pace stays with the team. Between
 * rounds every belief drifts (variance grows by `carDrift²` or
 * `skillDrift²`, means shrink slightly toward zero so the common level stays
 * bounded); over a winter break cars drift by `winterCarDrift`, and by
 * `resetCarDrift` more (added in variance) when the new season rewrites the
 * technical rules (`lib/model/regulations.ts`). A renamed team keeps its
 * car's belief along its lineage (F1DB's chronology, in the season's
 * `teams`: AlphaTauri -> RB -> Racing Bulls, Alfa Romeo -> Kick Sauber).
 *
 * Priors: a new team (no known history) starts at the field's average car
 * with sd `carPrior`, wider than any established team's belief, so neither
 * the front nor the back of the grid is assumed; its first timed session
 * places it. A driver never seen starts `rookieSkill` % slower than average
 * with `skillPrior` spread.
 * Reliability is Beta-Binomial, shared with the form model.
 *
 * @module
 */

import type {
  CalendarRound,
  Entrant,
  QualifyingRow,
  ResultRow,
  RoundSessions,
  SessionKind,
  Weekend,
} from "../data/format.ts";
import { lapGapPercent } from "../data/laptime.ts";
import { normalScore } from "./normal_score.ts";
import { hashParts } from "../data/hash.ts";
import { Belief, type GaussianBeliefJson } from "./gaussian_belief.ts";
import { countRetirements, type ReliabilityState, retirementChances } from "./reliability.ts";
import { carAncestor, type DriverStrength, type StrengthModel, teamsForRound } from "./strength.ts";
import { isRegulationReset, REGULATION_RESET_YEARS } from "./regulations.ts";
import { BAYES_DEFAULTS, BAYES_FITS, type BayesFit, bayesFitFor, type BayesParameters } from "./bayes_parameters.ts";

export {
  BAYES_DEFAULTS,
  BAYES_FIT_START,
  BAYES_FITS,
  type BayesFit,
  bayesFitFor,
  type BayesParameters,
} from "./bayes_parameters.ts";

/** Bumped whenever the model's arithmetic changes, so caches from older versions are not reused. */
export const BAYES_MODEL_VERSION = "bayes-3";

/** Variance of the session-level nuisance: flat for practical purposes. */
const NUISANCE_VARIANCE = 1e4;

/** The model's beliefs after some rounds; plain JSON. Belief ids: `car:<team id>` and `skill:<driver code>`. */
export interface BayesState extends GaussianBeliefJson {
  /** The season of the last round seen, to notice a winter break. */
  season: number | null;
  reliability: ReliabilityState;
}

type Observations = Array<{ driver: string; value: number }>;

function lapGaps(times: ReadonlyArray<{ driver: string; ms: number | null }>, maxGap: number): Observations {
  const timed = times.filter((t): t is { driver: string; ms: number } => t.ms !== null && t.ms > 0);
  if (timed.length < 2) return [];
  const best = Math.min(...timed.map((t) => t.ms));
  return timed.map((t) => ({ driver: t.driver, value: lapGapPercent(t.ms, best) })).filter((o) => o.value <= maxGap);
}

function qualifyingSegments(rows: readonly QualifyingRow[], maxGap: number): Observations[] {
  return (["q1_ms", "q2_ms", "q3_ms"] as const).map((segment) =>
    lapGaps(rows.map((row) => ({ driver: row.driver, ms: row[segment] })), maxGap)
  );
}

function normalScores(rows: readonly ResultRow[], scale: number): Observations {
  const finishers = rows.filter((row) => typeof row.position === "number")
    .sort((a, b) => (a.position as number) - (b.position as number));
  const n = finishers.length;
  if (n < 2) return [];
  return finishers.map((row, k) => ({ driver: row.driver, value: scale * normalScore(k + 1, n) }));
}

/** The observation sets of one session, each with its own session level, and their noise sd. */
function sessionObservations(
  kind: SessionKind,
  sessions: RoundSessions,
  p: BayesParameters,
): { sets: Observations[]; noise: number } {
  switch (kind) {
    case "fp1":
    case "fp2":
    case "fp3":
      return {
        sets: [lapGaps((sessions[kind] ?? []).map((row) => ({ driver: row.driver, ms: row.best_lap_ms })), p.maxGap)],
        noise: p.practiceNoise,
      };
    case "qualifying":
    case "sprint_qualifying":
      return { sets: qualifyingSegments(sessions[kind] ?? [], p.maxGap), noise: p.qualifyingNoise };
    case "race":
      return { sets: [normalScores(sessions.race ?? [], p.rankScale)], noise: p.raceNoise };
    case "sprint":
      return { sets: [normalScores(sessions.sprint ?? [], p.rankScale)], noise: p.sprintNoise };
    case "grid":
      return { sets: [], noise: 0 };
  }
}

function carId(team: string): string {
  return `car:${team}`;
}

function skillId(driver: string): string {
  return `skill:${driver}`;
}

function wetId(driver: string): string {
  return `wet:${driver}`;
}

/** How much of a session's pace is wet-weather pace: 1 wet, 1/2 mixed, 0 dry or unknown. */
function wetShare(round: CalendarRound, kind: SessionKind): number {
  const conditions = kind === "grid" ? undefined : round.conditions?.[kind];
  return conditions === "wet" ? 1 : conditions === "mixed" ? 0.5 : 0;
}

/**
 * Makes sure every car and driver of the round has a belief: a renamed team
 * takes over its predecessor's car, a new team gets the new-team prior.
 */
function ensureEntities(
  belief: Belief,
  field: { teamOfDriver: ReadonlyMap<string, string>; entrants: readonly Entrant[] },
  p: BayesParameters,
): void {
  const { teamOfDriver, entrants } = field;
  const cars = belief.ids.flatMap((id, i) => id.startsWith("car:") ? [belief.mean[i]] : []);
  const averageCar = cars.length === 0 ? 0 : cars.reduce((a, b) => a + b, 0) / cars.length;
  for (const team of new Set(teamOfDriver.values())) {
    const before = carAncestor(team, entrants, (id) => belief.index.has(carId(id)));
    if (before === team) continue;
    if (before === undefined) {
      belief.add(carId(team), averageCar, p.carPrior ** 2);
    } else {
      const from = belief.index.get(carId(before))!;
      belief.ids[from] = carId(team);
      belief.index.delete(carId(before));
      belief.index.set(carId(team), from);
    }
  }
  for (const driver of teamOfDriver.keys()) {
    if (!belief.index.has(skillId(driver))) belief.add(skillId(driver), p.rookieSkill, p.skillPrior ** 2);
  }
}

function observeSet(
  belief: Belief,
  set: Observations,
  context: { teamOfDriver: ReadonlyMap<string, string>; noise: number; wet: number },
) {
  const { teamOfDriver, noise, wet } = context;
  const usable = set.filter((o) => teamOfDriver.has(o.driver));
  if (usable.length < 2) return;
  const level = belief.add("level", 0, NUISANCE_VARIANCE);
  for (const o of usable) {
    const car = belief.index.get(carId(teamOfDriver.get(o.driver)!))!;
    const skill = belief.index.get(skillId(o.driver))!;
    if (wet === 0) belief.observe([car, skill, level], o.value, noise * noise);
    else {
      const wetSkill = belief.index.get(wetId(o.driver))!;
      belief.observeCombination([[car, 1], [skill, 1], [wetSkill, wet], [level, 1]], o.value, noise * noise);
    }
  }
  belief.dropLast();
}

/** What an update needs besides the state and the weekend. */
interface UpdateContext {
  p: Readonly<BayesParameters>;
  resets: readonly number[];
  only: (kind: SessionKind) => boolean;
}

/** Drift since the last round (a winter's, too, at a new season), then every accepted session, in running order. */
function updateBayes(state: BayesState, weekend: Weekend, context: UpdateContext): BayesState {
  const { year, round, entrants, sessions } = weekend;
  const { p, resets, only } = context;
  const belief = new Belief(state);
  if (state.season !== null && state.season !== year) {
    const reset = isRegulationReset(year, resets);
    belief.drift("car:", reset ? Math.hypot(p.winterCarDrift, p.resetCarDrift) : p.winterCarDrift, 1);
    belief.drift("skill:", p.winterSkillDrift, 1);
  }
  belief.drift("car:", p.carDrift, p.meanReversion);
  belief.drift("skill:", p.skillDrift, p.meanReversion);
  const teamOfDriver = teamsForRound(entrants, round.round);
  ensureEntities(belief, { teamOfDriver, entrants }, p);
  let reliability = state.reliability;
  for (const kind of round.schedule) {
    if (sessions[kind] === undefined || !only(kind)) continue;
    const { sets, noise } = sessionObservations(kind, sessions, p);
    const wet = wetShare(round, kind);
    if (wet > 0) {
      for (const driver of teamOfDriver.keys()) {
        if (!belief.index.has(wetId(driver))) belief.add(wetId(driver), 0, p.wetSkillPrior ** 2);
      }
    }
    for (const set of sets) {
      observeSet(belief, set, { teamOfDriver, noise, wet });
    }
    if (kind === "race" || kind === "sprint") {
      reliability = countRetirements(reliability, sessions[kind] ?? [], teamOfDriver);
    }
  }
  return { season: year, ...belief.toJson(), reliability };
}

/** A car's uncertainty relative to the field's average car: the common level is unknowable and irrelevant. */
function carSpreads(belief: Belief, cars: readonly number[]): Map<number, number> {
  const m = belief.size;
  const cov = (i: number, j: number) => belief.cov[i * m + j];
  const k = cars.length;
  let total = 0;
  for (const i of cars) for (const j of cars) total += cov(i, j);
  return new Map(cars.map((i) => {
    let row = 0;
    for (const j of cars) row += cov(i, j);
    return [i, Math.sqrt(Math.max(0, cov(i, i) - 2 * row / k + total / (k * k)))];
  }));
}

/** Each racing driver's strength: the mean pace behind the best, the car's and the driver's uncertainty. */
function bayesStrengths(
  state: BayesState,
  field: { entrants: readonly Entrant[]; round: number },
  p: Readonly<BayesParameters>,
): DriverStrength[] {
  const belief = new Belief(state);
  const racing = field.entrants.filter((e) => e.rounds.includes(field.round));
  const teamOfDriver = new Map(racing.map((e) => [e.driver, e.team]));
  ensureEntities(belief, { teamOfDriver, entrants: field.entrants }, p);
  const m = belief.size;
  const cov = (i: number, j: number) => belief.cov[i * m + j];
  const carSpread = carSpreads(belief, [...new Set(racing.map((e) => e.team))].map((t) => belief.index.get(carId(t))!));
  const paces = racing.map((e) => {
    const car = belief.index.get(carId(e.team))!;
    const skill = belief.index.get(skillId(e.driver))!;
    return { car, skill, pace: belief.mean[car] + belief.mean[skill] };
  });
  const best = Math.min(...paces.map((x) => x.pace));
  return racing.map((e, i) => {
    const { car, skill, pace } = paces[i];
    const wetIndex = belief.index.get(wetId(e.driver));
    return {
      driver: e.driver,
      team: e.team,
      gap: pace - best,
      teamUncertainty: carSpread.get(car)!,
      // The driver's share of the pace variance, the car's correlation with the skill included.
      driverUncertainty: Math.sqrt(Math.max(0, cov(skill, skill) + 2 * cov(car, skill))),
      wet: wetIndex === undefined
        ? { gap: 0, uncertainty: p.wetSkillPrior }
        : { gap: belief.mean[wetIndex], uncertainty: Math.sqrt(cov(wetIndex, wetIndex)) },
      ...retirementChances(state.reliability, e.driver, e.team),
    };
  });
}

/**
 * The Bayesian model with the given hyperparameters, as a
 * {@link StrengthModel}. Its version names the parameters, so a cache made
 * with other values is never reused.
 *
 * @example
 * ```ts
 * import { BAYES_DEFAULTS, createBayesModel } from "./bayes.ts";
 * import assert from "node:assert/strict";
 * assert.match(createBayesModel({ ...BAYES_DEFAULTS, raceNoise: 0.4 }).version, /^bayes-3\+[0-9a-f]{8}$/);
 * ```
 */
export function createBayesModel(
  p: Readonly<BayesParameters>,
  options: { regulationResets?: readonly number[] } = {},
): StrengthModel<BayesState> {
  const resets = options.regulationResets ?? REGULATION_RESET_YEARS;
  const fit = resets === REGULATION_RESET_YEARS
    ? BAYES_FITS.find((f) => (Object.keys(p) as (keyof BayesParameters)[]).every((k) => f.parameters[k] === p[k]))
    : undefined;
  const version = fit !== undefined
    ? `${BAYES_MODEL_VERSION}+fit${fit.seasons[0]}-${fit.seasons[fit.seasons.length - 1]}`
    : `${BAYES_MODEL_VERSION}+${hashParts(JSON.stringify({ p, resets })).slice(0, 8)}`;

  return {
    version,
    parameters: { ...p },
    simulator: { raceDaySpread: p.raceDaySpread, gridSlotScale: p.gridSlotScale },
    roundDrift: { team: p.carDrift, driver: p.skillDrift },
    empty: () => ({ season: null, ids: [], mean: [], cov: [], reliability: { mechanical: {}, incidents: {} } }),
    updateWithRound: (state, weekend, only = () => true) => updateBayes(state, weekend, { p, resets, only }),
    strengthsFor: (state, entrants, round) => bayesStrengths(state, { entrants, round }, p),
  };
}

/**
 * The Bayesian model with the latest fit's parameters.
 *
 * @example
 * ```ts
 * import { bayesModel } from "./bayes.ts";
 * import assert from "node:assert/strict";
 * assert.match(bayesModel.version, /^bayes-3\+fit2022-\d{4}$/);
 * ```
 */
export const bayesModel: StrengthModel<BayesState> = createBayesModel(BAYES_DEFAULTS);

const modelsByFit = new Map<BayesFit, StrengthModel<BayesState>>([[BAYES_FITS[BAYES_FITS.length - 1], bayesModel]]);

/**
 * The Bayesian model to forecast `season` with: its hyperparameters fitted
 * only on earlier seasons (`bayesFitFor`).
 *
 * @example
 * ```ts
 * import { bayesModelFor } from "./bayes.ts";
 * import assert from "node:assert/strict";
 * assert.equal(bayesModelFor(2024).version, "bayes-3+fit2022-2023");
 * ```
 */
export function bayesModelFor(season: number): StrengthModel<BayesState> {
  const fit = bayesFitFor(season);
  let model = modelsByFit.get(fit);
  if (model === undefined) modelsByFit.set(fit, model = createBayesModel(fit.parameters));
  return model;
}

/** A driver's learned wet-weather offset: % of a lap added to their pace in the wet (negative: faster), and its sd. */
export interface WetSkill {
  driver: string;
  offset: number;
  sd: number;
}

/**
 * The wet-weather offsets a state has learned, best in the wet first; a
 * driver never seen in the wet has none.
 *
 * @example
 * ```ts
 * import { wetSkills } from "./bayes.ts";
 * import assert from "node:assert/strict";
 * const state = { season: 2025, ids: ["wet:AAA", "wet:BBB"], mean: [0.1, -0.2], cov: [0.04, 0, 0, 0.09], reliability: { mechanical: {}, incidents: {} } };
 * assert.deepEqual(wetSkills(state).map((w) => w.driver), ["BBB", "AAA"]);
 * ```
 */
export function wetSkills(state: BayesState): WetSkill[] {
  const n = state.ids.length;
  return state.ids.flatMap((id, i) =>
    id.startsWith("wet:") ? [{ driver: id.slice(4), offset: state.mean[i], sd: Math.sqrt(state.cov[i * n + i]) }] : []
  ).sort((a, b) => a.offset - b.offset || (a.driver < b.driver ? -1 : 1));
}
