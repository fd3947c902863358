/**
 * A season in progress, as a user would have it: an F1DB snapshot cut after
 * round k, imported with the ordinary importer and trained with the default
 * options; a renamed team and a brand-new team; regulation resets; and a
 * round whose forecast throws.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { expectedLineups } from "../lib/data/lineup.ts";
import { loadDataSet, type LoadedSeason } from "../lib/data/load.ts";
import type { Entrant } from "../lib/data/format.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { seasonRounds } from "../lib/evaluate/backtest.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { defaultOutputPath, newestPredictionsFile } from "../lib/train/outputs.ts";
import { trainSeasons } from "../lib/forecast/pipeline.ts";
import { forecastWeekend } from "../lib/forecast/race_forecast.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { resolveWeights } from "../lib/forecast/weights.ts";
import { BAYES_DEFAULTS, bayesModel, type BayesState, createBayesModel } from "../lib/model/bayes.ts";
import { createFormModel, formModel } from "../lib/model/form.ts";
import type { DriverStrength, StrengthModel } from "../lib/model/strength.ts";
import { ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { main, parseTrainArgs } from "../tasks/train.ts";
import { skipWithoutF1db, trainerConfig, withTempDir } from "./helpers.ts";
import { liveDataSet } from "./live_snapshot.ts";
import type { PredictionsDocument } from "../lib/format/predictions.ts";

const ignore = skipWithoutF1db("the season-in-progress tests");
const K = 12;

function stint(driver: string, team: string, rounds: number[]): Entrant {
  return { driver, name: driver, number: 1, team, team_name: team, rounds, practice_rounds: [] };
}

function calendar(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    round: i + 1,
    slug: `r${i + 1}`,
    name: `R${i + 1}`,
    date: "2025-01-01",
    circuit: { id: "c", name: "C", type: "race" as const },
    sprint: false,
    laps: 50,
    sprint_laps: null,
    schedule: ["race" as const],
  }));
}

Deno.test("expected line-ups: the latest per team, entries already listed for a round to come take precedence", () => {
  const season = {
    year: 2025,
    calendar: calendar(4),
    entrants: [
      stint("AAA", "red", [1, 2]),
      stint("BBB", "red", [1, 2]),
      stint("CCC", "blue", [1]),
      stint("DDD", "blue", [2]),
      stint("EEE", "blue", [4]), // announced for round 4: blue's listing there stands
      stint("FFF", "blue", [1, 2]),
    ],
  };
  const { entrants, assumedRounds } = expectedLineups(season, (round) => round <= 2);
  const racing = (round: number) => entrants.filter((e) => e.rounds.includes(round)).map((e) => e.driver).sort();
  assert.deepEqual(racing(3), ["AAA", "BBB", "DDD", "FFF"]); // DDD replaced CCC in round 2
  assert.deepEqual(racing(4), ["AAA", "BBB", "EEE"]);
  assert.deepEqual(assumedRounds, [3, 4]);
  // A round that has run keeps exactly its listed drivers, even if a team is missing from it.
  assert.deepEqual(expectedLineups(season, () => true).entrants, season.entrants);
});

Deno.test({
  name:
    `a live F1DB snapshot after round ${K} trains with the default options: every round, assumed line-ups, a projection`,
  ignore,
  fn: () =>
    withTempDir(async (dir) => {
      const data = await liveDataSet(dir, [2022, 2023, 2024], { year: 2025, through: K });
      const output = join(dir, "out", "live.json");
      const code = await main(["--train-data", data, "--output", output, "--num-simulations", "400"]);
      assert.equal(code, 0);
      const document: PredictionsDocument = JSON.parse(await Deno.readTextFile(output));
      const races = Object.values(document.predictions);
      assert.equal(races.length, 24);
      for (const race of races) {
        const { round, status, lineup_assumed } = race.metadata;
        assert.equal(status, "ok", `round ${round}`);
        assert.equal(lineup_assumed, round > K, `round ${round} line-up assumed`);
        assert.equal(race.actual !== undefined, round <= K);
        assert.equal(race.predictions.length, 20);
        const total = race.predictions.reduce((sum, row) => sum + row.win_probability, 0);
        assert.ok(Math.abs(total - 1) < 1e-4, `round ${round}: win probabilities sum to ${total}`);
      }
      // Colapinto replaced Doohan at Alpine in round 7: the assumed line-up carries the change forward.
      const alpine = (round: number) =>
        races.find((race) => race.metadata.round === round)!.predictions.filter((row) => row.team === "Alpine")
          .map((row) => row.driver).sort();
      assert.deepEqual(alpine(3), ["DOO", "GAS"]);
      assert.deepEqual(alpine(20), ["COL", "GAS"]);
      const projection = document.season_projection!;
      assert.equal(projection.as_of_round, K);
      assert.equal(projection.races_remaining, 24 - K);
      assert.equal(projection.sprints_remaining, 4);
      const title = projection.drivers.reduce((sum, driver) => sum + driver.title_probability, 0);
      assert.ok(Math.abs(title - 1) < 1e-3);
    }),
});

/** The strengths and raw beliefs at the start of `year`'s round 1, before any of its sessions. */
function seasonStart<State>(seasons: readonly LoadedSeason[], model: StrengthModel<State>, year: number) {
  const first = seasonRounds(seasons, model, year).next().value!;
  const state = model.updateWithRound(first.stateBefore, { ...first, sessions: {} }, () => false);
  return { state, strengths: model.strengthsFor(state, first.entrants, 1), first };
}

