/**
 * What the documented-commands tests share. Every command README.md and docs/tasks.md show, run as a user types it
 * (issue 33): through `bash -c` in a scratch
 * copy of the repository's tracked files, so `deno task` gives each task its own permissions, with F1DB's checkout at
 * `../f1db` as the README clones it. Commands that need the network run with it cut and must fail saying so; the
 * commands CI runs itself (the test suite, the checks, the benchmarks) are found in `.ci/run`; synopses with
 * placeholders (`DIR`, `[--round 5]`) have every option they name in the task's `--help`.
 *
 * A command added to the documents without a way here fails the first test, so the two cannot drift apart.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { F1DB_DIR, fixedTempDir, HAVE_F1DB, skipWithoutF1db } from "./helpers.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DOCUMENTS = ["README.md", "docs/tasks.md"] as const;

/** How a documented command is run. */
export type Way =
  /** Run to its end: exit 0, and `check` on what it did. */
  | { way: "run"; f1db?: boolean; check?: (said: string, scratch: string) => void | Promise<void> }
  /** A process that runs until stopped: started, `ready` awaited (then `probe`), stopped with Ctrl+C: exit 0. */
  | { way: "until"; ready: RegExp; f1db?: boolean; probe?: () => Promise<void> }
  /** Needs the network: run with it cut, it must fail (or, `exitsZero`, go on) saying `says`. */
  | { way: "offline"; says: RegExp; unlessCached?: string }
  /** CI runs it as written: `.ci/run` (or deno.json's `ok`) holds `line`. */
  | { way: "ci"; line: string; in: ".ci/run" | "deno.json" }
  /** Sets a variable for the commands after it. */
  | { way: "env" }
  /** A synopsis: placeholders stand for values; every option it names is in the task's `--help`. */
  | { way: "synopsis" };

const trains = (file: string) => (said: string) => assert.match(said, new RegExp(`-> ${file}`));

