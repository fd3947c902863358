import assert from "node:assert/strict";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { startServer } from "../lib/serve/server.ts";
import { openHistoryStore } from "../lib/store/open.ts";
import { denoTask, trainerConfig, withServing, withTempDir } from "./helpers.ts";
import { skipWithoutPostgres, withPostgres } from "./postgres_cluster.ts";

Deno.test({
  name: "PostgreSQL: two trainers and a server on one database; each output its own timeline; restarts keep it all",
  ignore: skipWithoutPostgres("the shared-deployment test"),
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withPostgres((database) =>
      withTempDir(async (dir) => {
        const { files } = generateDemoSeason(2025, { rounds: 8, seed: 4, completed: 5 });
        await writeSeasonFolder(`${dir}/data/2025`, files);
        const config = (name: string, seed: number) =>
          trainerConfig(`${dir}/data`, `${dir}/out/${name}.json`, { numSimulations: 300, seed, database });
        // Two trainers at once, each its own output and configuration.
        await Promise.all([runTraining(config("a", 1)), runTraining(config("b", 2))]);
        const server = await startServer({
          hostname: "127.0.0.1",
          port: 0,
          predictions: `${dir}/out/a.json`,
          script: "/* no dashboard */",
          database,
        });
        const events = await fetch(`${server.url}/api/events`);
        const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
        try {
          await reader.read(); // hello
          // Round 6 (a sprint weekend) loses its qualifying and grid: a new forecast, as of the sprint. The trainer
          // records the run, the database announces it, the server tells.
          const folder = [...files.keys()].find((path) => path.startsWith("06-"))!.split("/")[0];
          await Deno.remove(`${dir}/data/2025/${folder}/qualifying.json`);
          await Deno.remove(`${dir}/data/2025/${folder}/grid.json`);
          const started = performance.now();
          await runTraining(config("a", 1));
          let heard = "";
          while (!heard.includes("event: predictions")) heard += (await reader.read()).value ?? "";
          // Polling would take 30 s here (LISTENING_POLL_MS): the event came from LISTEN/NOTIFY.
          assert.ok(performance.now() - started < 10_000);
          const history = await (await fetch(`${server.url}/api/history/6`)).json();
          assert.deepEqual(
            history.forecasts.map((f: { as_of: string }) => f.as_of),
            ["grid", "sprint"],
            "a.json's own two forecasts of round 6, oldest first; none of b.json's",
          );
        } finally {
          await reader.cancel();
          await server.shutdown();
        }
        // A restart: the same history from the database.
        const again = await startServer({
          hostname: "127.0.0.1",
          port: 0,
          predictions: `${dir}/out/b.json`,
          script: "/* no dashboard */",
          database,
        });
        try {
          const history = await (await fetch(`${again.url}/api/history/6`)).json();
          assert.deepEqual(history.forecasts.map((f: { as_of: string }) => f.as_of), ["grid"]);
        } finally {
          await again.shutdown();
        }
        const store = await openHistoryStore({ database, sqlitePath: "" });
        try {
          assert.equal(await store.runCount(), 3, "every run recorded, none lost");
        } finally {
          await store.close();
        }
        // Nothing was written beside the outputs: the history lives in the database.
        assert.equal(await Deno.stat(`${dir}/out/history.sqlite`).then(() => true, () => false), false);
      })
    ),
});

Deno.test({
  name: "a database that does not answer costs the run its history, not its predictions, and says so",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withTempDir(async (dir) => {
      const { files } = generateDemoSeason(2025, { rounds: 4, seed: 4, completed: 2 });
      await writeSeasonFolder(`${dir}/data/2025`, files);
      // A port nobody listens on: every attempt (and its retries) is refused.
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const port = (listener.addr as Deno.NetAddr).port;
      listener.close();
      const database = `postgres://f1:secret@127.0.0.1:${port}/f1hp`;
      const output = `${dir}/out/p.json`;
      const outcome = await runTraining(trainerConfig(`${dir}/data`, output, { numSimulations: 200, database }));
      assert.equal(outcome.counts.failed.length, 0);
      assert.ok((await Deno.stat(output)).isFile, "the predictions file is written");
      const log = await Deno.readTextFile(`${dir}/out/training.log`);
      assert.match(log, /postgres:\/\/f1:\*\*\*@127\.0\.0\.1:\d+\/f1hp: the forecast history was not recorded/);
      assert.doesNotMatch(log, /secret/, "no password in the log");
    }),
});

Deno.test({
  name: "deno task train, batch and serve with F1HP_DATABASE_URL: rows recorded and read, granting only that host",
  ignore: skipWithoutPostgres("the tasks' database permission"),
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withPostgres((database) =>
      withTempDir(async (dir) => {
        const { files } = generateDemoSeason(2025, { rounds: 6, seed: 4, completed: 3 });
        await writeSeasonFolder(`${dir}/data/2025`, files);
        const env = { F1HP_DATABASE_URL: database };
        const train = await denoTask("train", [
          "--train-data",
          `${dir}/data`,
          "--output",
          `${dir}/out/p.json`,
          "--num-simulations",
          "200",
        ], { env });
        assert.equal(train.code, 0, train.stderr);
        assert.doesNotMatch(train.stdout + train.stderr, /not recorded|Requires net access/);
        await Deno.writeTextFile(
          `${dir}/batch.json`,
          JSON.stringify({ train_data: `${dir}/data`, configurations: [{ name: "quick", num_simulations: 200 }] }),
        );
        const batch = await denoTask("batch", ["--config", `${dir}/batch.json`, "--output-dir", `${dir}/batch`], {
          env,
        });
        assert.equal(batch.code, 0, batch.stderr);
        assert.doesNotMatch(batch.stdout + batch.stderr, /not recorded|Requires net access/);
        const store = await openHistoryStore({ database, sqlitePath: `${dir}/unused.sqlite` });
        try {
          for (const output of [`${dir}/out/p.json`, `${dir}/batch/quick.json`]) {
            const generatedAt = JSON.parse(await Deno.readTextFile(output)).metadata.generated_at;
            // Runs are recorded by the output's file name.
            assert.ok(
              await store.hasRun(output.split("/").at(-1)!, generatedAt),
              `${output}: its run is in PostgreSQL`,
            );
          }
        } finally {
          await store.close();
        }
        // serve reads that history from the database: its timeline of round 4 holds the train run.
        const serve = new Deno.Command(Deno.execPath(), {
          args: ["task", "serve", "--predictions", `${dir}/out/p.json`, "--port", "0"],
          cwd: new URL("..", import.meta.url),
          env,
          stdout: "piped",
          stderr: "piped",
        });
        await withServing(serve, async (url) => {
          const history = await (await fetch(`${url}/api/history/4`)).json();
          assert.ok(history.forecasts.length >= 1, JSON.stringify(history).slice(0, 200));
        });
      })
    ),
});
