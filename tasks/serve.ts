/**
 * `deno task serve [--host H] [--port N] [--predictions FILE]`
 *
 * Serves the dashboard at `/` and the read-only API (`/api/...`, `/healthz`)
 * for a predictions file, picking up new predictions without a restart.
 *
 * @module
 */

import { PREDICTIONS_DIR } from "../lib/train/outputs.ts";
import { bundleDashboard, startServer } from "../lib/serve/server.ts";
import { rerunForDatabase } from "./cli/database_access.ts";
import {
  databaseOption,
  describeFailure,
  integerOption,
  parseTaskArgs,
  predictionsFileOption,
  sharedOptions,
} from "./cli.ts";

const USAGE = `Usage: deno task serve [options]

Serves the dashboard and a read-only JSON API for a predictions file.
  --host H             address to listen on (default 127.0.0.1)
  --port N             port (default 8000; 0 picks a free one)
  --predictions FILE   the predictions file (default: the newest in ${PREDICTIONS_DIR}/); its history.sqlite beside it
  --allow-host NAME    answer requests for this host name too (repeatable; e.g. the name of a reverse proxy); by
                       default only the address listened on (and localhost there) is answered, against DNS rebinding
  --database URL       read the forecast history from PostgreSQL (or set F1HP_DATABASE_URL); new runs are
                       announced by the database (LISTEN/NOTIFY) instead of noticed by polling
Endpoints: / (dashboard), /api/season, /api/races, /api/races/:round, /api/drivers/:code, /api/teams/:id,
/api/history/:round, /api/events (server-sent events), /healthz.`;

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "serve",
    usage: USAGE,
    options: {
      ...sharedOptions("predictions", "database"),
      host: { type: "string" },
      port: { type: "string" },
      "allow-host": { type: "string", multiple: true },
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  let port: number;
  let database: string | undefined;
  try {
    port = integerOption("--port", values.port, { fallback: 8000, min: 0, max: 65535 });
    database = databaseOption(values.database);
  } catch (error) {
    console.error(`serve: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const reran = await rerunForDatabase(database);
    if (reran !== undefined) return reran;
  } catch (error) {
    console.error(`serve: ${(error as Error).message}`);
    return 2;
  }
  const predictions = await predictionsFileOption("serve", values.predictions);
  if (predictions === undefined) return 1;
  const hostname = values.host ?? "127.0.0.1";
  let server;
  try {
    server = await startServer({
      hostname,
      port,
      predictions,
      script: await bundleDashboard(),
      allowHosts: values["allow-host"] ?? [],
      ...(database === undefined ? {} : { database }),
    });
  } catch (error) {
    console.error(`serve: ${cannotListen(error, { hostname, port })}`);
    return error instanceof Deno.errors.AddrInUse || error instanceof Deno.errors.NotCapable ? 2 : 1;
  }
  if (!server.store.state.ok) {
    await server.shutdown();
    console.error(`serve: --predictions ${predictions}: expected a predictions file; ${server.store.state.reason}`);
    return 2;
  }
  console.log(`serve: ${server.url}/ (predictions: ${server.store.path}); Ctrl+C stops`);
  const stopped = Promise.withResolvers<string>();
  for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, () => stopped.resolve(signal));
  console.log(`serve: stopping (${await stopped.promise})`);
  await server.shutdown();
  return 0;
}

/** Why the server could not start, in terms of the options to change. */
function cannotListen(error: unknown, at: { hostname: string; port: number }): string {
  if (error instanceof Deno.errors.AddrInUse) {
    return `--port ${at.port}: expected a free port on ${at.hostname}; found it in use (--port 0 picks a free one)`;
  }
  if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
    return `--host ${at.hostname}: the task may listen on 127.0.0.1 and localhost only; to listen elsewhere run ` +
      `deno run --allow-read --allow-write --allow-env --allow-net --allow-run tasks/serve.ts --host ${at.hostname}`;
  }
  return describeFailure(error).message;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
