/**
 * `deno task backtest --train-data DIR [--season YEAR] [--num-simulations N] [--seed N] [--out FILE] [--compare CSV]`
 *
 * Forecasts every finished race of a season from data strictly before it,
 * at three horizons, with the form and Bayesian models and the baselines,
 * and scores them: a table on stdout and a JSON report.
 *
 * @module
 */

import {
  describeFailure,
  integerOption,
  parseTaskArgs,
  requiredOption,
  sharedOptions,
  UsageError,
  workerCount,
  yearRangeOption,
} from "./cli.ts";
import { dirname } from "node:path";
import { loadDataSet, type LoadedSeason } from "../lib/data/load.ts";
import { parseExternalForecasts } from "../lib/evaluate/external.ts";
import { type ExternalRow, formatExternal, scoreExternal } from "../lib/report/external_report.ts";
import { toJsonText, writeFileAtomic } from "../lib/data/files.ts";
import {
  type BacktestRow,
  backtestRows,
  formatBacktest,
  formatSeasonsTable,
  formatSideScores,
  type SeasonBacktest,
} from "../lib/report/backtest_report.ts";
import { sideScores, sprintForecasters } from "../lib/evaluate/side_backtest.ts";
import { pointsRules } from "../lib/sim/points.ts";
import {
  backtestAll,
  backtestAllWith,
  backtestModels,
  type BacktestRun,
  type ForecasterRace,
  splitByRaceConditions,
} from "../lib/evaluate/backtest_all.ts";
import { startBacktestPool } from "../lib/evaluate/backtest_pool.ts";
import { reliabilityDiagram } from "../lib/report/plots.ts";
import { progressBar } from "../lib/report/terminal.ts";
import { backtestSummary, withSummary } from "../lib/report/backtest_summary.ts";
import { DEFAULT_MODEL } from "../lib/model/registry.ts";
import { TRAINER_DEFAULTS } from "../lib/train/options.ts";
import { bayesFitFor } from "../lib/model/bayes.ts";
import { selectDefault, SELECTION_CANDIDATES } from "../lib/evaluate/selection.ts";

const USAGE = `Usage: deno task backtest --train-data DIR [options]

Scores forecasts of every finished race of a season, each made from data before it,
at three horizons (before the weekend, after practice and sprint, after qualifying).
  --train-data DIR        a folder of season folders; seasons before --season are history
  --season YEAR           the season to score (default the latest)
  --seasons FROM-TO       score each of these seasons, each from the seasons before it, in one table a score
                          (winner log-loss, RPS@10) with the mean; e.g. 2016-2025
  --num-simulations N     simulated races per scenario and race (default 2000)
  --seed N                random seed (default ${TRAINER_DEFAULTS.seed})
  --out FILE              JSON report (default predictions/backtest/backtest_<season>.json)
  --compare FILE.csv      other forecasters' probabilities to score beside ours (repeatable; see docs/tasks.md),
                          e.g. ../shared/anchors/winner_probabilities_2025.csv
  --workers N             compute the models and baselines on N worker threads (default auto: one per core);
                          the same scores
  --summary FILE          rewrite the paragraph between FILE's backtest-summary markers (docs/backtest-findings.md) from
                          this backtest: the default's figures, who is ahead of it, the market's`;

