/**
 * The form model: each team's and driver's pace from timed sessions and race
 * results before the race, as exponentially weighted gaps to the session's
 * best, split into a team part (the car) and a driver part (the driver's
 * gap to their team's average). Reliability is a Beta-Binomial estimate:
 * mechanical retirements per team, incidents per driver.
 *
 * Gaps are percentages of the session's best lap (or the winner's race
 * time). The state is plain JSON so it can be cached between runs.
 *
 * Over a winter, evidence about cars fades to `WINTER_TEAM_KEEP` of its
 * weight, to `RESET_TEAM_KEEP` when the new season rewrites the technical
 * rules (`lib/model/regulations.ts`); evidence about drivers to
 * `WINTER_DRIVER_KEEP`. A renamed team keeps its car's estimate along its
 * lineage (the season's `teams`, from F1DB's chronology). A new team starts
 * at the field's average car with the uncertainty of a car no session has
 * measured, wider than any team with evidence.
 *
 * @module
 */

import type { Entrant, RoundSessions, SessionKind, Weekend } from "../data/format.ts";
import { countRetirements, type ReliabilityState, retirementChances } from "./reliability.ts";
import { bestQualifyingLap, lapGapPercent } from "../data/laptime.ts";
import { carAncestor, type DriverStrength, type StrengthModel, teamsForRound } from "./strength.ts";
import { isRegulationReset, REGULATION_RESET_YEARS } from "./regulations.ts";

export type { DriverStrength } from "./strength.ts";

/** Bumped whenever the model's arithmetic changes, so caches from older versions are not reused. */
export const FORM_MODEL_VERSION = "form-3";

/** Pace estimate with the evidence behind it. */
export interface PaceEstimate {
  /** Exponentially weighted gap, % of the best lap. */
  gap: number;
  /** Effective number of sessions behind `gap`, capped at `MEMORY`. */
  weight: number;
}

/** Everything the form model knows after some rounds. */
export interface FormState {
  /** The season of the last round seen, to notice a winter break. */
  season: number | null;
  /** Each team's pace: gap to the best car. */
  teams: Record<string, PaceEstimate>;
  /** Each driver's gap to their team's average. */
  drivers: Record<string, PaceEstimate>;
  reliability: ReliabilityState;
}

/** How much each kind of session counts, relative to qualifying. */
export const SESSION_WEIGHTS: Readonly<Record<SessionKind, number>> = {
  fp1: 0.2,
  fp2: 0.3,
  fp3: 0.3,
  sprint_qualifying: 0.9,
  qualifying: 1,
  sprint: 0.5,
  race: 0.6,
  grid: 0,
};

/** Effective number of sessions remembered: older evidence fades beyond it. */
export const MEMORY = 4;
/** Gaps beyond this (%, a lap lost to traffic or rain) are clipped so one bad lap cannot dominate. */
const MAX_GAP = 4;
/** Over a winter break, team pace keeps this share of its evidence (cars change far more than drivers). */
const WINTER_TEAM_KEEP = 0.3;
/**
 * Over a winter that starts new technical rules, team pace keeps only this
 * share: a stated prior (the data set has no reset winter with history before
 * it), a third of an ordinary winter's, so a few sessions of the new cars
 * outweigh last year's order.
 */
const RESET_TEAM_KEEP = 0.1;
const WINTER_DRIVER_KEEP = 0.7;

/**
 * The state before any data: nothing known.
 *
 * @example
 * ```ts
 * import { emptyFormState } from "./form.ts";
 * import assert from "node:assert/strict";
 * assert.equal(emptyFormState().season, null);
 * ```
 */
export function emptyFormState(): FormState {
  return { season: null, teams: {}, drivers: {}, reliability: { mechanical: {}, incidents: {} } };
}

function blend(estimate: PaceEstimate | undefined, observed: number, weight: number): PaceEstimate {
  if (estimate === undefined || estimate.weight === 0) return { gap: observed, weight };
  const total = estimate.weight + weight;
  return { gap: estimate.gap + (observed - estimate.gap) * weight / total, weight: Math.min(total, MEMORY) };
}

/** Each driver's time for a session, ms: best lap for timed sessions, race time (extrapolated if lapped) for races. */
function sessionTimes(kind: SessionKind, sessions: RoundSessions): Map<string, number> {
  const times = new Map<string, number>();
  if (kind === "fp1" || kind === "fp2" || kind === "fp3") {
    for (const row of sessions[kind] ?? []) if (row.best_lap_ms !== null) times.set(row.driver, row.best_lap_ms);
  } else if (kind === "qualifying" || kind === "sprint_qualifying") {
    for (const row of sessions[kind] ?? []) {
      const lap = bestQualifyingLap(row);
      if (lap !== null && typeof row.position === "number") times.set(row.driver, lap);
    }
  } else if (kind === "race" || kind === "sprint") {
    const rows = sessions[kind] ?? [];
    const winner = rows.find((row) => row.position === 1);
    if (winner?.time_ms && winner.laps) {
      for (const row of rows) {
        if (typeof row.position !== "number" || !row.laps) continue;
        // A lapped finisher would have needed about winnerLaps / laps of the winner's time.
        times.set(row.driver, row.time_ms ?? winner.time_ms * winner.laps / row.laps);
      }
    }
  }
  return times;
}

