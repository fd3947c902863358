/**
 * The training pipeline: walks the rounds in time order, forecasts each race
 * of the target season from the state before it (plus that weekend's
 * pre-race sessions), then folds the round into the state.
 *
 * Incremental: every round has a chain key, the hash of the previous key and
 * the round's data, seeded with the configuration's hash. A round whose key
 * is in the cache reuses its forecast and state; the first round whose key
 * is not (a changed file, say) and every round after it are recomputed.
 * Pure: the caller loads the data and stores the cache.
 *
 * @module
 */

import type { CalendarRound, ResultRow, RoundSessions } from "../data/format.ts";
import { formatIssue } from "../data/issues.ts";
import type { LoadedSeason } from "../data/load.ts";
import { beforeTheRace, sessionsRun } from "../data/horizons.ts";
import { hashParts } from "../data/hash.ts";
import type { StrengthModel } from "../model/strength.ts";
import { forecastRace, type ForecastSettings, type RaceForecast, type RaceForecastJob } from "./race_forecast.ts";
import type { RaceRecord, StageForecast } from "../format/predictions.ts";
import { forecastWithStages } from "./stages.ts";
import { UserInputError } from "../errors/errors.ts";

/** What the cache keeps for one round. */
export interface CachedRound {
  /** The model's state after the round. */
  state: unknown;
  /** The race's record, for rounds of the target season. */
  record: RaceRecord | null;
}

/** Counts for the history. */
export interface TrainingCounts {
  processed: number;
  retrained: number;
  /** Round numbers of the target season that were recomputed, in order. */
  retrainedRounds: number[];
  reused: number;
  succeeded: number;
  failed: string[];
}

/** The outcome of a training run. */
export interface TrainingResult {
  year: number;
  /** Race records of the target season, keyed by the race's name, in calendar order. */
  races: Record<string, RaceRecord>;
  /** The new cache: exactly the rounds of this run. */
  cache: Map<string, CachedRound>;
  counts: TrainingCounts;
  /**
   * The model's state after the last round with any data (a round still to
   * come would only add drift), for projecting what comes next.
   */
  latestState: unknown;
  /** The chain key after that round: changes whenever anything up to it does. */
  latestKey: string;
  /** Each round of the target season whose race has run: the model's state right after it, and its chain key. */
  racesRun: Array<{ round: number; key: string; state: unknown }>;
  /** Hash over the whole data set (every season and round). */
  dataHash: string;
}

/** Thrown when the requested season is not in the data set. */
export class SeasonNotFoundError extends UserInputError {
  /**
   * @example
   * ```ts
   * import { SeasonNotFoundError } from "./pipeline.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new SeasonNotFoundError(2030, [2024, 2025]).message, "season 2030: expected one of 2024, 2025");
   * ```
   */
  constructor(readonly year: number, readonly years: readonly number[]) {
    super(`season ${year}: expected one of ${years.join(", ")}`, {
      input: "season",
      detail: `expected one of ${years.join(", ")}; found ${year}`,
    });
    this.name = "SeasonNotFoundError";
  }
}

function actualOf(race: readonly ResultRow[]): RaceRecord["actual"] {
  return race.map((row) => ({ driver: row.driver, position: row.position, grid: row.grid, points: row.points }));
}

/** What went wrong, as one line for the predictions file and the terminal: the message, never a stack. */
function describeFailure(error: unknown): string {
  return error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : String(error);
}

/**
 * A round that could not be forecast: its reason, and the previous run's
 * forecast of the same round kept as stale where there is one.
 */
function failedRecord(
  round: CalendarRound,
  failure: { dataHash: string; error: string; earlier: RaceRecord | undefined },
): RaceRecord {
  const { dataHash, error, earlier } = failure;
  const keep = earlier !== undefined && earlier.metadata.round === round.round && earlier.predictions.length > 0;
  return {
    metadata: {
      round: round.round,
      date: round.date,
      circuit: round.circuit.name,
      status: "failed",
      error,
      stale: keep,
      data_hash: dataHash,
      sessions_used: keep ? earlier.metadata.sessions_used : [],
      as_of: keep ? earlier.metadata.as_of : "none",
      ml_adjustment: keep ? earlier.metadata.ml_adjustment ?? null : null,
      lineup_assumed: keep ? earlier.metadata.lineup_assumed ?? false : false,
    },
    predictions: keep ? earlier.predictions : [],
    scenarios: keep ? earlier.scenarios : {},
    ...(keep && earlier.qualifying ? { qualifying: earlier.qualifying } : {}),
    ...(keep && earlier.sprint ? { sprint: earlier.sprint } : {}),
    ...(keep && earlier.strengths ? { strengths: earlier.strengths } : {}),
    ...(keep && earlier.head_to_head ? { head_to_head: earlier.head_to_head } : {}),
    ...(keep && earlier.pairwise ? { pairwise: earlier.pairwise } : {}),
  };
}