/** The task, for the benchmarks: the exit code of a run with these arguments. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, {
    task: "backtest",
    usage: USAGE,
    options: {
      ...sharedOptions("train-data", "season", "num-simulations", "seed", "out"),
      seasons: { type: "string" },
      compare: { type: "string", multiple: true },
      workers: { type: "string" },
      summary: { type: "string" },
    },
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  let dir, simulations, seed, season, workers, years;
  try {
    years = values.seasons === undefined ? undefined : yearRangeOption("--seasons", values.seasons);
    if (years !== undefined && (values.season !== undefined || values.compare !== undefined)) {
      throw new UsageError("--seasons: expected without --season and --compare, which score one season");
    }
    season = values.season === undefined
      ? undefined
      : integerOption("--season", values.season, { fallback: 0, min: 1950 });
    dir = requiredOption("--train-data", values["train-data"], "a folder of season folders");
    simulations = integerOption("--num-simulations", values["num-simulations"], { fallback: 2000, min: 1 });
    seed = integerOption("--seed", values.seed, { fallback: TRAINER_DEFAULTS.seed, min: 0 });
    workers = workerCount(values.workers);
  } catch (error) {
    console.error(`backtest: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const seasons = await loadDataSet(dir);
  if (years !== undefined) {
    return await backtestSeasons(seasons, { years, simulations, seed, workers, out: values.out });
  }
  const year = values.season === undefined ? seasons.at(-1)!.season.year : season!;
  const started = performance.now();
  const run = { year, simulations, seed, scenarios: TRAINER_DEFAULTS.scenarios };
  const forecasted = await forecastAll(seasons, { run, workers });
  const rows = backtestRows(forecasted);
  const history = seasons.map((s) => s.season.year).filter((y) => y < year);
  console.log(`backtest ${year} (history: ${history.join(", ") || "none"}), ${simulations} simulations per scenario`);
  console.log(formatBacktest(rows));
  const byConditions = printByConditions(forecasted, seasons.find((s) => s.season.year === year)!.season.calendar);
  const { side, sprintRows } = printSideForecasts(seasons, { year, forecasted });
  const external = await compareExternal(values.compare ?? [], { year, seasons, forecasted });
  if (external.length > 0) {
    console.log("\nother forecasters, winner log-loss on the races each priced; ours on the same races:");
    console.log(formatExternal(external));
  }
  if (values.summary !== undefined) await writeSummary(values.summary, { rows, year, history, external, args });
  const out = values.out ?? `predictions/backtest/backtest_${year}.json`;
  await Deno.mkdir(dirname(out), { recursive: true });
  await writeFileAtomic(
    out,
    toJsonText({
      season: year,
      history,
      num_simulations: simulations,
      seed,
      models: Object.fromEntries(Object.entries(backtestModels(year)).map(([name, model]) => [name, model.version])),
      seconds: Math.round(performance.now() - started) / 1000,
      rows,
      by_conditions: byConditions,
      side,
      sprints: sprintRows,
      external,
    }),
  );
  console.log(`-> ${out}`);
  await writeReliabilityDiagrams(rows, { out, year });
  return 0;
}

/** `--summary FILE`: the paragraph between FILE's markers, rewritten from this backtest, with the command that wrote it. */
async function writeSummary(
  file: string,
  from: { rows: BacktestRow[]; year: number; history: number[]; external: ExternalRow[]; args: string[] },
): Promise<void> {
  const command = `deno task backtest ${from.args.map((a) => /\s/.test(a) ? `'${a}'` : a).join(" ")}`;
  const summary = backtestSummary(from.rows, { ...from, model: DEFAULT_MODEL, command });
  await writeFileAtomic(file, withSummary(await Deno.readTextFile(file), summary, file));
  console.log(`-> ${file} (the backtest summary)`);
}

/** The win, podium and points reliability diagrams after qualifying, beside the JSON report. */
async function writeReliabilityDiagrams(rows: BacktestRow[], at: { out: string; year: number }): Promise<void> {
  for (const tier of ["win", "podium", "points"] as const) {
    const series = Object.fromEntries(
      rows.filter((row) => row.horizon === "after_qualifying" && row.model !== "uniform")
        .map((row) => [row.model, row.calibration[tier]]),
    );
    const svg = at.out.replace(/\.json$/, "") + `_reliability_${tier}.svg`;
    await writeFileAtomic(svg, reliabilityDiagram(series, `${tier} after qualifying, ${at.year}`));
    console.log(`-> ${svg}`);
  }
}

