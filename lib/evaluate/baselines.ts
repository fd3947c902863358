/**
 * Baselines a forecast has to beat, computed here from the same data:
 *
 * - `uniform`: every driver equally likely in every position;
 * - `grid_table` (after qualifying): empirical win / podium / points rates
 *   and position distributions by starting slot, fitted on earlier seasons
 *   (smoothed exactly as `../shared/tools/f1eval.py` smooths its table);
 * - `team_order` (any horizon): the same kind of table, by the slot a driver
 *   would have if the field lined up by their team's mean finishing place
 *   over its last five races, fitted on earlier seasons the same way;
 * - `logit` (after qualifying and before the weekend): the conditional logits
 *   of `logit_baseline.ts`, fitted by maximum likelihood on the winners of
 *   earlier seasons.
 *
 * @module
 */

import { type Entrant, finishingOrder } from "../data/format.ts";
import type { LoadedSeason } from "../data/load.ts";
import { startingGrid } from "../data/grid.ts";
import type { Horizon } from "../data/horizons.ts";
import { type ChoiceSet, fitConditionalLogit } from "../model/conditional_logit.ts";
import { deriveSeed } from "../sim/rng.ts";
import {
  afterQualifyingFeatures,
  beforeWeekendFeatures,
  FORM_RACES,
  meanOr,
  plackettLuceForecast,
  qualifyingGaps,
} from "./logit_baseline.ts";
import type { ScoredForecast } from "../format/predictions.ts";

/** Slots beyond this share one row of the table. */
const MAX_SLOT = 22;
/** Pseudo-races of smoothing toward the field average, per slot. */
const PRIOR = 2;
/** Positions a table row spreads over. */
const POSITIONS = 26;
/** Races a team's form is averaged over. */
const TEAM_FORM_RACES = FORM_RACES;
/** Plackett-Luce orders sampled per race for the logit baseline's places. */
const LOGIT_SAMPLES = 4000;

/** Outcome counts by slot. */
export interface SlotTable {
  starts: number[];
  /** positions[slot][k]: finishes in position k+1 from that slot. */
  positions: number[][];
}

/** A fresh, empty table. */
function emptyTable(): SlotTable {
  return {
    starts: Array(MAX_SLOT + 1).fill(0),
    positions: Array.from({ length: MAX_SLOT + 1 }, () => Array(POSITIONS).fill(0)),
  };
}

/** Counts one race: each finisher's (or retiree's) index in the classification against their slot. */
function countRace(table: SlotTable, order: readonly string[], slots: ReadonlyMap<string, number>): void {
  order.forEach((driver, k) => {
    const slot = Math.min(slots.get(driver) ?? order.length, MAX_SLOT);
    table.starts[slot]++;
    table.positions[slot][Math.min(k, POSITIONS - 1)]++;
  });
}

/**
 * A forecast from a slot table: the driver's row, wins renormalised over the field.
 *
 * @example
 * ```ts ignore
 * import { slotTableForecast } from "./baselines.ts";
 * slotTableForecast(table, new Map([["PIA", 1], ["NOR", 2]]));
 * ```
 */
export function slotTableForecast(table: SlotTable, slots: ReadonlyMap<string, number>): ScoredForecast[] {
  const rows = [...slots].map(([driver, slot]) => {
    const s = Math.min(slot, MAX_SLOT);
    const n = table.starts[s];
    const counts = table.positions[s];
    const rate = (count: number, base: number) => (count + PRIOR * base) / (n + PRIOR);
    const sum = (to: number) => counts.slice(0, to).reduce((a, b) => a + b, 0);
    const expected = counts.reduce((acc, c, k) => acc + c * (k + 1), 0);
    return {
      driver,
      win: rate(counts[0], 1 / 20),
      podium_probability: rate(sum(3), 3 / 20),
      points_probability: rate(sum(10), 10 / 20),
      expected_position: rate(expected, 10.5),
      position_probabilities: counts.map((c, k) => (c + (k < 20 ? PRIOR / 20 : 0)) / (n + PRIOR)),
    };
  });
  const wins = rows.reduce((a, row) => a + row.win, 0);
  return rows.map(({ win, ...row }) => ({ ...row, win_probability: win / wins }));
}

