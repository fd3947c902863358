/**
 * An experiment, kept so its figures in `docs/backtest-findings.md` can be
 * rerun: how wide the car part of a regulation-reset winter's drift
 * (`resetCarDrift`, a stated prior) should be. Each reset season of the data
 * (2017, 2022) is scored by the fit's own objective (`bayesObjective`: the
 * race after qualifying and before the weekend, mean `raceLogLoss`) with the
 * fit that forecast it and `resetCarDrift` at each value, from everything
 * before it. The two-seasons-before rule never has a reset winter inside the
 * window that forecasts one, so a fit can only learn this value from an
 * earlier reset: 2017's best value, applied to 2022, is the walk-forward one.
 *
 * Usage: `deno run --allow-read --allow-env scripts/reset_drift_scan.ts DIR`
 * with DIR an F1DB import of 2014-2022 or later.
 *
 * @module
 */

import { loadDataSet } from "../lib/data/load.ts";
import { bayesObjective, fitSettings } from "../lib/evaluate/fit_bayes.ts";
import { bayesFitFor } from "../lib/model/bayes_parameters.ts";

const VALUES = [0.25, 0.35, 0.5, 0.7, 1.0, 1.4, 2.0];
const RESETS = [2017, 2022];

const all = await loadDataSet(Deno.args[0]);
const settings = fitSettings();
console.log(`resetCarDrift: ${VALUES.join(" / ")} (objective, lower is better; the stated value is 0.5)`);
const rows: number[][] = [];
for (const year of RESETS) {
  const seasons = all.filter((s) => s.season.year <= year);
  const fit = bayesFitFor(year);
  const losses = VALUES.map((value) =>
    bayesObjective(seasons, { ...fit.parameters, resetCarDrift: value }, { targets: [year], settings })
  );
  rows.push(losses);
  console.log(`${year} (fit on ${fit.seasons.join(", ")}): ${losses.map((l) => l.toFixed(4)).join(" / ")}`);
}
// Walk-forward: each reset season takes the value best over the reset seasons before it (the mean of their rows).
for (let i = 0; i <= RESETS.length; i++) {
  const before = rows.slice(0, i);
  if (before.length === 0) continue;
  const mean = VALUES.map((_, v) => before.reduce((sum, row) => sum + row[v], 0) / before.length);
  const best = VALUES[mean.indexOf(Math.min(...mean))];
  const forecast = i < RESETS.length ? `${RESETS[i]}` : "the next reset";
  const scored = i < RESETS.length
    ? `: ${rows[i][VALUES.indexOf(best)].toFixed(4)} there, against ${rows[i][VALUES.indexOf(0.5)].toFixed(4)} at 0.5`
    : "";
  console.log(`${forecast} from ${RESETS.slice(0, i).join(", ")}: ${best}${scored}`);
}
