/**
 * Other forecasters scored beside ours: for each source and snapshot, the
 * winner log-loss and P(winner) over the races it priced, and each of our
 * models' winner log-loss on exactly those races at the same horizon, so the
 * comparison is like for like.
 *
 * @module
 */

import { finishingOrder } from "../data/format.ts";
import type { Horizon } from "../data/horizons.ts";
import { driverKey, type ExternalRace } from "../evaluate/external.ts";
import type { ForecastedRace } from "./backtest_report.ts";
import { logLoss } from "../evaluate/scores.ts";
import { UserInputError } from "../errors/errors.ts";

/** One source at one snapshot, scored. */
export interface ExternalRow {
  source: string;
  snapshot: string;
  horizon: Horizon;
  races: number;
  winner_logloss: number;
  p_winner: number;
  /** Our models' mean winner log-loss on the same races at the same horizon. */
  models_on_same_races: Record<string, number>;
}

/** A finished race as the comparison needs it: its round, name, result and who raced. */
export interface ResultRace {
  round: number;
  name: string;
  result: ForecastedRace["result"];
  /** Driver code to full name, to match the spellings external files use. */
  names: ReadonlyMap<string, string>;
}

/** Thrown when an external forecast names a winner the race did not have. */
export class ExternalWinnerError extends UserInputError {
  /**
   * @example
   * ```ts
   * import { ExternalWinnerError } from "./external_report.ts";
   * import assert from "node:assert/strict";
   * assert.match(new ExternalWinnerError("market close, round 3", { named: "norris", winner: "VER" }).message, /VER/);
   * ```
   */
  constructor(where: string, found: { named: string; winner: string }) {
    super(`${where}: expected the race's winner (${found.winner}); found "${found.named}"`);
    this.name = "ExternalWinnerError";
  }
}

/** Whether a file's spelling of a driver names `code` (code, full name or surname). */
function sameDriver(spelling: string, code: string, name: string | undefined): boolean {
  const key = driverKey(spelling);
  const surname = name?.split(" ").at(-1);
  return [code, name, surname].some((candidate) => candidate !== undefined && driverKey(candidate) === key);
}

/** The probability an external forecast gave the race's actual winner. */
function winnerProbability(race: ExternalRace, actual: ResultRace): number {
  const winner = finishingOrder(actual.result)[0];
  const name = actual.names.get(winner);
  const entry = [...race.probabilities].find(([spelling]) => sameDriver(spelling, winner, name));
  if (race.winnerOnly && entry === undefined) {
    throw new ExternalWinnerError(`${race.source} ${race.snapshot}, round ${race.round}`, {
      named: [...race.probabilities.keys()][0],
      winner: `${winner}, ${name ?? "?"}`,
    });
  }
  return entry?.[1] ?? 0;
}

/**
 * Scores external forecasts of `year` against the results, and our models on the same races.
 *
 * @throws {ExternalWinnerError} when a winner-only row names someone else.
 * @example
 * ```ts
 * import { scoreExternal } from "./external_report.ts";
 * import assert from "node:assert/strict";
 * const external = [{ season: 2025, round: 1, snapshot: "close", horizon: "after_qualifying" as const,
 *   source: "market", probabilities: new Map([["norris", 0.5]]), winnerOnly: true }];
 * const result = [{ driver: "NOR", position: 1, grid: 1, laps: 57, time_ms: 1, points: 25, retirement: null }];
 * const races = [{ round: 1, name: "Australian Grand Prix", result, names: new Map([["NOR", "Lando Norris"]]) }];
 * const [row] = scoreExternal(external, { year: 2025, races, models: {} });
 * assert.equal(row.p_winner, 0.5);
 * ```
 */
export function scoreExternal(
  external: readonly ExternalRace[],
  against: { year: number; races: readonly ResultRace[]; models: Readonly<Record<string, readonly ForecastedRace[]>> },
): ExternalRow[] {
  const byRound = new Map(against.races.map((race) => [race.round, race]));
  const groups = new Map<string, ExternalRace[]>();
  for (const race of external) {
    if (race.season !== against.year || !byRound.has(race.round)) continue;
    const key = `${race.source}\u0000${race.snapshot}`;
    groups.set(key, [...(groups.get(key) ?? []), race]);
  }
  return [...groups.values()].map((priced) => {
    const { source, snapshot, horizon } = priced[0];
    const probabilities = priced.map((race) => winnerProbability(race, byRound.get(race.round)!));
    const names = new Set(priced.map((race) => byRound.get(race.round)!.name));
    const models_on_same_races: Record<string, number> = {};
    for (const [model, races] of Object.entries(against.models)) {
      const losses = races.filter((race) => names.has(race.name) && race.forecasts[horizon] !== undefined)
        .map((race) => {
          const winner = finishingOrder(race.result)[0];
          const p = race.forecasts[horizon]!.find((row) => row.driver === winner)?.win_probability ?? 0;
          return logLoss(p);
        });
      if (losses.length === priced.length) models_on_same_races[model] = mean(losses);
    }
    return {
      source,
      snapshot,
      horizon,
      races: priced.length,
      winner_logloss: mean(probabilities.map(logLoss)),
      p_winner: mean(probabilities),
      models_on_same_races,
    };
  }).sort((a, b) =>
    a.horizon.localeCompare(b.horizon) || a.source.localeCompare(b.source) ||
    a.snapshot.localeCompare(b.snapshot)
  );
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The comparison as a terminal table.
 *
 * @example
 * ```ts ignore
 * import { formatExternal } from "./external_report.ts";
 * console.log(formatExternal(rows));
 * ```
 */
export function formatExternal(rows: readonly ExternalRow[]): string {
  const models = [...new Set(rows.flatMap((row) => Object.keys(row.models_on_same_races)))];
  const header = [
    "source",
    "snapshot",
    "horizon",
    "races",
    "win logloss",
    "P(winner)",
    ...models.map((m) => `${m} same races`),
  ];
  const cells = rows.map((row) => [
    row.source,
    row.snapshot,
    row.horizon,
    String(row.races),
    row.winner_logloss.toFixed(3),
    row.p_winner.toFixed(3),
    ...models.map((m) => row.models_on_same_races[m]?.toFixed(3) ?? "-"),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => i < 3 ? x.padEnd(widths[i]) : x.padStart(widths[i])).join("  ");
  return [line(header), ...cells.map(line)].join("\n");
}
