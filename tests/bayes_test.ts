import assert from "node:assert/strict";
import { sampleCorrelation } from "simple-statistics";
import type { CalendarRound, Entrant, RoundSessions } from "../lib/data/format.ts";
import { loadSeason } from "../lib/data/load.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { trainerConfig, withTempDir } from "./helpers.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import {
  BAYES_DEFAULTS,
  BAYES_FITS,
  bayesFitFor,
  bayesModel,
  bayesModelFor,
  type BayesState,
  createBayesModel,
} from "../lib/model/bayes.ts";
import { strengthModel } from "../lib/forecast/models.ts";

function round(n: number): CalendarRound {
  return {
    round: n,
    slug: `r${n}`,
    name: `R${n} Grand Prix`,
    date: `2025-0${n}-01`,
    circuit: { id: "x", name: "X", type: "race" },
    sprint: false,
    laps: 50,
    sprint_laps: null,
    schedule: ["qualifying", "race"],
  };
}

function entrant(driver: string, team: string, rounds: number[]): Entrant {
  return { driver, name: driver, number: 1, team, team_name: team, rounds, practice_rounds: [] };
}

function qualifying(laps: Record<string, number>): RoundSessions {
  return {
    qualifying: Object.entries(laps).map(([driver, ms], i) => ({
      driver,
      position: i + 1,
      q1_ms: ms,
      q2_ms: null,
      q3_ms: null,
      laps: 3,
    })),
  };
}

const mean = (state: BayesState, id: string) => state.mean[state.ids.indexOf(id)];
const variance = (state: BayesState, id: string) => state.cov[state.ids.indexOf(id) * (state.ids.length + 1)];

Deno.test("team-mates' gaps inform skill, the shared part informs the car, and evidence shrinks uncertainty", () => {
  const entrants = [
    entrant("AAA", "fast", [1]),
    entrant("BBB", "fast", [1]),
    entrant("CCC", "slow", [1]),
    entrant("DDD", "slow", [1]),
  ];
  const state = bayesModel.updateWithRound(bayesModel.empty(), {
    year: 2025,
    round: round(1),
    entrants,
    sessions: qualifying({ AAA: 90000, BBB: 90180, CCC: 90900, DDD: 91080 }),
  });
  assert.ok(mean(state, "car:fast") < mean(state, "car:slow"), "the faster car is believed faster");
  assert.ok(mean(state, "skill:AAA") < mean(state, "skill:BBB"), "the faster team-mate is believed more skilled");
  assert.ok(variance(state, "car:fast") < BAYES_DEFAULTS.carPrior ** 2);
  const [aaa, bbb, ccc] = bayesModel.strengthsFor(state, entrants, 1);
  assert.equal(aaa.gap, 0);
  assert.ok(aaa.gap < bbb.gap && bbb.gap < ccc.gap);
  // Observed gaps of 0.2% and 1% recovered to within the prior's pull.
  assert.ok(Math.abs(ccc.gap - 1) < 0.15, `car gap ${ccc.gap}`);
});

Deno.test("a driver's skill follows them to a new team; a renamed team keeps its car's belief", () => {
  const first = [entrant("AAA", "alphatauri", [1]), entrant("BBB", "alphatauri", [1]), entrant("CCC", "other", [1])];
  let state = bayesModel.updateWithRound(bayesModel.empty(), {
    year: 2023,
    round: round(1),
    entrants: first,
    sessions: qualifying({ AAA: 90000, BBB: 90400, CCC: 90500 }),
  });
  const skillBefore = mean(state, "skill:AAA");
  const carBefore = mean(state, "car:alphatauri");
  // The lineage comes from the data (F1DB's chronology through the season's `teams`), as the loader attaches it.
  const second = [entrant("AAA", "other", [1]), entrant("BBB", "rb", [1]), entrant("CCC", "rb", [1])]
    .map((e) => e.team === "rb" ? { ...e, team_predecessors: ["alphatauri", "toro-rosso"] } : e);
  state = bayesModel.updateWithRound(state, { year: 2024, round: round(1), entrants: second, sessions: {} });
  assert.ok(!state.ids.includes("car:alphatauri"));
  const reversion = BAYES_DEFAULTS.meanReversion;
  assert.ok(Math.abs(mean(state, "car:rb") - carBefore * reversion) < 1e-12);
  assert.ok(Math.abs(mean(state, "skill:AAA") - skillBefore * reversion) < 1e-12);
  const strengths = bayesModel.strengthsFor(state, second, 1);
  assert.deepEqual(strengths.map((s) => s.team), ["other", "rb", "rb"]);
});

