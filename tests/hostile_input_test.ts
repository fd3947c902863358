/** Input meant to mislead, through the tasks as a user would type it (issue 36): each is refused or made harmless. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { denoTask, importF1dbSeasons, skipWithoutF1db, withServer, withTempDir } from "./helpers.ts";
import { readSeasonFolder, serveErgast } from "./ergast_fixture.ts";
import { JsonSource, MAX_BODY_BYTES, SourceResponseError } from "../lib/sources/http_source.ts";

/** `deno task train` on DIR/data into DIR/p.json, with few simulations. */
function quickTrain(dir: string) {
  return denoTask("train", [
    "--train-data",
    join(dir, "data"),
    "--output",
    join(dir, "p.json"),
    "--num-simulations",
    "100",
  ]);
}

Deno.test("deno task train: numbers are decimal integers, nothing else", async () => {
  for (const args of [["--num-simulations", "0x10"], ["--num-simulations", "1e3"], ["--seed", ""]]) {
    const run = await denoTask("train", args);
    assert.equal(run.code, 2, args.join(" "));
    assert.match(run.stderr, new RegExp(`train: ${args[0]}: expected an integer`));
  }
});

Deno.test("deno task train: a team name holding terminal escapes prints as text", async () => {
  await withTempDir(async (dir) => {
    const { files } = generateDemoSeason(2025, { rounds: 3, seed: 5, completed: 1 });
    const season = files.get("season.json") as { entrants: Array<{ team_name: string }> };
    for (const entrant of season.entrants) entrant.team_name = `Evil\x1b]0;pwned\x07\x1b[2J Racing`;
    await writeSeasonFolder(join(dir, "data", "2025"), files);
    const run = await quickTrain(dir);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      !run.stdout.includes("\x1b") && !run.stdout.includes("\x07"),
      "no raw control character reaches the terminal",
    );
    assert.match(run.stdout, /Evil\\x1b\]0;pwned\\x07/);
  });
});

Deno.test("deno task watch: a file where the data folder belongs is exit 2 at once, not a watch", async () => {
  const run = await denoTask("watch", ["--train-data", "data/f1/2025/season.json"]);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /^watch: --train-data data\/f1\/2025\/season\.json: expected a season folder .*; found a file/m,
  );
});

Deno.test({
  name: "deno task train: four trainers on one output take turns; every run is in its history, none lost",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const { files } = generateDemoSeason(2025, { rounds: 8, seed: 6, completed: 6 });
      await writeSeasonFolder(join(dir, "data", "2025"), files);
      const output = join(dir, "p.json");
      // Different seeds, so no run can reuse another's cache and each takes long enough to overlap the others.
      const runs = await Promise.all([1, 2, 3, 4].map((seed) =>
        denoTask("train", [
          "--train-data",
          join(dir, "data"),
          "--output",
          output,
          "--num-simulations",
          "20000",
          "--seed",
          String(seed),
          "--workers",
          "1",
        ])
      ));
      for (const run of runs) assert.equal(run.code, 0, run.stderr);
      const document = JSON.parse(await Deno.readTextFile(output));
      // A run that wrote while another did would have read the output before the other's entry landed.
      assert.equal(document.metadata.training_history.length, 4, "each run read the one before it");
      assert.ok(runs.some((run) => /another trainer is writing it; waiting/.test(run.stderr)), "someone waited");
    }),
});

Deno.test("deno task train: a season folder that is a symlink is history like any other, not ignored", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(
      join(dir, "elsewhere", "2024"),
      generateDemoSeason(2024, { rounds: 4, seed: 3, completed: 4 }).files,
    );
    await writeSeasonFolder(
      join(dir, "data", "2025"),
      generateDemoSeason(2025, { rounds: 4, seed: 4, completed: 2 }).files,
    );
    const train = (output: string) =>
      denoTask("train", ["--train-data", join(dir, "data"), "--output", join(dir, output), "--num-simulations", "100"]);
    assert.equal((await train("alone.json")).code, 0);
    await Deno.symlink(join(dir, "elsewhere", "2024"), join(dir, "data", "2024"));
    assert.equal((await train("linked.json")).code, 0);
    const hash = async (file: string) => JSON.parse(await Deno.readTextFile(join(dir, file))).metadata.data_hash;
    assert.notEqual(await hash("linked.json"), await hash("alone.json"), "the linked season is read");
  });
});

