/**
 * A throwaway PostgreSQL cluster for tests: `initdb` in a temporary folder,
 * a server on 127.0.0.1 at a free port with trust authentication, stopped
 * and removed afterwards. No system service is involved. Tests that need it
 * skip, saying why, where PostgreSQL is not installed, except under
 * `F1HP_REQUIRE_POSTGRES=1` (CI), where they fail instead.
 */

const BIN_ROOT = "/usr/lib/postgresql";

/** The folder of PostgreSQL's server programs (Debian's layout), or undefined. */
export const PG_BIN: string | undefined = (() => {
  try {
    const versions = [...Deno.readDirSync(BIN_ROOT)].map((e) => e.name).sort((a, b) => Number(b) - Number(a));
    return versions.map((v) => `${BIN_ROOT}/${v}/bin`).find((bin) => {
      try {
        return Deno.statSync(`${bin}/initdb`).isFile;
      } catch {
        return false;
      }
    });
  } catch {
    return undefined;
  }
})();

/** Prints why a PostgreSQL test is skipped; returns true so `ignore:` can use it. */
export function skipWithoutPostgres(what: string): boolean {
  if (PG_BIN !== undefined || Deno.env.get("F1HP_REQUIRE_POSTGRES") === "1") return false;
  console.log(`skipping ${what}: no PostgreSQL server programs under ${BIN_ROOT} (Debian package postgresql)`);
  return true;
}

async function run(command: string, args: string[], asPostgres: boolean): Promise<void> {
  const [cmd, argv] = asPostgres ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  const out = await new Deno.Command(cmd, { args: argv, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${command} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Runs `fn` with the URL of a fresh cluster's `postgres` database; the cluster is gone afterwards. */
export async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  if (PG_BIN === undefined) throw new Error(`no PostgreSQL server programs under ${BIN_ROOT}`);
  const dir = await Deno.makeTempDir({ prefix: "f1hp-pg-" });
  // initdb refuses to run as root: there the cluster belongs to the postgres user.
  const asPostgres = Deno.uid() === 0;
  if (asPostgres) await run("chown", ["postgres", dir], false);
  const data = `${dir}/data`;
  const port = freePort();
  try {
    await run(`${PG_BIN}/initdb`, ["-D", data, "--auth=trust", "-U", "postgres", "--no-sync"], asPostgres);
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
    await run(`${PG_BIN}/pg_ctl`, ["-D", data, "-o", options, "-l", `${dir}/log`, "-w", "start"], asPostgres);
    try {
      return await fn(`postgres://postgres@127.0.0.1:${port}/postgres`);
    } finally {
      await run(`${PG_BIN}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"], asPostgres).catch(() => {});
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
