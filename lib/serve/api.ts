/**
 * The read-only HTTP API over a predictions file and the forecast history,
 * plus the dashboard's two static files. Nothing from a URL ever becomes a
 * file path: routes are matched against fixed patterns, and the only files
 * served are the ones handed over in memory. Requests may not carry a body,
 * URLs are bounded, and every error is JSON with its status.
 *
 * @module
 */

import { basename } from "node:path";
import type { HistoryStore } from "../store/history.ts";
import { SqliteHistoryStore } from "../store/sqlite.ts";
import { finishedRaceSummary } from "../report/season_report.ts";
import type { PredictionsStore } from "./store.ts";
import type { DriverForecast, PredictionsDocument, RaceRecord } from "../format/predictions.ts";
import {
  type ApiError,
  type ApiResponses,
  type ApiRoute,
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
} from "../format/api.ts";
import { finishingOrder } from "../data/format.ts";
import { round6 } from "../data/files.ts";

/** Longest URL accepted, characters. */
export const MAX_URL_LENGTH = 2048;

/** What the API serves from. */
export interface ApiOptions {
  store: PredictionsStore;
  /**
   * The forecast history: the SQLite file beside the predictions (opened per request, read-only), or a
   * store held open for the server's life (PostgreSQL).
   */
  history: { sqlitePath: string; store?: HistoryStore };
  /** The dashboard: its page and its bundled script, served as given. */
  dashboard: { html: string; script: string };
  /**
   * Milliseconds between keep-alive comments on `/api/events`.
   *
   * @default {15000}
   */
  heartbeatMs?: number;
  /**
   * Aborting it ends every open `/api/events` stream, so the server can shut down.
   *
   * @default {undefined: streams end only when their clients leave}
   */
  closing?: AbortSignal;
}

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...SECURITY_HEADERS },
  });
}

function failure(status: number, message: string, headers: Record<string, string> = {}): Response {
  const body: ApiError = { error: { status, message } };
  const response = json(status, body);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function raceEntry(document: PredictionsDocument, round: number): [string, RaceRecord] | undefined {
  return Object.entries(document.predictions).find(([, race]) => race.metadata.round === round);
}

function seasonBody(document: PredictionsDocument): SeasonResponse {
  const { training_history: _history, ...metadata } = document.metadata;
  return { metadata, season_projection: document.season_projection, ...finishedRaceSummary(document.predictions) };
}

function racesBody(document: PredictionsDocument): RaceSummary[] {
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

function raceBody(document: PredictionsDocument, round: number): RaceResponse | undefined {
  const entry = raceEntry(document, round);
  return entry === undefined ? undefined : { name: entry[0], ...entry[1] };
}

function driverBody(document: PredictionsDocument, code: string): DriverResponse | undefined {
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
function teamBody(document: PredictionsDocument, id: string): TeamResponse | undefined {
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

async function historyBody(
  at: { history: ApiOptions["history"]; predictions: string },
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

/** How each endpoint answers: its body, or undefined and what its parameter failed to name. */
type Routes = {
  [R in ApiRoute]: {
    body(
      document: PredictionsDocument,
      parameter: string,
    ): ApiResponses[R] | undefined | Promise<ApiResponses[R] | undefined>;
    missing?(parameter: string, season: number): string;
  };
};

/** What each kind of path parameter may look like; anything else is no such endpoint. */
const PARAMETER_PATTERNS: Record<string, string> = {
  round: "\\d{1,3}",
  code: "[A-Za-z0-9]{3}[0-9]?",
  id: "[a-z0-9-]{1,40}",
};

function routePattern(route: ApiRoute): RegExp {
  return new RegExp(`^${route.replace(/:(\w+)/, (_, name: string) => `(${PARAMETER_PATTERNS[name]})`)}$`);
}

function routes(options: ApiOptions): Routes {
  return {
    "/api/season": { body: seasonBody },
    "/api/races": { body: racesBody },
    "/api/races/:round": {
      body: (document, round) => raceBody(document, Number(round)),
      missing: (round, season) => `no round ${round} in season ${season}`,
    },
    "/api/drivers/:code": {
      body: (document, code) => driverBody(document, code.toUpperCase()),
      missing: (code, season) => `no driver ${code.toUpperCase()} in season ${season}`,
    },
    "/api/teams/:id": { body: teamBody, missing: (id, season) => `no team ${id} in season ${season}` },
    "/api/history/:round": {
      body: (document, round) =>
        historyBody({ history: options.history, predictions: options.store.path }, document, Number(round)),
      missing: (round) => `no round ${Number(round)} in this season`,
    },
  };
}

function events(store: PredictionsStore, heartbeatMs: number, closing: AbortSignal | undefined): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const state = store.state;
      send(
        `retry: 2000\nevent: hello\ndata: ${
          JSON.stringify({ generated_at: state.ok ? state.document.metadata.generated_at : null })
        }\n\n`,
      );
      const stop = store.onChange((document) =>
        send(`event: predictions\ndata: ${JSON.stringify({ generated_at: document.metadata.generated_at })}\n\n`)
      );
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), heartbeatMs);
      const end = () => {
        cleanup();
        try {
          controller.close();
        } catch { /* already closed */ }
      };
      cleanup = () => {
        stop();
        clearInterval(heartbeat);
        closing?.removeEventListener("abort", end);
      };
      if (closing?.aborted) end();
      else closing?.addEventListener("abort", end, { once: true });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream; charset=utf-8", connection: "keep-alive", ...SECURITY_HEADERS },
  });
}

