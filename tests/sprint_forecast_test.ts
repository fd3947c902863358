import assert from "node:assert/strict";
import { runTraining } from "../lib/train/trainer.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import type { PredictionsDocument } from "../lib/format/predictions.ts";
import { trainerConfig, withTempDir } from "./helpers.ts";

Deno.test("a sprint weekend whose sprint is to run gets a sprint forecast scored with sprint points", () =>
  withTempDir(async (dir) => {
    const { files } = generateDemoSeason(2025, { rounds: 24, seed: 7, completed: 20 });
    await writeSeasonFolder(`${dir}/data/2025`, files);
    await runTraining(trainerConfig(`${dir}/data`, `${dir}/p.json`, { model: "bayes" }));
    const document = JSON.parse(await Deno.readTextFile(`${dir}/p.json`)) as PredictionsDocument;
    const season = files.get("season.json") as { calendar: Array<{ name: string; sprint: boolean; round: number }> };
    for (const round of season.calendar) {
      const record = document.predictions[round.name];
      const sprintRun = [...files.keys()].some((path) =>
        path.startsWith(`${String(round.round).padStart(2, "0")}-`) && path.endsWith("/sprint.json")
      );
      const expectSprint = round.sprint && !sprintRun;
      assert.equal(
        record.sprint !== undefined,
        expectSprint,
        `${round.name}: a sprint forecast only before the sprint`,
      );
      if (!expectSprint) continue;
      const sum = (key: "points_probability" | "expected_points" | "win_probability") =>
        record.sprint!.reduce((total, row) => total + row[key], 0);
      // Every simulated sprint classifies all 20 (retirements last): 8 scoring places, 36 points, one winner.
      assert.ok(Math.abs(sum("points_probability") - 8) < 0.01, `${sum("points_probability")}`);
      assert.ok(Math.abs(sum("expected_points") - 36) < 0.05, `${sum("expected_points")}`);
      assert.ok(Math.abs(sum("win_probability") - 1) < 0.01);
      assert.notDeepEqual(
        record.sprint!.map((row) => row.win_probability),
        record.predictions.map((row) => row.win_probability),
      );
    }
  }));