/** Slots by team form: teams ordered by mean finishing place over their last races, drivers by their own. */
function teamOrderSlots(
  drivers: ReadonlyArray<{ driver: string; team: string }>,
  teamHistory: ReadonlyMap<string, number[]>,
  driverHistory: ReadonlyMap<string, number[]>,
): Map<string, number> {
  const mean = (xs: readonly number[] | undefined) => meanOr(xs, Infinity);
  const ranked = [...drivers].sort((a, b) =>
    mean(teamHistory.get(a.team)) - mean(teamHistory.get(b.team)) ||
    mean(driverHistory.get(a.driver)) - mean(driverHistory.get(b.driver)) || a.driver.localeCompare(b.driver)
  );
  return new Map(ranked.map((d, i) => [d.driver, i + 1]));
}

/** The horizons the logit baseline forecasts. */
const LOGIT_HORIZONS = ["before_weekend", "after_qualifying"] as const;
type LogitHorizon = typeof LOGIT_HORIZONS[number];

/** The logits' coefficients from earlier seasons' choice sets; null with no earlier season to fit on. */
function fitLogits(sets: Record<LogitHorizon, ChoiceSet[]>): Record<LogitHorizon, number[]> | null {
  if (sets.after_qualifying.length === 0) return null;
  return {
    before_weekend: fitConditionalLogit(sets.before_weekend),
    after_qualifying: fitConditionalLogit(sets.after_qualifying),
  };
}

/** A baseline's forecasts for one finished race, by horizon where the baseline has one. */
export interface BaselineRace {
  round: number;
  name: string;
  forecasts: Record<string, Partial<Record<Horizon, ScoredForecast[]>>>;
}

/**
 * The baselines' forecasts for every finished race of `year`, fitted on the
 * seasons of the data set before it.
 *
 * @example
 * ```ts ignore
 * import { backtestBaselines } from "./baselines.ts";
 * const races = backtestBaselines(await loadDataSet("data/f1"), 2025);
 * races[0].forecasts.grid_table.after_qualifying;
 * ```
 */
export function backtestBaselines(seasons: readonly LoadedSeason[], year: number): BaselineRace[] {
  const tables = { grid: emptyTable(), team: emptyTable() };
  const form: PlacesHistory = { driverPlaces: new Map(), teamPlaces: new Map(), qualifyingGaps: new Map() };
  const logitSets: Record<LogitHorizon, ChoiceSet[]> = { after_qualifying: [], before_weekend: [] };
  // Fitted once, when the first race of `year` is reached: on earlier seasons only.
  let logitCoefficients: Record<LogitHorizon, number[]> | null | undefined;
  const races: BaselineRace[] = [];
  for (const loaded of seasons.filter((s) => s.season.year <= year)) {
    for (const loadedRound of loaded.rounds) {
      if (loadedRound.status !== "ok" || loadedRound.sessions.race === undefined) continue;
      const { round, sessions } = loadedRound;
      const drivers = loaded.season.entrants.filter((e) => e.rounds.includes(round.round));
      const teamSlots = teamOrderSlots(drivers, form.teamPlaces, form.driverPlaces);
      const order = finishingOrder(sessions.race!);
      const slots = startingGrid(sessions, drivers.map((d) => d.driver)) ?? new Map<string, number>();
      const gaps = qualifyingGaps(sessions.qualifying ?? []);
      const names = drivers.map((d) => d.driver);
      const features = {
        after_qualifying: afterQualifyingFeatures(names, { slots, gaps }, form),
        before_weekend: beforeWeekendFeatures(drivers, form),
      };
      if (loaded.season.year === year) {
        logitCoefficients ??= fitLogits(logitSets);
        const logit: BaselineRace["forecasts"] = logitCoefficients === null ? {} : {
          logit: logitForecasts(names, { features, coefficients: logitCoefficients }, { year, round: round.round }),
        };
        const uniform = uniformForecast(names);
        const team = slotTableForecast(tables.team, teamSlots);
        races.push({
          round: round.round,
          name: round.name,
          forecasts: {
            uniform: { before_weekend: uniform, after_practice: uniform, after_qualifying: uniform },
            team_order: { before_weekend: team, after_practice: team, after_qualifying: team },
            grid_table: { after_qualifying: slotTableForecast(tables.grid, slots) },
            ...logit,
          },
        });
      } else {
        countRace(tables.grid, order, slots);
        countRace(tables.team, order, teamSlots);
        const winner = names.indexOf(order[0]);
        if (winner >= 0) {
          logitSets.after_qualifying.push({ features: features.after_qualifying, chosen: winner });
          logitSets.before_weekend.push({ features: features.before_weekend, chosen: winner });
        }
      }
      rememberRace(form, { gaps, order, drivers });
    }
  }
  return races;
}

