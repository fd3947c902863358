/**
 * The dashboard's charts in headless Chromium on a real season in progress: F1DB's 2025 cut after round 18 (with
 * the shipped 2023-2024 as history), trained, served, and every kind of page drawn at desktop and phone width
 * (`tests/browser/chart_check.ts`). A Plot warning, a page wider than the phone, a mark outside its chart or an
 * error on the page fails it; the screenshots stay in a folder the test prints, for review.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runTraining } from "../lib/train/trainer.ts";
import { bundleDashboard, startServer } from "../lib/serve/server.ts";
import {
  CHROMIUM,
  denoTask,
  F1DB_DIR,
  HAVE_CHROMIUM,
  screenshotFolder,
  skipWithoutF1db,
  trainerConfig,
  withTempDir,
} from "./helpers.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** F1DB's 2025 cut after round 18, with the shipped 2023-2024 as history, trained: the predictions file's path. */
async function trainedAfterRound18(dir: string): Promise<string> {
  for (const year of [2023, 2024]) await Deno.symlink(`${ROOT}/data/f1/${year}`, `${dir}/${year}`);
  const imported = await denoTask("import-f1db", [
    F1DB_DIR,
    "--season",
    "2025",
    "--out",
    `${dir}/2025`,
    "--through",
    "18:race",
  ]);
  assert.equal(imported.code, 0, imported.stderr);
  const output = `${dir}/out/season_2025.json`;
  const { document } = await runTraining(trainerConfig(dir, output, { numSimulations: 2000, titleOdds: true }));
  assert.deepEqual(document.title_odds?.map((point) => point.as_of_round), Array.from({ length: 18 }, (_, i) => i + 1));
  return output;
}

Deno.test({
  name: "dashboard charts on 2025 after round 18: title odds for rounds 1-18, every page clean at 1200 and 390 px",
  ignore: (() => {
    if (skipWithoutF1db("the dashboard chart test")) return true;
    if (HAVE_CHROMIUM || Deno.env.get("F1HP_REQUIRE_BROWSER") === "1") return false;
    console.log(`skipping the dashboard chart test: no Chromium at ${CHROMIUM} (Debian package chromium)`);
    return true;
  })(),
  fn: () =>
    withTempDir(async (dir) => {
      assert.ok(HAVE_CHROMIUM, `no Chromium at ${CHROMIUM}`);
      const output = await trainedAfterRound18(dir);
      const server = await startServer({
        hostname: "127.0.0.1",
        port: 0,
        predictions: output,
        script: await bundleDashboard(),
      });
      try {
        const shots = await screenshotFolder("dashboard-charts");
        // The report as the task writes it, weight-sensitivity chart included.
        const report = await denoTask("report", [
          "--predictions",
          output,
          "--out",
          `${dir}/report`,
          "--train-data",
          dir,
        ]);
        assert.equal(report.code, 0, report.stderr);
        await Deno.copyFile(`${dir}/report/index.html`, `${shots}/report.html`);
        const hashes = [
          "#/",
          "#/races",
          "#/drivers",
          "#/teams",
          "#/race/18",
          "#/race/19",
          "#/race/21",
          "#/driver/NOR",
          "#/team/mclaren",
          "#/compare/NOR/VER",
          "report",
        ];
        const out = await new Deno.Command(Deno.execPath(), {
          args: ["run", "--allow-all", `${ROOT}/tests/browser/chart_check.ts`, server.url, shots, ...hashes],
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.ok(out.success, new TextDecoder().decode(out.stderr));
        const { pages, failed } = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
        assert.deepEqual(failed, [], "no failed request or script error");
        assert.equal(pages.length, hashes.length * 2);
        for (const page of pages) {
          const at = `${page.hash} at ${page.width} px`;
          assert.equal(page.error, null, `${at}: ${page.error}`);
          assert.deepEqual(page.warnings, [], `${at}: Plot warned`);
          assert.equal(page.warningSigns, 0, `${at}: a chart shows Plot's warning sign`);
          assert.ok(page.overflow <= 0, `${at}: the page is ${page.overflow} px wider than the screen`);
          assert.deepEqual(page.clipped, [], `${at}: marks outside their chart`);
        }
        const season = pages.find((p: { hash: string }) => p.hash === "#/");
        assert.match(season.text, /Title odds after each round \(rounds 1-18\)/);
        assert.ok(season.charts >= 5, "title odds (drivers, teams), both championships, calibration");
        const race = pages.find((p: { hash: string; width: number }) => p.hash === "#/race/18" && p.width === 1200);
        assert.match(race.text, /The forecast at each stage of the weekend/);
        assert.match(race.text, /before the weekend.*\n?.*after practice[\s\S]*after qualifying/);
        assert.match(race.text, /winner log-loss/, "scored once the race has run");
        const compare = pages.find((p: { hash: string }) => p.hash === "#/compare/NOR/VER");
        assert.match(compare.text, /So far: NOR finished ahead of VER in \d+ of the \d+ races/);
        assert.match(compare.text, /Italian Grand Prix/, "race by race, the races to come included");
        console.log(`screenshots: ${shots}`);
      } finally {
        await server.shutdown();
      }
    }),
});
