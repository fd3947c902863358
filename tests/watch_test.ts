import assert from "node:assert/strict";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { RetrainScheduler } from "../lib/train/scheduler.ts";
import { isWatchedChange, trainerOwnFiles } from "../lib/train/watch.ts";
import { withTempDir } from "./helpers.ts";
import { formatRounds } from "../lib/train/log.ts";
import { WatchProcess } from "./watch_process.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function demoFolder(dir: string): Promise<string> {
  await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 24, seed: 7, completed: 20 }).files);
  return `${dir}/data`;
}

const QUALIFYING_21 = "2025/21-ardennes-4/qualifying.json";

Deno.test("formatRounds and isWatchedChange", () => {
  assert.equal(formatRounds([3, 4, 5, 9, 11, 12]), "3-5, 9, 11-12");
  const own = new Set(["/d/out/p.json"]);
  assert.equal(isWatchedChange("/d/2025/05-x/race.json", "/d", own), true);
  assert.equal(isWatchedChange("/d/out/p.json", "/d", own), false);
  assert.equal(isWatchedChange("/d/2025/05-x/race.json~", "/d", own), false);
  assert.equal(isWatchedChange("/d/2025/.git/index", "/d", own), false);
  assert.equal(isWatchedChange("/d/2025/05-x/.race.json.123.tmp", "/d", own), false);
  assert.equal(isWatchedChange("/elsewhere/race.json", "/d", own), false);
  // SQLite's rollback journal beside an output inside the data folder is the trainer's own, not data.
  const trainers = trainerOwnFiles("/d/out/p.json");
  for (const name of ["p.json", "p.json.lock", ".p.json.cache.json", "history.sqlite-journal", "training.log"]) {
    assert.equal(isWatchedChange(`/d/out/${name}`, "/d", trainers), false, name);
  }
});

Deno.test("the scheduler debounces a burst into one run and folds changes during a run into one more", async () => {
  const runs: string[][] = [];
  let active = 0;
  let overlapped = false;
  // Each run announces itself; the test waits for runs, not for a clock.
  let started = Promise.withResolvers<void>();
  const secondMayEnd = Promise.withResolvers<void>();
  const scheduler = new RetrainScheduler(30, async (changed) => {
    overlapped ||= active > 0;
    active++;
    runs.push([...changed]);
    started.resolve();
    if (runs.length === 2) await secondMayEnd.promise;
    active--;
  });
  const nextRun = async () => {
    await started.promise;
    started = Promise.withResolvers<void>();
  };
  for (let k = 0; k < 50; k++) scheduler.notify(`f${k % 5}.json`);
  await nextRun();
  assert.deepEqual(runs, [["f0.json", "f1.json", "f2.json", "f3.json", "f4.json"]]);
  scheduler.notify("a.json");
  await nextRun();
  assert.deepEqual(runs[1], ["a.json"], "the second run is going");
  for (const name of ["b.json", "c.json", "b.json"]) scheduler.notify(name);
  // Past the debounce three times over, with run 2 still going: no run may start (the wait only makes it likelier
  // that a wrong scheduler shows; a right one passes however long it is).
  await new Promise((resolve) => setTimeout(resolve, 90));
  assert.equal(runs.length, 2, "no run starts while one is going");
  secondMayEnd.resolve();
  await nextRun();
  assert.deepEqual(runs.slice(2), [["b.json", "c.json"]]);
  await scheduler.stop();
  assert.equal(runs.length, 3);
  assert.equal(overlapped, false);
});

