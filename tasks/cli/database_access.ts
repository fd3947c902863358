/**
 * Reaching the forecast-history database from a task that ships without network permission (`train`, `watch`,
 * `batch`) or with loopback only (`serve`): the task runs itself again, once, with the permissions it has plus
 * `--allow-net=<host:port>` of the database the user named, and nothing more (not even the `--allow-run=deno` that
 * lets it start itself). A user who ran the task with that
 * permission already (or with `--allow-net`) is not run again.
 *
 * @module
 */

import { UsageError } from "../cli.ts";

/** Set in the environment of the run started with the database's permission: it must not start another. */
const RERUN_ENV = "F1HP_DATABASE_RERUN";

/** Permissions a task may hold as a whole, given again to the run with the database's host. */
const WHOLE_PERMISSIONS = ["read", "write", "env", "run", "sys", "ffi"] as const;

/** Hosts a task may hold already (`serve` listens on loopback), kept in the run with the database's host. */
const KNOWN_HOSTS = ["127.0.0.1", "localhost", "0.0.0.0", "[::1]"];

/**
 * The `host:port` a PostgreSQL URL connects to over the network, or undefined for a Unix socket.
 *
 * @example
 * ```ts
 * import { databaseHost } from "./database_access.ts";
 * import assert from "node:assert/strict";
 * assert.equal(databaseHost("postgres://f1hp@db.example/f1hp"), "db.example:5432");
 * assert.equal(databaseHost("postgresql://u:p@10.0.0.7:6543/f1hp"), "10.0.0.7:6543");
 * assert.equal(databaseHost("postgres://f1hp@/f1hp?host=/var/run/postgresql"), undefined);
 * ```
 */
export function databaseHost(url: string): string | undefined {
  // A socket folder in `?host=` wins over any host, and leaves none for the URL parser: `postgres://u@/db?host=/run`.
  if (/[?&]host=(\/|%2F)/i.test(url)) return undefined;
  const parsed = new URL(url);
  return parsed.hostname === "" ? undefined : `${parsed.hostname}:${parsed.port || "5432"}`;
}

/** The `deno run` permission flags of this process, with `host` added to its network hosts. */
function permissionFlags(host: string): string[] {
  const granted = (descriptor: Deno.PermissionDescriptor) => Deno.permissions.querySync(descriptor).state === "granted";
  const flags = WHOLE_PERMISSIONS.filter((name) => granted({ name })).map((name) => `--allow-${name}`);
  const hosts = KNOWN_HOSTS.filter((known) => granted({ name: "net", host: known }));
  return [...flags, `--allow-net=${[...hosts, host].join(",")}`];
}

/**
 * Runs this task again with the database's host allowed, when this run may not reach it; resolves with that run's
 * exit code, or undefined when this run may go on (no database, a Unix socket, or the host allowed already).
 * Ctrl+C and SIGTERM reach the run started (once each), which stops as the task would.
 *
 * @throws {UsageError} when the run started for the database may still not reach it (`--deny-net` on the command).
 */
export async function rerunForDatabase(database: string | undefined): Promise<number | undefined> {
  if (database === undefined) return undefined;
  const host = databaseHost(database);
  if (host === undefined || Deno.permissions.querySync({ name: "net", host }).state === "granted") return undefined;
  if (Deno.env.get(RERUN_ENV) === "1") {
    throw new UsageError(`--database: expected the task to be allowed to reach ${host}; it is not (--deny-net?)`);
  }
  // The tasks may run `deno` from PATH (`--allow-run=deno`), which is this program unless PATH says otherwise.
  const deno = Deno.permissions.querySync({ name: "run", command: Deno.execPath() }).state === "granted"
    ? Deno.execPath()
    : "deno";
  const child = new Deno.Command(deno, {
    args: ["run", ...permissionFlags(host), Deno.mainModule, ...Deno.args],
    env: { [RERUN_ENV]: "1" },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const forward = (signal: Deno.Signal) => () => {
    try {
      child.kill(signal);
    } catch { /* already gone */ }
  };
  // Ctrl+C at a terminal reaches the whole process group, the run started included: passing it on would deliver it
  // twice. Without a terminal, a SIGINT was sent to this process alone.
  const passed: Deno.Signal[] = Deno.stdin.isTerminal() ? ["SIGTERM"] : ["SIGINT", "SIGTERM"];
  const ignored = () => {};
  const listeners = (["SIGINT", "SIGTERM"] as const).map((signal) =>
    [signal, passed.includes(signal) ? forward(signal) : ignored] as const
  );
  for (const [signal, listener] of listeners) Deno.addSignalListener(signal, listener);
  try {
    return (await child.status).code;
  } finally {
    for (const [signal, listener] of listeners) Deno.removeSignalListener(signal, listener);
  }
}