/**
 * The request handler.
 *
 * @example
 * ```ts ignore
 * import { createApiHandler } from "./api.ts";
 * Deno.serve({ hostname: "127.0.0.1", port: 8000 }, createApiHandler({ store, history: { sqlitePath }, dashboard }));
 * ```
 */
export function createApiHandler(options: ApiOptions): (request: Request) => Promise<Response> {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const table = routes(options);
  const patterns = (Object.keys(table) as ApiRoute[]).map((route) => [route, routePattern(route)] as const);
  return async (request: Request): Promise<Response> => {
    if (request.url.length > MAX_URL_LENGTH) return failure(414, `URLs are limited to ${MAX_URL_LENGTH} characters`);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return failure(405, `${request.method} is not allowed: this API is read-only`, { allow: "GET, HEAD" });
    }
    const length = Number(request.headers.get("content-length") ?? 0);
    if (length > 0 || request.headers.has("transfer-encoding")) {
      return failure(413, "requests may not carry a body");
    }
    const path = new URL(request.url).pathname;
    if (path === "/" || path === "/index.html") {
      return new Response(options.dashboard.html, {
        headers: { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS },
      });
    }
    // No icon: an empty answer instead of a 404 in every browser console.
    if (path === "/favicon.ico") return new Response(null, { status: 204, headers: SECURITY_HEADERS });
    if (path === "/assets/dashboard.js") {
      return new Response(options.dashboard.script, {
        headers: { "content-type": "text/javascript; charset=utf-8", ...SECURITY_HEADERS },
      });
    }
    await options.store.refresh();
    const state = options.store.state;
    if (path === "/healthz") {
      return state.ok
        ? json(200, {
          status: "ok",
          generated_at: state.document.metadata.generated_at,
          races: Object.keys(state.document.predictions).length,
          // The file on disk was replaced by one that is not a valid predictions file: the last good one is served.
          ...(options.store.lastProblem === undefined ? {} : { newest_rejected: options.store.lastProblem }),
        })
        : json(503, { status: "unavailable", reason: state.reason });
    }
    // A client that goes away cancels the stream; request.signal is not used, as it also fires on success.
    if (path === "/api/events") return events(options.store, heartbeatMs, options.closing);
    if (!path.startsWith("/api/")) return failure(404, `no such page: ${path.slice(0, 100)}`);
    if (!state.ok) return failure(503, state.reason);
    for (const [route, pattern] of patterns) {
      const match = path.match(pattern);
      if (match === null) continue;
      const answer = table[route];
      const body = await answer.body(state.document, match[1] ?? "");
      return body === undefined
        ? failure(404, answer.missing?.(match[1] ?? "", state.document.metadata.season) ?? `nothing at ${path}`)
        : json(200, body);
    }
    return failure(404, `no such endpoint: ${path.slice(0, 100)}`);
  };
}
