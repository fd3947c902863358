/**
 * The odd events of real F1 history, read from ../shared/f1db at test time (2014-2025): each imports, loads and
 * keeps its meaning, and every shared season imports and trains with no failed round.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { importF1dbSeason } from "../lib/sources/f1db/f1db.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { loadDataSet, type LoadedSeason, loadSeason } from "../lib/data/load.ts";
import { finishingOrder, type RoundSessions, type Season } from "../lib/data/format.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { startingGrid } from "../lib/data/grid.ts";
import { denoTask, F1DB_DIR, skipWithoutF1db, trainerConfig, withTempDir } from "./helpers.ts";

const DATA = `${F1DB_DIR}/src/data`;
const SKIP = skipWithoutF1db("the tests of real history's events");

/** Each season's import, once per run of this file: several tests read the same seasons. */
const imports = new Map<number, Promise<{ files: Awaited<ReturnType<typeof importF1dbSeason>>; notes: string[] }>>();

/** One season imported as the task would write it, loaded, with what the import noted. */
async function imported(dir: string, year: number) {
  if (!imports.has(year)) {
    const notes: string[] = [];
    imports.set(
      year,
      importF1dbSeason(DATA, year, { note: (line) => notes.push(line) }).then((files) => ({ files, notes })),
    );
  }
  const { files, notes } = await imports.get(year)!;
  await writeSeasonFolder(join(dir, String(year)), files);
  const loaded = await loadSeason(join(dir, String(year)));
  const invalid = loaded.rounds.filter((round) => round.status !== "ok");
  assert.deepEqual([...loaded.issues, ...invalid.flatMap((round) => round.issues)], [], `${year} loads cleanly`);
  return { files, loaded, notes };
}

/** The sessions of the round of a slug, which must have loaded. */
function sessionsOf(loaded: LoadedSeason, slug: string): RoundSessions {
  const round = loaded.rounds.find((r) => r.round.slug === slug);
  assert.ok(round?.status === "ok", `${loaded.season.year} ${slug} loaded`);
  return round.sessions;
}

function roundOf(season: Season, slug: string) {
  return season.calendar.find((round) => round.slug === slug)!;
}

Deno.test({
  name: "history: two drivers of 2014 sharing VER stay two, the one who raced keeps the code",
  ignore: SKIP,
  fn: () =>
    withTempDir(async (dir) => {
      const { loaded, notes } = await imported(dir, 2014);
      const ver = loaded.season.entrants.filter((e) => e.driver.startsWith("VER"));
      assert.deepEqual(ver.map((e) => [e.driver, e.name]).sort(), [
        ["VER", "Jean-Éric Vergne"],
        ["VER2", "Max Verstappen"],
      ]);
      assert.equal(ver.find((e) => e.driver === "VER2")!.rounds.length, 0, "Verstappen drove practice only");
      assert.ok(notes.some((line) => /Max Verstappen is VER2/.test(line)), "the import says so");
      // Japan: Verstappen in Vergne's car in the first practice, Vergne back in it for the second.
      const japan = sessionsOf(loaded, "japan");
      assert.ok(japan.fp1!.some((row) => row.driver === "VER2") && japan.fp2!.some((row) => row.driver === "VER"));
    }),
});

Deno.test({
  name: "history: across seasons, one driver one code: Haryanto and Hartley, Vergne and Verstappen stay apart",
  ignore: SKIP,
  fn: () =>
    withTempDir(async (dir) => {
      for (const year of [2014, 2015, 2016, 2017]) await imported(dir, year);
      const seasons = await loadDataSet(dir);
      const codeOf = (year: number, name: string) =>
        seasons.find((s) => s.season.year === year)!.season.entrants.find((e) => e.name === name)?.driver;
      assert.equal(codeOf(2014, "Max Verstappen"), "VER", "his code of later seasons, in his practice runs too");
      assert.equal(codeOf(2015, "Max Verstappen"), "VER");
      assert.equal(codeOf(2014, "Jean-Éric Vergne"), "VER2");
      assert.equal(codeOf(2017, "Brendon Hartley"), "HAR", "25 races to Haryanto's 12");
      assert.equal(codeOf(2016, "Rio Haryanto"), "HAR2");
      const relabelled = seasons.flatMap((s) => (s.relabelled ?? []).map((r) => `${s.season.year} ${r.from}->${r.to}`));
      assert.deepEqual(relabelled.filter((line) => !/ MAR/.test(line)), [
        "2014 VER->VER2",
        "2014 VER2->VER",
        "2016 HAR->HAR2",
      ]);
      const melbourne = seasons.find((s) => s.season.year === 2016)!.rounds.find((r) => r.round.slug === "australia")!;
      assert.ok(melbourne.status === "ok" && melbourne.sessions.race!.some((r) => r.driver === "HAR2"), "rows follow");
    }),
});

