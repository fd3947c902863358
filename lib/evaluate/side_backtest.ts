/**
 * Scoring the forecasts beside the race's in a backtest, with their
 * baselines:
 *
 * - qualifying (at the horizons before it runs): pole log-loss, -ln p of the
 *   driver who took pole, and Q3 Brier, the mean over the field of
 *   (p - reached)^2 for a top-ten place; baseline `team_order`: drivers
 *   lined up by their team's mean qualifying place over its last five
 *   rounds (then their own), and a table of pole and top-ten rates by that
 *   slot fitted on earlier seasons (smoothed by two pseudo-rounds toward
 *   1/20 and 1/2);
 * - team-mates' head-to-heads: Brier of P(first ahead) in the race (both
 *   started) and in qualifying; baselines `coin_flip` (1/2) and
 *   `last_season`: the pair's record as team-mates the season before,
 *   (ahead + 1) / (races + 2), or 1/2 for a pair that was not.
 *
 * @module
 */

import { type QualifyingRow, type ResultRow, startedRace } from "../data/format.ts";
import type { Horizon } from "../data/horizons.ts";
import { HORIZONS } from "../data/horizons.ts";
import type { LoadedSeason } from "../data/load.ts";
import type { HeadToHead } from "../format/predictions.ts";
import type { ForecasterRace } from "./backtest_all.ts";
import { Q3_PLACES } from "../forecast/head_to_head.ts";
import { logLoss } from "./scores.ts";

/** One score of a side forecast: a measure, at a horizon, by a forecaster, over `count` races or pairs. */
export interface SideScoreRow {
  measure: "pole log-loss" | "Q3 Brier" | "race head-to-head Brier" | "qualifying head-to-head Brier";
  horizon: Horizon;
  forecaster: string;
  count: number;
  score: number;
}

const TEAM_FORM_ROUNDS = 5;
const PRIOR = 2;
const MAX_SLOT = 22;

/** A round's qualifying order: classified drivers by position (status rows last, in file order). */
function qualifyingOrder(rows: readonly QualifyingRow[]): string[] {
  return [...rows].sort((a, b) =>
    (typeof a.position === "number" ? a.position : Infinity) - (typeof b.position === "number" ? b.position : Infinity)
  ).map((row) => row.driver);
}

/** Who is ahead of whom: index in the order, undefined for a driver not in it. */
function indexIn(order: readonly string[]): Map<string, number> {
  return new Map(order.map((driver, i) => [driver, i]));
}

/** The pair's outcome in an order: 1 when the first is ahead, 0 when behind, undefined when either is missing. */
function pairOutcome(drivers: readonly [string, string], at: ReadonlyMap<string, number>): number | undefined {
  const a = at.get(drivers[0]), b = at.get(drivers[1]);
  return a === undefined || b === undefined ? undefined : Number(a < b);
}

interface Round {
  year: number;
  round: number;
  name: string;
  qualifying?: QualifyingRow[];
  sprint?: ResultRow[];
  race?: ResultRow[];
  teams: Map<string, string>;
}

function roundsOf(seasons: readonly LoadedSeason[]): Round[] {
  return seasons.flatMap((loaded) =>
    loaded.rounds.flatMap((r) =>
      r.status !== "ok" ? [] : [{
        year: loaded.season.year,
        round: r.round.round,
        name: r.round.name,
        qualifying: r.sessions.qualifying,
        sprint: r.sessions.sprint,
        race: r.sessions.race,
        teams: new Map(
          loaded.season.entrants.filter((e) => e.rounds.includes(r.round.round)).map((e) => [e.driver, e.team]),
        ),
      }]
    )
  );
}

