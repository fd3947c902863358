/**
 * The read-only HTTP API over a predictions file and the forecast history,
 * plus the dashboard's two static files. Nothing from a URL ever becomes a
 * file path: routes are matched against fixed patterns, and the only files
 * served are the ones handed over in memory. Requests may not carry a body,
 * URLs are bounded, and every error is JSON with its status.
 *
 * @module
 */

import { compareBody } from "./compare.ts";
import type { PredictionsStore } from "./store.ts";
import type { PredictionsDocument } from "../format/predictions.ts";
import { type ApiError, type ApiResponses, type ApiRoute } from "../format/api.ts";
import {
  driverBody,
  historyBody,
  type HistorySource,
  raceBody,
  racesBody,
  seasonBody,
  teamBody,
  titleOddsBody,
} from "./bodies.ts";

/** Longest URL accepted, characters. */
export const MAX_URL_LENGTH = 2048;

/** What the API serves from. */
export interface ApiOptions {
  store: PredictionsStore;
  /**
   * The forecast history: the SQLite file beside the predictions (opened per request, read-only), or a
   * store held open for the server's life (PostgreSQL).
   */
  history: HistorySource;
  /** The dashboard: its page and its bundled script, served as given. */
  dashboard: { html: string; script: string };
  /**
   * The `Host` names answered (`*`: any IP address literal); any other gets 421. The server passes the names it is
   * bound to.
   *
   * @default {any host}
   */
  allowedHosts?: readonly string[];
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

/**
 * Sent with every answer. The page loads only its own script and data; Observable Plot writes inline styles, so
 * styles may be inline; no page may frame the dashboard.
 */
const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

/**
 * Whether a request's `Host` names this server: one of `allowed` (names, or `*` for any IP address literal).
 * A web page that points a name of its own at this address (DNS rebinding) sends that name, and is refused.
 *
 * @example
 * ```ts
 * import { hostAllowed } from "./api.ts";
 * import assert from "node:assert/strict";
 * assert.ok(hostAllowed("127.0.0.1:8000", ["127.0.0.1", "localhost"]));
 * assert.ok(!hostAllowed("attacker.example:8000", ["127.0.0.1", "localhost"]));
 * assert.ok(hostAllowed("[::1]:8000", ["::1"]));
 * assert.ok(hostAllowed("192.168.1.20:8000", ["*"]) && !hostAllowed("evil.test", ["*"]));
 * ```
 */
export function hostAllowed(host: string | null, allowed: readonly string[]): boolean {
  if (host === null) return false;
  const name = (host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d+$/, "")).toLowerCase();
  const isAddress = /^[\d.]+$/.test(name) || name.includes(":");
  return allowed.includes(name) || (allowed.includes("*") && isAddress);
}

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
  pair: "[A-Za-z0-9]{3}[0-9]?-[A-Za-z0-9]{3}[0-9]?",
};

function routePattern(route: ApiRoute): RegExp {
  return new RegExp(`^${route.replace(/:(\w+)/, (_, name: string) => `(${PARAMETER_PATTERNS[name]})`)}$`);
}

function routes(options: ApiOptions): Routes {
  return {
    "/api/season": { body: seasonBody },
    "/api/races": { body: racesBody },
    "/api/title-odds": { body: titleOddsBody },
    "/api/compare/:pair": {
      body: (document, pair) => compareBody(document, pair.toUpperCase().split("-") as [string, string]),
      missing: (pair, season) => `no drivers ${pair.toUpperCase()} (two codes, e.g. NOR-VER) in season ${season}`,
    },
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
    if (options.allowedHosts !== undefined && !hostAllowed(request.headers.get("host"), options.allowedHosts)) {
      return failure(421, "this server answers only to the names it was started for (--allow-host adds one)");
    }
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
      let body;
      try {
        body = await answer.body(state.document, match[1] ?? "");
      } catch (error) {
        // The history database down, say: an answer in JSON, as every error is, and no stack trace.
        return failure(503, `${path}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500));
      }
      return body === undefined
        ? failure(404, answer.missing?.(match[1] ?? "", state.document.metadata.season) ?? `nothing at ${path}`)
        : json(200, body);
    }
    return failure(404, `no such endpoint: ${path.slice(0, 100)}`);
  };
}