Deno.test({
  name: "history: a session called off is marked cancelled, has no file, and the round forecasts from what ran",
  ignore: SKIP,
  fn: () =>
    withTempDir(async (dir) => {
      const { files, loaded, notes } = await imported(dir, 2020);
      const eifel = roundOf(loaded.season, "eifel");
      assert.deepEqual(eifel.cancelled, ["fp1", "fp2"]);
      assert.ok(![...files.keys()].some((path) => /eifel\/fp[12]\.json$/.test(path)));
      assert.equal(notes.filter((line) => /eifel: fp\d ran no laps/.test(line)).length, 2);
      const output = join(dir, "out", "p.json");
      const outcome = await runTraining(trainerConfig(dir, output, { numSimulations: 100, workers: 1 }));
      assert.deepEqual(outcome.counts.failed, []);
      const document = JSON.parse(await Deno.readTextFile(output));
      const race = Object.values(document.predictions).find((r) =>
        (r as { metadata: { round: number } }).metadata.round === eifel.round
      ) as { metadata: { sessions_used: string[] } };
      assert.deepEqual(race.metadata.sessions_used.slice(0, 2), ["fp3", "qualifying"]);
    }),
});

Deno.test({
  name: "history: excluded qualifiers start the race; did-not-take-part rows are not starters",
  ignore: SKIP,
  fn: () =>
    withTempDir(async (dir) => {
      const baku = { sessions: sessionsOf((await imported(dir, 2019)).loaded, "azerbaijan") };
      const excluded = baku.sessions.qualifying!.filter((row) => row.position === "EX").map((row) => row.driver);
      assert.equal(excluded.length, 2);
      for (const driver of excluded) {
        assert.ok(baku.sessions.grid!.some((row) => row.driver === driver), `${driver} on the grid`);
        assert.ok(finishingOrder(baku.sessions.race!).includes(driver), `${driver} in the finishing order`);
      }
      const melbourne = { sessions: sessionsOf((await imported(dir, 2015)).loaded, "australia") };
      const absent = melbourne.sessions.race!.filter((row) => row.position === "DNP").map((row) => row.driver);
      assert.equal(absent.length, 2, "the two Manor drivers who never ran");
      assert.ok(absent.every((driver) => !finishingOrder(melbourne.sessions.race!).includes(driver)));
    }),
});

Deno.test({
  name: "history: grid penalties of any size, a race of one lap, two qualifiers F1DB placed alike",
  ignore: SKIP,
  fn: () =>
    withTempDir(async (dir) => {
      const spa2016 = { sessions: sessionsOf((await imported(dir, 2016)).loaded, "belgium") };
      assert.ok(spa2016.sessions.grid!.some((row) => row.penalty === 60), "60 places (2016 Belgium)");
      const spa2021 = { sessions: sessionsOf((await imported(dir, 2021)).loaded, "belgium") };
      const winner = spa2021.sessions.race![0];
      assert.deepEqual([winner.driver, winner.laps, winner.points], ["VER", 1, 12.5], "half points after one lap");
      const { loaded, notes } = await imported(dir, 2017);
      const mexico = sessionsOf(loaded, "mexico").qualifying!;
      assert.deepEqual(mexico.slice(-2).map((row) => [row.driver, row.position]), [["GRO", 19], ["GAS", 20]]);
      assert.ok(notes.some((line) => /18-mexico\/qualifying-results\.yml: pierre-gasly shares position 19/.test(line)));
    }),
});