/** The team-order qualifying baseline for every round of `year` with a qualifying: pole and Q3 chances by driver. */
function teamOrderQualifying(
  rounds: readonly Round[],
  year: number,
): Map<string, Map<string, { pole: number; q3: number }>> {
  const starts = new Array(MAX_SLOT + 1).fill(0), poles = new Array(MAX_SLOT + 1).fill(0);
  const tops = new Array(MAX_SLOT + 1).fill(0);
  const teamPlaces = new Map<string, number[]>(), driverPlaces = new Map<string, number[]>();
  const out = new Map<string, Map<string, { pole: number; q3: number }>>();
  const mean = (xs: number[] | undefined) =>
    xs === undefined || xs.length === 0 ? Infinity : xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const round of rounds.filter((r) => r.year <= year && r.qualifying !== undefined)) {
    const order = qualifyingOrder(round.qualifying!);
    const slots = [...order].sort((a, b) =>
      mean(teamPlaces.get(round.teams.get(a) ?? "")) - mean(teamPlaces.get(round.teams.get(b) ?? "")) ||
      mean(driverPlaces.get(a)) - mean(driverPlaces.get(b)) || a.localeCompare(b)
    );
    if (round.year === year) {
      const rate = (slot: number) => {
        const s = Math.min(slot, MAX_SLOT);
        return {
          pole: (poles[s] + PRIOR / 20) / (starts[s] + PRIOR),
          q3: (tops[s] + PRIOR / 2) / (starts[s] + PRIOR),
        };
      };
      const lines = new Map(slots.map((driver, i) => [driver, rate(i + 1)]));
      const total = [...lines.values()].reduce((sum, line) => sum + line.pole, 0);
      for (const line of lines.values()) line.pole /= total;
      out.set(round.name, lines);
    } else {
      slots.forEach((driver, i) => {
        const s = Math.min(i + 1, MAX_SLOT);
        starts[s]++;
        if (order[0] === driver) poles[s]++;
        if (order.indexOf(driver) < Q3_PLACES) tops[s]++;
      });
    }
    order.forEach((driver, k) => {
      const team = round.teams.get(driver) ?? "";
      teamPlaces.set(team, [...(teamPlaces.get(team) ?? []), k + 1].slice(-2 * TEAM_FORM_ROUNDS));
      driverPlaces.set(driver, [...(driverPlaces.get(driver) ?? []), k + 1].slice(-TEAM_FORM_ROUNDS));
    });
  }
  return out;
}

/** Each pair's record as team-mates in `year`: race and qualifying, (ahead + 1) / (meetings + 2). */
function lastSeasonRecords(
  rounds: readonly Round[],
  year: number,
): (pair: readonly [string, string], kind: "race" | "qualifying") => number {
  const counts = new Map<string, { ahead: number; n: number }>();
  for (const round of rounds.filter((r) => r.year === year)) {
    for (const kind of ["race", "qualifying"] as const) {
      const rows = kind === "race" ? round.race?.filter(startedRace) : round.qualifying;
      if (rows === undefined) continue;
      const at = indexIn(kind === "race" ? rows.map((row) => row.driver) : qualifyingOrder(rows as QualifyingRow[]));
      const drivers = [...at.keys()].sort();
      for (const a of drivers) {
        for (const b of drivers) {
          if (a >= b || round.teams.get(a) !== round.teams.get(b)) continue;
          const key = `${kind}:${a}:${b}`;
          const c = counts.get(key) ?? { ahead: 0, n: 0 };
          c.ahead += pairOutcome([a, b], at)!;
          c.n++;
          counts.set(key, c);
        }
      }
    }
  }
  return (pair, kind) => {
    const c = counts.get(`${kind}:${pair[0]}:${pair[1]}`);
    return c === undefined ? 0.5 : (c.ahead + 1) / (c.n + 2);
  };
}

