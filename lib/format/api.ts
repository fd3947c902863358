/**
 * The HTTP API's contract: each endpoint's path and the type of its JSON
 * body, shared by the server (`lib/serve/api.ts`), which builds the bodies,
 * and the dashboard, which reads them. `ApiResponses` is the one list of
 * endpoints; the field lists below are the one place that says which of a
 * forecast's fields a response carries, as keys the compiler checks against
 * the predictions types.
 *
 * @module
 */

import {
  type DriverForecast,
  type PredictionsDocument,
  type RaceRecord,
  type SeasonProjection,
  type StandingProjection,
  type StrengthLine,
  SUMMARY_FIELDS,
  type TitleOddsAfterRound,
} from "./predictions.ts";
import type { Calibration, ScoreSummary } from "./scores.ts";

/** A driver's forecast fields in each race of `/api/drivers/:code`. */
export const DRIVER_RACE_FIELDS = [
  "team",
  "win_probability",
  "podium_probability",
  "points_probability",
  "dnf_probability",
  "expected_position",
] as const satisfies readonly (keyof DriverForecast)[];

/** Each driver's forecast fields in a race of `/api/teams/:id`. */
export const TEAM_DRIVER_FIELDS = [
  "win_probability",
  "podium_probability",
  "expected_points",
] as const satisfies readonly (keyof DriverForecast)[];

/** The forecast fields of each driver in a past forecast of `/api/history/:round`: a forecast's summary. */
export const HISTORY_FIELDS = SUMMARY_FIELDS;

/** A classified position as the results give it: a number, or a code such as `DNF`; null when the driver did not race. */
export type ActualPosition = number | string | null;

/** `/api/season`: the file's metadata without its run history, the projection, and how the finished races scored. */
export interface SeasonResponse {
  metadata: Omit<PredictionsDocument["metadata"], "training_history">;
  season_projection: SeasonProjection | null;
  /** Mean scores of the races with a result; null before any. */
  scores: ScoreSummary | null;
  /** Win, podium and points calibration of the same races; null before any. */
  calibration: Record<"win" | "podium" | "points", Calibration> | null;
}

/** One race in `/api/races`. */
export interface RaceSummary {
  round: number;
  name: string;
  date: string;
  circuit: string;
  status: RaceRecord["metadata"]["status"];
  as_of: RaceRecord["metadata"]["as_of"];
  /** The driver with the highest win probability; null when the round has no forecast. */
  favourite: Pick<DriverForecast, "driver" | "win_probability"> | null;
  winner: string | null;
}

/** `/api/races/:round`: the race's entry in the predictions file, with its name. */
export type RaceResponse = RaceRecord & { name: string };

/** A driver's head-to-head with the team-mate in one race, from the driver's side. */
export interface TeamMateLine {
  driver: string;
  /** P(finishing ahead of the team-mate). */
  race: number;
  /** P(qualifying ahead), while the qualifying is to run; else null. */
  qualifying: number | null;
  /** Whether the driver finished ahead, once the race has run and both are classified; else null. */
  ahead: boolean | null;
}

/** One race of `/api/drivers/:code`. */
export type DriverRaceLine =
  & { round: number; race: string; as_of: RaceRecord["metadata"]["as_of"] }
  & Pick<DriverForecast, typeof DRIVER_RACE_FIELDS[number]>
  & { actual_position: ActualPosition; strength: StrengthLine | null; team_mate: TeamMateLine | null };

/** `/api/drivers/:code`. */
export interface DriverResponse {
  driver: string;
  name: string;
  championship: StandingProjection | null;
  races: DriverRaceLine[];
}

/** One driver of a team in one race of `/api/teams/:id`. */
export type TeamDriverLine =
  & { driver: string; name: string }
  & Pick<DriverForecast, typeof TEAM_DRIVER_FIELDS[number]>
  & { actual_position: ActualPosition };

/** One race of `/api/teams/:id`. */
export interface TeamRaceLine {
  round: number;
  race: string;
  as_of: RaceRecord["metadata"]["as_of"];
  strength: StrengthLine | null;
  drivers: TeamDriverLine[];
}