/** Starts a new season: evidence about cars fades far more than evidence about drivers, most over a reset. */
function enterSeason(state: FormState, year: number, resets: readonly number[] = REGULATION_RESET_YEARS): FormState {
  if (state.season === year) return state;
  if (state.season === null) return { ...state, season: year };
  const fade = (estimates: Record<string, PaceEstimate>, keep: number) =>
    Object.fromEntries(Object.entries(estimates).map(([id, e]) => [id, { ...e, weight: e.weight * keep }]));
  return {
    ...state,
    season: year,
    teams: fade(state.teams, isRegulationReset(year, resets) ? RESET_TEAM_KEEP : WINTER_TEAM_KEEP),
    drivers: fade(state.drivers, WINTER_DRIVER_KEEP),
  };
}

/** The teams' estimates with each renamed team of the round under its new id. */
function renameTeams(
  teams: Record<string, PaceEstimate>,
  teamOfDriver: ReadonlyMap<string, string>,
  entrants: readonly Entrant[],
): Record<string, PaceEstimate> {
  let renamed = teams;
  for (const team of new Set(teamOfDriver.values())) {
    const before = carAncestor(team, entrants, (id) => renamed[id] !== undefined);
    if (before === undefined || before === team) continue;
    const { [before]: estimate, ...rest } = renamed;
    renamed = { ...rest, [team]: estimate };
  }
  return renamed;
}

/**
 * Folds one session into the state. Timed sessions and classified race
 * results move pace; race and sprint retirements move reliability.
 *
 * @example
 * ```ts
 * import { emptyFormState, updateWithSession } from "./form.ts";
 * import assert from "node:assert/strict";
 * const entrants = [
 *   { driver: "AAA", name: "A", number: 1, team: "fast", team_name: "Fast", rounds: [1], practice_rounds: [] },
 *   { driver: "BBB", name: "B", number: 2, team: "slow", team_name: "Slow", rounds: [1], practice_rounds: [] },
 * ];
 * const qualifying = [
 *   { driver: "AAA", position: 1, q1_ms: 90000, q2_ms: null, q3_ms: null, laps: 3 },
 *   { driver: "BBB", position: 2, q1_ms: 90900, q2_ms: null, q3_ms: null, laps: 3 },
 * ];
 * const round = { round: 1, slug: "x", name: "X Grand Prix", date: "2025-03-16", circuit: { id: "x", name: "X", type: "race" as const },
 *   sprint: false, laps: 50, sprint_laps: null, schedule: ["qualifying" as const, "race" as const] };
 * const state = updateWithSession(emptyFormState(), { year: 2025, round, entrants, sessions: { qualifying } }, "qualifying");
 * assert.equal(state.teams.slow.gap.toFixed(6), "1.000000"); // per cent
 * ```
 */
export function updateWithSession(state: FormState, weekend: Weekend, kind: SessionKind): FormState {
  const { entrants, sessions } = weekend;
  const next = enterSeason(state, weekend.year);
  const teamOfDriver = teamsForRound(entrants, weekend.round.round);
  const teams = { ...renameTeams(next.teams, teamOfDriver, entrants) };
  const drivers = { ...next.drivers };
  const weight = SESSION_WEIGHTS[kind];
  const times = sessionTimes(kind, sessions);
  if (times.size >= 2 && weight > 0) {
    const best = Math.min(...times.values());
    const gaps = new Map([...times].map(([driver, time]) => [driver, Math.min(MAX_GAP, lapGapPercent(time, best))]));
    const byTeam = new Map<string, number[]>();
    for (const [driver, gap] of gaps) {
      const team = teamOfDriver.get(driver);
      if (team !== undefined) byTeam.set(team, [...(byTeam.get(team) ?? []), gap]);
    }
    for (const [team, teamGaps] of byTeam) {
      const mean = teamGaps.reduce((a, b) => a + b, 0) / teamGaps.length;
      teams[team] = blend(teams[team], mean, weight);
      if (teamGaps.length < 2) continue; // a driver's delta needs a team-mate to compare with
      for (const [driver, gap] of gaps) {
        if (teamOfDriver.get(driver) !== team) continue;
        drivers[driver] = blend(drivers[driver], gap - mean, weight);
      }
    }
  }
  const reliability = kind === "race" || kind === "sprint"
    ? countRetirements(next.reliability, sessions[kind] ?? [], teamOfDriver)
    : next.reliability;
  return { season: next.season, teams, drivers, reliability };
}