Deno.test({
  name:
    "history: every shared season imports with exit 0 as typed (--seasons 2014-2025), and trains with no failed round",
  ignore: SKIP,
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const years = Array.from({ length: 12 }, (_, i) => 2014 + i);
      const run = await denoTask("import-f1db", [F1DB_DIR, "--seasons", "2014-2025", "--out", join(dir, "f1db")]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /import-f1db: 12 of 12 seasons into .*f1db in \d+\.\d\d s\n/);
      // Each season trained with the one before as its history (linked in, as a user may link seasons): every
      // round of every season is forecast, without walking the whole decade again for each.
      for (const year of years) {
        const pair = join(dir, "pairs", String(year));
        await Deno.mkdir(pair, { recursive: true });
        for (const linked of [year - 1, year].filter((y) => years.includes(y))) {
          await Deno.symlink(join(dir, "f1db", String(linked)), join(pair, String(linked)));
        }
        const output = join(dir, "out", `${year}.json`);
        const config = trainerConfig(pair, output, { season: year, numSimulations: 20, workers: 1 });
        const outcome = await runTraining(config);
        assert.deepEqual(outcome.counts.failed, [], `${year} trains every round`);
      }
    }),
});

Deno.test({
  name: "deno task backtest --seasons: one table over the seasons, each scored from the seasons before it",
  ignore: SKIP,
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      for (const year of [2019, 2020, 2021]) await imported(dir, year);
      const out = join(dir, "bt.json");
      const args = ["--train-data", dir, "--seasons", "2020-2021", "--num-simulations", "50", "--out", out];
      const run = await denoTask("backtest", args);
      const said = run.stdout;
      assert.equal(run.code, 0, run.stderr);
      assert.match(said, /horizon\s+model\s+2020\s+2021\s+mean/);
      assert.match(said, /after_qualifying\s+grid_table(\s+\d\.\d{3}){3}/);
      assert.match(
        said,
        /the default, by the rule .*\n2020 bayes, 2021 bayes\n/,
        "the fallback: one season scored before",
      );
      assert.match(said, /after_qualifying\s+default(\s+\d\.\d{3}){3}/);
      assert.doesNotMatch(said, /not walk-forward/, "2020 and 2021 have fits on the seasons before them");
      assert.match(
        said,
        /calibration slope of the default, every race of the seasons pooled[^\n]*\nbefore_weekend\s+win \d\.\d\d/,
      );
      const report = JSON.parse(await Deno.readTextFile(out));
      assert.deepEqual(report.seasons.map((s: { season: number; history: number[] }) => [s.season, s.history]), [
        [2020, [2019]],
        [2021, [2019, 2020]],
      ]);
    }),
});

Deno.test({
  name: "history: each era's sprint format, and teams carried through their renames",
  ignore: SKIP,
  fn: () =>
    withTempDir(async (dir) => {
      const s2021 = (await imported(dir, 2021)).loaded;
      // 2021's "sprint qualifying" was a race on Saturday that set Sunday's grid, after Friday's qualifying.
      assert.deepEqual(roundOf(s2021.season, "great-britain").schedule, [
        "fp1",
        "qualifying",
        "fp2",
        "sprint",
        "grid",
        "race",
      ]);
      const silverstone = sessionsOf(s2021, "great-britain");
      const { grid: _published, ...beforeGrid } = silverstone;
      const drivers = silverstone.race!.map((row) => row.driver);
      assert.equal(startingGrid({ ...beforeGrid, race: undefined }, drivers)!.get("VER"), 1, "sprint winner on pole");
      assert.equal(silverstone.qualifying![0].driver, "HAM", "though Hamilton was fastest on Friday");
      const s2023 = (await imported(dir, 2023)).loaded;
      assert.deepEqual(roundOf(s2023.season, "azerbaijan").schedule.slice(0, 4), [
        "fp1",
        "qualifying",
        "sprint_qualifying",
        "sprint",
      ]);
      const lineage = (season: Season, team: string) => season.teams!.find((t) => t.id === team)!.predecessors;
      assert.equal(lineage(s2021.season, "aston-martin")[0], "racing-point");
      assert.deepEqual(lineage(s2021.season, "alpine").slice(0, 2), ["renault", "lotus-f1"]);
      assert.deepEqual(lineage(s2023.season, "alfa-romeo")[0], "sauber");
      const s2016 = (await imported(dir, 2016)).loaded;
      assert.equal(lineage(s2016.season, "manor")[0], "marussia");
    }),
});