/** Every documented command and how it is run, in the order the documents give them. */
export const WAYS: Record<string, Way> = {
  "npm install -g deno@2.9.6": { way: "ci", line: "npm install -g deno@2.9.6", in: ".ci/run" },
  "deno task train": { way: "run", check: trains("predictions/season_2025_incremental.json") },
  "deno task test": { way: "ci", line: "deno task test", in: ".ci/run" },
  [`deno task train --driver-weights '{"VER":1.20,"NOR":1.35,"PIA":1.30}' --team-weights '{"McLaren-Mercedes":1.35,"Red Bull Racing":1.15}'`]:
    { way: "run", check: trains("predictions/season_2025_incremental.json") },
  "git clone --depth 1 https://github.com/f1db/f1db ../f1db": {
    way: "offline",
    says: /Could not resolve host|Failed to connect|unable to access/,
  },
  "export F1HP_F1DB=../f1db": { way: "env" },
  "deno task import-f1db --seasons 2019-2021 --out data/mine": {
    way: "run",
    f1db: true,
    check: async (_, scratch) => {
      for (const year of [2019, 2020, 2021]) {
        assert.ok((await Deno.stat(`${scratch}/data/mine/${year}/season.json`)).isFile);
      }
    },
  },
  "deno task train --train-data data/mine": {
    way: "run",
    f1db: true,
    check: trains("predictions/season_2021_incremental.json"),
  },
  "deno task report": { way: "run", check: (said) => assert.match(said, /-> predictions\/report\/index\.html/) },
  "deno task serve": {
    way: "until",
    ready: /serve: http:\/\/127\.0\.0\.1:8000\/ .*Ctrl\+C stops/,
    probe: async () => {
      const season = await fetch("http://127.0.0.1:8000/api/season");
      assert.equal(season.status, 200);
      await season.body?.cancel();
    },
  },
  "deno task live --train-data data/f1 --season 2026": {
    way: "offline",
    says: /live: .*cannot resolve api\.jolpi\.ca|live: .*connection refused by/,
  },
  "deno task watch --train-data data/f1": { way: "until", ready: /watch: run 1 \(start\): season 2025/ },
  "export F1HP_DATABASE_URL=postgres://f1hp@db.example:5432/f1hp": { way: "env" },
  "deno task demo-data": { way: "run", check: (said) => assert.match(said, /data\/demo/) },
  "deno task train --train-data data/demo": { way: "run", check: trains("predictions/demo_2025_incremental.json") },
  "deno task ok": {
    way: "ci",
    line: "deno fmt --check && deno lint && deno check . && deno task test",
    in: "deno.json",
  },
  "deno task watch --train-data data/mine": { way: "until", f1db: true, ready: /watch: run 1 \(start\): season 2021/ },
  "deno task import-jolpica --season 2026 --out data/f1/2026 [--round 5]": { way: "synopsis" },
  "deno task import-f1db ../f1db --season 2025 --out data/2025": { way: "run", f1db: true },
  "deno task import-f1db ../f1db --season 2025 --out data/2025 --through 12:qualifying": { way: "run", f1db: true },
  "deno task import-f1db ../f1db --seasons 2014-2025 --out data/f1db": {
    way: "run",
    f1db: true,
    check: async (_, scratch) => {
      for (let year = 2014; year <= 2025; year++) {
        assert.ok((await Deno.stat(`${scratch}/data/f1db/${year}/season.json`)).isFile, `data/f1db/${year}`);
      }
    },
  },
  "deno task train --train-data data/2025": {
    way: "run",
    f1db: true,
    check: trains("predictions/season_2025_incremental.json"),
  },
  "deno task watch": { way: "until", ready: /watch: run 1 \(start\): season 2025/ },
  "deno task watch --train-data data/2025": { way: "until", f1db: true, ready: /watch: run 1 \(start\): season 2025/ },
  "deno task bench": { way: "ci", line: "deno task bench", in: ".ci/run" },
  "deno task compile": { way: "offline", says: /dl\.deno\.land/, unlessCached: "dist/f1hp" },
  "deno task bundle": { way: "run", check: (said) => assert.match(said, /dist\/f1hp\.js/) },
  "deno run -A dist/f1hp.js --help": { way: "run", check: (said) => assert.match(said, /Tasks: train, watch, /) },
  "deno run -A dist/f1hp.js train --train-data data/demo": {
    way: "run",
    check: trains("predictions/demo_2025_incremental.json"),
  },
  "deno task export --format parquet": {
    way: "run",
    check: (said) =>
      assert.match(said, /race_probabilities: \d+ rows -> predictions\/export\/race_probabilities\.parquet/),
  },
  "deno task backtest --train-data DIR [--season YEAR]": { way: "synopsis" },
  "deno task projection-check --train-data DIR": { way: "synopsis" },
  "deno task fit-bayes --train-data DIR --seasons LIST": { way: "synopsis" },
  "deno task backtest --train-data DIR --seasons 2016-2025": { way: "synopsis" },
  "deno jupyter --install --force": { way: "ci", line: "deno jupyter --install --force", in: ".ci/run" },
};