/**
 * Folds the given sessions of a round into the state, in the weekend's running order.
 *
 * @example
 * ```ts
 * import { emptyFormState, updateWithRound } from "./form.ts";
 * import assert from "node:assert/strict";
 * const round = { round: 1, slug: "x", name: "X Grand Prix", date: "2025-03-16", circuit: { id: "x", name: "X", type: "race" as const },
 *   sprint: false, laps: 50, sprint_laps: null, schedule: ["qualifying" as const, "race" as const] };
 * assert.equal(updateWithRound(emptyFormState(), { year: 2025, round, entrants: [], sessions: {} }).season, 2025);
 * ```
 */
export function updateWithRound(
  state: FormState,
  weekend: Weekend,
  only: (kind: SessionKind) => boolean = () => true,
): FormState {
  let next = enterSeason(state, weekend.year);
  for (const kind of weekend.round.schedule) {
    if (weekend.sessions[kind] !== undefined && only(kind)) next = updateWithSession(next, weekend, kind);
  }
  return next;
}

/** Uncertainty of a gap backed by no sessions, % of a lap; it shrinks as sqrt(1 + sessions). */
const PRIOR_GAP_UNCERTAINTY = 1;

/**
 * Each racing driver's strength for a round, from the state.
 *
 * @example
 * ```ts
 * import { emptyFormState, strengthsFor } from "./form.ts";
 * import assert from "node:assert/strict";
 * const entrants = [{ driver: "AAA", name: "A", number: 1, team: "fast", team_name: "Fast", rounds: [1], practice_rounds: [] }];
 * assert.equal(strengthsFor(emptyFormState(), entrants, 1)[0].teamUncertainty, 1); // nothing known yet
 * ```
 */
export function strengthsFor(state: FormState, entrants: readonly Entrant[], round: number): DriverStrength[] {
  const strengths: DriverStrength[] = [];
  const measured = Object.values(state.teams).filter((team) => team.weight > 0);
  // The new-team prior: the field's average car, as uncertain as a car can be here.
  const newTeamGap = measured.length === 0 ? 0 : measured.reduce((sum, team) => sum + team.gap, 0) / measured.length;
  for (const entrant of entrants) {
    if (!entrant.rounds.includes(round)) continue;
    const ancestor = carAncestor(entrant.team, entrants, (id) => state.teams[id] !== undefined);
    const team = ancestor === undefined ? undefined : state.teams[ancestor];
    const driver = state.drivers[entrant.driver];
    const teamWeight = team?.weight ?? 0;
    const driverWeight = driver?.weight ?? 0;
    strengths.push({
      driver: entrant.driver,
      team: entrant.team,
      gap: (teamWeight > 0 ? team!.gap : newTeamGap) + (driverWeight > 0 ? driver!.gap : 0),
      teamUncertainty: PRIOR_GAP_UNCERTAINTY / Math.sqrt(1 + teamWeight),
      driverUncertainty: 0.5 * PRIOR_GAP_UNCERTAINTY / Math.sqrt(1 + driverWeight),
      ...retirementChances(state.reliability, entrant.driver, entrant.team),
    });
  }
  return strengths;
}

/**
 * The form model as a {@link StrengthModel}, with another table of
 * regulation-reset seasons than the documented one where given (a test of
 * what a reset does, say).
 *
 * @example
 * ```ts
 * import { createFormModel } from "./form.ts";
 * import assert from "node:assert/strict";
 * assert.match(createFormModel({ regulationResets: [2025] }).version, /^form-3\+2025$/);
 * ```
 */
export function createFormModel(options: { regulationResets?: readonly number[] } = {}): StrengthModel<FormState> {
  const resets = options.regulationResets;
  if (resets === undefined) {
    return { version: FORM_MODEL_VERSION, empty: emptyFormState, updateWithRound, strengthsFor };
  }
  return {
    version: `${FORM_MODEL_VERSION}+${resets.join(",")}`,
    empty: emptyFormState,
    // Entering the season first with this table makes the inner update's own entry a no-op.
    updateWithRound: (state, weekend, only) => updateWithRound(enterSeason(state, weekend.year, resets), weekend, only),
    strengthsFor,
  };
}

/**
 * The form model as a {@link StrengthModel}, for the pipeline.
 *
 * @example
 * ```ts
 * import { formModel } from "./form.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formModel.version, "form-3");
 * ```
 */
export const formModel: StrengthModel<FormState> = createFormModel();