Deno.test({
  name: "watch: a burst of 50 writes gives one retrain; deleted files and new round folders are picked up",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const data = await demoFolder(dir);
      const output = `${dir}/out/p.json`;
      const watch = new WatchProcess(data, output, ["--debounce-ms", "400", "--num-simulations", "300"]);
      try {
        await watch.waitFor("the first training", () => watch.finishedRuns().length === 1);
        assert.match(watch.finishedRuns()[0], /run 1 \(start\): season 2025: 24 races, 24 retrained \(rounds 1-24\)/);
        const original = await Deno.readTextFile(`${data}/${QUALIFYING_21}`);
        for (let k = 1; k <= 50; k++) await Deno.writeTextFile(`${data}/${QUALIFYING_21}`, original + " ".repeat(k));
        await watch.waitFor("the retrain after the burst", () => watch.finishedRuns().length === 2);
        await sleep(1500);
        assert.equal(watch.finishedRuns().length, 2, "exactly one retrain for the burst");
        assert.match(
          watch.finishedRuns()[1],
          /24 races, 4 retrained \(rounds 21-24\), 20 reused, 0 failed .*changed: 2025\/21-ardennes-4\/qualifying\.json$/,
        );
        assert.equal(
          (await Deno.readTextFile(`${dir}/out/training.log`)).split("\n").filter((l) => / INFO season/.test(l)).length,
          2,
        );

        await Deno.remove(`${data}/${QUALIFYING_21}`);
        await Deno.remove(`${data}/2025/21-ardennes-4/grid.json`);
        await watch.waitFor("the retrain after deletes", () => watch.finishedRuns().length === 3);
        let round21 = JSON.parse(await Deno.readTextFile(output)).predictions["Ardennes Grand Prix 4"];
        assert.equal(round21.metadata.as_of, "fp3");

        const calendar = JSON.parse(await Deno.readTextFile(`${data}/2025/season.json`)).calendar;
        const next = calendar.find((r: { round: number }) => r.round === 22);
        await Deno.mkdir(`${data}/2025/22-${next.slug}`);
        await Deno.copyFile(`${data}/2025/21-ardennes-4/fp1.json`, `${data}/2025/22-${next.slug}/fp1.json`);
        await watch.waitFor("the retrain after a new round folder", () => watch.finishedRuns().length === 4);
        assert.match(watch.finishedRuns()[3], /retrained \(rounds 22-24\)/);
        const document = JSON.parse(await Deno.readTextFile(output));
        assert.equal(document.predictions[next.name].metadata.as_of, "fp1");
        round21 = document.predictions["Ardennes Grand Prix 4"];
        assert.equal(round21.metadata.status, "ok");
      } finally {
        assert.equal(await watch.stop(), 0);
      }
    }),
});

Deno.test({
  name: "watch: a half-written file is logged and leaves the output alone; the next valid write recovers",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const data = await demoFolder(dir);
      const output = `${dir}/out/p.json`;
      const watch = new WatchProcess(data, output, ["--debounce-ms", "300", "--num-simulations", "300"]);
      try {
        await watch.waitFor("the first training", () => watch.finishedRuns().length === 1);
        const before = await Deno.readTextFile(output);
        const original = await Deno.readTextFile(`${data}/${QUALIFYING_21}`);
        await Deno.writeTextFile(`${data}/${QUALIFYING_21}`, original.slice(0, original.length / 2));
        await watch.waitFor("the error", (lines) => lines.some((line) => line.includes("wrote nothing")));
        const error = watch.lines.find((line) => line.includes("wrote nothing"))!;
        assert.match(error, /qualifying\.json: expected valid JSON/);
        assert.equal(await Deno.readTextFile(output), before, "the output is untouched");
        assert.match(await Deno.readTextFile(`${dir}/out/training.log`), /ERROR watch: run 2 .*wrote nothing/);

        await Deno.writeTextFile(`${data}/${QUALIFYING_21}`, `${original}\n`);
        await watch.waitFor("the recovery", () => watch.finishedRuns().length === 2);
        assert.match(watch.finishedRuns()[1], /run 3 .*4 retrained \(rounds 21-24\).* 0 failed/);
        assert.notEqual(await Deno.readTextFile(output), before);
      } finally {
        assert.equal(await watch.stop(), 0);
      }
    }),
});