function byTeam(strengths: readonly DriverStrength[]): Map<string, DriverStrength> {
  return new Map(strengths.map((s) => [s.team, s]));
}

function carBelief(state: BayesState, team: string): { mean: number; variance: number } {
  const i = state.ids.indexOf(`car:${team}`);
  assert.ok(i >= 0, `a belief about ${team}'s car`);
  return { mean: state.mean[i], variance: state.cov[i * state.ids.length + i] };
}

Deno.test({
  name: "a team renamed for the season keeps its car belief; a brand-new team of rookies gets the new-team prior",
  ignore,
  fn: () =>
    withTempDir(async (dir) => {
      const plain = await loadDataSet(await liveDataSet(join(dir, "plain"), [2023, 2024], { year: 2025, through: K }));
      const changed = await loadDataSet(
        await liveDataSet(join(dir, "changed"), [2023, 2024], {
          year: 2025,
          through: K,
          rename: { from: "williams", to: "grove-racing", name: "Grove Racing" },
          newTeam: { replaces: "haas", id: "apex-gp", name: "Apex GP", codes: ["RKA", "RKB"] },
        }),
      );
      const teams = changed.at(-1)!.season.teams!;
      assert.deepEqual(teams.find((t) => t.id === "grove-racing")?.predecessors, ["williams"]);
      assert.deepEqual(teams.find((t) => t.id === "apex-gp")?.predecessors, []);

      // The Bayesian model: the renamed team's car is the same belief under its new name.
      const before = seasonStart(plain, bayesModel, 2025);
      const after = seasonStart(changed, bayesModel, 2025);
      assert.deepEqual(carBelief(after.state, "grove-racing"), carBelief(before.state, "williams"));
      const fresh = carBelief(after.state, "apex-gp");
      assert.equal(fresh.variance, BAYES_DEFAULTS.carPrior ** 2);
      const established = after.state.ids.filter((id) => id.startsWith("car:") && id !== "car:apex-gp")
        .map((id) => carBelief(after.state, id.slice(4)));
      assert.ok(established.every((car) => car.variance < fresh.variance), "wider than any established car");
      const average = established.reduce((sum, car) => sum + car.mean, 0) / established.length;
      assert.ok(Math.abs(fresh.mean - average) < 0.05, `new team at the field's average car: ${fresh.mean}`);
      const bayesGaps = byTeam(after.strengths);
      assert.ok(bayesGaps.get("apex-gp")!.gap < Math.max(...after.strengths.map((s) => s.gap)), "not last by fiat");

      // The form model (the default): the same estimate under the new name, the new team at the average.
      const formBefore = byTeam(seasonStart(plain, formModel, 2025).strengths);
      const formAfter = byTeam(seasonStart(changed, formModel, 2025).strengths);
      assert.equal(formAfter.get("grove-racing")!.teamUncertainty, formBefore.get("williams")!.teamUncertainty);
      assert.equal(formAfter.get("grove-racing")!.gap, formBefore.get("williams")!.gap); // same car, same drivers
      const rookieTeam = formAfter.get("apex-gp")!;
      assert.ok(
        [...formAfter.values()].every((s) => s.team === "apex-gp" || s.teamUncertainty < rookieTeam.teamUncertainty),
      );
      assert.ok(rookieTeam.gap < Math.max(...[...formAfter.values()].map((s) => s.gap)), "not last by fiat");

      // And the whole run: the new team is forecast in every round, the renamed team under its new name.
      const output = join(dir, "out.json");
      const { document } = await runTraining(trainerConfig(join(dir, "changed", "data"), output));
      const teamsForecast = new Set(
        Object.values(document.predictions).flatMap((r) => r.predictions.map((p) => p.team)),
      );
      assert.ok(teamsForecast.has("Grove Racing") && teamsForecast.has("Apex GP") && !teamsForecast.has("Williams"));
      assert.deepEqual(document.metadata.training_history.at(-1)!.failed, []);
    }),
});

