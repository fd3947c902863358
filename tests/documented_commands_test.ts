/** Every command of README.md run as typed (issue 33); docs/tasks.md's run in documented_tasks_test.ts. */
import assert from "node:assert/strict";
import { HistoryDb } from "../lib/store/sqlite.ts";
import {
  allDocumented,
  bash,
  DOCUMENTS,
  networkCut,
  ROOT,
  runDocumentedCommands,
  scratchCopy,
  WAYS,
} from "./documented_commands.ts";

Deno.test("every command in README.md and docs/tasks.md has a way to run here; network and CI ones say so", async () => {
  const documented = await allDocumented();
  assert.deepEqual(documented.map((d) => d.command).sort(), Object.keys(WAYS).sort());
  for (const document of DOCUMENTS) {
    const text = (await Deno.readTextFile(`${ROOT}/${document}`)).replace(/\s*\n\s*/g, " ");
    for (const [command, way] of Object.entries(WAYS)) {
      if (way.way !== "offline") continue;
      for (let at = text.indexOf(command); at >= 0; at = text.indexOf(command, at + 1)) {
        assert.match(text.slice(at, at + command.length + 120), /needs the network/, `${document}: ${command}`);
      }
    }
  }
  const ci = await Deno.readTextFile(`${ROOT}/.ci/run`);
  const denoJson = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  for (const { command } of documented) {
    const way = WAYS[command];
    if (way.way === "ci") {
      const holder = way.in === ".ci/run" ? ci : denoJson.tasks.ok;
      assert.ok(holder.includes(way.line), `${command}: ${way.in} runs ${way.line}`);
    }
  }
});

Deno.test({
  name: "every command README.md shows, run as typed in a fresh copy of the repository",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: (t) => runDocumentedCommands(t, "README.md"),
});

Deno.test("the README's database example, set and used: the run says the history was not recorded, and why", async () => {
  await using copy = await scratchCopy("database-example");
  const { repo } = copy;
  const run = await bash("deno task train --train-data data/demo --num-simulations 200", {
    cwd: repo,
    env: { F1HP_DATABASE_URL: "postgres://f1hp@db.example:5432/f1hp", ...networkCut() },
  }).output();
  const said = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
  assert.equal(run.code, 0, said);
  assert.match(said, /postgres:\/\/f1hp@db\.example:5432\/f1hp: the forecast history was not recorded/);
});

Deno.test("synopses in the documents name only options their task has", async () => {
  for (const [command, way] of Object.entries(WAYS)) {
    if (way.way !== "synopsis") continue;
    const task = command.split(" ")[2];
    const help = await new Deno.Command("deno", { args: ["task", task, "--help"], cwd: ROOT, stdout: "piped" })
      .output();
    const text = new TextDecoder().decode(help.stdout);
    for (const option of command.match(/--[a-z-]+/g) ?? []) {
      assert.match(text, new RegExp(`${option}\\b`), `${command}: ${task} --help lists ${option}`);
    }
  }
});

Deno.test({
  name: "demo, then real 2025, then the demo again: each file and each timeline holds only its own runs",
  sanitizeResources: false,
  fn: async () => {
    await using copy = await scratchCopy("demo-then-real");
    const { repo } = copy;
    for (
      const command of [
        "deno task train --train-data data/demo",
        "deno task train",
        "deno task train --train-data data/demo",
      ]
    ) {
      const run = await bash(command, { cwd: repo, env: {} }).output();
      assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    }
    const read = async (name: string) => JSON.parse(await Deno.readTextFile(`${repo}/predictions/${name}`));
    const demo = await read("demo_2025_incremental.json");
    const real = await read("season_2025_incremental.json");
    const folders = (document: { metadata: { training_history: Array<{ config: { train_data: string } }> } }) =>
      document.metadata.training_history.map((entry) => entry.config.train_data);
    assert.deepEqual(folders(demo), ["data/demo", "data/demo"]);
    assert.deepEqual(folders(real), ["data/f1"]);
    // The timelines the dashboard draws, from the history database both runs wrote to: each its own drivers.
    using db = HistoryDb.open(`${repo}/predictions/history.sqlite`);
    const drivers = (document: typeof demo, output: string) =>
      new Set(
        db.forecastsFor({ season: 2025, round: 1 }, { output, configHash: document.metadata.config_hash })
          .flatMap((entry) => (entry.predictions as Array<{ driver: string }>).map((p) => p.driver)),
      );
    const demoDrivers = drivers(demo, "demo_2025_incremental.json");
    const realDrivers = drivers(real, "season_2025_incremental.json");
    assert.ok(demoDrivers.size > 0 && realDrivers.size > 0);
    assert.deepEqual([...demoDrivers].filter((d) => realDrivers.has(d)), [], "no driver in both timelines");
  },
});
