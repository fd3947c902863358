/**
 * kill -9 at random points of 20 training runs or more: after each, the next run
 * leaves a valid predictions file, no temporary files, and a history that
 * agrees with the output.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { schemaProblems } from "../lib/format/schemas.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { HistoryDb } from "../lib/store/sqlite.ts";
import { Xoshiro128 } from "../lib/sim/rng.ts";
import { withTempDir } from "./helpers.ts";

const MAIN = new URL("../tasks/train.ts", import.meta.url).pathname;

/** Simulations of each run that is killed: about a second of work, so kills land in training and in writing. */
const RUN_SIMULATIONS = 5_000;

Deno.test("kill -9 at random points of 20 runs or more: valid output, no temporary files, a consistent history", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(
      join(dir, "data", "2025"),
      generateDemoSeason(2025, { rounds: 8, seed: 12, completed: 6 }).files,
    );
    const out = join(dir, "out");
    const output = join(out, "p.json");
    const args = (simulations: number) => [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      MAIN,
      "--train-data",
      join(dir, "data"),
      "--output",
      output,
      "--num-simulations",
      String(simulations),
      "--force-retrain",
    ];
    const finish = async () => {
      const result = await new Deno.Command(Deno.execPath(), { args: args(300), stdout: "null", stderr: "piped" })
        .output();
      assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
    };
    await finish();
    // The delays span one uninterrupted run of the same size, measured here, so most kills land mid-run
    // (training or writing) and a few after it, whatever this machine's speed.
    const started = performance.now();
    const full = await new Deno.Command(Deno.execPath(), {
      args: args(RUN_SIMULATIONS),
      stdout: "null",
      stderr: "null",
    })
      .output();
    assert.equal(full.code, 0);
    // The shortest whole run seen so far: a machine whose load eases runs faster than it was measured, and kills
    // timed by the first run's length would then land after the end.
    let runMs = performance.now() - started;
    const rng = new Xoshiro128(2026);
    let killedMidRun = 0;
    // At least 20 runs, and more (up to 40) until 10 were killed mid-run, so the verdict does not hang on the load.
    for (let k = 0; k < 40 && (k < 20 || killedMidRun < 10); k++) {
      const spawned = performance.now();
      const child = new Deno.Command(Deno.execPath(), { args: args(RUN_SIMULATIONS), stdout: "null", stderr: "null" })
        .spawn();
      const delay = runMs * (0.2 + 0.9 * rng.nextFloat());
      const exited = await Promise.race([
        child.status.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), delay)),
      ]);
      if (exited) runMs = Math.min(runMs, performance.now() - spawned);
      else {
        try {
          child.kill("SIGKILL");
          killedMidRun++;
        } catch (error) {
          // The run ended between the timer and the kill: the same case as a kill after it.
          if (!(error instanceof TypeError)) throw error;
        }
      }
      await child.status;
      await finish();
      await assertConsistent(out, k);
    }
    assert.ok(killedMidRun >= 10, `only ${killedMidRun} of 40 runs were killed mid-run: the delays are too long`);
  });
});

Deno.test("a run killed after its output landed but before its history: the next run restores the history", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(
      join(dir, "data", "2025"),
      generateDemoSeason(2025, { rounds: 5, seed: 3, completed: 4 }).files,
    );
    const output = join(dir, "out", "p.json");
    const train = () =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", MAIN, "--train-data", join(dir, "data"), "--output", output, "--num-simulations", "200"],
        stdout: "null",
        stderr: "null",
      }).output();
    await train();
    // As if killed right after the rename: the output has run 1, the log and the database do not.
    await Deno.remove(join(dir, "out", "training_history.jsonl"));
    await Deno.remove(join(dir, "out", "history.sqlite"));
    const first = JSON.parse(await Deno.readTextFile(output)).metadata;
    await train();
    const lines = (await Deno.readTextFile(join(dir, "out", "training_history.jsonl"))).trim().split("\n")
      .map((line) => JSON.parse(line).timestamp);
    assert.equal(lines[0], first.generated_at, "the lost run is logged again, first");
    assert.equal(lines.length, 2);
    using db = HistoryDb.open(join(dir, "out", "history.sqlite"));
    assert.ok(db.hasRun("p.json", first.generated_at));
    assert.match(await Deno.readTextFile(join(dir, "out", "training.log")), /restored/);
  });
});

/** After kill `k` and a finishing run: a valid output, no temporary file, and its runs in the log and the database. */
async function assertConsistent(out: string, k: number): Promise<void> {
  const output = join(out, "p.json");
  const document = JSON.parse(await Deno.readTextFile(output));
  assert.deepEqual(schemaProblems("predictions.schema.json", document), [], `after kill ${k}`);
  const leftovers = [];
  for await (const entry of Deno.readDir(out)) if (entry.name.endsWith(".tmp")) leftovers.push(entry.name);
  assert.deepEqual(leftovers, [], `after kill ${k}: temporary files`);
  const logged = new Set(
    (await Deno.readTextFile(join(out, "training_history.jsonl"))).trim().split("\n").flatMap((line) => {
      try {
        return [JSON.parse(line).timestamp];
      } catch {
        return []; // a line cut short by the kill
      }
    }),
  );
  for (const entry of document.metadata.training_history) {
    assert.ok(logged.has(entry.timestamp), `after kill ${k}: the output's run ${entry.timestamp} is in the log`);
  }
  using db = HistoryDb.open(join(out, "history.sqlite"));
  assert.ok(db.hasRun("p.json", document.metadata.generated_at), `after kill ${k}: the run is in the database`);
}