/** The recent places the logit's features read, as the walk keeps them. */
interface PlacesHistory {
  driverPlaces: Map<string, number[]>;
  teamPlaces: Map<string, number[]>;
  qualifyingGaps: Map<string, number[]>;
}

/** Every driver equally likely everywhere: the floor every forecaster must beat. */
function uniformForecast(drivers: readonly string[]): ScoredForecast[] {
  const n = drivers.length;
  return drivers.map((driver) => ({
    driver,
    win_probability: 1 / n,
    podium_probability: Math.min(1, 3 / n),
    points_probability: Math.min(1, 10 / n),
    expected_position: (n + 1) / 2,
    position_probabilities: drivers.map(() => 1 / n),
  }));
}

/** The logit's forecast at each of its horizons, places from Plackett-Luce with a seed per race and horizon. */
function logitForecasts(
  drivers: readonly string[],
  logit: {
    features: Record<LogitHorizon, number[][]>;
    coefficients: Record<LogitHorizon, number[]>;
  },
  race: { year: number; round: number },
): Partial<Record<LogitHorizon, ScoredForecast[]>> {
  return Object.fromEntries(LOGIT_HORIZONS.map((horizon) => [
    horizon,
    plackettLuceForecast(drivers, { features: logit.features[horizon], coefficients: logit.coefficients[horizon] }, {
      samples: LOGIT_SAMPLES,
      seed: deriveSeed(1, race.year, race.round, horizon),
    }),
  ]));
}

/** Folds a finished race into the recent form: qualifying gaps, drivers' places, teams' mean places. */
function rememberRace(
  form: PlacesHistory,
  race: { gaps: ReadonlyMap<string, number>; order: readonly string[]; drivers: readonly Entrant[] },
): void {
  for (const [driver, gap] of race.gaps) {
    form.qualifyingGaps.set(driver, [...(form.qualifyingGaps.get(driver) ?? []), gap].slice(-FORM_RACES));
  }
  const byTeam = new Map<string, number[]>();
  race.order.forEach((driver, k) => {
    const team = race.drivers.find((d) => d.driver === driver)?.team;
    if (team !== undefined) byTeam.set(team, [...(byTeam.get(team) ?? []), k + 1]);
    form.driverPlaces.set(driver, [...(form.driverPlaces.get(driver) ?? []), k + 1].slice(-TEAM_FORM_RACES));
  });
  for (const [team, places] of byTeam) {
    const mean = places.reduce((a, b) => a + b, 0) / places.length;
    form.teamPlaces.set(team, [...(form.teamPlaces.get(team) ?? []), mean].slice(-TEAM_FORM_RACES));
  }
}