Deno.test({
  name:
    "deno task import-f1db --seasons: a season F1DB lacks is named, exits 1, and the others are imported; a file for --out is refused",
  ignore: SKIP,
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const run = await denoTask("import-f1db", [F1DB_DIR, "--seasons", "2025-2026", "--out", dir]);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /import-f1db: 2026: F1DB seasons\/2026: expected a season with races; found none/);
      assert.match(run.stdout, /import-f1db: 1 of 2 seasons into .* not imported: 2026 \(above\)/);
      assert.ok((await Deno.stat(join(dir, "2025", "season.json"))).isFile, "2025 imported all the same");
      const into = await denoTask("import-f1db", [F1DB_DIR, "--seasons", "2025", "--out", join(dir, "2025")]);
      assert.equal(into.code, 2, "a season folder is no folder of season folders");
      assert.match(into.stderr, /--out .*2025: expected a folder for the seasons' folders; found a season folder/);
      const onFile = await denoTask("import-f1db", [
        F1DB_DIR,
        "--seasons",
        "2025",
        "--out",
        join(dir, "2025", "season.json"),
      ]);
      assert.equal(onFile.code, 2);
      assert.match(onFile.stderr, /--out .*season\.json: expected a folder for the seasons' folders; found a file/);
    }),
});

Deno.test({
  name: "deno task import-f1db: broken F1DB data is named by its F1DB file and field, and nothing is written",
  ignore: SKIP,
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      // An F1DB tree whose 2021 Bahrain result has a car that ran 900 laps.
      const root = join(dir, "f1db");
      await Deno.mkdir(join(root, "seasons"), { recursive: true });
      for (const shared of ["drivers", "constructors", "circuits", "grands-prix"]) {
        await Deno.symlink(join(DATA, shared), join(root, shared));
      }
      await Deno.mkdir(join(root, "seasons", "2021", "races"), { recursive: true });
      await Deno.copyFile(join(DATA, "seasons/2021/entrants.yml"), join(root, "seasons/2021/entrants.yml"));
      for await (const race of Deno.readDir(join(DATA, "seasons/2021/races"))) {
        await Deno.symlink(join(DATA, "seasons/2021/races", race.name), join(root, "seasons/2021/races", race.name));
      }
      const bahrain = join(root, "seasons/2021/races/01-bahrain");
      await Deno.remove(bahrain);
      await Deno.mkdir(bahrain);
      for await (const file of Deno.readDir(join(DATA, "seasons/2021/races/01-bahrain"))) {
        await Deno.copyFile(join(DATA, "seasons/2021/races/01-bahrain", file.name), join(bahrain, file.name));
      }
      const results = join(bahrain, "race-results.yml");
      await Deno.writeTextFile(results, (await Deno.readTextFile(results)).replace(/laps: 56/, "laps: 900"));
      const out = join(dir, "data", "2021");
      assert.equal((await denoTask("import-f1db", [F1DB_DIR, "--season", "2020", "--out", out])).code, 0);
      const before = await Deno.readTextFile(join(out, "season.json"));
      const run = await denoTask("import-f1db", [root, "--season", "2021", "--out", out]);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /F1DB seasons\/2021\/races\/01-bahrain\/race-results\.yml, imported as .*01-bahrain\/race\.json: \[0\]\.laps: expected .*; found 900/,
      );
      assert.match(run.stderr, /left as it was/);
      assert.equal(await Deno.readTextFile(join(out, "season.json")), before, "the folder's season is untouched");
    }),
});

Deno.test({
  name: "the shipped real seasons (data/f1) are what the importer makes of ../shared/f1db today",
  ignore: SKIP,
  fn: () =>
    withTempDir(async (dir) => {
      const shipped = new URL("../data/f1/", import.meta.url).pathname;
      for (const year of [2023, 2024, 2025]) {
        const files = await importF1dbSeason(DATA, year);
        await writeSeasonFolder(join(dir, String(year)), files);
        for (const path of files.keys()) {
          const ours = await Deno.readTextFile(join(dir, String(year), path));
          assert.equal(await Deno.readTextFile(join(shipped, String(year), path)), ours, `data/f1/${year}/${path}`);
        }
        const listed: string[] = [];
        for await (const entry of Deno.readDir(join(shipped, String(year)))) {
          if (entry.isFile) listed.push(entry.name);
          else {for await (const file of Deno.readDir(join(shipped, String(year), entry.name))) {
              listed.push(`${entry.name}/${file.name}`);
            }}
        }
        assert.deepEqual(listed.sort(), [...files.keys()].sort(), `data/f1/${year} holds no other file`);
      }
    }),
});