/** The commands a document shows: lines of its `sh` blocks (a `for` loop as one), and code spans that start one. */
function documentedCommands(text: string): string[] {
  const commands: string[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const lines = block[1].split("\n").map((line) => line.replace(/\s+#.*$/, "").trim()).filter(Boolean);
    for (let i = 0; i < lines.length; i++) {
      let command = lines[i];
      if (command.startsWith("for ")) {
        while (!lines[i].startsWith("done")) command += ` ${lines[++i]}`;
        command = command.replace(/; do /, "; do ").replace(/ done$/, "; done");
      }
      commands.push(command);
    }
  }
  const prose = text.replace(/```[\s\S]*?```/g, "");
  for (const span of prose.matchAll(/`([^`]+)`/g)) {
    const code = span[1].replace(/\s*\n\s*/g, " ").trim();
    if (/^(deno (task|run|jupyter|compile)|git clone|npm install|export) /.test(code)) {
      commands.push(code);
    }
  }
  return commands;
}

export async function allDocumented(): Promise<Array<{ document: string; command: string }>> {
  const found: Array<{ document: string; command: string }> = [];
  for (const document of DOCUMENTS) {
    for (const command of documentedCommands(await Deno.readTextFile(`${ROOT}/${document}`))) {
      if (!found.some((f) => f.command === command)) found.push({ document, command });
    }
  }
  return found;
}

/** A scratch copy of the repository: `repo` inside `root`; disposing of it removes `root`. */
export interface ScratchCopy extends AsyncDisposable {
  root: string;
  repo: string;
}

/**
 * The repository's tracked files in a scratch folder, with `../f1db` the F1DB checkout (as the README clones it): in
 * a {@linkcode fixedTempDir} of `name`, so the tasks run in it find their modules compiled by the last run.
 */
export async function scratchCopy(name: string): Promise<ScratchCopy> {
  const folder = await fixedTempDir(name);
  const root = folder.path;
  const repo = `${root}/repo`;
  const tracked = await new Deno.Command("git", { args: ["ls-files", "-z"], cwd: ROOT, stdout: "piped" }).output();
  for (const path of new TextDecoder().decode(tracked.stdout).split("\0").filter(Boolean)) {
    const to = `${repo}/${path}`;
    await Deno.mkdir(to.slice(0, to.lastIndexOf("/")), { recursive: true });
    // The shipped seasons (two thirds of the files) are linked, not copied: every task writes a file by renaming a
    // new one into its place (lib/data/files.ts), so the repository's copy is never written through the link, and
    // a filesystem short of time to reuse the inodes of deleted files is spared thousands of new ones per copy.
    // Where the scratch folder is on another filesystem, a link cannot be made and the file is copied.
    const linked = path.startsWith("data/") && await Deno.link(`${ROOT}/${path}`, to).then(() => true, () => false);
    if (!linked) await Deno.copyFile(`${ROOT}/${path}`, to);
  }
  if (HAVE_F1DB) await Deno.symlink(F1DB_DIR, `${root}/f1db`);
  // ../shared beside the repository, as CI has it: the findings' summary compares with its market prices.
  const shared = await Deno.realPath(`${ROOT}/../shared`).catch(() => undefined);
  if (shared !== undefined) await Deno.symlink(shared, `${root}/shared`);
  return { root, repo, [Symbol.asyncDispose]: () => folder[Symbol.asyncDispose]() };
}

/** An environment in which no request leaves the machine: every proxy is a port nobody listens on. */
export function networkCut(): Record<string, string> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const proxy = `http://127.0.0.1:${listener.addr.port}`;
  listener.close();
  return { HTTPS_PROXY: proxy, HTTP_PROXY: proxy, https_proxy: proxy, http_proxy: proxy, NO_PROXY: "", no_proxy: "" };
}

/** Where a command runs: its folder and what it adds to the environment. */
export interface RunAt {
  cwd: string;
  env: Record<string, string>;
}

/**
 * A folder whose `deno` is the Deno running the tests, put first on `PATH`: the commands are typed as documented, and
 * run by the Deno under test. npm's `deno` package may install a Node launcher (`bin.cjs`) instead of the binary;
 * Node dies of the Ctrl+C that the tasks handle, so the shell would report 130 for a task that stopped cleanly.
 */
const DENO_UNDER_TEST = (() => {
  const dir = Deno.makeTempDirSync({ prefix: "f1hp-deno-" });
  Deno.symlinkSync(Deno.execPath(), `${dir}/deno`);
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
  return dir;
})();

/** The environment a documented command runs in: the caller's, `extra`, and the Deno under test first on `PATH`. */
function commandEnv(extra: Record<string, string>): Record<string, string> {
  return { ...extra, NO_COLOR: "1", PATH: `${DENO_UNDER_TEST}:${Deno.env.get("PATH") ?? ""}` };
}

export function bash(command: string, at: RunAt): Deno.Command {
  return new Deno.Command("bash", {
    args: ["-c", command],
    cwd: at.cwd,
    env: commandEnv(at.env),
    stdout: "piped",
    stderr: "piped",
  });
}

/**
 * Runs a long-running command on a terminal (`script` gives it a pseudo-terminal, as a user's shell would) until
 * `ready` shows in what it says, probes it, then types Ctrl+C: the terminal signals the whole process group.
 */
async function runUntilReady(command: string, way: Extract<Way, { way: "until" }>, at: RunAt): Promise<string> {
  const child = new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    cwd: at.cwd,
    // `script` runs the command with `$SHELL -c`, or `/bin/sh` where SHELL is unset (as on CI). A user's interactive
    // shell survives the Ctrl+C; a non-interactive dash waiting on the task dies of it and reports 130. `bash -c` runs
    // a single command in its own place, so the task is what the terminal's Ctrl+C reaches, as at a prompt.
    env: { ...commandEnv(at.env), SHELL: "/bin/bash" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let said = "";
  // Each piece of output wakes the wait below: the process is waited on, not a clock.
  let heard = Promise.withResolvers<void>();
  const collect = async (stream: ReadableStream<Uint8Array<ArrayBuffer>>) => {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      said += text;
      heard.resolve();
    }
  };
  const reading = Promise.all([collect(child.stdout), collect(child.stderr)]);
  let ended = false;
  child.status.then(() => (ended = true, heard.resolve()));
  while (!way.ready.test(said)) {
    if (ended) throw new Error(`ended before it was ready:\n${said}`);
    await heard.promise;
    heard = Promise.withResolvers<void>();
  }
  await way.probe?.();
  const keyboard = child.stdin.getWriter();
  await keyboard.write(new Uint8Array([3])); // Ctrl+C
  const status = await child.status;
  await keyboard.close().catch(() => {});
  await reading;
  assert.equal(status.code, 0, said);
  return said;
}

/** Runs, in order, the commands `document` is the first to show, each as a step of `t`, in a fresh scratch copy. */
export async function runDocumentedCommands(t: Deno.TestContext, document: string): Promise<void> {
  await using copy = await scratchCopy(document.replace(/\W+/g, "-"));
  const { root, repo } = copy;
  const env: Record<string, string> = {};
  const offline: Array<Promise<void>> = [];
  try {
    for (const { command } of (await allDocumented()).filter((d) => d.document === document)) {
      const way = WAYS[command];
      if (way.way === "ci" || way.way === "synopsis") continue;
      if (way.way === "env") {
        const [name, value] = command.replace(/^export /, "").split("=");
        env[name] = value;
        continue;
      }
      if ((way.way === "run" || way.way === "until") && way.f1db && skipWithoutF1db(command)) continue;
      if (way.way === "offline") {
        // Started now, checked at the end: a one-shot source gives up within its bounded retries.
        const checked = (async () => {
          // git clones into ../f1db, which the scratch copy already links: it runs where there is none.
          const cwd = command.startsWith("git ")
            ? await Deno.makeTempDir({ dir: await Deno.makeTempDir({ dir: root }) })
            : repo;
          const run = await bash(command, { cwd, env: { ...env, ...networkCut() } }).output();
          const said = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
          // A download cached by an earlier run needs no network: then it must have made what it makes.
          if (run.code === 0 && way.unlessCached !== undefined) {
            assert.ok((await Deno.stat(`${repo}/${way.unlessCached}`)).isFile, `${command}:\n${said}`);
            return;
          }
          assert.notEqual(run.code, 0, `${command}:\n${said}`);
          assert.match(said, way.says, `${command}:\n${said}`);
        })();
        checked.catch(() => {}); // reported when awaited, at the end
        offline.push(checked);
        continue;
      }
      await t.step(command, async () => {
        // The database the README names is an example: the commands after it run without one.
        const { F1HP_DATABASE_URL: _example, ...runEnv } = env;
        const at = { cwd: repo, env: runEnv };
        if (way.way === "until") {
          await runUntilReady(command, way, at);
          return;
        }
        const run = await bash(command, at).output();
        const said = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
        assert.equal(run.code, 0, `${command}:\n${said}`);
        await way.check?.(said, repo);
      });
    }
    await t.step("the commands that need the network, with it cut", async () => {
      await Promise.all(offline);
    });
  } finally {
    await Promise.allSettled(offline);
  }
}