/** The data set's seasons, once every season asked for is one of them. */
function seasonsPresent(seasons: LoadedSeason[], years: number[]): Set<number> {
  const have = new Set(seasons.map((s) => s.season.year));
  const missing = years.filter((year) => !have.has(year));
  if (missing.length > 0) {
    throw new UsageError(
      `--seasons: expected seasons of the data set (${[...have].join(", ")}); found ${missing.join(", ")}`,
    );
  }
  return have;
}

/**
 * `--seasons`: each season backtested from the seasons before it, one table a score over them all, and a JSON
 * report with every season's rows.
 */
async function backtestSeasons(
  seasons: LoadedSeason[],
  options: { years: number[]; simulations: number; seed: number; workers: number; out?: string },
): Promise<number> {
  const { years, simulations, seed, workers } = options;
  const have = seasonsPresent(seasons, years);
  const started = performance.now();
  const scored: Array<SeasonBacktest & { history: number[]; seconds: number }> = [];
  const candidateRaces = new Map<number, Record<string, ForecasterRace[]>>();
  const progress = progressBar({ unit: "seasons" });
  for (const year of years) {
    const began = performance.now();
    const run = { year, simulations, seed, scenarios: TRAINER_DEFAULTS.scenarios };
    const forecasted = await forecastAll(seasons, { run, workers });
    candidateRaces.set(year, Object.fromEntries(SELECTION_CANDIDATES.map((model) => [model, forecasted[model] ?? []])));
    const rows = backtestRows(forecasted);
    const history = [...have].filter((y) => y < year);
    const seconds = Math.round(performance.now() - began) / 1000;
    scored.push({ season: year, history, rows, seconds });
    progress.say(
      `backtest ${year} (history: ${history.join(", ") || "none"}): ${rows[0]?.scores.races ?? 0} races, ${seconds} s`,
    );
    progress(scored.length, years.length, String(year));
  }
  // The default each season, walk-forward: the rule of docs/backtest-findings.md on the seasons before it.
  const picks = scored.map(({ season }) => ({ season, ...selectDefault(scored, season) }));
  for (const entry of scored) {
    const pick = picks.find((p) => p.season === entry.season)!.model;
    entry.rows = [
      ...entry.rows,
      ...entry.rows.filter((row) => row.model === pick).map((row) => ({ ...row, model: "default" })),
    ];
  }
  const seconds = Math.round(performance.now() - started) / 1000;
  console.log(`\nthe default, by the rule (docs/backtest-findings.md), from the seasons before each:`);
  console.log(picks.map(({ season, model }) => `${season} ${model}`).join(", "));
  console.log(`\nwinner log-loss, ${simulations} simulations per scenario, seed ${seed} (lower is better):`);
  console.log(formatSeasonsTable(scored, "winner_logloss"));
  console.log("\nRPS@10 (lower is better):");
  console.log(formatSeasonsTable(scored, "rps10"));
  const pooled = backtestRows({
    default: picks.flatMap(({ season, model }) => candidateRaces.get(season)?.[model] ?? []),
  });
  console.log("\ncalibration slope of the default, every race of the seasons pooled (1: calibrated):");
  console.log(
    pooled.map((row) =>
      `${row.horizon.padEnd(17)} win ${row.calibration.win.slope.toFixed(2)}  podium ${
        row.calibration.podium.slope.toFixed(2)
      }  points ${row.calibration.points.slope.toFixed(2)}`
    ).join("\n"),
  );
  // The Bayesian hyperparameters are fitted per block of seasons; say where a fit saw the season it forecasts.
  const unseen = years.filter((year) => Math.max(...bayesFitFor(year).seasons) >= year);
  if (unseen.length > 0) {
    console.log(
      `\nnot walk-forward: bayes, bayes+ml and bayes+stack forecast ${unseen.join(", ")} with hyperparameters ` +
        `fitted on ${bayesFitFor(unseen[0]).seasons.join(", ")} (BAYES_FITS has no fit on earlier seasons)`,
    );
  }
  const out = options.out ?? `predictions/backtest/backtest_${years[0]}-${years.at(-1)}.json`;
  await Deno.mkdir(dirname(out), { recursive: true });
  await writeFileAtomic(
    out,
    toJsonText({
      seasons: scored,
      defaults: picks,
      pooled_default: pooled,
      num_simulations: simulations,
      seed,
      seconds,
    }),
  );
  console.log(`\n${years.length} seasons in ${seconds} s -> ${out}`);
  return 0;
}

