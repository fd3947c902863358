/**
 * The server: the dashboard's page and bundled script, the API, and a
 * predictions file polled for changes, on one `Deno.serve` listener.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { companionFiles } from "../train/outputs.ts";
import { openHistoryStore } from "../store/open.ts";
import { createApiHandler } from "./api.ts";
import { PredictionsStore } from "./store.ts";

/** The dashboard's page: the app mounts into #app; the script is served from this server, never a CDN. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>F1 Hybrid Predictor</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
.meta, #updated { color: #666; font-size: 0.9rem; } table { border-collapse: collapse; font-size: 0.9rem; }
td, th { padding: 0.2rem 0.6rem; text-align: right; } td:first-child, th:first-child { text-align: left; }
th { border-bottom: 1px solid #999; } .error { color: #b00; } section { margin: 2rem 0; }
nav { display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; padding: 0.5rem 0; border-bottom: 1px solid #ccc; }
nav a { color: #222; text-decoration: none; font-weight: 600; } nav a:hover { text-decoration: underline; }
.scroll { overflow-x: auto; max-width: 100%; } figure, svg { max-width: 100%; height: auto; }
form.compare { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
@media (max-width: 600px) { body { padding: 0 0.5rem; } td, th { padding: 0.2rem 0.3rem; } h1 { font-size: 1.4rem; } }
</style></head>
<body><nav aria-label="sections"><a href="#/">Season</a><a href="#/races">Races</a><a href="#/drivers">Drivers</a>
<a href="#/teams">Teams</a><a href="#/compare">Compare</a></nav>
<p id="updated"></p><main id="app">Loading...</main>
<script type="module" src="/assets/dashboard.js"></script></body></html>
`;

/** Thrown when the dashboard cannot be bundled. */
export class DashboardBuildError extends Error {
  /**
   * @example
   * ```ts
   * import { DashboardBuildError } from "./server.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new DashboardBuildError("deno bundle exited 1").name, "DashboardBuildError");
   * ```
   */
  constructor(detail: string) {
    super(`the dashboard could not be bundled: ${detail}`);
    this.name = "DashboardBuildError";
  }
}

/**
 * Bundles `dashboard/app.ts` (and Observable Plot with it) for the browser with `deno bundle`.
 *
 * @throws {DashboardBuildError}
 * @example
 * ```ts ignore
 * import { bundleDashboard } from "./server.ts";
 * const script = await bundleDashboard();
 * ```
 */
export async function bundleDashboard(): Promise<string> {
  // The bundle (`deno task bundle`) carries the dashboard built beside it: there is no source to build from.
  const built = new URL("./dashboard.js", import.meta.url);
  try {
    return await Deno.readTextFile(built);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const entry = fileURLToPath(new URL("../../dashboard/app.ts", import.meta.url));
  const dir = await Deno.makeTempDir({ prefix: "f1hp-dashboard-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--platform", "browser", "--minify", "--output", `${dir}/dashboard.js`, entry],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) throw new DashboardBuildError(new TextDecoder().decode(out.stderr).slice(-2000));
    return await Deno.readTextFile(`${dir}/dashboard.js`);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** How often a server that listens for runs (PostgreSQL) still looks at the predictions file, ms. */
export const LISTENING_POLL_MS = 30_000;

/** A running server. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:8000` */
  url: string;
  store: PredictionsStore;
  /** Stops listening and polling; resolves once open connections are closed. */
  shutdown(): Promise<void>;
}

/** What {@linkcode startServer} serves, and where. */
export interface ServerOptions {
  hostname: string;
  /** The port; 0 picks a free one. */
  port: number;
  /** The predictions file served. */
  predictions: string;
  /** The dashboard's bundled script. */
  script: string;
  /**
   * Milliseconds between looks at the predictions file (without a database that announces runs).
   *
   * @default {250}
   */
  pollMs?: number;
  /**
   * Milliseconds between keep-alive comments on `/api/events`.
   *
   * @default {15000}
   */
  heartbeatMs?: number;
  /**
   * A PostgreSQL URL: the history comes from there, and new runs are heard of by `LISTEN/NOTIFY`.
   *
   * @default {undefined: the SQLite history beside the predictions}
   */
  database?: string;
  /**
   * Host names answered besides the address bound (a name behind a reverse proxy, say); see `boundHosts`.
   *
   * @default {none}
   */
  allowHosts?: readonly string[];
}

const LOOPBACK = ["127.0.0.1", "localhost", "::1"];

/**
 * The `Host` names a server bound to `hostname` answers: the loopback names for a loopback address, any IP address
 * literal for a wildcard (`0.0.0.0`, `::`), else the address itself; `extra` besides.
 *
 * @example
 * ```ts
 * import { boundHosts } from "./server.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(boundHosts("127.0.0.1"), ["127.0.0.1", "localhost", "::1"]);
 * assert.deepEqual(boundHosts("0.0.0.0", ["f1.example.org"]), ["*", "localhost", "f1.example.org"]);
 * ```
 */
export function boundHosts(hostname: string, extra: readonly string[] = []): string[] {
  const own = LOOPBACK.includes(hostname) ? LOOPBACK : ["0.0.0.0", "::"].includes(hostname) ? ["*", "localhost"] : [
    hostname,
  ];
  return [...own, ...extra.map((name) => name.toLowerCase())];
}

/**
 * Starts the server for a predictions file (its history database beside it).
 *
 * @example
 * ```ts ignore
 * import { bundleDashboard, startServer } from "./server.ts";
 * const server = await startServer({ hostname: "127.0.0.1", port: 8000, predictions: "predictions/p.json",
 *   script: await bundleDashboard() });
 * console.log(server.url);
 * ```
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const closing = new AbortController();
  const store = new PredictionsStore(options.predictions);
  await store.refresh();
  const sqlitePath = companionFiles(options.predictions).historyDb;
  const history = options.database === undefined ? undefined : await openHistoryStore({
    database: options.database,
    sqlitePath,
  });
  // With a server database a run announces itself; polling stays only as a slow fallback.
  const unlisten = await history?.listen?.(() => store.refresh());
  store.start(unlisten === undefined ? options.pollMs ?? 250 : LISTENING_POLL_MS);
  const handler = createApiHandler({
    store,
    history: { sqlitePath, ...(history === undefined ? {} : { store: history }) },
    dashboard: { html: DASHBOARD_HTML, script: options.script },
    allowedHosts: boundHosts(options.hostname, options.allowHosts),
    closing: closing.signal,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  const server = Deno.serve({ hostname: options.hostname, port: options.port, onListen() {} }, handler);
  const host = options.hostname.includes(":") ? `[${options.hostname}]` : options.hostname;
  return {
    url: `http://${host}:${server.addr.port}`,
    store,
    async shutdown() {
      store.stop();
      closing.abort(); // open event streams would otherwise hold the shutdown forever
      await server.shutdown();
      await unlisten?.();
      await history?.close();
    },
  };
}
