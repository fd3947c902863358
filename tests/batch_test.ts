import assert from "node:assert/strict";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { parseBatchConfig } from "../lib/train/batch.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { runSettings, trainerConfig as taskConfig } from "../lib/train/options.ts";
import type { ComparisonRow } from "../lib/train/batch_comparison.ts";
import { trainerConfig, withTempDir } from "./helpers.ts";

Deno.test("a bad batch file is rejected naming the file and the field", () => {
  const bad = (value: unknown, pattern: RegExp) => assert.throws(() => parseBatchConfig(value, "b.json"), pattern);
  bad([], /^BatchConfigError: b\.json: \(the file\): expected a JSON object; found \[\]/);
  bad({ configurations: [] }, /b\.json: configurations: expected a non-empty array/);
  bad(
    { train_data: "d", configurations: [{ name: "a" }, { name: "a" }] },
    /configurations\[1\]\.name: expected a name no other/,
  );
  bad(
    { train_data: "d", configurations: [{ name: "a", sims: 3 }] },
    /configurations\[0\]\.sims: expected one of the fields/,
  );
  bad(
    { train_data: "d", configurations: [{ name: "a", num_simulations: 0 }] },
    /num_simulations: expected an integer >= 1; found 0/,
  );
  bad({ configurations: [{ name: "a" }] }, /configurations\[0\]\.train_data: expected a data folder/);
  bad({ train_data: "d", configurations: [{ name: "../x" }] }, /configurations\[0\]\.name: expected a name of letters/);
  bad(
    { train_data: "d", configurations: [{ name: "Comparison" }] },
    /configurations\[0\]\.name: expected a name other than comparison, the batch's own file/,
  );
});

Deno.test("a batch configuration trains exactly as train does with the same options", () => {
  const plan = parseBatchConfig(
    { train_data: "data/demo", configurations: [{ name: "w", driver_weights: { AAR: 1.2 }, scenarios: ["dry"] }] },
    "b.json",
    { outputDir: "out" },
  );
  assert.equal(plan.outputDir, "out");
  assert.deepEqual(
    plan.runs[0].config,
    // What `deno task train` would run: the library's defaults, not the tests' lighter ones.
    taskConfig("data/demo", "out/w.json", { driverWeights: { AAR: 1.2 }, scenarios: ["dry"] }),
  );
});

Deno.test("deno task batch: one output per configuration, a comparison, a failed configuration named, caches reused", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 8, seed: 5, completed: 6 }).files);
    await Deno.writeTextFile(
      `${dir}/batch.json`,
      JSON.stringify({
        train_data: `${dir}/data`,
        output_dir: `${dir}/out`,
        configurations: [
          { name: "base", num_simulations: 300 },
          { name: "boost", num_simulations: 300, driver_weights: { AAR: 1.5 } },
          { name: "broken", num_simulations: 300, driver_weights: { XYZ: 1.5 } },
        ],
      }),
    );
    const batch = () =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-read",
          "--allow-write",
          "--allow-env",
          "tasks/batch.ts",
          "--config",
          `${dir}/batch.json`,
        ],
        cwd: new URL("..", import.meta.url),
      }).output();
    const first = await batch();
    const stdout = new TextDecoder().decode(first.stdout);
    assert.equal(first.code, 1, "a failed configuration makes the exit code 1");
    assert.match(stdout, /^configuration +races +win logloss/m);
    assert.match(stdout, /broken: driver weights: XYZ: expected a driver code of this season \(AAR, /);
    const rows: ComparisonRow[] = JSON.parse(await Deno.readTextFile(`${dir}/out/comparison.json`)).configurations;
    assert.deepEqual(rows.map((row) => [row.name, row.status]), [["base", "ok"], ["boost", "ok"], [
      "broken",
      "failed",
    ]]);
    assert.equal(rows[0].scores!.races, 6);
    assert.ok(rows[1].next_race!.win_probability > 0);
    const aar = (name: string) =>
      JSON.parse(Deno.readTextFileSync(`${dir}/out/${name}.json`)).predictions[rows[0].next_race!.name].predictions
        .find((row: { driver: string }) => row.driver === "AAR").win_probability;
    assert.ok(aar("boost") > aar("base"), "the boosted driver's chance rises");
    const direct = await runTraining(trainerConfig(`${dir}/data`, `${dir}/direct/p.json`, { numSimulations: 300 }));
    assert.equal(
      JSON.stringify(JSON.parse(await Deno.readTextFile(`${dir}/out/base.json`)).predictions),
      JSON.stringify(direct.document.predictions),
    );

    await batch();
    const again: ComparisonRow[] = JSON.parse(await Deno.readTextFile(`${dir}/out/comparison.json`)).configurations;
    assert.deepEqual(again.slice(0, 2).map((row) => [row.races_retrained, row.races_reused]), [[0, 8], [0, 8]]);
  });
});

Deno.test("a batch configuration can set every run setting, each as the predictions file names it", () => {
  // A setting added to runSettings needs a sample here, and a parser in the batch, or this fails.
  const samples: Record<string, unknown> = {
    num_simulations: 77,
    model: "form+ml",
    use_bayesian: false,
    use_ml_layer: true,
    driver_weights: { NOR: 1.2 },
    team_weights: { McLaren: 1.1 },
    scenarios: ["dry"],
    seed: 9,
  };
  const defaults = runSettings(trainerConfig("data/demo", "out.json"));
  for (const key of Object.keys(defaults)) {
    assert.ok(key in samples, `a sample value for the run setting ${key}`);
    assert.notDeepEqual(samples[key], defaults[key as keyof typeof defaults], `${key}'s sample is not the default`);
    const plan = parseBatchConfig({ train_data: "d", configurations: [{ name: "x", [key]: samples[key] }] }, "b.json");
    const settings = runSettings(plan.runs[0].config) as unknown as Record<string, unknown>;
    assert.deepEqual(settings[key], samples[key], `batch key ${key}`);
  }
});