/** The qualifying, head-to-head and sprint forecasts' scores, printed, for the JSON report. */
function printSideForecasts(
  seasons: LoadedSeason[],
  run: { year: number; forecasted: Record<string, ForecasterRace[]> },
) {
  const side = sideScores(seasons, run);
  console.log(
    "\nqualifying (before it runs) and team-mates' head-to-heads, against their baselines (lower is better):",
  );
  console.log(formatSideScores(side));
  const sprintRows = backtestRows(sprintForecasters(seasons, run), {
    pointsPlaces: pointsRules(run.year, 1).sprint.length,
  });
  if (sprintRows.length > 0) {
    console.log("\nsprints, forecast before they ran (sprint results; team_order is the race's, read for the sprint):");
    console.log(formatBacktest(sprintRows));
  }
  return { side, sprintRows };
}

/** The backtest of the wet or mixed races and of the dry ones, printed, for the JSON report. */
function printByConditions(
  forecasted: Record<string, ForecasterRace[]>,
  calendar: Parameters<typeof splitByRaceConditions>[1],
) {
  const split = splitByRaceConditions(forecasted, calendar);
  const byConditions = {
    wet_or_mixed: { races: split.wet.bayes.length, rows: backtestRows(split.wet) },
    dry: { races: split.dry.bayes.length, rows: backtestRows(split.dry) },
  };
  for (const [label, part] of [["wet or mixed", byConditions.wet_or_mixed], ["dry", byConditions.dry]] as const) {
    if (part.races === 0) continue;
    console.log(`
${label} races (${part.races}, by the data's race conditions), the models and the logit:`);
    console.log(
      formatBacktest(part.rows.filter((row) => !["uniform", "team_order", "grid_table"].includes(row.model))),
    );
  }
  return byConditions;
}

/** Every forecaster's races: in this thread, or the backtest's parts on a pool of workers. */
async function forecastAll(
  seasons: LoadedSeason[],
  options: { run: BacktestRun; workers: number },
): Promise<Record<string, ForecasterRace[]>> {
  if (options.workers <= 1) return backtestAll(seasons, options.run);
  const pool = await startBacktestPool(options.workers, { seasons, run: options.run });
  try {
    return await backtestAllWith((part) => pool.run(part));
  } finally {
    pool.close();
  }
}

/** Scores the `--compare` files against the season's results and our models on the same races. */
async function compareExternal(
  files: readonly string[],
  context: { year: number; seasons: LoadedSeason[]; forecasted: Record<string, ForecasterRace[]> },
): Promise<ExternalRow[]> {
  if (files.length === 0) return [];
  const { year, seasons, forecasted } = context;
  const season = seasons.find((s) => s.season.year === year)!;
  const names = new Map(season.season.entrants.map((e) => [e.driver, e.name]));
  const races = season.rounds.flatMap((r) =>
    r.status === "ok" && r.sessions.race !== undefined
      ? [{ round: r.round.round, name: r.round.name, result: r.sessions.race, names }]
      : []
  );
  const external = [];
  for (const file of files) external.push(...parseExternalForecasts(await Deno.readTextFile(file), file));
  const ours = Object.fromEntries(Object.entries(forecasted).filter(([name]) => name !== "uniform"));
  return scoreExternal(external, { year, races, models: ours });
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    const { message, code } = describeFailure(error);
    console.error(`backtest: ${message}`);
    Deno.exit(code);
  }
}
