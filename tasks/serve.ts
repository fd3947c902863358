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
import { integerOption, parseTaskArgs, predictionsFileOption } from "./cli.ts";

const USAGE = `Usage: deno task serve [options]

Serves the dashboard and a read-only JSON API for a predictions file.
  --host H             address to listen on (default 127.0.0.1)
  --port N             port (default 8000; 0 picks a free one)
  --predictions FILE   the predictions file (default: the newest in ${PREDICTIONS_DIR}/); its history.sqlite beside it
Endpoints: / (dashboard), /api/season, /api/races, /api/races/:round, /api/drivers/:code,
/api/history/:round, /api/events (server-sent events), /healthz.`;

async function main(args: string[]): Promise<number> {
  const values = parseTaskArgs("serve", USAGE, args, {
    host: { type: "string" },
    port: { type: "string" },
    predictions: { type: "string" },
  });
  if (typeof values === "number") return values;
  let port: number;
  try {
    port = integerOption("--port", values.port, 8000, 0);
    if (port > 65535) throw new Error(`--port: expected an integer 0-65535; found "${values.port}"`);
  } catch (error) {
    console.error(`serve: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const predictions = await predictionsFileOption("serve", values.predictions);
  if (predictions === undefined) return 1;
  const server = await startServer({
    hostname: values.host ?? "127.0.0.1",
    port,
    predictions,
    script: await bundleDashboard(),
  });
  console.log(`serve: ${server.url}/ (predictions: ${server.store.path}); Ctrl+C stops`);
  const stopped = Promise.withResolvers<string>();
  for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, () => stopped.resolve(signal));
  console.log(`serve: stopping (${await stopped.promise})`);
  await server.shutdown();
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