Deno.test("on the demo season the posterior recovers the true car order", async () => {
  const { files, truth } = generateDemoSeason(2025, { rounds: 12, seed: 11, completed: 12 });
  await withTempDir(async (dir) => {
    await writeSeasonFolder(dir, files);
    const { season, rounds } = await loadSeason(dir);
    let state = bayesModel.empty();
    for (const r of rounds) {
      assert.equal(r.status, "ok");
      if (r.status === "ok") {
        state = bayesModel.updateWithRound(state, {
          year: 2025,
          round: r.round,
          entrants: season.entrants,
          sessions: r.sessions,
        });
      }
    }
    const teams = Object.keys(truth.teams);
    const believed = teams.map((team) => mean(state, `car:${team}`));
    const actual = teams.map((team) => truth.teams[team]);
    const correlation = sampleCorrelation(believed, actual);
    assert.ok(correlation > 0.9, `correlation of believed and true car pace ${correlation}`);
  });
});

Deno.test("a changed hyperparameter changes the model version, so caches are not shared", () => {
  assert.equal(bayesModel.version, `bayes-3+fit${BAYES_FITS.at(-1)!.seasons[0]}-${BAYES_FITS.at(-1)!.seasons.at(-1)}`);
  const other = createBayesModel({ ...BAYES_DEFAULTS, raceNoise: BAYES_DEFAULTS.raceNoise + 0.1 });
  assert.match(other.version, /^bayes-3\+[0-9a-f]{8}$/);
});

Deno.test("a refit keeps its fit's name as the version, so the trainer keys its cache by the parameters too", async () => {
  assert.deepEqual(createBayesModel(BAYES_FITS[0].parameters).parameters, BAYES_FITS[0].parameters);
  await withTempDir(async (dir) => {
    await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 3, seed: 4, completed: 2 }).files);
    const { document } = await runTraining(trainerConfig(`${dir}/data`, `${dir}/out/p.json`));
    const config = document.metadata.training_history.at(-1)!.config as Record<string, unknown>;
    assert.equal(config.model_version, "bayes-3+fit2022-2024");
    assert.deepEqual(config.model_parameters, bayesFitFor(2025).parameters);
  });
});

Deno.test("no leakage through hyperparameters: a season is forecast with a fit on earlier seasons only", () => {
  const firstFitEnd = Math.max(...BAYES_FITS[0].seasons);
  for (let season = firstFitEnd + 1; season <= firstFitEnd + 10; season++) {
    const fit = bayesFitFor(season);
    assert.ok(fit.seasons.every((year) => year < season), `${season} forecast with a fit on ${fit.seasons}`);
    // The latest such fit: no fit on more of the past is left unused.
    const later = BAYES_FITS.filter((f) => Math.max(...f.seasons) < season && f.seasons.length > fit.seasons.length);
    assert.deepEqual(later, [], `${season}`);
    assert.equal(bayesModelFor(season).version, createBayesModel(fit.parameters).version);
  }
  assert.equal(strengthModel("bayes", 2024).version, "bayes-3+fit2022-2023");
  assert.equal(strengthModel("bayes", 2025).version, "bayes-3+fit2022-2024");
});