/** How a race is forecast from its job: in this thread, or on a pool of workers (`ForecastPool`). */
export type RaceForecaster = (job: RaceForecastJob) => Promise<RaceForecast>;

function forecastRecord<State>(
  step: RoundStep<State>,
  from: { forecast: RaceForecast; dataHash: string; stages: StageForecast[] },
): RaceRecord {
  const { loaded, round, sessions } = step;
  const { dataHash } = from;
  const used = sessionsRun(round.schedule, sessions).filter(beforeTheRace);
  const { adjustments, odds, ...forecast } = from.forecast;
  return {
    metadata: {
      round: round.round,
      date: round.date,
      circuit: round.circuit.name,
      status: "ok",
      error: null,
      stale: false,
      data_hash: dataHash,
      sessions_used: used,
      as_of: used.at(-1) ?? "none",
      ml_adjustment: adjustments,
      lineup_assumed: sessions.race === undefined && loaded.assumedLineups.includes(round.round),
      scenario_odds: odds,
    },
    ...forecast,
    stages: from.stages,
    ...(sessions.race === undefined ? {} : { actual: actualOf(sessions.race) }),
  };
}

/** One round of the walk: the season it belongs to, its sessions, and the model's state before it. */
interface RoundStep<State> {
  loaded: LoadedSeason;
  round: CalendarRound;
  sessions: RoundSessions;
  state: State;
}

/**
 * Forecasts a round (when `forecast`) from the state before it, then folds
 * the round into the state. Whatever goes wrong inside is that round's
 * failure alone: its record says why, and the walk goes on, from the state
 * before the round if the round could not be learned from.
 */
function learnRound<State>(
  model: StrengthModel<State>,
  step: RoundStep<State>,
  options: {
    forecast: boolean;
    dataHash: string;
    settings: ForecastSettings;
    earlier: RaceRecord | undefined;
    forecaster?: RaceForecaster;
  },
): LearnedRound {
  const { loaded, round, sessions, state } = step;
  const { dataHash, earlier } = options;
  const failed = (error: unknown) => failedRecord(round, { dataHash, error: describeFailure(error), earlier });
  let record: RaceRecord | null = null;
  let pending: Promise<RaceRecord> | undefined;
  if (options.forecast) {
    // In this thread the forecasts are made at once (the promise only carries them); on workers they run there.
    const forecast = options.forecaster ??
      ((job: RaceForecastJob) => Promise.resolve(forecastRace(job.weekend, job.strengths, job.settings)));
    try {
      const weekend = { year: loaded.season.year, round, entrants: loaded.season.entrants, sessions };
      pending = forecastWithStages(model, { weekend, state }, { settings: options.settings, forecast })
        .then(({ forecast, stages }) => forecastRecord(step, { forecast, dataHash, stages }), failed);
    } catch (error) {
      record = failed(error);
    }
  }
  try {
    const weekend = { year: loaded.season.year, round, entrants: loaded.season.entrants, sessions };
    return { state: model.updateWithRound(state, weekend), record, pending };
  } catch (error) {
    const reason = `the model could not learn from this round: ${describeFailure(error)}`;
    // The forecast in flight, if any, is not wanted: the round failed.
    pending?.catch(() => {});
    return { state, record: options.forecast ? failedRecord(round, { dataHash, error: reason, earlier }) : null };
  }
}

/**
 * A round just learned: its forecast (with its weekend's stages) is still `pending`, its record null until it lands:
 * on workers it is being made there; in this thread it is made already and the promise only carries it.
 */
interface LearnedRound extends CachedRound {
  pending?: Promise<RaceRecord>;
}

/** Lets the event loop turn: pending signals, timers and I/O run before the walk goes on. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Options of {@linkcode trainSeasons}. */
export interface TrainOptions {
  settings: ForecastSettings;
  /** Hash of the configuration: the first link of every round's chain key. */
  configHash: string;
  /**
   * Rounds of an earlier run by chain key, reused where the key matches.
   *
   * @default {none: every round is forecast}
   */
  cache?: ReadonlyMap<string, CachedRound>;
  /**
   * An earlier run's races by name: a round that fails keeps its forecast from there, marked stale.
   *
   * @default {none}
   */
  previous?: Readonly<Record<string, RaceRecord>>;
  /**
   * The season to forecast.
   *
   * @default {the latest in the data set}
   */
  year?: number;
  /**
   * Told after each round, with how many of how many are done.
   *
   * @default {undefined}
   */
  progress?: (done: number, total: number) => void;
  /**
   * Forecasts races elsewhere (a worker pool).
   *
   * @default {in this thread, one after another}
   */
  forecaster?: RaceForecaster;
}

