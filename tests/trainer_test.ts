import assert from "node:assert/strict";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { main, parseTrainArgs } from "../tasks/train.ts";
import { trainerConfig, withTempDir } from "./helpers.ts";
import type { PredictionsDocument } from "../lib/format/predictions.ts";
import { type TrainerConfig } from "../lib/train/options.ts";

async function demo(dir: string, completed = 8): Promise<string> {
  const { files } = generateDemoSeason(2025, { rounds: 10, seed: 7, completed: completed });
  await Deno.mkdir(`${dir}/data/2025`, { recursive: true });
  await writeSeasonFolder(`${dir}/data/2025`, files);
  return `${dir}/data`;
}

function config(dir: string, overrides: Partial<TrainerConfig> = {}): TrainerConfig {
  // With the title odds: these tests hold the trainer's whole output to its contract.
  return trainerConfig(`${dir}/data`, `${dir}/out/predictions.json`, { titleOdds: true, ...overrides });
}

/** The forecasts alone: what must not change when only timestamps and history do. */
function forecasts(document: PredictionsDocument): string {
  return JSON.stringify(document.predictions);
}

async function readOutput(path: string): Promise<PredictionsDocument> {
  return JSON.parse(await Deno.readTextFile(path));
}

Deno.test("same data, config and seed give byte-identical predictions; a cached rerun retrains nothing", async () => {
  await withTempDir(async (dir) => {
    await demo(dir);
    const first = await runTraining(config(dir, { output: `${dir}/a/p.json` }));
    const second = await runTraining(config(dir, { output: `${dir}/b/p.json` }));
    assert.equal(forecasts(first.document), forecasts(second.document));
    assert.equal(first.counts.retrained, 10);
    const rerun = await runTraining(config(dir, { output: `${dir}/a/p.json` }));
    assert.deepEqual([rerun.counts.retrained, rerun.counts.reused], [0, 10]);
    assert.equal(forecasts(rerun.document), forecasts(first.document));
    assert.equal(rerun.document.metadata.training_history.length, 2);
    const history = (await Deno.readTextFile(`${dir}/a/training_history.jsonl`)).trim().split("\n");
    assert.equal(history.length, 2);
    assert.match(
      await Deno.readTextFile(`${dir}/a/training.log`),
      /season 2025: 10 races, 0 retrained, 10 reused, 0 failed/,
    );
  });
});

Deno.test("the predictions file has the original's layout and passes the independent shape check", async () => {
  await withTempDir(async (dir) => {
    await demo(dir);
    const { document } = await runTraining(config(dir));
    const race = document.predictions["Sakhir Grand Prix"];
    assert.deepEqual(Object.keys(race.predictions[0]), [
      "driver",
      "driver_name",
      "team",
      "win_probability",
      "podium_probability",
      "points_probability",
      "dnf_probability",
      "expected_position",
      "expected_points",
      "position_probabilities",
    ]);
    assert.deepEqual(Object.keys(race.scenarios), ["dry", "wet", "safety_car"]);
    assert.equal(race.metadata.as_of, "grid");
    assert.ok(race.actual !== undefined);
    const upcoming = Object.values(document.predictions).filter((r) => r.actual === undefined);
    assert.deepEqual(upcoming.map((r) => [r.metadata.round, r.metadata.as_of]), [[9, "grid"], [10, "none"]]);
    const checker = new Deno.Command("python3", {
      args: [
        new URL("../../shared/tools/check_output.py", import.meta.url).pathname,
        "shape",
        `${dir}/out/predictions.json`,
      ],
    });
    try {
      const result = await checker.output();
      const text = new TextDecoder().decode(result.stdout);
      if (text.includes("No such file")) return;
      assert.equal(result.code, 0, text);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      console.log("skipping the independent shape check: python3 not found");
    }
  });
});