/** Sums of a score by forecaster and horizon, averaged at the end. */
class Scores {
  readonly #sums = new Map<string, SideScoreRow>();
  add(row: Omit<SideScoreRow, "count" | "score">, score: number): void {
    const key = `${row.measure}|${row.horizon}|${row.forecaster}`;
    const sum = this.#sums.get(key) ?? { ...row, count: 0, score: 0 };
    sum.count++;
    sum.score += score;
    this.#sums.set(key, sum);
  }
  rows(): SideScoreRow[] {
    return [...this.#sums.values()].map((row) => ({ ...row, score: Math.round(row.score / row.count * 1e4) / 1e4 }));
  }
}

/**
 * Scores the qualifying and head-to-head forecasts of every model in
 * `forecasted` that has them, and their baselines, on the finished races of
 * `year`.
 */
export function sideScores(
  seasons: readonly LoadedSeason[],
  run: { year: number; forecasted: Readonly<Record<string, readonly ForecasterRace[]>> },
): SideScoreRow[] {
  const rounds = roundsOf(seasons);
  const byName = new Map(rounds.filter((r) => r.year === run.year).map((r) => [r.name, r]));
  const teamOrder = teamOrderQualifying(rounds, run.year);
  const lastSeason = lastSeasonRecords(rounds, run.year - 1);
  const scores = new Scores();
  for (const [forecaster, races] of Object.entries(run.forecasted)) {
    for (const race of races) {
      const round = byName.get(race.name);
      if (race.side === undefined || round === undefined) continue;
      for (const horizon of HORIZONS) {
        const side = race.side[horizon];
        scoreQualifying(scores, { forecaster, horizon, round, lines: side.qualifying });
        scoreHeadToHeads(scores, { forecaster, horizon, round, lines: side.head_to_head });
        if (forecaster !== "bayes") continue;
        // The baselines, scored on the same races and horizons as the default model.
        const baseline = teamOrder.get(race.name);
        if (side.qualifying !== undefined && baseline !== undefined) {
          const lines = [...baseline].map(([driver, p]) => ({
            driver,
            pole_probability: p.pole,
            q3_probability: p.q3,
          }));
          scoreQualifying(scores, { forecaster: "team_order", horizon, round, lines });
        }
        for (
          const [name, chance] of [
            ["coin_flip", () => 0.5],
            ["last_season", lastSeason],
          ] as const
        ) {
          const lines = side.head_to_head.map((line) => ({
            ...line,
            race: chance(line.drivers, "race"),
            qualifying: line.qualifying === null ? null : chance(line.drivers, "qualifying"),
          }));
          scoreHeadToHeads(scores, { forecaster: name, horizon, round, lines });
        }
      }
    }
  }
  return scores.rows().sort((a, b) =>
    a.measure.localeCompare(b.measure) || HORIZONS.indexOf(a.horizon) - HORIZONS.indexOf(b.horizon) ||
    a.score - b.score
  );
}

function scoreQualifying(
  scores: Scores,
  at: {
    forecaster: string;
    horizon: Horizon;
    round: Round;
    lines: ReadonlyArray<{ driver: string; pole_probability: number; q3_probability: number }> | undefined;
  },
): void {
  const { lines, round } = at;
  if (lines === undefined || round.qualifying === undefined) return;
  const order = qualifyingOrder(round.qualifying);
  const key = { forecaster: at.forecaster, horizon: at.horizon };
  const pole = lines.find((line) => line.driver === order[0])?.pole_probability ?? 0;
  scores.add({ ...key, measure: "pole log-loss" }, logLoss(pole));
  const at10 = indexIn(order);
  const scored = lines.filter((line) => at10.has(line.driver));
  const brier = scored.reduce(
    (sum, line) => sum + (line.q3_probability - Number(at10.get(line.driver)! < Q3_PLACES)) ** 2,
    0,
  );
  scores.add({ ...key, measure: "Q3 Brier" }, brier / scored.length);
}

function scoreHeadToHeads(
  scores: Scores,
  at: { forecaster: string; horizon: Horizon; round: Round; lines: readonly HeadToHead[] },
): void {
  const { round } = at;
  const raceOrder = indexIn((round.race ?? []).filter(startedRace).map((row) => row.driver));
  const qualifyingAt = indexIn(round.qualifying === undefined ? [] : qualifyingOrder(round.qualifying));
  for (const line of at.lines) {
    const race = pairOutcome(line.drivers, raceOrder);
    if (race !== undefined) {
      scores.add(
        { forecaster: at.forecaster, horizon: at.horizon, measure: "race head-to-head Brier" },
        (line.race - race) ** 2,
      );
    }
    const qualifying = pairOutcome(line.drivers, qualifyingAt);
    if (line.qualifying !== null && qualifying !== undefined) {
      scores.add(
        { forecaster: at.forecaster, horizon: at.horizon, measure: "qualifying head-to-head Brier" },
        (line.qualifying - qualifying) ** 2,
      );
    }
  }
}

/**
 * The sprints of `year` as forecasters saw them, for the race backtest's
 * scoring: each model's sprint forecast at the horizons before the sprint
 * ran, against the sprint's result; baseline `team_order`, the race's
 * team-order forecast at the same horizon (the same team form, read as a
 * sprint forecast).
 */
export function sprintForecasters(
  seasons: readonly LoadedSeason[],
  run: { year: number; forecasted: Readonly<Record<string, readonly ForecasterRace[]>> },
): Record<string, ForecasterRace[]> {
  const sprints = new Map(
    roundsOf(seasons).flatMap((r) => r.year === run.year && r.sprint !== undefined ? [[r.name, r.sprint]] : []),
  );
  const out: Record<string, ForecasterRace[]> = {};
  const bayes = new Map((run.forecasted.bayes ?? []).map((race) => [race.name, race]));
  for (const [forecaster, races] of Object.entries(run.forecasted)) {
    for (const race of races) {
      const result = sprints.get(race.name);
      if (result === undefined) continue;
      const forecasts: ForecasterRace["forecasts"] = {};
      for (const horizon of HORIZONS) {
        const model = race.side?.[horizon].sprint;
        const asOfSprint = bayes.get(race.name)?.side?.[horizon].sprint;
        if (model !== undefined) forecasts[horizon] = model;
        else if (forecaster === "team_order" && asOfSprint !== undefined && race.forecasts[horizon]) {
          forecasts[horizon] = race.forecasts[horizon];
        }
      }
      if (Object.keys(forecasts).length > 0) (out[forecaster] ??= []).push({ name: race.name, result, forecasts });
    }
  }
  return out;
}
