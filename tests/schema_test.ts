import assert from "node:assert/strict";
import { basename } from "node:path";
import { importF1dbSeason } from "../lib/sources/f1db/f1db.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { F1DB_DIR, importF1dbSeasons, skipWithoutF1db, trainerConfig, withTempDir } from "./helpers.ts";
import { assertMatchesSchema, schemaValidator, sessionSchemaFor } from "./schema.ts";
import type { PredictionsDocument } from "../lib/format/predictions.ts";

/** What the schema cannot say: every field's distribution sums to one and matches its headline numbers. */
function assertCoherent(document: PredictionsDocument): void {
  for (const [name, race] of Object.entries(document.predictions)) {
    for (const field of [race.predictions, ...Object.values(race.scenarios)]) {
      for (const d of field) {
        assert.equal(d.position_probabilities.length, field.length, `${name} ${d.driver}: one entry per driver`);
        const total = d.position_probabilities.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(total - 1) < 1e-4, `${name} ${d.driver}: positions sum to ${total}`);
        assert.ok(Math.abs(d.win_probability - d.position_probabilities[0]) < 1e-6, `${name} ${d.driver}: win = P1`);
      }
    }
  }
}

function assertFilesMatchSchemas(files: ReadonlyMap<string, unknown>, what: string): void {
  for (const [path, value] of files) {
    const ref = path === "season.json" ? "season.schema.json" : sessionSchemaFor(basename(path));
    assertMatchesSchema(ref, value, `${what} ${path}`);
  }
}

Deno.test("the schema rejects what the format forbids", () => {
  const validate = schemaValidator("predictions.schema.json#/$defs/driver");
  const good = {
    driver: "NOR",
    driver_name: "Lando Norris",
    team: "mclaren",
    win_probability: 0.3,
    podium_probability: 0.6,
    points_probability: 0.9,
    dnf_probability: 0.05,
    expected_position: 3.2,
    expected_points: 14.1,
    position_probabilities: [0.3, 0.7],
  };
  assert.ok(validate(good));
  assert.ok(!validate({ ...good, win_probability: 1.2 }));
  assert.ok(!validate({ ...good, extra: 1 }));
  const { dnf_probability: _, ...missing } = good;
  assert.ok(!validate(missing));
});

Deno.test("the demo season's files match the data-format schemas", () => {
  assertFilesMatchSchemas(generateDemoSeason(2025, { rounds: 24, seed: 2025, completed: 20 }).files, "demo");
});

Deno.test({
  name: "an imported F1DB season's files match the data-format schemas",
  ignore: skipWithoutF1db("the F1DB schema check"),
  fn: async () => {
    assertFilesMatchSchemas(await importF1dbSeason(`${F1DB_DIR}/src/data`, 2025), "F1DB 2025");
  },
});

Deno.test("predictions files validate against lib/format/schema/predictions.schema.json, a failed round included", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 8, seed: 3, completed: 6 }).files);
    const config = trainerConfig(`${dir}/data`, `${dir}/out/p.json`, { driverWeights: { AAR: 1.2 } });
    await runTraining(config);
    const third = [...Deno.readDirSync(`${dir}/data/2025`)].find((entry) => entry.name.startsWith("03-"))!.name;
    await Deno.writeTextFile(`${dir}/data/2025/${third}/race.json`, "[{");
    const { document } = await runTraining(config);
    assert.equal(Object.values(document.predictions)[2].metadata.status, "failed");
    const written = JSON.parse(await Deno.readTextFile(config.output));
    assertMatchesSchema("predictions.schema.json", written, "demo predictions");
    assertCoherent(written);
  });
});

Deno.test({
  name: "predictions for a real season in progress (2025 after round 19's FP1, 2024 as history) validate",
  ignore: skipWithoutF1db("the real-data predictions schema check"),
  fn: async () => {
    await withTempDir(async (dir) => {
      await importF1dbSeasons(`${dir}/data`, [2024]);
      // Cut at the first practice of a sprint weekend, so that qualifying and sprint forecasts are in the file.
      const live = await importF1dbSeason(`${F1DB_DIR}/src/data`, 2025, { cut: { round: 19, session: "fp1" } });
      await writeSeasonFolder(`${dir}/data/2025`, live);
      const config = trainerConfig(`${dir}/data`, `${dir}/out/p.json`);
      await runTraining({ ...config, driverWeights: { NOR: 1.35 }, teamWeights: { "Red Bull Racing": 0.9 } });
      const written = JSON.parse(await Deno.readTextFile(config.output));
      assertMatchesSchema("predictions.schema.json", written, "F1DB 2025 predictions");
      assertCoherent(written);
      assert.equal(Object.keys(written.predictions).length, 24);
      const races = Object.values(written.predictions) as Array<Record<string, unknown>>;
      assert.ok(
        races.filter((race) => race.qualifying !== undefined).length >= 6,
        "qualifying forecasts of rounds 19-24",
      );
      assert.ok(races.some((race) => race.sprint !== undefined), "a sprint forecast");
      assert.ok(races.every((race) => Array.isArray(race.head_to_head) && race.strengths !== undefined));
    });
  },
});
