/**
 * The predictions file: every type of the document `deno task train` writes,
 * as `lib/data/format.ts` is for the race data. `lib/format/schema/predictions.schema.json`
 * is the same description as a JSON Schema; `docs/predictions-format.md` explains it.
 *
 * @module
 */

import type { SessionKind } from "../data/format.ts";
import type { Horizon, Stage } from "../data/horizons.ts";

/** A race's odds and where each came from; written to each race's metadata as `scenario_odds`. */
export interface ScenarioOdds {
  rain_probability: number;
  rain_source: "conditions file" | "climate" | "wet session this weekend";
  safety_car_probability: number;
  safety_car_source: "conditions file" | "circuit" | "circuit type";
  /** The mixture weight of each scenario simulated, normalised to sum to 1. */
  weights: Record<string, number>;
}

/** What a trained layer has learned, for the predictions file. */
export interface MlLayerSummary {
  races_trained: number;
  /** Per level of knowledge: each feature's share of the full regression's effect (sums to 1). */
  feature_importance: Record<Horizon, Record<string, number>>;
}

/** One driver's line in the predictions file; the names are the file format's. */
export interface DriverForecast {
  driver: string;
  driver_name: string;
  team: string;
  win_probability: number;
  podium_probability: number;
  points_probability: number;
  dnf_probability: number;
  expected_position: number;
  expected_points: number;
  /** Index 0 = P1. */
  position_probabilities: number[];
}

/** One driver's line of a qualifying forecast (for a race whose qualifying has not run). */
export interface QualifyingForecast {
  driver: string;
  pole_probability: number;
  /** Probability of a top-ten place: reaching Q3. */
  q3_probability: number;
  /** Mean grid slot from qualifying (before penalties). */
  expected_grid: number;
}

/** Two team-mates' head-to-head: the probability that the first listed finishes ahead of the second. */
export interface HeadToHead {
  /** The team's name. */
  team: string;
  drivers: [string, string];
  /** P(drivers[0] is classified ahead of drivers[1] in the race). */
  race: number;
  /** P(drivers[0] qualifies ahead of drivers[1]); null once the qualifying has run. */
  qualifying: number | null;
}

/**
 * Every pair of drivers of a race: `race[k]` is P(the first of pair k classified ahead of the second), mixed over the
 * scenarios as the race forecast is; `qualifying[k]` the same for qualifying while it is to run, else null. Pairs
 * run over `drivers` (code order) as (0,1), (0,2), ..., (1,2), ...: pair (i, j), i < j, is k = i(2n-i-1)/2 + j-i-1.
 */
export interface PairwiseForecast {
  drivers: string[];
  race: number[];
  qualifying: number[] | null;
}

/** The model's belief about a driver or a team when the race was forecast: % of a lap behind the best car. */
export interface StrengthLine {
  /** The driver's code, or the team's name. */
  name: string;
  /** Expected gap, % of a lap (lower is faster). */
  gap: number;
  /** The 80% interval of the gap (10th and 90th percentiles of a normal belief). */
  interval: [number, number];
}

/** A race's entry in the predictions file. */
export interface RaceRecord {
  metadata: {
    round: number;
    date: string;
    circuit: string;
    status: "ok" | "failed";
    /** Why the round failed: its data problems, one per line. */
    error: string | null;
    /** True when `predictions` is an earlier run's forecast kept because this round's data is now bad. */
    stale: boolean;
    data_hash: string;
    /** The weekend's sessions the forecast used, in running order. */
    sessions_used: SessionKind[];
    /** The latest of them (`none` before the weekend). */
    as_of: SessionKind | "none";
    /** With the ML layer: % of a lap it added to each driver's strength gap (negative: faster); else null. */
    ml_adjustment: Record<string, number> | null;
    /**
     * True when the race is still to come and the data lists no drivers for some team yet: that team's
     * latest line-up was assumed (`lib/data/lineup.ts`).
     */
    lineup_assumed: boolean;
    /** The race's rain and safety-car odds, where each came from, and the scenario weights they gave. */
    scenario_odds?: ScenarioOdds;
  };
  predictions: DriverForecast[];
  scenarios: Record<string, DriverForecast[]>;
  /** The qualifying forecast, for a race whose qualifying had not run when it was forecast. */
  qualifying?: QualifyingForecast[];
  /** The sprint's forecast (sprint points), on a sprint weekend whose sprint had not run when it was forecast. */
  sprint?: DriverForecast[];
  /** Every pair of team-mates' head-to-head. */
  head_to_head?: HeadToHead[];
  /** The race's forecast at each stage of its weekend reached, least known first (absent in older files). */
  stages?: StageForecast[];
  /** Any two drivers head to head (absent in files written before it). */
  pairwise?: PairwiseForecast;
  /**
   * The strengths the forecast used: each driver's gap (car and driver), and each team's (its drivers' mean
   * gap, with the car's uncertainty). Race by race, a belief over the season.
   */
  strengths?: { drivers: StrengthLine[]; teams: StrengthLine[] };
  /** The race result in classification order, once the race has run. */
  actual?: Array<{ driver: string; position: number | string; grid: number | string | null; points: number }>;
}

