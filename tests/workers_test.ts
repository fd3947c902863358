import assert from "node:assert/strict";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { trainerConfig, withTempDir } from "./helpers.ts";
import { loadDataSet } from "../lib/data/load.ts";
import { backtestAll, backtestAllWith } from "../lib/evaluate/backtest_all.ts";
import { startBacktestPool } from "../lib/evaluate/backtest_pool.ts";
import { RACE_CHUNK } from "../lib/sim/simulate.ts";
import { ForecastWorkers, type ForecastWorkersOptions, LONG_RACE } from "../lib/forecast/forecast_pool.ts";

Deno.test({
  name: "--workers 1, 2 and 4 write the same predictions and projection, byte for byte",
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
        // 2,500 simulations: the projection's seasons come in three chunks, spread over the workers.
        await runTraining(trainerConfig(`${dir}/data`, output, { numSimulations: 2500, workers }));
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
      assert.equal(JSON.parse(texts[0]).season_projection.simulations, 2500);
      assert.ok(races.every((race) => race.metadata.status === "ok"));
    }),
});

Deno.test({
  name: "one race's simulations split into chunks over workers give the file one thread gives, byte for byte",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      // Three rounds, the third not begun: its race, qualifying and (on a sprint weekend) sprint are simulated
      // 30,000 times each, two chunks of RACE_CHUNK apiece, spread over the workers and added back up.
      await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 3, seed: 3, completed: 1 }).files);
      const texts: string[] = [];
      for (const workers of [1, 2, 4]) {
        const output = `${dir}/w${workers}/p.json`;
        await runTraining(trainerConfig(`${dir}/data`, output, { numSimulations: 30_000, workers }));
        const document = JSON.parse(await Deno.readTextFile(output));
        texts.push(JSON.stringify({ predictions: document.predictions, projection: document.season_projection }));
      }
      assert.ok(30_000 > RACE_CHUNK);
      assert.equal(texts[1], texts[0], "2 workers");
      assert.equal(texts[2], texts[0], "4 workers");
      const race = Object.values(JSON.parse(texts[0]).predictions).at(-1) as { qualifying?: unknown[] };
      assert.ok(race.qualifying !== undefined && race.qualifying.length > 0, "the qualifying was simulated too");
    }),
});

Deno.test({
  name: "a backtest's parts computed on 2 workers give the forecasts one thread gives",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      await writeSeasonFolder(`${dir}/2024`, generateDemoSeason(2024, { rounds: 5, seed: 5, completed: 5 }).files);
      await writeSeasonFolder(`${dir}/2025`, generateDemoSeason(2025, { rounds: 5, seed: 6, completed: 5 }).files);
      const seasons = await loadDataSet(dir);
      const run = { year: 2025, simulations: 200, seed: 3, scenarios: ["dry", "wet"] };
      const inThread = backtestAll(seasons, run);
      const pool = await startBacktestPool(2, { seasons, run });
      try {
        const onWorkers = await backtestAllWith((part) => pool.run(part));
        assert.deepEqual(Object.keys(onWorkers), Object.keys(inThread));
        assert.deepEqual(onWorkers, inThread);
        assert.equal(inThread.bayes.length, 5);
      } finally {
        pool.close();
      }
    }),
});

Deno.test({
  name: "auto workers: a season at the default settings stays in this thread; a long race starts them",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 6, seed: 9, completed: 4 }).files);
      // Whether a run at `numSimulations` started its workers.
      const started = async (numSimulations: number, options: ForecastWorkersOptions) => {
        const workers = new ForecastWorkers(2, options);
        const output = `${dir}/${numSimulations}-${options.auto ?? false}/p.json`;
        try {
          await runTraining(trainerConfig(`${dir}/data`, output, { numSimulations }), { workers });
          return workers.started;
        } finally {
          workers.close();
        }
      };
      assert.equal(await started(5000, { auto: true }), false, "5,000 x 3 a race, the default: this thread");
      assert.ok(20_000 * 3 >= LONG_RACE);
      assert.equal(await started(20_000, { auto: true }), true, "20,000 x 3 a race: the workers");
      assert.equal(await started(100, {}), true, "a number the user chose starts them at the first race");
    }),
});
