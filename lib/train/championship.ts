/**
 * A run's championship products: the projection from the latest data to the
 * season's end, and the title odds after each round whose race has run
 * (`lib/forecast/title_odds.ts`). Each is cached beside the output under the
 * chain key of the round it stands on, so a run recomputes only what changed
 * data reaches: a new race adds one point to the title odds, a corrected
 * round 5 recomputes rounds 5 onwards.
 *
 * Neither may cost the race forecasts: one that cannot be made is logged and
 * left out.
 *
 * @module
 */

import { hashParts } from "../data/hash.ts";
import type { TrainingResult } from "../forecast/pipeline.ts";
import type { ForecastWorkers } from "../forecast/forecast_pool.ts";
import { PROJECTION_VERSION, type ProjectionPlan, projectionPlan } from "../forecast/projection.ts";
import { TITLE_ODDS_SEASONS, titleOddsPlan } from "../forecast/title_odds.ts";
import type { SeasonProjection, TitleOddsAfterRound } from "../format/predictions.ts";
import { simulateSeason } from "../sim/season.ts";
import { companionFiles } from "./outputs.ts";
import { appendLog } from "./log.ts";
import type { ResolvedRun, StoredRun } from "./resolved_run.ts";

/** Where a run's season simulations go: its workers, or this thread. */
interface Simulating {
  stored: StoredRun;
  workers: ForecastWorkers | undefined;
}

/** A plan's seasons simulated (on the workers where there are some) and summarised. */
async function simulated<T>(workers: ForecastWorkers | undefined, plan: ProjectionPlan<T>): Promise<T> {
  const tally = workers === undefined
    ? simulateSeason(plan.input, plan.options)
    : await workers.simulateSeason(plan.input, plan.options);
  return plan.summarise(tally);
}

/** Logs why a championship product could not be made: the race forecasts stand without it. */
function logFailure(run: ResolvedRun, what: string, error: unknown): Promise<void> {
  return appendLog(companionFiles(run.config.output).log, "error", `${what} failed: ${(error as Error).message}`);
}

/**
 * The championship projection: the cached one while nothing up to the latest round changed, else a new one.
 *
 * @example
 * ```ts ignore
 * import { projection } from "./championship.ts";
 * const { key, value } = await projection(run, result, { stored, workers: undefined });
 * value?.drivers[0].title_probability;
 * ```
 */
export async function projection(
  run: ResolvedRun,
  result: TrainingResult,
  context: Simulating,
): Promise<{ key: string; value: SeasonProjection | null }> {
  const { stored, workers } = context;
  const key = hashParts(result.latestKey, PROJECTION_VERSION);
  if (stored.cache?.projection?.key === key) return { key, value: stored.cache.projection.value };
  try {
    // trainSeasons threw already if the target season were missing.
    const plan = projectionPlan(run.model, { state: result.latestState, season: run.target! }, run.settings);
    return { key, value: await simulated(workers, plan) };
  } catch (error) {
    await logFailure(run, "season projection", error);
    return { key, value: null };
  }
}

/**
 * The title odds after each round whose race has run, in round order (`list`), and the same by cache key
 * (`byKey`, for the cache file): cached rounds reused, the others projected.
 *
 * @example
 * ```ts ignore
 * import { titleOddsOverSeason } from "./championship.ts";
 * const { list } = await titleOddsOverSeason(run, result, { stored, workers: undefined });
 * list.map((point) => point.drivers[0].title_probability);
 * ```
 */
export async function titleOddsOverSeason(
  run: ResolvedRun,
  result: TrainingResult,
  context: Simulating,
): Promise<{ list: TitleOddsAfterRound[]; byKey: Record<string, TitleOddsAfterRound> }> {
  const { stored, workers } = context;
  const cached = stored.cache?.title_odds ?? {};
  const byKey: Record<string, TitleOddsAfterRound> = {};
  const list: TitleOddsAfterRound[] = [];
  for (const { round, key: roundKey, state } of result.racesRun) {
    const key = hashParts(roundKey, PROJECTION_VERSION, `title-odds-${TITLE_ODDS_SEASONS}`);
    let odds: TitleOddsAfterRound | undefined = cached[key];
    if (odds === undefined) {
      try {
        odds = await simulated(workers, titleOddsPlan(run.model, { state, season: run.target!, round }, run.settings));
      } catch (error) {
        await logFailure(run, `title odds after round ${round}`, error);
        continue;
      }
    }
    byKey[key] = odds;
    list.push(odds);
  }
  return { list, byKey };
}