Deno.test({
  name: "watch: a change during a run gives exactly one follow-up; SIGINT mid-run exits 0 with a whole output",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const data = await demoFolder(dir);
      const output = `${dir}/out/p.json`;
      // Enough simulations that retraining all 24 rounds takes a good second (1.7 s here, most of it the title odds
      // after each of the 20 rounds run), well past the writes below and the 200 ms before the SIGINT.
      const watch = new WatchProcess(data, output, ["--debounce-ms", "200", "--num-simulations", "4000"]);
      await watch.waitFor("the first training", () => watch.finishedRuns().length === 1);
      const first = "2025/01-sakhir/fp1.json";
      const second = "2025/02-harbour/fp1.json";
      const fp1 = await Deno.readTextFile(`${data}/${first}`);
      const fp1Second = await Deno.readTextFile(`${data}/${second}`);
      await Deno.writeTextFile(`${data}/${first}`, `${fp1} `);
      await watch.waitFor("run 2 to start", (lines) => lines.some((line) => line.includes("run 2 started")));
      // Whole files, as an editor or the live poller saves them: run 2 reads them while they change, and a file
      // truncated mid-write would make that run fail (under load it did), which is not what this test is about.
      const writeWhole = async (path: string, text: string) => {
        await Deno.writeTextFile(`${path}.tmp`, text);
        await Deno.rename(`${path}.tmp`, path);
      };
      for (const k of [2, 3, 4]) {
        await writeWhole(`${data}/${first}`, `${fp1}${" ".repeat(k)}`);
        await writeWhole(`${data}/${second}`, `${fp1Second}${" ".repeat(k)}`);
        await sleep(20);
      }
      await watch.waitFor("run 3", () => watch.finishedRuns().length === 3);
      await sleep(1000);
      const runs = watch.finishedRuns();
      assert.equal(runs.length, 3, `exactly one follow-up run:\n${runs.join("\n")}`);
      assert.match(runs[2], /changed: 2025\/01-sakhir\/fp1\.json, 2025\/02-harbour\/fp1\.json$/);
      const order = watch.lines.filter((line) => /run \d+ (started|\()/.test(line)).map((line) =>
        line.includes("started") ? "start" : "end"
      );
      assert.deepEqual(order, ["start", "end", "start", "end", "start", "end"], "runs never overlap");

      await Deno.writeTextFile(`${data}/${first}`, fp1);
      await watch.waitFor("run 4 to start", (lines) => lines.some((line) => line.includes("run 4 started")));
      await sleep(200);
      watch.signal("SIGINT");
      assert.equal(await watch.exitCode(), 0);
      assert.match(watch.lines.at(-1)!, /stopped: SIGINT received; the run in flight finished first/);
      const document = JSON.parse(await Deno.readTextFile(output));
      assert.equal(Object.keys(document.predictions).length, 24);
      const leftovers = [...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).filter((n) => n.endsWith(".tmp"));
      assert.deepEqual(leftovers, []);
    }),
});

Deno.test({
  name: "watch: a data folder deleted and created again is watched again",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const data = await demoFolder(dir);
      const output = `${dir}/out/p.json`;
      const watch = new WatchProcess(data, output, ["--debounce-ms", "200", "--num-simulations", "200"]);
      try {
        await watch.waitFor("the first training", () => watch.finishedRuns().length === 1);
        await Deno.rename(data, `${dir}/moved`);
        await sleep(600);
        await Deno.rename(`${dir}/moved`, data);
        await watch.waitFor("the retrain once the folder is back", () => watch.finishedRuns().length === 2);
        const log = await Deno.readTextFile(`${dir}/out/training.log`);
        assert.match(log, /was removed; waiting for it to come back/);
        assert.match(log, /is back; retraining/);
        // And it still hears changes after that.
        const original = await Deno.readTextFile(`${data}/${QUALIFYING_21}`);
        await Deno.writeTextFile(`${data}/${QUALIFYING_21}`, original + " ");
        await watch.waitFor(
          "a retrain after a change in the recreated folder",
          () => watch.finishedRuns().length === 3,
        );
      } finally {
        assert.equal(await watch.stop(), 0);
      }
    }),
});