Deno.test({
  name: "a regulation reset: a season forecast from the one before is less confident about cars than an ordinary one",
  ignore,
  fn: () =>
    withTempDir(async (dir) => {
      const seasons = await loadDataSet(await liveDataSet(dir, [2024], { year: 2025, through: 1 }));
      for (
        const [ordinary, reset] of [
          [bayesModel, createBayesModel(BAYES_DEFAULTS, { regulationResets: [2025] })],
          [formModel, createFormModel({ regulationResets: [2025] })],
        ] as Array<[StrengthModel<unknown>, StrengthModel<unknown>]>
      ) {
        const usual = seasonStart(seasons, ordinary, 2025);
        const shaken = seasonStart(seasons, reset, 2025);
        const usualCars = byTeam(usual.strengths);
        for (const s of shaken.strengths) {
          assert.ok(s.teamUncertainty > usualCars.get(s.team)!.teamUncertainty, `${ordinary.version}: ${s.team}`);
        }
        // The race forecast before the weekend: the favourite's win chance falls, the field's entropy rises.
        const settings = {
          simulations: 4000,
          seed: 3,
          scenarios: [{ name: "dry", scenario: ScenarioRegistry.withBuiltIns().get("dry") }],
          weights: resolveWeights({}, {}, usual.first.entrants),
        };
        const win = (model: StrengthModel<unknown>, state: unknown) =>
          forecastWeekend(model, { weekend: { ...usual.first, sessions: {} }, state }, { known: () => false, settings })
            .predictions.map((row) => row.win_probability);
        const entropy = (p: number[]) => -p.filter((x) => x > 0).reduce((sum, x) => sum + x * Math.log(x), 0);
        const [usualWin, shakenWin] = [win(ordinary, usual.first.stateBefore), win(reset, shaken.first.stateBefore)];
        assert.ok(Math.max(...shakenWin) < Math.max(...usualWin), `${ordinary.version}: favourite less certain`);
        assert.ok(entropy(shakenWin) > entropy(usualWin), `${ordinary.version}: a more open field`);
      }
    }),
});

Deno.test("a round whose forecast throws is that round's failure: the others are forecast, its last good one kept", async () => {
  await withTempDir(async (dir) => {
    const { files } = generateDemoSeason(2025, { rounds: 8, seed: 5, completed: 6 });
    const data = join(dir, "data");
    await writeSeasonFolder(join(data, "2025"), files);
    const seasons = await loadDataSet(data);
    const settings = {
      simulations: 300,
      seed: 1,
      scenarios: [{ name: "dry", scenario: ScenarioRegistry.withBuiltIns().get("dry") }],
      weights: resolveWeights({}, {}, seasons[0].season.entrants),
    };
    const good = await trainSeasons(seasons, formModel, { settings, configHash: "c" });
    const broken: StrengthModel<unknown> = {
      ...formModel,
      strengthsFor(state, entrants, round) {
        if (round === 3) throw new RangeError("pace: expected a finite number; found NaN");
        return formModel.strengthsFor(state as never, entrants, round);
      },
    } as StrengthModel<unknown>;
    const result = await trainSeasons(seasons, broken, { settings, configHash: "c", previous: good.races });
    const names = Object.keys(result.races);
    const third = result.races[names[2]];
    assert.equal(third.metadata.status, "failed");
    assert.equal(third.metadata.error, "RangeError: pace: expected a finite number; found NaN");
    assert.equal(third.metadata.stale, true);
    assert.deepEqual(third.predictions, good.races[names[2]].predictions);
    assert.deepEqual(result.counts.failed, [`round 3 (${names[2]})`]);
    for (const name of names.filter((_, i) => i !== 2)) {
      assert.deepEqual(result.races[name], good.races[name], `${name} untouched`);
    }
  });
});

