/**
 * A predictions file as tidy tables, one row an observation, for pandas, polars or a database: the races, each
 * driver's probabilities in each race, the finishing-position distributions, the team-mates' head-to-heads, the
 * results of the races run, and the championship projection. `deno task export` writes them as CSV or Parquet.
 *
 * @module
 */

import type { PredictionsDocument } from "./predictions.ts";

/** A column's values, all of one kind; `null` where a row has none. */
export type Column =
  | { name: string; type: "STRING"; values: Array<string | null> }
  | { name: string; type: "INT32"; values: Array<number | null> }
  | { name: string; type: "DOUBLE"; values: Array<number | null> }
  | { name: string; type: "BOOLEAN"; values: Array<boolean | null> };

/** A tidy table: named columns of one length. */
export interface Table {
  name: string;
  columns: Column[];
}

type Cell = string | number | boolean | null;
type Kind = Column["type"];

/** A table built row by row against a fixed list of typed columns. */
function table(name: string, spec: ReadonlyArray<[string, Kind]>, rows: Cell[][]): Table {
  return {
    name,
    columns: spec.map(([column, type], i) => ({ name: column, type, values: rows.map((row) => row[i]) }) as Column),
  };
}

/**
 * Every table of a predictions file, in a fixed order.
 *
 * @example
 * ```ts
 * import { predictionTables } from "./tables.ts";
 * import assert from "node:assert/strict";
 * const empty = { metadata: { season: 2025 }, season_projection: null, predictions: {} };
 * const tables = predictionTables(empty as unknown as import("./predictions.ts").PredictionsDocument);
 * assert.deepEqual(tables.map((t) => t.name), ["races", "race_probabilities", "stage_probabilities",
 *   "finishing_positions", "head_to_heads", "results", "title_odds"]);
 * ```
 */
export function predictionTables(document: PredictionsDocument): Table[] {
  const races: RaceRows = {
    season: document.metadata.season,
    races: Object.entries(document.predictions).sort(([, a], [, b]) => a.metadata.round - b.metadata.round),
  };
  return [
    racesTable(races),
    probabilitiesTable(races),
    stagesTable(races),
    positionsTable(races),
    headToHeadTable(races),
    resultsTable(races),
    titleOdds(document),
  ];
}

/** The races of a file, in round order, and their season: what every race table starts from. */
interface RaceRows {
  season: number;
  races: Array<[string, PredictionsDocument["predictions"][string]]>;
}

/** Each race table's first three columns. */
const RACE_KEY: ReadonlyArray<[string, Kind]> = [["season", "INT32"], ["round", "INT32"], ["race", "STRING"]];

function racesTable({ season, races }: RaceRows): Table {
  return table(
    "races",
    [
      ...RACE_KEY,
      ["date", "STRING"],
      ["circuit", "STRING"],
      ["status", "STRING"],
      ["as_of", "STRING"],
      ["stale", "BOOLEAN"],
      ["lineup_assumed", "BOOLEAN"],
    ],
    races.map((
      [name, { metadata: m }],
    ) => [season, m.round, name, m.date, m.circuit, m.status, m.as_of, m.stale, m.lineup_assumed]),
  );
}

function probabilitiesTable({ season, races }: RaceRows): Table {
  return table(
    "race_probabilities",
    [
      ...RACE_KEY,
      ["as_of", "STRING"],
      ["driver", "STRING"],
      ["driver_name", "STRING"],
      ["team", "STRING"],
      ["win_probability", "DOUBLE"],
      ["podium_probability", "DOUBLE"],
      ["points_probability", "DOUBLE"],
      ["dnf_probability", "DOUBLE"],
      ["expected_position", "DOUBLE"],
      ["expected_points", "DOUBLE"],
    ],
    races.flatMap(([name, race]) =>
      race.predictions.map((p) => [
        season,
        race.metadata.round,
        name,
        race.metadata.as_of,
        p.driver,
        p.driver_name,
        p.team,
        p.win_probability,
        p.podium_probability,
        p.points_probability,
        p.dnf_probability,
        p.expected_position,
        p.expected_points,
      ])
    ),
  );
}

/** Each race's forecast at every stage of its weekend reached: a row a stage and driver. */
function stagesTable({ season, races }: RaceRows): Table {
  return table(
    "stage_probabilities",
    [
      ...RACE_KEY,
      ["stage", "STRING"],
      ["as_of", "STRING"],
      ["driver", "STRING"],
      ["win_probability", "DOUBLE"],
      ["podium_probability", "DOUBLE"],
      ["points_probability", "DOUBLE"],
      ["expected_position", "DOUBLE"],
    ],
    races.flatMap(([name, race]) =>
      (race.stages ?? []).flatMap((stage) =>
        stage.predictions.map((p) => [
          season,
          race.metadata.round,
          name,
          stage.stage,
          stage.as_of,
          p.driver,
          p.win_probability,
          p.podium_probability,
          p.points_probability,
          p.expected_position,
        ])
      )
    ),
  );
}

