/** Shared test helpers: where the real data lives, and temporary folders. */

import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importF1dbSeason } from "../lib/sources/f1db/f1db.ts";
import { f1dbLocation } from "../lib/sources/f1db/location.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { loadDataSet, type LoadedSeason } from "../lib/data/load.ts";
import { type TrainerConfig, trainerConfig as defaultConfig } from "../lib/train/options.ts";

/** Where the real F1DB extract lives: `F1HP_F1DB`, else `../shared/f1db` beside the repository. */
export const F1DB_DIR = f1dbLocation();

/** Whether the real F1DB data is present; tests that need it skip, saying why, where not. */
export const HAVE_F1DB = (() => {
  try {
    return Deno.statSync(`${F1DB_DIR}/src/data/seasons`).isDirectory;
  } catch {
    return false;
  }
})();

/** Prints why a real-data test is skipped; returns true so `ignore:` can use it. */
export function skipWithoutF1db(what: string): boolean {
  if (!HAVE_F1DB) console.log(`skipping ${what}: no F1DB data at ${F1DB_DIR}`);
  return !HAVE_F1DB;
}

/** Debian's Chromium, which the browser tests drive through playwright-core. */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether Chromium is installed; the browser tests skip, saying why, where not (CI requires it). */
export const HAVE_CHROMIUM = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

/** Runs `fn` with a fresh temporary folder, removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "f1hp-test-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A folder at the same path every run; disposing of it removes it and lets the next user of its name have it. */
export interface FixedTempDir extends AsyncDisposable {
  path: string;
}

/**
 * An empty folder at `<temp dir>/f1hp-fixed/<name>`, the same path every run, held by a lock until disposed of (a
 * concurrent run's folder of that name waits): for tests that run Deno on modules they copy. Deno caches the
 * JavaScript it makes of a module, and V8's code for it, by the module's path, so a new path each run compiled every
 * copied module again and grew those caches by a copy's worth on every run (1.3 GB after a few days here).
 */
export async function fixedTempDir(name: string): Promise<FixedTempDir> {
  const parent = join(tmpdir(), "f1hp-fixed");
  await Deno.mkdir(parent, { recursive: true });
  const lock = await Deno.open(join(parent, `${name}.lock`), { create: true, write: true });
  await lock.lock(true);
  const path = join(parent, name);
  await emptyFolder(path); // what a killed run left
  return {
    path,
    async [Symbol.asyncDispose]() {
      await removeIfPresent(path);
      lock.close();
    },
  };
}

/**
 * An emptied folder at `<temp dir>/f1hp-screenshots/<name>` for a browser test's screenshots, kept after the test for
 * review: the same path every run, so it holds the last run's and they do not pile up.
 */
export async function screenshotFolder(name: string): Promise<string> {
  const path = join(tmpdir(), "f1hp-screenshots", name);
  await emptyFolder(path);
  return path;
}

/** `path` as an empty folder, whatever was there. */
async function emptyFolder(path: string): Promise<void> {
  await removeIfPresent(path);
  await Deno.mkdir(path, { recursive: true });
}

async function removeIfPresent(path: string): Promise<void> {
  await Deno.remove(path, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
}

/**
 * A trainer configuration for tests: the CLI's defaults, but 400 simulations and no title odds after each round (a
 * third of a training, and half of it at 400 simulations) to keep tests quick. The tests of the title odds, and of
 * what reads them (leakage, serving, the dashboard, the exports), ask for them with `titleOdds: true`.
 */
export function trainerConfig(
  trainData: string,
  output: string,
  overrides: Partial<TrainerConfig> = {},
): TrainerConfig {
  return defaultConfig(trainData, output, { numSimulations: 400, titleOdds: false, ...overrides });
}

/** Imports real F1DB seasons into `<dir>/<year>` folders, a multi-season data set; returns `dir`. */
export async function importF1dbSeasons(dir: string, years: readonly number[]): Promise<string> {
  for (const year of years) {
    await writeSeasonFolder(`${dir}/${year}`, await importF1dbSeason(`${F1DB_DIR}/src/data`, year));
  }
  return dir;
}

/**
 * A test on the real F1DB seasons 2022-2025, imported into a temporary folder
 * and loaded; skipped, saying `what`, where the data is absent.
 */
export function realSeasonsTest(
  name: string,
  what: string,
  fn: (seasons: LoadedSeason[]) => Promise<void> | void,
): void {
  Deno.test({
    name,
    ignore: skipWithoutF1db(what),
    fn: () =>
      withTempDir(async (dir) => await fn(await loadDataSet(await importF1dbSeasons(dir, [2022, 2023, 2024, 2025])))),
  });
}

/** What a task run said: its exit code and its output. */
export interface TaskRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** How a task is run besides its arguments. */
export interface DenoTaskOptions {
  /**
   * Variables added to the environment (e.g. `F1HP_DATABASE_URL`).
   *
   * @default {none}
   */
  env?: Record<string, string>;
}

/** Runs `deno task NAME ARGS...` as a user types it, from the repository, with the task's own permissions. */
export async function denoTask(name: string, args: readonly string[], options: DenoTaskOptions = {}): Promise<TaskRun> {
  const run = await new Deno.Command(Deno.execPath(), {
    args: ["task", name, ...args],
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    ...(options.env === undefined ? {} : { env: options.env }),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: run.code, stdout: text(run.stdout), stderr: text(run.stderr) };
}

/** A local server whose every answer is `respond`'s, at its base URL; closed after `fn`. */
export async function withServer(
  respond: (request: Request) => Response | Promise<Response>,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, respond);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

/** A clock that the live poller's sleeps move forward at once, and that an abort stops. */
export function fakeClock(start: number): {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
} {
  let now = start;
  return {
    now: () => now,
    sleep: (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) return Promise.reject(signal.reason);
      now += ms;
      return new Promise<void>((resolve) => setTimeout(resolve, 0));
    },
  };
}

/**
 * A serving process (`deno task serve`, the bundle's `serve`) started with `--port 0`: its address, read from the line
 * it prints when it listens, given to `fn`; then it is stopped with SIGTERM, and must exit 0.
 */
export async function withServing(
  command: Deno.Command,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const serve = command.spawn();
  let code: number;
  try {
    const lines = serve.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let said = "";
    while (!/serve: (http:\/\/\S+)\//.test(said)) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`serve ended before it listened: ${said}`);
      said += value;
    }
    lines.releaseLock();
    await fn(/serve: (http:\/\/\S+)\//.exec(said)![1]);
  } finally {
    serve.kill("SIGTERM");
    code = (await serve.status).code;
    await serve.stdout.cancel().catch(() => {});
    await serve.stderr.cancel().catch(() => {});
  }
  if (code !== 0) throw new Error(`serve exited ${code}`);
}