Deno.test("the command line: a round that cannot be simulated exits 1 with one line for it and no stack trace", async () => {
  await withTempDir(async (dir) => {
    const { files } = generateDemoSeason(2025, { rounds: 8, seed: 5, completed: 6 });
    const data = join(dir, "data", "2025");
    await writeSeasonFolder(data, files);
    const output = join(dir, "out", "p.json");
    const args = ["run", "-A", "tasks/train.ts", "--train-data", data, "--output", output, "--num-simulations", "200"];
    const run = async () => {
      const { code, stderr } = await new Deno.Command(Deno.execPath(), { args, stdout: "null", stderr: "piped" })
        .output();
      return { code, stderr: new TextDecoder().decode(stderr) };
    };
    assert.equal((await run()).code, 0);
    // Round 3 is still to come, and nobody is entered for it or any round before it: an empty field,
    // which the simulator refuses. (Every other round lists its drivers.)
    const season = JSON.parse(await Deno.readTextFile(join(data, "season.json")));
    for (const entrant of season.entrants) entrant.rounds = entrant.rounds.filter((r: number) => r > 3);
    await Deno.writeTextFile(join(data, "season.json"), JSON.stringify(season));
    for (const n of [1, 2, 3]) {
      const roundDir = join(data, `0${n}-${season.calendar[n - 1].slug}`);
      for await (const file of Deno.readDir(roundDir)) await Deno.remove(join(roundDir, file.name));
    }
    const third = season.calendar[2];
    const { code, stderr } = await run();
    assert.equal(code, 1);
    assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
    const lines = stderr.trim().split("\n");
    assert.equal(lines.filter((line) => line.includes("failed:")).length, 3);
    assert.match(
      stderr,
      /round 3 \(.*\) failed: SimulationInputError: field: expected at least one driver; found none; kept/,
    );
    const document: PredictionsDocument = JSON.parse(await Deno.readTextFile(output));
    const record = document.predictions[third.name];
    assert.equal(record.metadata.status, "failed");
    assert.equal(record.metadata.stale, true);
    assert.equal(Object.values(document.predictions).filter((r) => r.metadata.status === "ok").length, 5);
  });
});

Deno.test("the default output is named after the season trained (the demo's apart); report and serve pick the newest file", async () => {
  assert.equal(defaultOutputPath(2024), "predictions/season_2024_incremental.json");
  await withTempDir(async (dir) => {
    const write = async (name: string, value: unknown, seconds: number) => {
      await Deno.writeTextFile(join(dir, name), JSON.stringify(value));
      await Deno.utime(join(dir, name), seconds, seconds);
    };
    const document = (season: number) => ({ metadata: { season }, predictions: {} });
    await write("season_2024_incremental.json", document(2024), 1_000);
    await write("season_2025_incremental.json", document(2025), 2_000);
    await write("comparison.json", { runs: [] }, 3_000); // newer, but not a predictions file
    await write(".season_2025_incremental.json.cache.json", document(2025), 4_000);
    assert.equal(await newestPredictionsFile(dir), join(dir, "season_2025_incremental.json"));
    assert.equal(await newestPredictionsFile(join(dir, "missing")), undefined);
    const { files } = generateDemoSeason(2024, { rounds: 4, seed: 2, completed: 2 });
    await writeSeasonFolder(join(dir, "data", "2024"), files);
    const command = await parseTrainArgs(["--train-data", join(dir, "data")]);
    assert.ok(typeof command !== "number");
    assert.equal(command.config.output, "predictions/demo_2024_incremental.json", "the invented season, apart");
    const seasonFile = join(dir, "data", "2024", "season.json");
    const season = JSON.parse(await Deno.readTextFile(seasonFile));
    await Deno.writeTextFile(seasonFile, JSON.stringify({ ...season, source: "F1DB (https://github.com/f1db/f1db)" }));
    const real = await parseTrainArgs(["--train-data", join(dir, "data")]);
    assert.ok(typeof real !== "number");
    assert.equal(real.config.output, "predictions/season_2024_incremental.json");
  });
});
