import assert from "node:assert/strict";
import { generateDemoSeason } from "../lib/train/demo_season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { trainerConfig, withTempDir } from "./helpers.ts";

Deno.test({
  name: "--workers 1, 2 and 4 write the same predictions, byte for byte",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      await writeSeasonFolder(
        `${dir}/data/2025`,
        generateDemoSeason(2025, { rounds: 12, seed: 11, completed: 8 }).files,
      );
      const texts: string[] = [];
      for (const workers of [1, 2, 4]) {
        const output = `${dir}/w${workers}/p.json`;
        await runTraining(trainerConfig(`${dir}/data`, output, { numSimulations: 600, workers }));
        const document = JSON.parse(await Deno.readTextFile(output));
        // Everything but when the file was made and how long it took.
        delete document.metadata.generated_at;
        delete document.metadata.training_time;
        delete document.metadata.training_history;
        texts.push(JSON.stringify(document));
      }
      assert.equal(texts[1], texts[0], "2 workers");
      assert.equal(texts[2], texts[0], "4 workers");
      const races = Object.values(JSON.parse(texts[0]).predictions) as Array<{ metadata: { status: string } }>;
      assert.equal(races.length, 12);
      assert.ok(races.every((race) => race.metadata.status === "ok"));
    }),
});
