/**
 * What a scored forecast reports: one race's proper scores, their mean over
 * races, and a reliability table. These shapes reach users in the backtest
 * JSON, the batch comparison and the API, so they live with the output
 * contract; `lib/evaluate` computes them.
 *
 * @module
 */

/** The scores of one race; lower is better except for `p_winner` and `spearman`. */
export interface RaceScore {
  winner_logloss: number;
  p_winner: number;
  win_brier: number;
  podium_brier: number;
  points_brier: number;
  rps10: number;
  spearman: number;
}

/** Mean scores over races, with how many races they cover. */
export type ScoreSummary = RaceScore & { races: number };

/** One bin of a reliability table. */
export interface ReliabilityBin {
  /** Lower and upper edge of the forecast probabilities in the bin. */
  from: number;
  to: number;
  count: number;
  /** Mean forecast probability in the bin. */
  forecast: number;
  /** Share of the bin's events that happened. */
  observed: number;
}

/** A tier's calibration: its table, slope and intercept. */
export interface Calibration {
  slope: number;
  intercept: number;
  bins: ReliabilityBin[];
}
