import assert from "node:assert/strict";
import { fitBayesParameters, type FitStep } from "../lib/evaluate/fit_bayes.ts";
import { startObjectivePool } from "../lib/evaluate/objective_pool.ts";
import { BAYES_FIT_START, type BayesParameters } from "../lib/model/bayes.ts";
import { ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { NO_WEIGHTS } from "../lib/forecast/weights.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { loadDataSet } from "../lib/data/load.ts";
import { withTempDir } from "./helpers.ts";

const settings = {
  simulations: 60,
  seed: 1,
  scenarios: ScenarioRegistry.withBuiltIns().named(["dry", "safety_car"]),
  weights: NO_WEIGHTS,
};

Deno.test("the coordinate search takes the same steps scoring 1, 2 or 4 candidates at a time", async () => {
  // A bowl with its floor away from the start, so that several steps are kept in a sweep, some mid-batch.
  const target = { ...BAYES_FIT_START, gridSlotScale: 1.9, carDrift: 0.01, rankScale: 0.5 } as BayesParameters;
  const bowl = (p: BayesParameters) =>
    Promise.resolve(
      (["gridSlotScale", "carDrift", "rankScale", "skillPrior"] as const)
        .reduce((sum, key) => sum + Math.log(p[key] / target[key]) ** 2, 0),
    );
  const runs = [];
  for (const batch of [1, 2, 4]) {
    const steps: FitStep[] = [];
    const progress: Array<[number, number]> = [];
    const best = await fitBayesParameters([], {
      targets: [],
      settings,
      sweeps: 3,
      evaluate: bowl,
      batch,
      onStep: (step) => steps.push(step),
      onProgress: (done, most) => progress.push([done, most]),
    });
    runs.push({ best, steps });
    // Progress is the one-by-one search's, whatever the batch: it rises, never passes its bound, and ends at it.
    const [done, most] = progress.at(-1)!;
    assert.equal(done, most, `batch ${batch}`);
    assert.ok(progress.every(([d, m], i) => d <= m && (i === 0 || d >= progress[i - 1][0])), `batch ${batch}`);
  }
  assert.ok(runs[0].steps.length > 3, "the search moved");
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
});

Deno.test("minSweepGain stops the search after the first sweep that gains less, and 0 keeps the search as it was", async () => {
  // A floor a hundred times the start: a sweep moves a parameter up by 1.4 x 2 at most, so it takes several sweeps,
  // each gaining less as the floor nears.
  const bowl = (p: BayesParameters) => Promise.resolve(Math.log(p.gridSlotScale / 100) ** 2);
  const search = async (sweeps: number, minSweepGain?: number) => {
    const steps: FitStep[] = [];
    const options = { targets: [], settings, sweeps, evaluate: bowl, onStep: (s: FitStep) => steps.push(s) };
    await fitBayesParameters([], minSweepGain === undefined ? options : { ...options, minSweepGain });
    return steps;
  };
  assert.deepEqual(await search(6, 0), await search(6));
  // Where the search stands after one, two and three sweeps, and so what each sweep gained.
  const after: FitStep[][] = [];
  for (const sweeps of [0, 1, 2, 3]) after.push(await search(sweeps));
  const objective = (steps: FitStep[]) => steps.at(-1)!.objective;
  const gains = [1, 2, 3].map((k) => objective(after[k - 1]) - objective(after[k]));
  assert.ok(
    gains[0] > gains[1] && gains[1] > gains[2] && gains[2] > 0,
    `the bowl's sweeps gain less and less: ${gains}`,
  );
  // The second sweep gains less than the threshold, the first more: the search ends after two sweeps.
  assert.deepEqual(await search(6, gains[1] * 1.01), after[2]);
});

Deno.test({
  name: "fit-bayes on 2 workers scores exactly as on one thread",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      await writeSeasonFolder(`${dir}/2025`, generateDemoSeason(2025, { rounds: 5, seed: 3, completed: 5 }).files);
      const seasons = await loadDataSet(dir);
      const options = { targets: [2025], settings, sweeps: 1 };
      const here: FitStep[] = [];
      const inThread = await fitBayesParameters(seasons, { ...options, onStep: (s) => here.push(s) });
      const pool = await startObjectivePool(2, { seasons, targets: [2025], settings });
      try {
        const there: FitStep[] = [];
        const onWorkers = await fitBayesParameters(seasons, {
          ...options,
          evaluate: (p) => pool.run(p),
          batch: pool.size,
          onStep: (s) => there.push(s),
        });
        assert.deepEqual(onWorkers, inThread);
        assert.deepEqual(there, here);
      } finally {
        pool.close();
      }
    }),
});

Deno.test({
  name: "deno task fit-bayes draws its progress and an estimate on a terminal, and nothing of it into a pipe",
  ignore: !(() => {
    try {
      return Deno.statSync("/usr/bin/script").isFile;
    } catch {
      console.log("skipping the terminal progress test: no /usr/bin/script to give the task a terminal");
      return false;
    }
  })(),
  fn: async () => {
    const command =
      "deno task fit-bayes --train-data data/demo --seasons 2025 --sweeps 1 --num-simulations 8 --workers 1";
    const root = new URL("..", import.meta.url);
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    // `script` runs the task on a pseudo-terminal, as a user's shell would.
    const onTerminal = await new Deno.Command("script", { args: ["-qec", command, "/dev/null"], cwd: root }).output();
    const drawn = decode(onTerminal.stdout);
    assert.equal(onTerminal.code, 0, drawn);
    assert.match(drawn, /\r\[#+-*\] \d+\/41 fits at most, about \d+s left/);
    assert.match(drawn, /start: \d\.\d{4}/);
    // Into a pipe, a fit of the start alone is enough to show that no bar is drawn.
    const piped = await new Deno.Command("bash", {
      args: ["-c", command.replace("--sweeps 1", "--sweeps 0")],
      cwd: root,
    })
      .output();
    assert.equal(piped.code, 0);
    assert.match(decode(piped.stdout), /start: \d\.\d{4}/);
    assert.doesNotMatch(decode(piped.stdout) + decode(piped.stderr), /\r|fits at most/);
  },
});