Deno.test({
  name: "watch: Ctrl+C waits for the run in flight, Ctrl+\\ then stops it at once, with nothing half-written",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const data = await demoFolder(dir);
      const output = `${dir}/out/p.json`;
      // Enough simulations that a full retrain takes several seconds.
      const watch = new WatchProcess(data, output, ["--debounce-ms", "100", "--num-simulations", "60000"]);
      await watch.waitFor("the first run to start", (lines) => lines.some((line) => line.includes("run 1 started")));
      // Twice, as `deno task` at a terminal delivers one Ctrl+C: still one request to stop after the run.
      watch.signal("SIGINT");
      watch.signal("SIGINT");
      await watch.waitFor("the stop request", (lines) => lines.some((line) => line.includes("SIGINT received")));
      watch.signal("SIGQUIT");
      assert.equal(await watch.exitCode(), 131);
      const said = watch.lines.join("\n");
      assert.equal(said.match(/SIGINT received: stopping once the run in flight is written/g)?.length, 1, said);
      assert.match(said, /SIGQUIT: stopped at once; the output is the last one written in full/);
      const leftovers = [...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).filter((n) => n.endsWith(".tmp"));
      assert.deepEqual(leftovers, [], "no half-written file");
      // Whatever the run reached before it was stopped, the output is absent or whole: it is only replaced by rename.
      const written = await Deno.readTextFile(output).catch(() => undefined);
      if (written !== undefined) assert.ok(Object.keys(JSON.parse(written).predictions).length > 0);
    }),
});

Deno.test({
  name: "watch: edits inside a round folder that is a symlink retrain, as train reads them; a folder linked in too",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const data = await demoFolder(dir);
      // Round 21 lives elsewhere (a shared drive, another checkout) and is linked into the season folder.
      await Deno.mkdir(`${dir}/elsewhere`);
      await Deno.rename(`${data}/2025/21-ardennes-4`, `${dir}/elsewhere/21-ardennes-4`);
      await Deno.symlink(`${dir}/elsewhere/21-ardennes-4`, `${data}/2025/21-ardennes-4`);
      const watch = new WatchProcess(data, `${dir}/out/p.json`, ["--debounce-ms", "300", "--num-simulations", "200"]);
      try {
        await watch.waitFor("the first training", () => watch.finishedRuns().length === 1);
        assert.match(watch.finishedRuns()[0], /season 2025: 24 races, 24 retrained/);
        const target = `${dir}/elsewhere/21-ardennes-4/qualifying.json`;
        await Deno.writeTextFile(target, (await Deno.readTextFile(target)) + " ");
        await watch.waitFor("the retrain after an edit at the link's target", () => watch.finishedRuns().length === 2);
        assert.match(
          watch.finishedRuns()[1],
          /4 retrained \(rounds 21-24\).*changed: 2025\/21-ardennes-4\/qualifying\.json$/,
        );

        // Round 22's folder, made elsewhere and linked in while the watch runs; then a file lands in it.
        const calendar = JSON.parse(await Deno.readTextFile(`${data}/2025/season.json`)).calendar;
        const folder = `22-${calendar.find((r: { round: number }) => r.round === 22).slug}`;
        await Deno.mkdir(`${dir}/elsewhere/${folder}`);
        await Deno.symlink(`${dir}/elsewhere/${folder}`, `${data}/2025/${folder}`);
        await watch.waitFor(
          "the linked folder is watched",
          () => watch.lines.some((l) => l.includes(`2025/${folder}`)),
        );
        await Deno.copyFile(target.replace("qualifying", "fp1"), `${dir}/elsewhere/${folder}/fp1.json`);
        const round22 = calendar.find((r: { round: number }) => r.round === 22).name;
        const asOf = () => JSON.parse(Deno.readTextFileSync(`${dir}/out/p.json`)).predictions[round22].metadata.as_of;
        await watch.waitFor("round 22 forecast after its linked practice", () =>
          watch.finishedRuns().some((line) => line.includes(`2025/${folder}/fp1.json`)) && asOf() === "fp1");
      } finally {
        assert.equal(await watch.stop(), 0);
      }
    }),
});
