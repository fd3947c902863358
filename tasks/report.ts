/**
 * `deno task report [--predictions FILE] [--out DIR] [--train-data DIR]`
 *
 * Writes `<out>/index.html`, one self-contained page (no network) for the
 * season in a predictions file: championship, next race, calibration of
 * finished races, each finished race against its result. With the data
 * folder (given, or the one the file was trained on) it adds how the next
 * race's favourites' win probabilities move with their weights.
 *
 * @module
 */

import { join } from "node:path";
import { loadDataSet } from "../lib/data/load.ts";
import { writeFileAtomic } from "../lib/data/files.ts";
import { modelFromLayers } from "../lib/model/registry.ts";
import { strengthModel } from "../lib/forecast/models.ts";
import { seasonWeekends, weightSensitivity } from "../lib/evaluate/weight_fit.ts";
import { ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { nextRace } from "../lib/report/next_race.ts";
import { type ReportExtras, seasonReportHtml } from "../lib/report/season_report.ts";
import { PREDICTIONS_DIR } from "../lib/train/outputs.ts";
import { parseTaskArgs, sharedOptions } from "./cli.ts";
import { readPredictionsFile } from "./cli/predictions_file.ts";
import type { PredictionsDocument } from "../lib/format/predictions.ts";

const USAGE = `Usage: deno task report [options]

Writes a self-contained HTML report for a predictions file.
  --predictions FILE   the predictions file (default: the newest in ${PREDICTIONS_DIR}/)
  --out DIR            where index.html goes (default predictions/report)
  --train-data DIR     the data folder, for the weight-sensitivity chart (default: the one the file was trained on)`;

/** Weights the sensitivity chart runs over: a fifth down to a third up. */
const SENSITIVITY_WEIGHTS = [0.8, 0.87, 0.93, 1, 1.07, 1.15, 1.25, 1.35];

async function sensitivity(document: PredictionsDocument, trainData: string): Promise<ReportExtras["sensitivity"]> {
  const next = nextRace(document.predictions);
  if (next === undefined) return undefined;
  const meta = document.metadata;
  // Files written before models had names carry only the seed's two layer flags.
  const name = meta.model ?? modelFromLayers({ bayesian: meta.use_bayesian, mlLayer: meta.use_ml_layer });
  const model = strengthModel(name, meta.season);
  const seasons = await loadDataSet(trainData);
  const weekend = seasonWeekends(seasons, model, { year: meta.season }).find((w) =>
    w.round.round === next[1].metadata.round
  );
  if (weekend === undefined) return undefined;
  const registry = ScenarioRegistry.withBuiltIns();
  const scenarios = meta.scenarios.filter((name) => registry.names().includes(name)).map((name) => ({
    name,
    scenario: registry.get(name),
  }));
  const favourites = next[1].predictions.slice(0, 3).map((row) => row.driver);
  return weightSensitivity(weekend, { drivers: favourites, weights: SENSITIVITY_WEIGHTS }, {
    simulations: Math.min(meta.num_simulations, 2000),
    seed: meta.seed,
    scenarios,
    tuning: model.simulator,
  });
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "report",
    usage: USAGE,
    options: {
      ...sharedOptions("predictions", "out", "train-data"),
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const read = await readPredictionsFile("report", values.predictions);
  if (read === undefined) return 1;
  const { file, document } = read;
  const trainData = values["train-data"] ??
    (document.metadata.training_history.at(-1)?.config.train_data as string | undefined);
  let extras: ReportExtras = {};
  if (trainData !== undefined) {
    try {
      extras = { sensitivity: await sensitivity(document, trainData) };
    } catch (error) {
      console.error(`report: no weight-sensitivity chart: ${trainData}: ${(error as Error).message}`);
    }
  }
  const out = join(values.out ?? "predictions/report", "index.html");
  await Deno.mkdir(join(out, ".."), { recursive: true });
  await writeFileAtomic(out, seasonReportHtml(document, extras));
  console.log(`report: ${file} -> ${out}`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
