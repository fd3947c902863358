import assert from "node:assert/strict";
import { join } from "node:path";
import { loadDataSet } from "../lib/data/load.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { backtestAll } from "../lib/evaluate/backtest_all.ts";
import { ABLATION_LAYERS, ablationMarkdown } from "../lib/report/ablation.ts";
import { backtestRows } from "../lib/report/backtest_report.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { withTempDir } from "./helpers.ts";

Deno.test("the ablation table has every layer at every horizon, with its change against the layer it builds on", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(join(dir, "2024"), generateDemoSeason(2024, { rounds: 4, seed: 2 }).files);
    await writeSeasonFolder(join(dir, "2025"), generateDemoSeason(2025, { rounds: 5, seed: 3 }).files);
    const seasons = await loadDataSet(dir);
    const rows = backtestRows(backtestAll(seasons, { year: 2025, simulations: 200, seed: 1, scenarios: ["dry"] }));
    const text = ablationMarkdown([{ year: 2025, history: [2024], rows }], { command: "x", simulations: 200, seed: 1 });
    for (const horizon of ["before weekend", "after practice", "after qualifying"]) {
      for (const { model } of ABLATION_LAYERS) {
        const line = text.split("\n").find((l) => l.startsWith(`| ${horizon} | \`${model}\` |`));
        assert.ok(line !== undefined, `${horizon}, ${model}`);
        const cells = line.split("|").map((c) => c.trim());
        const mine = rows.find((r) => r.model === model && r.horizon === horizon.replaceAll(" ", "_"))!;
        assert.equal(cells[4], mine.scores.winner_logloss.toFixed(3));
        if (model !== "form") assert.match(cells[5], /^[+-]\d\.\d{3}$/, `${model} has a change`);
      }
    }
    assert.match(text, /## 2025 \(history: 2024\)/);
    assert.match(text, /the best baseline here/);
  });
});