/** One driver's or team's line in `season_projection`. */
export interface StandingProjection {
  /** Driver code or team id. */
  id: string;
  name: string;
  /** A driver's latest team name; for a team, its name again. */
  team: string;
  current_points: number;
  expected_points: number;
  /** 10th and 90th percentile of the final points. */
  points_interval_80: [number, number];
  title_probability: number;
  /** Probability of each final championship position, index 0 = champion. */
  position_probabilities: number[];
}

/** The `season_projection` of a predictions file. */
export interface SeasonProjection {
  season: number;
  /** The last round whose race result is in the data (0 before the first). */
  as_of_round: number;
  races_remaining: number;
  sprints_remaining: number;
  simulations: number;
  /** Rounds whose data is bad: their results are unknown, so they are simulated as if still to come. */
  rounds_with_bad_data: number[];
  drivers: StandingProjection[];
  teams: StandingProjection[];
}

/** One line of the training history. */
export interface HistoryEntry {
  timestamp: string;
  duration_seconds: number;
  season: number;
  races_processed: number;
  races_retrained: number;
  races_reused: number;
  succeeded: number;
  failed: string[];
  data_hash: string;
  config_hash: string;
  config: Record<string, unknown>;
}

/** A driver's or team's championship as projected after one round: `id` as in {@linkcode StandingProjection}. */
export interface TitleOddsLine {
  id: string;
  name: string;
  current_points: number;
  expected_points: number;
  title_probability: number;
}

/**
 * The championship as projected right after one round's race, from the data up to that race only (later rounds cut,
 * their line-ups assumed): the title odds over the season, one of these per round run.
 */
export interface TitleOddsAfterRound {
  as_of_round: number;
  simulations: number;
  drivers: TitleOddsLine[];
  teams: TitleOddsLine[];
}

/** The fields of a driver's forecast kept where forecasts are summarised: a weekend's stages, a race's history. */
export const SUMMARY_FIELDS = [
  "driver",
  "win_probability",
  "podium_probability",
  "points_probability",
  "expected_position",
] as const satisfies readonly (keyof DriverForecast)[];

/** A driver's forecast summarised ({@linkcode SUMMARY_FIELDS}). */
export type DriverSummary = Pick<DriverForecast, typeof SUMMARY_FIELDS[number]>;

/**
 * A race's forecast at one stage of its weekend, as the trainer made it then (`lib/forecast/stages.ts`): each driver's
 * win, podium and points chances and expected position.
 */
export interface StageForecast {
  stage: Stage;
  /** The last session it knew, or "none" before the weekend. */
  as_of: string;
  sessions_used: string[];
  predictions: DriverSummary[];
}

/** The predictions file. */
export interface PredictionsDocument {
  metadata: {
    generated_at: string;
    training_time: number;
    season: number;
    num_simulations: number;
    /** The registered model that made the forecasts (`--model`); absent in files written before models had names. */
    model?: string;
    /** Whether the model has the Bayesian strength model / the ML layer: the seed's flags, kept. */
    use_bayesian: boolean;
    use_ml_layer: boolean;
    driver_weights: Record<string, number>;
    team_weights: Record<string, number>;
    scenarios: string[];
    /** Each scenario's base weight; each race's own weights are in its `metadata.scenario_odds`. */
    scenario_weights: Record<string, number>;
    seed: number;
    model_version: string;
    data_hash: string;
    hash_algorithm: string;
    config_hash: string;
    source: string | null;
    /** With --use-ml-layer: the races it learned from and its feature importances; else null. */
    ml_layer: MlLayerSummary | null;
    training_history: HistoryEntry[];
  };
  /** The championship from the latest data to the season's end; null if it could not be projected (see the log). */
  season_projection: SeasonProjection | null;
  /** The title odds after each round whose race has run, in round order; absent in files written before them. */
  title_odds?: TitleOddsAfterRound[];
  predictions: Record<string, RaceRecord>;
}

/** The parts of a driver's forecast that scores read: what every forecaster, model or baseline, gives. */
export interface ScoredForecast {
  driver: string;
  win_probability: number;
  podium_probability: number;
  points_probability: number;
  expected_position: number;
  /** Index 0 = P1. */
  position_probabilities: readonly number[];
}