Deno.test("weights: 1.0 changes nothing, a higher weight raises the win chance, bad weights are named", async () => {
  await withTempDir(async (dir) => {
    await demo(dir);
    const plain = await runTraining(config(dir, { output: `${dir}/plain/p.json` }));
    const ones = await runTraining(config(dir, {
      output: `${dir}/ones/p.json`,
      driverWeights: { AAR: 1, JUN: 1.0 },
      teamWeights: { apex: 1 },
    }));
    assert.equal(forecasts(ones.document), forecasts(plain.document));
    // The plain forecast's third favourite: far enough from certain either way for a weight to show.
    const third = plain.document.predictions["Harbour Grand Prix 2"].predictions[2].driver;
    const boosted = await runTraining(config(dir, { output: `${dir}/boost/p.json`, driverWeights: { [third]: 1.5 } }));
    const win = (d: PredictionsDocument) =>
      d.predictions["Harbour Grand Prix 2"].predictions.find((r) => r.driver === third)!.win_probability;
    assert.ok(win(boosted.document) > win(plain.document), `${win(plain.document)} -> ${win(boosted.document)}`);
    await assert.rejects(
      runTraining(config(dir, { driverWeights: { XYZ: 1.2 } })),
      /driver weights: XYZ: expected a driver code of this season \(AAR, BEX/,
    );
    await assert.rejects(runTraining(config(dir, { driverWeights: { AAR: 0 } })), /AAR: expected a finite number > 0/);
    await assert.rejects(
      runTraining(config(dir, { teamWeights: { Nowhere: 1.1 } })),
      /team weights: Nowhere: expected a team of this season \(apex/,
    );
  });
});

const LEAKAGE_MODELS = [
  { name: "form", options: { model: "form" } },
  { name: "Bayesian", options: { model: "bayes" } },
  { name: "Bayesian + ML layer", options: { model: "bayes+ml" } },
];
for (const { name: model, options } of LEAKAGE_MODELS) {
  Deno.test(`no leakage (${model} model): changing a race's result changes no forecast of that race or any earlier one`, async () => {
    await withTempDir(async (dir) => {
      const data = await demo(dir);
      const before = await runTraining(config(dir, { output: `${dir}/before/p.json`, ...options }));
      const file = `${data}/2025/05-valley/race.json`;
      const race = JSON.parse(await Deno.readTextFile(file));
      [race[0].driver, race[19].driver] = [race[19].driver, race[0].driver];
      await Deno.writeTextFile(file, JSON.stringify(race));
      const after = await runTraining(config(dir, { output: `${dir}/after/p.json`, ...options }));
      for (const [name, record] of Object.entries(before.document.predictions)) {
        const later = after.document.predictions[name];
        // The race's forecast, its correction layer and its forecast at every stage of the weekend.
        const same = JSON.stringify([record.predictions, record.metadata.ml_adjustment, record.stages]) ===
          JSON.stringify([later.predictions, later.metadata.ml_adjustment, later.stages]);
        if (record.metadata.round <= 5) assert.ok(same, `round ${record.metadata.round} must not see round 5's result`);
        if (record.metadata.round === 6) assert.ok(!same, "round 6 does see it");
      }
      // The title odds after rounds 1-4 were projected before round 5's race; after round 5 they see it.
      const odds = (outcome: typeof before) => outcome.document.title_odds!.map((point) => JSON.stringify(point));
      assert.deepEqual(odds(after).slice(0, 4), odds(before).slice(0, 4));
      assert.notEqual(odds(after)[4], odds(before)[4]);
    });
  });
}

Deno.test("incremental output equals a full retrain after each kind of change", async () => {
  await withTempDir(async (dir) => {
    const data = await demo(dir, 7);
    const season = `${data}/2025`;
    const incremental = config(dir, { output: `${dir}/inc/p.json` });
    await runTraining(incremental);
    const changes: Array<[string, () => Promise<void>, number]> = [
      ["a new session file", async () => {
        const { files } = generateDemoSeason(2025, { rounds: 10, seed: 7, completed: 8 });
        await Deno.writeTextFile(
          `${season}/08-harbour-2/race.json`,
          JSON.stringify(files.get("08-harbour-2/race.json")),
        );
      }, 3],
      ["a corrected earlier result", async () => {
        const rows = JSON.parse(await Deno.readTextFile(`${season}/03-ardennes/race.json`));
        rows[0].points = 26;
        rows[1].time_ms += 1500;
        await Deno.writeTextFile(`${season}/03-ardennes/race.json`, JSON.stringify(rows));
      }, 8],
      ["a deleted file", () => Deno.remove(`${season}/07-sakhir-2/fp2.json`), 4],
      ["a new round folder", async () => {
        const { files } = generateDemoSeason(2025, { rounds: 10, seed: 7, completed: 9 });
        await Deno.mkdir(`${season}/10-lakeside-2`, { recursive: true });
        await Deno.writeTextFile(
          `${season}/10-lakeside-2/fp1.json`,
          JSON.stringify(files.get("10-lakeside-2/fp1.json")),
        );
      }, 1],
    ];
    for (const [what, change, retrained] of changes) {
      await change();
      const inc = await runTraining(incremental);
      const full = await runTraining(config(dir, { output: `${dir}/full/p.json`, forceRetrain: true }));
      assert.equal(inc.counts.retrained, retrained, what);
      assert.equal(forecasts(inc.document), forecasts(full.document), what);
      assert.equal(
        forecasts(await readOutput(`${dir}/inc/p.json`)),
        forecasts(full.document),
      );
    }
  });
});

Deno.test("a bad file fails its round only; the last good forecast is kept and flagged stale", async () => {
  await withTempDir(async (dir) => {
    const data = await demo(dir);
    const good = await runTraining(config(dir));
    await Deno.writeTextFile(`${data}/2025/04-lakeside/qualifying.json`, '[{"driver": "AAR", "position": "first"}]');
    const bad = await runTraining(config(dir));
    const record = bad.document.predictions["Lakeside Grand Prix"];
    assert.equal(record.metadata.status, "failed");
    assert.equal(record.metadata.stale, true);
    assert.match(record.metadata.error!, /04-lakeside\/qualifying\.json: \[0\]\.position: expected an integer 1-30/);
    assert.equal(
      JSON.stringify(record.predictions),
      JSON.stringify(good.document.predictions["Lakeside Grand Prix"].predictions),
    );
    assert.deepEqual(bad.counts.failed, ["round 4 (Lakeside Grand Prix)"]);
    assert.equal(bad.counts.succeeded, 9);
    const code = await main([
      "--train-data",
      data,
      "--output",
      `${dir}/out/predictions.json`,
      "--num-simulations",
      "200",
    ]);
    assert.equal(code, 1);
  });
});

Deno.test("the command line: defaults, overrides, and exit code 2 for bad options", async () => {
  const command = await parseTrainArgs([
    "--train-data",
    "x",
    "--scenarios",
    "dry",
    "wet",
    "--seed",
    "7",
    "--train-data",
    "y",
  ]);
  assert.ok(typeof command !== "number");
  const parsed = command.config;
  assert.equal(command.watch, null);
  assert.equal(parsed?.trainData, "y");
  assert.deepEqual(parsed?.scenarios, ["dry", "wet"]);
  assert.equal(parsed?.numSimulations, 5000);
  assert.equal(parsed?.model, "bayes", "the Bayesian model is the default");
  const form = await parseTrainArgs(["--train-data", "x", "--use-form-model"]);
  assert.ok(typeof form !== "number");
  assert.equal(form.config.model, "form");
  const aliases = await parseTrainArgs(["--train-data", "x", "--use-bayesian", "--use-ml-layer"]);
  assert.ok(typeof aliases !== "number");
  assert.equal(aliases.config.model, "bayes+ml", "the seed's flags are aliases of --model");
  const named = await parseTrainArgs(["--train-data", "x", "--model", "form+ml"]);
  assert.ok(typeof named !== "number");
  assert.equal(named.config.model, "form+ml");
  assert.equal(await main(["--train-data", "x", "--model", "bayes", "--use-form-model"]), 2);
  assert.equal(await main(["--train-data", "x", "--model", "xgboost"]), 2);
  assert.equal(await main(["--train-data", "x", "--use-bayesian", "--use-form-model"]), 2);
  // No readable data folder: the year is unknown, and loading will say why before anything is written.
  assert.equal(parsed?.output, "predictions/season_incremental.json");
  assert.equal(await main(["--train-data", "x", "--bogus"]), 2);
  assert.equal(await main(["--train-data", "x", "--num-simulations", "many"]), 2);
  assert.equal(await main(["--train-data", "x", "--driver-weights", "{nope"]), 2);
  await withTempDir(async (dir) => {
    await demo(dir);
    assert.equal(await main(["--train-data", `${dir}/data`, "--scenarios", "snow"]), 2);
  });
});

Deno.test("two data folders of one season writing one output: its training history holds the current folder's runs", async () => {
  await withTempDir(async (dir) => {
    await demo(dir);
    await Deno.mkdir(`${dir}/other`);
    await writeSeasonFolder(`${dir}/other/2025`, generateDemoSeason(2025, { rounds: 10, seed: 8, completed: 8 }).files);
    const output = `${dir}/out/predictions.json`;
    await runTraining(trainerConfig(`${dir}/data`, output));
    await runTraining(trainerConfig(`${dir}/data`, output, { seed: 43 }));
    const folders = async () =>
      (await readOutput(output)).metadata.training_history.map((entry) => entry.config.train_data);
    assert.deepEqual(await folders(), [`${dir}/data`, `${dir}/data`]);
    await runTraining(trainerConfig(`${dir}/other`, output));
    assert.deepEqual(await folders(), [`${dir}/other`], "the other data set's runs are not this one's history");
  });
});
