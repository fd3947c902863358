import assert from "node:assert/strict";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { withTempDir } from "./helpers.ts";

const ROOT = new URL("..", import.meta.url);

async function deno(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), { args, cwd: ROOT }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("the bundle is one self-contained file that trains exactly as tasks/train.ts does", async () => {
  await withTempDir(async (dir) => {
    const bundled = await deno(["bundle", "--output", `${dir}/f1hp.js`, "tasks/train.ts"]);
    assert.equal(bundled.code, 0, bundled.stderr);
    const source = await Deno.readTextFile(`${dir}/f1hp.js`);
    assert.doesNotMatch(source, /^import .* from "\.{1,2}\//m, "no relative imports left in the bundle");
    await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 6, seed: 9, completed: 4 }).files);
    const options = ["--train-data", `${dir}/data`, "--num-simulations", "300", "--driver-weights", '{"AAR":1.2}'];
    const permissions = ["--allow-read", "--allow-write", "--allow-env"];
    // Run the bundle from a folder with no deno.json, as a user who only has the file would.
    const fromBundle = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...permissions, `${dir}/f1hp.js`, ...options, "--output", `${dir}/bundle/p.json`],
      cwd: dir,
    }).output();
    assert.equal(fromBundle.code, 0, new TextDecoder().decode(fromBundle.stderr));
    // The default, one worker per core, cannot load a worker module beside a lone file: this thread, said once,
    // quietly (Deno's own uncaught-error lines would reach the terminal if a worker were started on it).
    assert.doesNotMatch(new TextDecoder().decode(fromBundle.stderr), /Uncaught/);
    if (navigator.hardwareConcurrency > 1) {
      assert.match(await Deno.readTextFile(`${dir}/bundle/training.log`), /forecast in this thread: workers could not/);
    }
    const explicit = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...permissions, `${dir}/f1hp.js`, ...options, "--output", `${dir}/two/p.json`, "--workers", "2"],
      cwd: dir,
    }).output();
    assert.equal(explicit.code, 2);
    assert.match(
      new TextDecoder().decode(explicit.stderr),
      /^train: --workers: workers could not start: Module not found/,
    );
    const fromSource = await deno([
      "run",
      ...permissions,
      "tasks/train.ts",
      ...options,
      "--output",
      `${dir}/source/p.json`,
    ]);
    assert.equal(fromSource.code, 0, fromSource.stderr);
    const forecasts = async (path: string) => JSON.stringify(JSON.parse(await Deno.readTextFile(path)).predictions);
    assert.equal(await forecasts(`${dir}/bundle/p.json`), await forecasts(`${dir}/source/p.json`));
    const help = await new Deno.Command(Deno.execPath(), { args: ["run", `${dir}/f1hp.js`, "--help"], cwd: dir })
      .output();
    assert.match(new TextDecoder().decode(help.stdout), /--num-simulations N/);
  });
});
