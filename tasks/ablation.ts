/**
 * `deno task ablation --train-data DIR [--seasons 2024,2025] [--num-simulations N] [--seed N] [--out FILE]`
 *
 * Backtests each season with every layer of the forecast and writes the
 * ablation table (`lib/report/ablation.ts`), by default to predictions/ablation.md (docs/ablation.md is
 * regenerated with `--out docs/ablation.md`).
 *
 * @module
 */

import { loadDataSet } from "../lib/data/load.ts";
import { writeFileAtomic } from "../lib/data/files.ts";
import { backtestAll } from "../lib/evaluate/backtest_all.ts";
import { backtestRows } from "../lib/report/backtest_report.ts";
import { ablationMarkdown, type AblationSeason } from "../lib/report/ablation.ts";
import { progressBar } from "../lib/report/terminal.ts";
import { TRAINER_DEFAULTS } from "../lib/train/options.ts";
import {
  describeFailure,
  integerListOption,
  integerOption,
  parseTaskArgs,
  requiredOption,
  sharedOptions,
} from "./cli.ts";

const USAGE = `Usage: deno task ablation --train-data DIR [options]

Backtests each season with every layer of the forecast and writes what each adds.
  --train-data DIR        a folder of season folders; each season's earlier ones are its history
  --seasons LIST          the seasons to score (default 2024,2025)
  --num-simulations N     simulated races per scenario and race (default 2000)
  --seed N                random seed (default ${TRAINER_DEFAULTS.seed})
  --out FILE              the Markdown table (default predictions/ablation.md; the documented one is
                          written with --out docs/ablation.md)`;

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "ablation",
    usage: USAGE,
    options: { ...sharedOptions("train-data", "num-simulations", "seed", "out"), seasons: { type: "string" } },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  try {
    const dir = requiredOption("--train-data", values["train-data"], "a folder of season folders");
    const years = integerListOption("--seasons", values.seasons, { fallback: "2024,2025", min: 1950 });
    const simulations = integerOption("--num-simulations", values["num-simulations"], { fallback: 2000, min: 1 });
    const seed = integerOption("--seed", values.seed, { fallback: TRAINER_DEFAULTS.seed, min: 0 });
    const seasons = await loadDataSet(dir);
    const progress = progressBar({ unit: "seasons" });
    progress(0, years.length);
    const scored: AblationSeason[] = years.map((year, i) => {
      const rows = backtestRows(
        backtestAll(seasons, { year, simulations, seed, scenarios: TRAINER_DEFAULTS.scenarios }),
      );
      progress(i + 1, years.length, String(year));
      return { year, history: seasons.map((s) => s.season.year).filter((y) => y < year), rows };
    });
    const out = values.out ?? "predictions/ablation.md";
    const command = `deno task ablation --train-data <F1DB ${Math.min(...seasons.map((s) => s.season.year))}-${
      Math.max(...seasons.map((s) => s.season.year))
    }> --seasons ${years.join(",")} --out ${out}`;
    await writeFileAtomic(out, ablationMarkdown(scored, { command, simulations, seed }));
    console.log(`ablation: ${years.join(", ")} -> ${out}`);
    return 0;
  } catch (error) {
    const { message, code } = describeFailure(error);
    console.error(`ablation: ${message}`);
    return code;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
