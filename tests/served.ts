/** A served demo season for the server's tests: trained twice, so its history has a timeline. */
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { type RunningServer, startServer } from "../lib/serve/server.ts";
import { trainerConfig, withTempDir } from "./helpers.ts";

/** A demo season trained twice (practice, then qualifying of the next race), so the history has a timeline. */
export async function servedSeason(dir: string): Promise<{ output: string; data: string }> {
  const data = `${dir}/data`;
  const { files } = generateDemoSeason(2025, { rounds: 8, seed: 4, completed: 5 });
  const folder = [...files.keys()].find((path) => path.startsWith("06-"))!.split("/")[0];
  await writeSeasonFolder(`${data}/2025`, files);
  const held = ["qualifying.json", "grid.json"].map((name) => `${data}/2025/${folder}/${name}`);
  const texts = await Promise.all(held.map((path) => Deno.readTextFile(path)));
  await Promise.all(held.map((path) => Deno.remove(path)));
  const output = `${dir}/out/p.json`;
  // The title odds too: the API and the dashboard serve them.
  await runTraining(trainerConfig(data, output, { model: "bayes", titleOdds: true }));
  await Promise.all(held.map((path, i) => Deno.writeTextFile(path, texts[i])));
  await runTraining(trainerConfig(data, output, { model: "bayes", titleOdds: true }));
  return { output, data };
}

/** A server on a fresh served season, shut down (within 5 s) after `fn`. */
export async function withServer(
  fn: (server: RunningServer, paths: { output: string; data: string; dir: string }) => Promise<void>,
  script = "/* no dashboard in API tests */",
): Promise<void> {
  await withTempDir(async (dir) => {
    const paths = await servedSeason(dir);
    const server = await startServer({ hostname: "127.0.0.1", port: 0, predictions: paths.output, script, pollMs: 50 });
    try {
      await fn(server, { ...paths, dir });
    } finally {
      // Bounded, so a shutdown bug fails the test that finds it instead of hanging the suite.
      await within(server.shutdown(), 5000);
    }
  });
}

/** Waits for `promise`, or `ms` milliseconds, whichever comes first. */
export async function within(promise: Promise<unknown>, ms: number): Promise<"done" | "timed out"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timed out">((resolve) => timer = setTimeout(() => resolve("timed out"), ms));
  try {
    return await Promise.race([promise.then(() => "done" as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