/** One round of the walk, with its chain key and its place in the data. */
interface WalkStep<State> {
  loaded: LoadedSeason;
  loadedRound: LoadedSeason["rounds"][number];
  state: State;
  key: string;
  isTarget: boolean;
}

/** A round's cache entry: reused where its chain key is cached (in the same role), else computed and counted. */
function roundEntry<State>(
  model: StrengthModel<State>,
  step: WalkStep<State>,
  context: { options: TrainOptions; counts: TrainingCounts },
): LearnedRound {
  const { loaded, loadedRound, state, key, isTarget } = step;
  const { options, counts } = context;
  const round = loadedRound.round;
  const cached = options.cache?.get(key);
  if (cached !== undefined && (cached.record !== null) === isTarget) {
    if (isTarget) counts.reused++;
    return cached;
  }
  if (isTarget) {
    counts.retrained++;
    counts.retrainedRounds.push(round.round);
  }
  const earlier = options.previous?.[round.name];
  if (loadedRound.status === "ok") {
    return learnRound(model, { loaded, round, sessions: loadedRound.sessions, state }, {
      forecast: isTarget,
      dataHash: loadedRound.dataHash,
      settings: options.settings,
      earlier,
      forecaster: options.forecaster,
    });
  }
  const error = loadedRound.issues.map(formatIssue).join("\n");
  return { state, record: isTarget ? failedRecord(round, { dataHash: loadedRound.dataHash, error, earlier }) : null };
}

/**
 * Trains on a data set and forecasts every race of `options.year` (default:
 * the latest season); earlier seasons serve as history.
 *
 * @throws {SeasonNotFoundError} when the year is not in the data set.
 * @example
 * ```ts ignore
 * import { trainSeasons } from "./pipeline.ts";
 * const result = await trainSeasons(await loadDataSet("data/demo"), formModel, { settings, configHash: "c" });
 * Object.keys(result.races).length; // one record per calendar round
 * ```
 */
export async function trainSeasons<State>(
  seasons: readonly LoadedSeason[],
  model: StrengthModel<State>,
  options: TrainOptions,
): Promise<TrainingResult> {
  const years = seasons.map((s) => s.season.year);
  const target = options.year ?? Math.max(...years);
  if (!years.includes(target)) throw new SeasonNotFoundError(target, years);
  const counts: TrainingCounts = {
    processed: 0,
    retrained: 0,
    retrainedRounds: [],
    reused: 0,
    succeeded: 0,
    failed: [],
  };
  const races: Record<string, RaceRecord> = {};
  const cache = new Map<string, CachedRound>();
  let state = model.empty();
  let latestState = state;
  let key = hashParts("config", options.configHash);
  let latestKey = key;
  let dataKey = hashParts("data");
  const targets: Array<{ round: CalendarRound; entry: LearnedRound }> = [];
  const racesRun: TrainingResult["racesRun"] = [];
  const used = seasons.filter((s) => s.season.year <= target);
  const total = used.reduce((sum, s) => sum + s.rounds.length, 0);
  for (const loaded of used) {
    const isTarget = loaded.season.year === target;
    key = hashParts(key, loaded.dataHash);
    dataKey = hashParts(dataKey, loaded.dataHash);
    for (const loadedRound of loaded.rounds) {
      key = hashParts(key, loadedRound.dataHash);
      dataKey = hashParts(dataKey, loadedRound.dataHash);
      if (isTarget) counts.processed++;
      const entry = roundEntry(model, { loaded, loadedRound, state, key, isTarget }, { options, counts });
      // A computed round can take a while: let signals (Ctrl+\ stops a watch at once) and timers in after each one.
      if (entry !== options.cache?.get(key)) await yieldToEventLoop();
      cache.set(key, entry);
      options.progress?.(cache.size, total);
      state = entry.state as State;
      // A target season's first round counts even without data: its winter drift belongs in a pre-season projection.
      const hasData = loadedRound.status === "invalid" || Object.keys(loadedRound.sessions).length > 0;
      if (hasData || (isTarget && loadedRound === loaded.rounds[0])) {
        latestState = state;
        latestKey = key;
      }
      if (entry.record !== null || entry.pending !== undefined) targets.push({ round: loadedRound.round, entry });
      if (isTarget && loadedRound.status === "ok" && loadedRound.sessions.race !== undefined) {
        racesRun.push({ round: loadedRound.round.round, key, state });
      }
    }
  }
  // Forecasts on workers land in any order; the races are recorded in calendar order.
  for (const { round, entry } of targets) {
    if (entry.pending !== undefined) {
      entry.record = await entry.pending;
      delete entry.pending;
    }
    races[round.name] = entry.record!;
    if (entry.record!.metadata.status === "ok") counts.succeeded++;
    else counts.failed.push(`round ${round.round} (${round.name})`);
  }
  return { year: target, races, cache, counts, latestState, latestKey, racesRun, dataHash: dataKey };
}
