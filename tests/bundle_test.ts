/**
 * The bundle (`deno task bundle`, issue 33): every task behind one entry point, its workers and the dashboard beside
 * it, run from a folder holding only `dist/` with `--cached-only`, giving what the tasks give.
 */
import assert from "node:assert/strict";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { denoTask, fixedTempDir, withServing } from "./helpers.ts";
import { SUBCOMMANDS } from "../bin/f1hp.ts";

const ROOT = new URL("..", import.meta.url);

/** `deno task bundle`, run once for the tests of this file. */
let bundled: Promise<void> | undefined;

/** The bundle's `dist/` copied into `dir`: a folder with nothing but the bundle. */
async function bundleInto(dir: string): Promise<void> {
  bundled ??= denoTask("bundle", []).then((built) => assert.equal(built.code, 0, built.stderr));
  await bundled;
  await Deno.mkdir(`${dir}/dist`);
  for await (const entry of Deno.readDir(new URL("dist", ROOT))) {
    await Deno.copyFile(new URL(`dist/${entry.name}`, ROOT), `${dir}/dist/${entry.name}`);
  }
}

/**
 * `fn` in a folder holding the bundle's `dist/` and nothing else: a {@linkcode fixedTempDir}, so the runs find the
 * bundle compiled by the last run of the suite.
 */
async function withBundle(name: string, fn: (dir: string) => Promise<void>): Promise<void> {
  await using folder = await fixedTempDir(name);
  await bundleInto(folder.path);
  await fn(folder.path);
}

/** `deno run --cached-only ARGS` in `cwd`, a folder with no deno.json: only what the bundle carries. */
async function runFrom(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["run", "--cached-only", ...args], cwd }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("f1hp's subcommands are deno.json's tasks, with the same default options", async () => {
  const tasks: Record<string, string> = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT))).tasks;
  const runsATask = Object.entries(tasks).filter(([, command]) => /^deno run .* tasks\/\w+\.ts/.test(command));
  assert.deepEqual(Object.keys(SUBCOMMANDS).sort(), runsATask.map(([name]) => name).sort());
  for (const [name, command] of runsATask) {
    const defaults = command.split(/ tasks\/\w+\.ts/)[1].trim();
    assert.equal(SUBCOMMANDS[name].defaults.join(" "), defaults, `${name}: the bundle's defaults are deno.json's`);
  }
});

Deno.test({
  name: "deno task bundle: every task from dist/ alone, workers included, cached-only; train as the task trains",
  sanitizeResources: false,
  fn: () =>
    withBundle("bundle-tasks", async (dir) => {
      const source = await Deno.readTextFile(`${dir}/dist/f1hp.js`);
      assert.doesNotMatch(source, /^import .* from "\.{1,2}\//m, "no relative imports left in the bundle");
      await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 6, seed: 9, completed: 4 }).files);
      // 20,000 simulations x 3 scenarios a race: past what the trainer forecasts in its own thread, so the bundle's
      // worker module does the work.
      const options = ["--train-data", "data", "--num-simulations", "20000", "--driver-weights", '{"AAR":1.2}'];
      const permissions = ["--allow-read", "--allow-write", "--allow-env"];
      const bundled = await runFrom(dir, [
        ...permissions,
        "dist/f1hp.js",
        "train",
        ...options,
        "--workers",
        "2",
        "--output",
        "bundle/p.json",
      ]);
      assert.equal(bundled.code, 0, bundled.stderr);
      const fromSource = await denoTask("train", [
        ...options.map((option) => option === "data" ? `${dir}/data` : option),
        "--output",
        `${dir}/source/p.json`,
      ]);
      assert.equal(fromSource.code, 0, fromSource.stderr);
      const forecasts = async (path: string) => JSON.stringify(JSON.parse(await Deno.readTextFile(path)).predictions);
      assert.equal(await forecasts(`${dir}/bundle/p.json`), await forecasts(`${dir}/source/p.json`));

      // The backtest's workers, and the report, from the bundle too.
      const backtest = await runFrom(dir, [
        ...permissions,
        "dist/f1hp.js",
        "backtest",
        "--train-data",
        "data",
        "--num-simulations",
        "200",
        "--workers",
        "2",
      ]);
      assert.equal(backtest.code, 0, backtest.stderr);
      assert.match(backtest.stdout, /backtest 2025 .*\n.*win logloss/);
      const report = await runFrom(dir, [...permissions, "dist/f1hp.js", "report", "--predictions", "bundle/p.json"]);
      assert.equal(report.code, 0, report.stderr);
      const listed = await runFrom(dir, ["dist/f1hp.js", "--help"]);
      for (const name of Object.keys(SUBCOMMANDS)) assert.match(listed.stdout, new RegExp(`\\b${name}\\b`));
      const help = await runFrom(dir, ["dist/f1hp.js", "train", "--help"]);
      assert.match(help.stdout, /--num-simulations N/);
    }),
});

Deno.test({
  name: "the bundle's serve answers the dashboard it carries and the API, with no source beside it",
  sanitizeResources: false,
  fn: () =>
    withBundle("bundle-serve", async (dir) => {
      await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 4, seed: 9, completed: 2 }).files);
      const trained = await runFrom(dir, ["-A", "dist/f1hp.js", "train", "--train-data", "data", "--output", "p.json"]);
      assert.equal(trained.code, 0, trained.stderr);
      const serve = new Deno.Command(Deno.execPath(), {
        args: ["run", "--cached-only", "-A", "dist/f1hp.js", "serve", "--predictions", "p.json", "--port", "0"],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      });
      await withServing(serve, async (url) => {
        const page = await (await fetch(`${url}/`)).text();
        const script = /src="([^"]+\.js)"/.exec(page)?.[1];
        assert.ok(script, page.slice(0, 300));
        const body = await fetch(new URL(script, `${url}/`));
        assert.equal(body.status, 200);
        assert.ok((await body.text()).length > 10_000, "the dashboard's script");
        assert.equal((await (await fetch(`${url}/api/races`)).json()).length, 4);
      });
    }),
});
