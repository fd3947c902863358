/**
 * The API's JSON bodies, built from a predictions document (and, for a race's history, the history store), each
 * the type `lib/format/api.ts` gives its endpoint; undefined where the parameter names nothing in the season.
 *
 * @module
 */

import { basename } from "node:path";
import type { HistoryStore } from "../store/history.ts";
import { SqliteHistoryStore } from "../store/sqlite.ts";
import { finishedRaceSummary } from "../report/season_report.ts";
import type { DriverForecast, PredictionsDocument, RaceRecord } from "../format/predictions.ts";
import {
  DRIVER_RACE_FIELDS,
  type DriverRaceLine,
  type DriverResponse,
  HISTORY_FIELDS,
  type HistoryResponse,
  pickFields,
  type RaceResponse,
  type RaceSummary,
  type SeasonResponse,
  TEAM_DRIVER_FIELDS,
  type TeamMateLine,
  type TeamRaceLine,
  type TeamResponse,
  type TitleOddsResponse,
} from "../format/api.ts";
import { finishingOrder } from "../data/format.ts";
import { round6 } from "../data/files.ts";

/**
 * Where a race's forecast history is read: the SQLite file beside the predictions (opened per request,
 * read-only), or a store held open for the server's life (PostgreSQL).
 */
export interface HistorySource {
  sqlitePath: string;
  store?: HistoryStore;
}

export function raceEntry(document: PredictionsDocument, round: number): [string, RaceRecord] | undefined {
  return Object.entries(document.predictions).find(([, race]) => race.metadata.round === round);
}

export function seasonBody(document: PredictionsDocument): SeasonResponse {
  const { training_history: _history, ...metadata } = document.metadata;
  return { metadata, season_projection: document.season_projection, ...finishedRaceSummary(document.predictions) };
}

export function titleOddsBody(document: PredictionsDocument): TitleOddsResponse {
  return { season: document.metadata.season, rounds: document.title_odds ?? [] };
}

export function racesBody(document: PredictionsDocument): RaceSummary[] {
  return Object.entries(document.predictions).map(([name, race]) => ({
    round: race.metadata.round,
    name,
    date: race.metadata.date,
    circuit: race.metadata.circuit,
    status: race.metadata.status,
    as_of: race.metadata.as_of,
    favourite: race.predictions[0] === undefined ? null : pickFields(race.predictions[0], FAVOURITE_FIELDS),
    winner: race.actual?.[0]?.driver ?? null,
  }));
}

const FAVOURITE_FIELDS = ["driver", "win_probability"] as const;

export function raceBody(document: PredictionsDocument, round: number): RaceResponse | undefined {
  const entry = raceEntry(document, round);
  return entry === undefined ? undefined : { name: entry[0], ...entry[1] };
}

export function driverBody(document: PredictionsDocument, code: string): DriverResponse | undefined {
  const races = Object.entries(document.predictions).flatMap(([name, race]): DriverRaceLine[] => {
    const row = race.predictions.find((r) => r.driver === code);
    if (row === undefined) return [];
    const actual = race.actual?.find((r) => r.driver === code);
    return [{
      round: race.metadata.round,
      race: name,
      as_of: race.metadata.as_of,
      ...pickFields(row, DRIVER_RACE_FIELDS),
      actual_position: actual?.position ?? null,
      strength: race.strengths?.drivers.find((line) => line.name === code) ?? null,
      team_mate: teamMateLine(race, code),
    }];
  });
  if (races.length === 0) return undefined;
  const name = Object.values(document.predictions).flatMap((race) => race.predictions)
    .find((row) => row.driver === code)!.driver_name;
  return {
    driver: code,
    name,
    championship: document.season_projection?.drivers.find((line) => line.id === code) ?? null,
    races,
  };
}

/**
 * A driver's head-to-head with a team-mate in one race, from the driver's side: the chances of being ahead
 * (race, and qualifying while it is to run) and, once the race has run, whether they were.
 */
function teamMateLine(race: RaceRecord, code: string): TeamMateLine | null {
  const line = race.head_to_head?.find((pair) => pair.drivers.includes(code));
  if (line === undefined) return null;
  const first = line.drivers[0] === code;
  const other = first ? line.drivers[1] : line.drivers[0];
  const order = race.actual === undefined ? undefined : finishingOrder(race.actual);
  const at = (driver: string) => order?.indexOf(driver) ?? -1;
  return {
    driver: other,
    race: first ? line.race : round6(1 - line.race),
    qualifying: line.qualifying === null ? null : first ? line.qualifying : round6(1 - line.qualifying),
    ahead: order === undefined || at(code) < 0 || at(other) < 0 ? null : at(code) < at(other),
  };
}

/** A team's season: its strength and its drivers' forecasts race by race, and its championship line. */
export function teamBody(document: PredictionsDocument, id: string): TeamResponse | undefined {
  const standing = document.season_projection?.teams.find((line) => line.id === id);
  const name = standing?.name ??
    Object.values(document.predictions).flatMap((race) => race.strengths?.teams ?? []).find((line) =>
      line.name.toLowerCase().replaceAll(" ", "-") === id
    )?.name;
  if (name === undefined) return undefined;
  const races = Object.entries(document.predictions).flatMap(([raceName, race]): TeamRaceLine[] => {
    const drivers = race.predictions.filter((row) => row.team === name);
    if (drivers.length === 0) return [];
    const actual = new Map((race.actual ?? []).map((row) => [row.driver, row.position]));
    return [{
      round: race.metadata.round,
      race: raceName,
      as_of: race.metadata.as_of,
      strength: race.strengths?.teams.find((line) => line.name === name) ?? null,
      drivers: drivers.map((row) => ({
        driver: row.driver,
        name: row.driver_name,
        ...pickFields(row, TEAM_DRIVER_FIELDS),
        actual_position: actual.get(row.driver) ?? null,
      })),
    }];
  });
  return { id, name, championship: standing ?? null, races };
}

export async function historyBody(
  at: { history: HistorySource; predictions: string },
  document: PredictionsDocument,
  round: number,
): Promise<HistoryResponse | undefined> {
  if (raceEntry(document, round) === undefined) return undefined;
  let store = at.history.store;
  const own = store === undefined;
  if (store === undefined) {
    try {
      store = new SqliteHistoryStore(at.history.sqlitePath, { readOnly: true });
    } catch {
      return { round, forecasts: [] }; // no run has recorded history yet
    }
  }
  try {
    const of = { output: basename(at.predictions), configHash: document.metadata.config_hash };
    const entries = await store.forecastsFor({ season: document.metadata.season, round }, of);
    return {
      round,
      forecasts: entries.map((entry) => ({
        generated_at: entry.generated_at,
        model_version: entry.model_version,
        as_of: entry.as_of,
        sessions_used: entry.sessions_used,
        predictions: (entry.predictions as DriverForecast[]).map((row) => pickFields(row, HISTORY_FIELDS)),
      })),
    };
  } finally {
    if (own) await store.close();
  }
}
