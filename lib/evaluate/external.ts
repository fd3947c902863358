/**
 * Other forecasters' probabilities for the same races (prediction markets,
 * public models), read from CSV so a backtest can score them beside ours.
 *
 * The file has a header row and one row per driver or per race; lines
 * starting with `#` are comments. Columns: `season`, `round`, `snapshot`,
 * `driver` (or `winner`), `source`, and either `win_probability` (a full
 * distribution: one row per driver) or `winner_probability` (only the actual
 * winner's probability, which is enough for winner log-loss). A driver is a
 * three-letter code or an F1DB id (`max-verstappen`, `max_verstappen`).
 * Snapshots map to horizons: `pre_weekend` is before the weekend,
 * `post_quali` and `close` are after qualifying; a horizon's own name is
 * accepted too.
 *
 * @module
 */

import { type Horizon, HORIZONS } from "../data/horizons.ts";
import { UserInputError } from "../errors/errors.ts";

/** Thrown for a row or column the reader cannot use, naming the file, line and field. */
export class ExternalForecastError extends UserInputError {
  /**
   * @example
   * ```ts
   * import { ExternalForecastError } from "./external.ts";
   * import assert from "node:assert/strict";
   * const error = new ExternalForecastError("m.csv", { line: 3, field: "round", expected: "a round number", found: '"x"' });
   * assert.equal(error.message, 'm.csv: line 3: round: expected a round number; found "x"');
   * ```
   */
  constructor(file: string, problem: { line: number; field: string; expected: string; found: string }) {
    super(`${file}: line ${problem.line}: ${problem.field}: expected ${problem.expected}; found ${problem.found}`);
    this.name = "ExternalForecastError";
  }
}

/** One forecaster's probabilities for one race at one snapshot. */
export interface ExternalRace {
  season: number;
  round: number;
  snapshot: string;
  horizon: Horizon;
  source: string;
  /** Driver (code or F1DB id, as the file has it) to win probability; a single entry for the winner-only form. */
  probabilities: Map<string, number>;
  /** True when the file gave only the actual winner's probability. */
  winnerOnly: boolean;
}

const SNAPSHOT_HORIZONS: Readonly<Record<string, Horizon>> = {
  pre_weekend: "before_weekend",
  post_quali: "after_qualifying",
  close: "after_qualifying",
};

/**
 * The horizon a snapshot stands for; undefined for an unknown snapshot.
 *
 * @example
 * ```ts
 * import { snapshotHorizon } from "./external.ts";
 * import assert from "node:assert/strict";
 * assert.equal(snapshotHorizon("close"), "after_qualifying");
 * assert.equal(snapshotHorizon("after_practice"), "after_practice");
 * ```
 */
export function snapshotHorizon(snapshot: string): Horizon | undefined {
  return SNAPSHOT_HORIZONS[snapshot] ?? HORIZONS.find((horizon) => horizon === snapshot);
}

/**
 * A driver's identity in any of the spellings files use: lower case, letters
 * and digits only.
 *
 * @example
 * ```ts
 * import { driverKey } from "./external.ts";
 * import assert from "node:assert/strict";
 * assert.equal(driverKey("max_verstappen"), driverKey("Max Verstappen"));
 * ```
 */
export function driverKey(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

function column(header: readonly string[], names: readonly string[]): number {
  return header.findIndex((name) => names.includes(name));
}

/**
 * Reads external forecasts from CSV text. Rows of one season, round,
 * snapshot and source make one race's forecast.
 *
 * @throws {ExternalForecastError}
 * @example
 * ```ts
 * import { parseExternalForecasts } from "./external.ts";
 * import assert from "node:assert/strict";
 * const text = "# a market\nseason,round,snapshot,winner,source,winner_probability\n2025,1,close,norris,market,0.33\n";
 * const [race] = parseExternalForecasts(text, "m.csv");
 * assert.equal(race.horizon, "after_qualifying");
 * assert.equal(race.probabilities.get("norris"), 0.33);
 * ```
 */
export function parseExternalForecasts(text: string, file: string): ExternalRace[] {
  const lines = text.split(/\r?\n/).map((line, i) => ({ line: i + 1, cells: line.split(",").map((c) => c.trim()) }))
    .filter(({ cells }) => cells.join("") !== "" && !cells[0].startsWith("#"));
  const header = lines.shift();
  const fail = (line: number, field: string, problem: { expected: string; found: string }): never => {
    throw new ExternalForecastError(file, { line, field, ...problem });
  };
  if (header === undefined) return fail(1, "header", { expected: "a header row", found: "an empty file" });
  const at = {
    season: column(header.cells, ["season"]),
    round: column(header.cells, ["round"]),
    snapshot: column(header.cells, ["snapshot"]),
    driver: column(header.cells, ["driver", "winner"]),
    source: column(header.cells, ["source"]),
    win: column(header.cells, ["win_probability"]),
    winner: column(header.cells, ["winner_probability"]),
  };
  for (const [field, index] of Object.entries(at)) {
    if (index < 0 && field !== "win" && field !== "winner") {
      fail(header.line, "header", {
        expected: `a column ${field === "driver" ? "driver (or winner)" : field}`,
        found: header.cells.join(","),
      });
    }
  }
  if ((at.win < 0) === (at.winner < 0)) {
    fail(header.line, "header", {
      expected: "one of win_probability and winner_probability",
      found: header.cells.join(","),
    });
  }
  const winnerOnly = at.winner >= 0;
  const races = new Map<string, ExternalRace>();
  for (const { line, cells } of lines) {
    const season = Number(cells[at.season]), round = Number(cells[at.round]);
    if (!Number.isInteger(season)) {
      fail(line, "season", { expected: "a year", found: JSON.stringify(cells[at.season] ?? "") });
    }
    if (!Number.isInteger(round) || round < 1) {
      fail(line, "round", { expected: "a round number", found: JSON.stringify(cells[at.round] ?? "") });
    }
    const snapshot = cells[at.snapshot] ?? "";
    const horizon = snapshotHorizon(snapshot);
    if (horizon === undefined) {
      fail(line, "snapshot", {
        expected: `one of pre_weekend, post_quali, close, ${HORIZONS.join(", ")}`,
        found: JSON.stringify(snapshot),
      });
    }
    const probability = Number(cells[winnerOnly ? at.winner : at.win]);
    if (!(probability >= 0 && probability <= 1)) {
      fail(line, winnerOnly ? "winner_probability" : "win_probability", {
        expected: "a probability 0-1",
        found: JSON.stringify(cells[winnerOnly ? at.winner : at.win] ?? ""),
      });
    }
    const driver = cells[at.driver] ?? "";
    if (driver === "") fail(line, "driver", { expected: "a driver code or F1DB id", found: '""' });
    const source = cells[at.source] || "external";
    const key = `${season}/${round}/${snapshot}/${source}`;
    let race = races.get(key);
    if (race === undefined) {
      race = { season, round, snapshot, horizon: horizon!, source, probabilities: new Map(), winnerOnly };
      races.set(key, race);
    } else if (winnerOnly) {
      fail(line, "winner_probability", { expected: `one row per race for ${key}`, found: "a second row" });
    }
    race.probabilities.set(driver, probability);
  }
  return [...races.values()];
}
