import assert from "node:assert/strict";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { addRidgeRows, emptyRidgeStats, featureImportance, fitRidge } from "../lib/model/ridge.ts";
import { featureRows, FEATURES, levelOf } from "../lib/model/ml_features.ts";
import { Xoshiro128 } from "../lib/sim/rng.ts";
import type { RoundSessions } from "../lib/data/format.ts";
import { trainerConfig, withTempDir } from "./helpers.ts";
import { assertMatchesSchema } from "./schema.ts";

Deno.test("ridge: recovers known coefficients, shrinks with the penalty, and reports importances", () => {
  const rng = new Xoshiro128(9);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let r = 0; r < 500; r++) {
    const x = [rng.nextNormal(), rng.nextNormal() * 3, rng.nextNormal()];
    rows.push(x);
    y.push(0.5 * x[0] - 0.2 * x[1] + 0 * x[2] + 0.01 * rng.nextNormal());
  }
  // Adding in two batches is the same as adding at once: the cache can fold race by race.
  const stats = addRidgeRows(
    addRidgeRows(emptyRidgeStats(3), rows.slice(0, 200), y.slice(0, 200)),
    rows.slice(200),
    y.slice(200),
  );
  const fitted = fitRidge(stats, 0);
  assert.ok(
    Math.abs(fitted[0] - 0.5) < 0.005 && Math.abs(fitted[1] + 0.2) < 0.005 && Math.abs(fitted[2]) < 0.005,
    `${fitted}`,
  );
  const shrunk = fitRidge(stats, 1);
  assert.ok(Math.abs(shrunk[0]) < Math.abs(fitted[0]) && Math.abs(shrunk[1]) < Math.abs(fitted[1]));
  const shares = featureImportance(stats, fitted);
  assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(shares[1] > shares[0] && shares[0] > 50 * shares[2], `${shares}`); // 0.2 x sd 3 > 0.5 x sd 1 > ~0
  assert.deepEqual(fitRidge(emptyRidgeStats(2), 1), [0, 0]);
});

Deno.test("features: centred within the race, by level, with nothing of a session not given", () => {
  const { files } = generateDemoSeason(2025, { rounds: 3, seed: 4, completed: 2 });
  const sessions: RoundSessions = Object.fromEntries(
    [...files].filter(([path]) => path.startsWith("02-")).map((
      [path, rows],
    ) => [path.split("/")[1].replace(".json", ""), rows]),
  );
  const season = files.get("season.json") as {
    calendar: Array<{ circuit: { id: string; name: string; type: "race" } }>;
  };
  const strengths = ["AAR", "BEX", "CAS", "DUV"].map((driver, i) => ({
    driver,
    team: i < 2 ? "a" : "b",
    gap: i * 0.2,
    teamUncertainty: 0.1,
    driverUncertainty: 0.1,
    mechanicalDnf: 0.05,
    incidentDnf: 0.05,
  }));
  assert.equal(levelOf({}), "before_weekend");
  assert.equal(levelOf({ fp1: [] }), "after_practice");
  assert.equal(levelOf({ fp1: [], qualifying: [] }), "after_qualifying");
  const circuit = season.calendar[1].circuit;
  const withPractice = featureRows("after_practice", strengths, {
    sessions: { fp1: sessions.fp1 },
    circuit,
    form: new Map(),
  });
  const withQualifying = featureRows("after_qualifying", strengths, { sessions, circuit, form: new Map() });
  for (const rows of [withPractice, withQualifying]) {
    const width = [...rows.values()][0].length;
    for (let j = 0; j < width; j++) {
      const total = [...rows.values()].reduce((sum, row) => sum + row[j], 0);
      assert.ok(Math.abs(total) < 1e-9, `feature ${j} is centred`);
    }
  }
  assert.equal(withQualifying.get("AAR")!.length, FEATURES.after_qualifying.length);
  // Without qualifying data, the qualifying features are the average (0) for everyone.
  const noQualifying = featureRows("after_qualifying", strengths, {
    sessions: { fp1: sessions.fp1 },
    circuit,
    form: new Map(),
  });
  const q = FEATURES.after_qualifying.indexOf("qualifying_gap");
  assert.ok([...noQualifying.values()].every((row) => row[q] === 0));
  assert.ok([...withQualifying.values()].some((row) => row[q] !== 0));
});

Deno.test("the trainer with --use-ml-layer: adjustments per race, importances per run, reproducible", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(`${dir}/data/2024`, generateDemoSeason(2024, { rounds: 8, seed: 5, completed: 8 }).files);
    await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 8, seed: 6, completed: 5 }).files);
    const config = (output: string) => trainerConfig(`${dir}/data`, output, { model: "bayes+ml", numSimulations: 300 });
    const first = await runTraining(config(`${dir}/a/p.json`));
    const second = await runTraining(config(`${dir}/b/p.json`));
    assert.equal(first.document.metadata.model_version, "bayes-3+fit2022-2024+ml-2");
    assert.deepEqual(first.document.predictions, second.document.predictions);
    assertMatchesSchema("predictions.schema.json", first.document, "predictions with the ML layer");
    const layer = first.document.metadata.ml_layer!;
    assert.equal(layer.races_trained, 8 + 5);
    for (const [level, shares] of Object.entries(layer.feature_importance)) {
      const total = Object.values(shares).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 1) < 1e-5, `${level}: importances sum to ${total}`);
    }
    for (const record of Object.values(first.document.predictions)) {
      const adjustment = record.metadata.ml_adjustment!;
      assert.deepEqual(Object.keys(adjustment).sort(), record.predictions.map((row) => row.driver).sort());
      assert.ok(Object.values(adjustment).some((x) => x !== 0), `round ${record.metadata.round} is adjusted`);
    }
  });
});
