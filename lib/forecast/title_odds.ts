/**
 * Title odds over the season: after each round whose race has run, the
 * championship projected from the model's state right after that race and
 * the season as it stood then (`seasonThrough`: later rounds cut, their
 * line-ups assumed). Each point is a walk-forward projection, the same
 * arithmetic as the season projection (`projection.ts`), with at most
 * {@linkcode TITLE_ODDS_SEASONS} simulated seasons: a title chance of p is
 * then known to within sqrt(p(1-p)/1000), 1.6 points of a percent at 50 % and
 * 0.7 at 5 %, about what a line on a chart can show. More would cost a cold
 * training of a full season more than its races do (a new race adds one
 * round's projection; the others are cached).
 *
 * Every round uses the same seed, so neighbouring rounds share their random
 * numbers and a line moves because the data did, not the dice.
 *
 * @module
 */

import type { LoadedSeason } from "../data/load.ts";
import { seasonThrough } from "../data/season_through.ts";
import type { StrengthModel } from "../model/strength.ts";
import type { StandingProjection, TitleOddsAfterRound, TitleOddsLine } from "../format/predictions.ts";
import { type ProjectionPlan, projectionPlan } from "./projection.ts";
import type { ForecastSettings } from "./race_forecast.ts";

/** Simulated seasons behind each round's title odds, at most. */
export const TITLE_ODDS_SEASONS = 1_000;

function lines(standings: readonly StandingProjection[]): TitleOddsLine[] {
  return standings.map(({ id, name, current_points, expected_points, title_probability }) => ({
    id,
    name,
    current_points,
    expected_points,
    title_probability,
  }));
}

/**
 * The title odds right after round `from.round`'s race, before their simulation.
 *
 * @example
 * ```ts ignore
 * import { titleOddsPlan } from "./title_odds.ts";
 * const plan = titleOddsPlan(model, { state: stateAfterRound5, season: loaded, round: 5 }, settings);
 * const odds = plan.summarise(simulateSeason(plan.input, plan.options));
 * odds.drivers[0].title_probability;
 * ```
 */
export function titleOddsPlan<State>(
  model: StrengthModel<State>,
  from: { state: State; season: LoadedSeason; round: number },
  settings: ForecastSettings,
): ProjectionPlan<TitleOddsAfterRound> {
  const simulations = Math.min(settings.simulations, TITLE_ODDS_SEASONS);
  const plan = projectionPlan(model, { state: from.state, season: seasonThrough(from.season, from.round) }, {
    ...settings,
    simulations,
  });
  return {
    input: plan.input,
    options: plan.options,
    summarise: (tally) => {
      const projection = plan.summarise(tally);
      return {
        as_of_round: from.round,
        simulations: projection.simulations,
        drivers: lines(projection.drivers),
        teams: lines(projection.teams),
      };
    },
  };
}
