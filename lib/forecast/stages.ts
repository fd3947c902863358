/**
 * Every stage of a race weekend kept: the trainer forecasts a race not only
 * from everything known before it but also as it stood before the weekend,
 * after practice, after the sprint and after qualifying (`weekendStages`),
 * each from the model's state before the round plus that stage's sessions,
 * exactly as a run made at that moment would have. The race page draws how
 * the forecast moved, and once the race has run, how each stage scored.
 *
 * A stage that knows what the race's own forecast knows is that forecast; the
 * others cost one race forecast each (the race alone, at most
 * {@linkcode STAGE_SIMULATIONS} simulations), made once and cached with the
 * round.
 *
 * @module
 */

import { beforeTheRace, sessionsRun, type Stage, weekendStages } from "../data/horizons.ts";
import type { SessionKind, Weekend } from "../data/format.ts";
import type { StrengthModel } from "../model/strength.ts";
import { forecastJob, type ForecastSettings, type RaceForecastJob } from "./race_forecast.ts";
import { type StageForecast, SUMMARY_FIELDS } from "../format/predictions.ts";
import { pickFields } from "../format/api.ts";
import type { RaceForecast } from "./race_assembly.ts";

/**
 * Simulations per scenario behind an earlier stage's forecast, at most: three scenarios of 1,000 put a win chance of
 * 30 % within about 0.8 points of a percent, enough to chart and score the move, at a fraction of the race's own
 * forecast (which keeps `--num-simulations`).
 */
export const STAGE_SIMULATIONS = 1_000;

/** A stage reached, its sessions, and whether it needs a forecast of its own (else the race's forecast is it). */
export interface StagePlan {
  stage: Stage;
  sessions: SessionKind[];
  ownForecast: boolean;
}

/**
 * The stages of a race's weekend to keep, given the sessions its own forecast used.
 *
 * @example
 * ```ts
 * import { stagePlan } from "./stages.ts";
 * import assert from "node:assert/strict";
 * const weekend = { round: { schedule: ["fp1", "fp2", "fp3", "qualifying", "grid", "race"] }, sessions: { fp1: [], fp2: [], fp3: [] } };
 * assert.deepEqual(stagePlan(weekend as never, ["fp1", "fp2", "fp3"]), [
 *   { stage: "before_weekend", sessions: [], ownForecast: true },
 *   { stage: "after_practice", sessions: ["fp1", "fp2", "fp3"], ownForecast: false },
 * ]);
 * ```
 */
export function stagePlan(weekend: Pick<Weekend, "round" | "sessions">, used: readonly SessionKind[]): StagePlan[] {
  return weekendStages(weekend.round.schedule, weekend.sessions).map(({ stage, sessions }) => ({
    stage,
    sessions,
    ownForecast: sessions.join() !== used.join(),
  }));
}

/**
 * A stage's forecast as the predictions file keeps it.
 *
 * @example
 * ```ts
 * import { stageForecast } from "./stages.ts";
 * import assert from "node:assert/strict";
 * const row = { driver: "NOR", win_probability: 0.4, podium_probability: 0.8, points_probability: 0.95, expected_position: 2.1 };
 * const kept = stageForecast({ stage: "after_practice", sessions: ["fp1"], ownForecast: true }, { predictions: [row] } as never);
 * assert.deepEqual(kept, { stage: "after_practice", as_of: "fp1", sessions_used: ["fp1"], predictions: [row] });
 * ```
 */
export function stageForecast(plan: StagePlan, forecast: Pick<RaceForecast, "predictions">): StageForecast {
  return {
    stage: plan.stage,
    as_of: plan.sessions.at(-1) ?? "none",
    sessions_used: plan.sessions,
    predictions: forecast.predictions.map((row) => pickFields(row, SUMMARY_FIELDS)),
  };
}

/**
 * A race's forecast from everything known before it, with its weekend's stages: a stage that knows what the race's
 * forecast knows is it, each other is forecast from the state before the round and that stage's sessions. A stage
 * that cannot be forecast fails the whole, as the race's own forecast would: the caller records the round as failed,
 * with the reason, rather than a record silently short of a stage.
 *
 * @example
 * ```ts ignore
 * import { forecastWithStages } from "./stages.ts";
 * const { forecast, stages } = await forecastWithStages(model, { weekend, state }, { settings, forecast: onWorkers });
 * stages.map((stage) => stage.stage); // ["before_weekend", "after_practice", "after_qualifying"]
 * ```
 */
export function forecastWithStages<State>(
  model: StrengthModel<State>,
  from: { weekend: Weekend; state: State },
  run: { settings: ForecastSettings; forecast: (job: RaceForecastJob) => Promise<RaceForecast> },
): Promise<{ forecast: RaceForecast; stages: StageForecast[] }> {
  const { weekend, state } = from;
  const main = run.forecast(forecastJob(model, { weekend, state }, { known: beforeTheRace, settings: run.settings }));
  const plans = stagePlan(weekend, sessionsRun(weekend.round.schedule, weekend.sessions).filter(beforeTheRace));
  const stageSettings = {
    ...run.settings,
    simulations: Math.min(run.settings.simulations, STAGE_SIMULATIONS),
    raceOnly: true,
  };
  const made = plans.map((plan) => {
    if (!plan.ownForecast) return main;
    const known = (kind: SessionKind) => plan.sessions.includes(kind);
    try {
      return run.forecast(forecastJob(model, { weekend, state }, { known, settings: stageSettings }));
    } catch (error) {
      // Through Promise.all, with the race's own forecast, which may still be in flight on a worker.
      return Promise.reject(error);
    }
  });
  return Promise.all([main, ...made]).then(([forecast, ...atStages]) => ({
    forecast,
    stages: plans.map((plan, i) => stageForecast(plan, atStages[i])),
  }));
}