function positionsTable({ season, races }: RaceRows): Table {
  return table(
    "finishing_positions",
    [...RACE_KEY, ["driver", "STRING"], ["position", "INT32"], ["probability", "DOUBLE"]],
    races.flatMap(([name, race]) =>
      race.predictions.flatMap((p) =>
        p.position_probabilities.map((
          probability,
          i,
        ) => [season, race.metadata.round, name, p.driver, i + 1, probability])
      )
    ),
  );
}

function headToHeadTable({ season, races }: RaceRows): Table {
  return table(
    "head_to_heads",
    [
      ...RACE_KEY,
      ["team", "STRING"],
      ["driver", "STRING"],
      ["team_mate", "STRING"],
      ["race_ahead_probability", "DOUBLE"],
      ["qualifying_ahead_probability", "DOUBLE"],
    ],
    races.flatMap(([name, race]) =>
      (race.head_to_head ?? []).map((
        h,
      ) => [season, race.metadata.round, name, h.team, ...h.drivers, h.race, h.qualifying])
    ),
  );
}

function resultsTable({ season, races }: RaceRows): Table {
  return table(
    "results",
    [...RACE_KEY, ["driver", "STRING"], ["position", "STRING"], ["grid", "STRING"], ["points", "DOUBLE"]],
    races.flatMap(([name, race]) =>
      (race.actual ?? []).map((a) => [
        season,
        race.metadata.round,
        name,
        a.driver,
        String(a.position),
        a.grid === null ? null : String(a.grid),
        a.points,
      ])
    ),
  );
}

/** The championship projection, drivers and teams, with the round it stands after. */
/**
 * The title odds: a row per driver and team after each round whose race has run (`projection` "after_round", from
 * the data up to that race), then the projection from the latest data ("latest", with its 80% points interval).
 */
function titleOdds(document: PredictionsDocument): Table {
  const rounds = (document.title_odds ?? []).flatMap((point) => [
    ...point.drivers.map((line) => ["after_round", point.as_of_round, "driver", line, null] as const),
    ...point.teams.map((line) => ["after_round", point.as_of_round, "team", line, null] as const),
  ]);
  const projection = document.season_projection;
  const latest = projection === null ? [] : [
    ...projection.drivers.map((line) => ["latest", projection.as_of_round, "driver", line, line] as const),
    ...projection.teams.map((line) => ["latest", projection.as_of_round, "team", line, line] as const),
  ];
  return table(
    "title_odds",
    [
      ["season", "INT32"],
      ["projection", "STRING"],
      ["after_round", "INT32"],
      ["standings", "STRING"],
      ["id", "STRING"],
      ["name", "STRING"],
      ["team", "STRING"],
      ["current_points", "DOUBLE"],
      ["expected_points", "DOUBLE"],
      ["points_p10", "DOUBLE"],
      ["points_p90", "DOUBLE"],
      ["title_probability", "DOUBLE"],
    ],
    [...rounds, ...latest].map(([kind, round, standings, line, full]) => [
      document.metadata.season,
      kind,
      round,
      standings,
      line.id,
      line.name,
      full?.team ?? null,
      line.current_points,
      line.expected_points,
      full?.points_interval_80[0] ?? null,
      full?.points_interval_80[1] ?? null,
      line.title_probability,
    ]),
  );
}

/**
 * A table as CSV (RFC 4180): a header row, fields quoted where they hold a comma, a quote or a line break, empty for
 * a missing value, numbers as JavaScript writes them (shortest round-trip).
 *
 * @example
 * ```ts
 * import { tableCsv } from "./tables.ts";
 * import assert from "node:assert/strict";
 * const csv = tableCsv({ name: "t", columns: [
 *   { name: "team", type: "STRING", values: ["Red Bull, Racing", null] },
 *   { name: "p", type: "DOUBLE", values: [0.25, 1] },
 * ] });
 * assert.equal(csv, 'team,p\r\n"Red Bull, Racing",0.25\r\n,1\r\n');
 * ```
 */
export function tableCsv(table: Table): string {
  const field = (value: Cell) => {
    if (value === null) return "";
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const rows = table.columns[0]?.values.length ?? 0;
  const lines = [table.columns.map((c) => field(c.name)).join(",")];
  for (let i = 0; i < rows; i++) lines.push(table.columns.map((c) => field(c.values[i])).join(","));
  return lines.map((line) => `${line}\r\n`).join("");
}
