/**
 * `deno task export` (issue 34): the tidy tables of a real 2025 forecast, as Parquet read back by an independent
 * reader (hyparquet, not the writer's code) and as CSV, against the predictions JSON row by row.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { runTraining } from "../lib/train/trainer.ts";
import type { PredictionsDocument } from "../lib/format/predictions.ts";
import { denoTask, trainerConfig, withTempDir } from "./helpers.ts";

const SHIPPED = new URL("../data/f1", import.meta.url).pathname;

/** The rows of a CSV file as objects: fields as text, quoted ones unquoted (no field here holds a line break). */
function csvRows(text: string): Array<Record<string, string>> {
  const split = (line: string) =>
    [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, field]) =>
      field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field
    );
  const [header, ...lines] = text.split("\r\n").filter(Boolean).map(split);
  return lines.map((fields) => Object.fromEntries(header.map((name, i) => [name, fields[i]])));
}

Deno.test({
  name: "deno task export: real 2025 as Parquet and CSV, read back, every row and probability the JSON's",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const output = join(dir, "p.json");
      await runTraining(trainerConfig(SHIPPED, output, { numSimulations: 300, workers: 1, titleOdds: true }));
      const document: PredictionsDocument = JSON.parse(await Deno.readTextFile(output));
      for (const format of ["parquet", "csv"]) {
        const run = await denoTask("export", ["--predictions", output, "--format", format, "--out", join(dir, format)]);
        assert.equal(run.code, 0, run.stderr);
      }
      const parquet = async (table: string) =>
        await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, "parquet", `${table}.parquet`)) });
      const csv = async (table: string) => csvRows(await Deno.readTextFile(join(dir, "csv", `${table}.csv`)));

      const races = Object.entries(document.predictions);
      const expected = races.flatMap(([name, race]) =>
        race.predictions.map((p) => ({ race: name, round: race.metadata.round, ...p }))
      );
      const probabilities = await parquet("race_probabilities");
      assert.equal(probabilities.length, expected.length);
      assert.equal(probabilities.length, 24 * 20);
      const asCsv = await csv("race_probabilities");
      for (const want of expected) {
        const found = probabilities.find((row) => row.round === want.round && row.driver === want.driver)!;
        assert.equal(found.race, want.race);
        assert.equal(found.win_probability, want.win_probability);
        assert.equal(found.podium_probability, want.podium_probability);
        assert.equal(found.expected_points, want.expected_points);
        const line = asCsv.find((row) => Number(row.round) === want.round && row.driver === want.driver)!;
        assert.equal(Number(line.win_probability), want.win_probability);
        assert.equal(line.team, want.team);
      }
      const positions = await parquet("finishing_positions");
      assert.equal(positions.length, expected.reduce((n, p) => n + p.position_probabilities.length, 0));
      const first = expected[0];
      assert.deepEqual(
        positions.filter((row) => row.round === first.round && row.driver === first.driver).map((row) =>
          row.probability
        ),
        first.position_probabilities,
      );
      const results = await parquet("results");
      assert.equal(results.length, races.reduce((n, [, race]) => n + (race.actual?.length ?? 0), 0));
      assert.ok(results.length > 400, "2025's races ran: their results are a table too");
      const titles = await parquet("title_odds");
      const projection = document.season_projection!;
      const timeline = document.title_odds!;
      assert.equal(
        titles.length,
        projection.drivers.length + projection.teams.length +
          timeline.reduce((n, point) => n + point.drivers.length + point.teams.length, 0),
      );
      const latest = titles.filter((row) => row.projection === "latest");
      const champion = latest.find((row) => row.standings === "driver" && row.id === projection.drivers[0].id)!;
      assert.equal(champion.title_probability, projection.drivers[0].title_probability);
      const afterTen = timeline.find((point) => point.as_of_round === 10)!;
      const leader = titles.find((row) =>
        row.projection === "after_round" && row.after_round === 10 && row.id === afterTen.drivers[0].id
      )!;
      assert.equal(leader.title_probability, afterTen.drivers[0].title_probability, "the title odds after round 10");
      const stages = await parquet("stage_probabilities");
      assert.equal(
        stages.length,
        races.reduce((n, [, race]) => n + (race.stages ?? []).reduce((m, stage) => m + stage.predictions.length, 0), 0),
      );
      const monaco = document.predictions["Monaco Grand Prix"].stages!;
      const before = stages.find((row) => row.race === "Monaco Grand Prix" && row.stage === "before_weekend")!;
      assert.equal(
        before.win_probability,
        monaco[0].predictions.find((p) => p.driver === before.driver)!.win_probability,
      );
      const h2h = await parquet("head_to_heads");
      assert.equal(h2h.length, races.reduce((n, [, race]) => n + (race.head_to_head?.length ?? 0), 0));
      assert.deepEqual(await csv("races").then((rows) => rows.length), races.length);
    }),
});

Deno.test("deno task export: an unknown format is exit 2, naming the formats", async () => {
  const run = await denoTask("export", ["--format", "xlsx"]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--format: expected one of csv, parquet; found "xlsx"/);
});