Deno.test("a race that contradicts itself is refused, naming the row: order, gaps, laps, dates", async () => {
  await withTempDir(async (dir) => {
    const { files } = generateDemoSeason(2025, { rounds: 3, seed: 8, completed: 3 });
    const race = [...files.keys()].find((path) => path.startsWith("02-") && path.endsWith("/race.json"))!;
    const rows = files.get(race) as Array<{ position: number | string; laps: number | null }>;
    const swapped = [rows[1], rows[0], ...rows.slice(2)]; // P2's row first: the API would name P2 the winner
    const season = files.get("season.json") as { calendar: Array<{ date: string }>; entrants: unknown[] };
    season.calendar[2].date = "2025-01-01"; // round 3 before round 2
    files.set(race, swapped);
    await writeSeasonFolder(join(dir, "data", "2025"), files);
    const run = await denoTask("train", ["--train-data", join(dir, "data"), "--output", join(dir, "p.json")]);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /calendar\[2\]\.date: expected a date on or after round 2's/);
    season.calendar[2].date = "2025-12-01";
    await writeSeasonFolder(join(dir, "data", "2025"), files);
    const again = await quickTrain(dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /race\.json: \[0\]\.position: expected position 1, in classification order; found 2/);
    // Two drivers racing one round with one car number.
    const entrants = season.entrants as unknown as Array<{ driver: string; number: number; rounds: number[] }>;
    const [first, second] = entrants.filter((e) => e.rounds.includes(1));
    second.number = first.number;
    await writeSeasonFolder(join(dir, "data", "2025"), files);
    const numbers = await quickTrain(dir);
    assert.notEqual(numbers.code, 0);
    assert.match(
      numbers.stderr,
      new RegExp(`number: expected a car number no other driver races in round 1; found ${first.number}`),
    );
  });
});

Deno.test("a source that never answers, trickles, sends too much or asks to wait for ever ends with a reason", async () => {
  const quick = (baseUrl: string) => new JsonSource({ baseUrl, timeoutMs: 300, budgetMs: 2_000, minIntervalMs: 0 });
  const hung = Promise.withResolvers<void>();
  await withServer(() => hung.promise.then(() => new Response("{}")), async (url) => {
    await assert.rejects(quick(url).get("x"), /no whole answer within 0\.3 s; retrying; past 2 s in all/);
    hung.resolve(); // so the server can shut down
  });
  await withServer(() =>
    new Response(
      new ReadableStream({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          controller.enqueue(new TextEncoder().encode(" "));
        },
      }),
    ), async (url) => {
    await assert.rejects(quick(url).get("x"), /no whole answer within 0\.3 s/);
  });
  await withServer(() => new Response(new Uint8Array(MAX_BODY_BYTES + 1)), async (url) => {
    await assert.rejects(quick(url).get("x"), SourceResponseError);
  });
  await withServer(() => new Response("", { status: 429, headers: { "retry-after": "999999999" } }), async (url) => {
    await assert.rejects(quick(url).get("x"), /rate limited \(HTTP 429\); past 2 s in all/);
  });
});

Deno.test("deno task import-jolpica and live: a malformed --base-url is exit 2 at once, not a minute of retries", async () => {
  const runs = {
    "import-jolpica": ["--season", "2025", "--out", "/tmp/f1hp-none/2025", "--base-url", "htp:/x"],
    live: ["--season", "2025", "--train-data", "/tmp/f1hp-none", "--base-url", "htp:/x"],
  };
  for (const [task, args] of Object.entries(runs)) {
    const run = await denoTask(task, args);
    assert.equal(run.code, 2, `${task}: ${run.stderr}`);
    assert.match(run.stderr, /--base-url: expected an http\(s\) address/);
  }
});

Deno.test({
  name: "deno task import-jolpica: a re-import whose answer is bad (a driver twice) leaves the good files as they were",
  ignore: skipWithoutF1db("a Jolpica source that turns bad"),
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      await importF1dbSeasons(join(dir, "source"), [2025]);
      const honest = serveErgast(await readSeasonFolder(join(dir, "source", "2025")));
      // The same answers, but every race result lists its winner twice.
      const broken = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
        const url = new URL(request.url);
        const body = await (await fetch(`${honest.baseUrl.replace(/\/ergast\/f1$/, "")}${url.pathname}${url.search}`))
          .json();
        for (const race of body?.MRData?.RaceTable?.Races ?? []) {
          if (Array.isArray(race.Results) && race.Results.length > 0) race.Results.push(race.Results[0]);
        }
        return Response.json(body);
      });
      try {
        const out = join(dir, "data", "2025");
        const args = (baseUrl: string) => ["--season", "2025", "--round", "3", "--out", out, "--base-url", baseUrl];
        const good = await denoTask("import-jolpica", args(honest.baseUrl));
        assert.equal(good.code, 0, good.stderr);
        const before = await readSeasonFolder(out);
        const bad = await denoTask("import-jolpica", args(`http://127.0.0.1:${broken.addr.port}/ergast/f1`));
        assert.equal(bad.code, 1);
        assert.match(
          bad.stderr,
          /answer for 03-[a-z-]+\/race\.json: \[\d+\]\.driver: expected each driver once per session/,
        );
        assert.deepEqual(await readSeasonFolder(out), before, "the good files stay");
      } finally {
        await broken.shutdown();
        await honest.stop();
      }
    }),
});
