import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runTraining } from "../lib/train/trainer.ts";
import { denoTask, F1DB_DIR, skipWithoutF1db, trainerConfig, withTempDir } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

Deno.test({
  name: "title odds are walk-forward: rounds 1-12 of the whole 2025 equal those of a snapshot cut after round 12",
  ignore: skipWithoutF1db("the title odds walk-forward test"),
  fn: () =>
    withTempDir(async (dir) => {
      await Deno.mkdir(`${dir}/cut`);
      for (const year of [2023, 2024]) await Deno.symlink(`${ROOT}/data/f1/${year}`, `${dir}/cut/${year}`);
      const imported = await denoTask("import-f1db", [
        F1DB_DIR,
        "--season",
        "2025",
        "--out",
        `${dir}/cut/2025`,
        "--through",
        "12:race",
      ]);
      assert.equal(imported.code, 0, imported.stderr);
      const whole = await runTraining(trainerConfig(`${ROOT}/data/f1`, `${dir}/whole.json`, { titleOdds: true }));
      const cut = await runTraining(trainerConfig(`${dir}/cut`, `${dir}/cut.json`, { titleOdds: true }));
      assert.equal(whole.document.title_odds?.length, 24);
      assert.deepEqual(
        cut.document.title_odds?.map((point) => point.as_of_round),
        [...Array(12).keys()].map((i) => i + 1),
      );
      assert.deepEqual(whole.document.title_odds?.slice(0, 12), cut.document.title_odds);
      // The odds move with the data: the leader after round 12 is not the leader after round 1 with the same chance.
      assert.notDeepEqual(whole.document.title_odds![0].drivers[0], whole.document.title_odds![11].drivers[0]);
      // A second run reuses every round's odds from the cache.
      const again = await runTraining(trainerConfig(`${ROOT}/data/f1`, `${dir}/whole.json`, { titleOdds: true }));
      assert.deepEqual(again.document.title_odds, whole.document.title_odds);
    }),
});