/** `/api/teams/:id`. */
export interface TeamResponse {
  id: string;
  name: string;
  championship: StandingProjection | null;
  races: TeamRaceLine[];
}

/** One stored forecast of a race in `/api/history/:round`, oldest first. */
export interface HistoryForecast {
  generated_at: string;
  model_version: string;
  as_of: string;
  sessions_used: string[];
  predictions: Array<Pick<DriverForecast, typeof HISTORY_FIELDS[number]>>;
}

/** `/api/history/:round`. */
export interface HistoryResponse {
  round: number;
  forecasts: HistoryForecast[];
}

/** `/api/title-odds`: the title odds after each round whose race has run, oldest first (empty in older files). */
export interface TitleOddsResponse {
  season: number;
  rounds: TitleOddsAfterRound[];
}

/** One race of `/api/compare/:pair`, from the first driver's side. */
export interface CompareRace {
  round: number;
  race: string;
  /** P(the first driver classified ahead of the second): the forecast's, for a race still to run; else null. */
  race_ahead: number | null;
  /** P(the first out-qualifying the second), while that qualifying is to run; else null. */
  qualifying_ahead: number | null;
  win: [number | null, number | null];
  expected_points: [number | null, number | null];
  /** Where each finished (or why not) and started, once the race has run; null where a driver did not race. */
  result: [ActualPosition, ActualPosition] | null;
  grid: [ActualPosition, ActualPosition] | null;
}

/** `/api/compare/:pair` (`NOR-VER`): any two drivers, the season so far and the races to come. */
export interface CompareResponse {
  drivers: [string, string];
  names: [string, string];
  /** Races both were classified in, and how often the first finished ahead; the same for starting ahead. */
  so_far: { races: number; ahead: number; starts: number; started_ahead: number };
  championship: [StandingProjection | null, StandingProjection | null];
  races: CompareRace[];
}

/** Every JSON endpoint over a predictions file, by its path (`:name` is a parameter), and what it answers. */
export interface ApiResponses {
  "/api/season": SeasonResponse;
  "/api/races": RaceSummary[];
  "/api/races/:round": RaceResponse;
  "/api/drivers/:code": DriverResponse;
  "/api/teams/:id": TeamResponse;
  "/api/history/:round": HistoryResponse;
  "/api/title-odds": TitleOddsResponse;
  "/api/compare/:pair": CompareResponse;
}

/** One of the API's JSON endpoints. */
export type ApiRoute = keyof ApiResponses;

/** Every JSON endpoint, for code that walks them (the compiler holds this list to `ApiResponses`). */
export const API_ROUTES: readonly ApiRoute[] = Object.keys(
  {
    "/api/season": true,
    "/api/races": true,
    "/api/races/:round": true,
    "/api/drivers/:code": true,
    "/api/teams/:id": true,
    "/api/history/:round": true,
    "/api/title-odds": true,
    "/api/compare/:pair": true,
  } satisfies Record<ApiRoute, true>,
) as ApiRoute[];

/** An error's body, whatever the endpoint. */
export interface ApiError {
  error: { status: number; message: string };
}

/**
 * The URL path of an endpoint, its parameter filled in and escaped.
 *
 * @example
 * ```ts
 * import { apiPath } from "./api.ts";
 * import assert from "node:assert/strict";
 * assert.equal(apiPath("/api/drivers/:code", "NOR"), "/api/drivers/NOR");
 * assert.equal(apiPath("/api/season"), "/api/season");
 * ```
 */
export function apiPath(route: ApiRoute, parameter?: string | number): string {
  return route.replace(/:\w+/, () => encodeURIComponent(String(parameter ?? "")));
}

/**
 * The listed fields of a record, in the list's order: how a response carries part of a forecast without
 * spelling its fields out again.
 *
 * @example
 * ```ts
 * import { pickFields } from "./api.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(pickFields({ a: 1, b: 2, c: 3 }, ["c", "a"] as const), { c: 3, a: 1 });
 * ```
 */
export function pickFields<T extends object, K extends keyof T>(record: T, fields: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const field of fields) out[field] = record[field];
  return out;
}
