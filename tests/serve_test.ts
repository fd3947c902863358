/**
 * The server against real predictions on a random loopback port, and the
 * dashboard in headless Chromium. CI installs Chromium and sets
 * F1HP_REQUIRE_BROWSER=1, so there a missing browser fails instead of skipping.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { seasonReportHtml } from "../lib/report/season_report.ts";
import { HistoryDb, MIGRATIONS } from "../lib/store/sqlite.ts";
import { runTraining } from "../lib/train/trainer.ts";
import { bundleDashboard } from "../lib/serve/server.ts";
import { createApiHandler } from "../lib/serve/api.ts";
import { PredictionsStore } from "../lib/serve/store.ts";
import type { HistoryStore } from "../lib/store/history.ts";
import { CHROMIUM, denoTask, HAVE_CHROMIUM, screenshotFolder, trainerConfig, withTempDir } from "./helpers.ts";
import { servedSeason, within, withServer } from "./served.ts";
import { API_ROUTES, apiPath } from "../lib/format/api.ts";

/** A request sent as raw bytes, so no client tidies the path or drops a body. */
async function rawRequest(
  url: string,
  head: string,
  options: { body?: string; host?: string } = {},
): Promise<{ status: number; text: string }> {
  const { body = "", host } = options;
  const { hostname, port } = new URL(url);
  const connection = await Deno.connect({ hostname, port: Number(port) });
  await connection.write(
    new TextEncoder().encode(`${head}\r\nHost: ${host ?? hostname}\r\nConnection: close\r\n\r\n${body}`),
  );
  const text = new TextDecoder().decode(await new Response(connection.readable).arrayBuffer());
  return { status: Number(text.split(" ")[1]), text };
}

Deno.test("history database: versioned migrations, one row per distinct forecast, each output's own timeline", async () => {
  await withTempDir(async (dir) => {
    const { output, data } = await servedSeason(dir);
    // Another output in the same folder (another configuration): its runs must not show in p.json's timeline.
    await runTraining(trainerConfig(data, `${dir}/out/other.json`, { seed: 9 }));
    using db = HistoryDb.open(`${dir}/out/history.sqlite`);
    assert.equal(db.version, MIGRATIONS.length);
    assert.equal(db.runCount(), 3);
    const document = JSON.parse(await Deno.readTextFile(output));
    const mine = { output: "p.json", configHash: document.metadata.config_hash };
    const timeline = db.forecastsFor({ season: 2025, round: 6 }, mine).map((entry) => entry.as_of);
    assert.equal(timeline.length, 2, "the forecast before and after qualifying");
    assert.notEqual(timeline[0], "grid");
    assert.equal(timeline[1], "grid");
    assert.equal(db.forecastsFor({ season: 2025, round: 3 }, mine).length, 1, "an unchanged forecast is stored once");
    assert.deepEqual(
      db.forecastsFor({ season: 2025, round: 6 }, mine).at(-1)!.predictions,
      document.predictions[Object.keys(document.predictions)[5]].predictions,
    );
    const other = JSON.parse(await Deno.readTextFile(`${dir}/out/other.json`));
    const theirs = { output: "other.json", configHash: other.metadata.config_hash };
    assert.equal(db.forecastsFor({ season: 2025, round: 6 }, theirs).length, 1);
    assert.equal(db.forecastsFor({ season: 2025, round: 6 }, { ...theirs, output: "p.json" }).length, 0);
    const lines = (await Deno.readTextFile(`${dir}/out/training_history.jsonl`)).trim().split("\n").map((l) =>
      JSON.parse(l)
    );
    assert.deepEqual(lines.map((line) => line.output), ["p.json", "p.json", "other.json"]);
  });
});

Deno.test("API: the title odds after every round run, and any two drivers compared from both sides", async () => {
  await withServer(async (server) => {
    const get = async (path: string) => ({ body: await (await fetch(`${server.url}${path}`)).json() });
    const races = await get("/api/races");
    const [first, second] = (await get("/api/races/8")).body.predictions.map((row: { driver: string }) => row.driver);
    const titleOdds = await get("/api/title-odds");
    assert.deepEqual(
      titleOdds.body.rounds.map((point: { as_of_round: number }) => point.as_of_round),
      races.body.filter((r: { winner: string | null }) => r.winner !== null).map((r: { round: number }) => r.round),
      "title odds after every round run",
    );
    const compare = await get(`/api/compare/${first}-${second}`);
    assert.deepEqual(compare.body.drivers, [first, second]);
    assert.ok(
      compare.body.so_far.races <= compare.body.races.filter((r: { result: unknown }) => r.result !== null).length,
    );
    const ahead = compare.body.races.find((r: { race_ahead: number | null }) => r.race_ahead !== null);
    assert.ok(ahead !== undefined, "a race to come has the pair's head-to-head");
    const mirrored = await get(`/api/compare/${second}-${first}`);
    const back = mirrored.body.races.find((r: { round: number }) => r.round === ahead.round);
    assert.ok(Math.abs(ahead.race_ahead + back.race_ahead - 1) < 1e-6, "P(a ahead of b) + P(b ahead of a) = 1");
  });
});

Deno.test("API: every endpoint, 404s, and the request limits", async () => {
  await withServer(async (server) => {
    const get = async (path: string) => {
      const response = await fetch(`${server.url}${path}`);
      return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
    };
    const health = await get("/healthz");
    assert.equal(health.status, 200);
    assert.equal(health.body.races, 8);
    const season = await get("/api/season");
    assert.equal(season.body.metadata.season, 2025);
    assert.ok(season.body.season_projection.drivers.length > 0);
    assert.equal(
      season.body.calibration.win.bins.reduce((n: number, b: { count: number }) => n + b.count, 0) > 0,
      true,
    );
    const races = await get("/api/races");
    assert.deepEqual(races.body.map((r: { round: number }) => r.round), [1, 2, 3, 4, 5, 6, 7, 8]);
    const race = await get("/api/races/6");
    assert.equal(race.status, 200);
    assert.deepEqual(Object.keys(race.body.scenarios).sort(), ["dry", "safety_car", "wet"]);
    const total = race.body.predictions.reduce(
      (sum: number, row: { win_probability: number }) => sum + row.win_probability,
      0,
    );
    assert.ok(Math.abs(total - 1) < 1e-3);
    const driver = await get(`/api/drivers/${race.body.predictions[0].driver.toLowerCase()}`);
    assert.equal(driver.status, 200);
    assert.equal(driver.body.races.length, 8);
    const history = await get("/api/history/6");
    assert.deepEqual(history.body.forecasts.map((f: { as_of: string }) => f.as_of).at(-1), "grid");
    assert.equal(history.body.forecasts.length, 2);
    assert.match(race.type!, /^application\/json/);

    // Every endpoint of the contract answers, and docs/api.md lists it.
    const documented = await Deno.readTextFile(new URL("../docs/api.md", import.meta.url));
    const [first, second] = race.body.predictions.map((row: { driver: string }) => row.driver);
    const example = {
      round: 6,
      code: first,
      id: season.body.season_projection.teams[0].id,
      pair: `${first}-${second}`,
    };
    for (const route of API_ROUTES) {
      assert.ok(documented.includes(`| \`${route}\``), `docs/api.md lists ${route}`);
      const parameter = route.match(/:(\w+)/)?.[1] as keyof typeof example | undefined;
      const answer = await get(apiPath(route, parameter === undefined ? undefined : example[parameter]));
      assert.equal(answer.status, 200, route);
    }

    for (
      const path of [
        "/api/races/99",
        "/api/drivers/XYZ",
        "/api/history/99",
        "/api/compare/NOR-NOR",
        "/api/nothing",
        "/nothing",
      ]
    ) {
      const missing = await get(path);
      assert.equal(missing.status, 404, path);
      assert.equal(missing.body.error.status, 404);
    }
    assert.equal((await get("/api/races/abc")).status, 404);
    const post = await fetch(`${server.url}/api/races`, { method: "POST", body: "{}" });
    assert.equal(post.status, 405);
    assert.equal((await post.json()).error.status, 405);
    assert.equal((await get(`/api/races?${"x".repeat(3000)}`)).status, 414);
    const withBody = await rawRequest(server.url, "GET /api/races HTTP/1.1\r\nContent-Length: 5", { body: "hello" });
    assert.equal(withBody.status, 413);
  });
});

Deno.test("API: path traversal gets a 404, never a file", async () => {
  await withServer(async (server) => {
    for (const path of ["/../deno.json", "/assets/../../deno.json", "/%2e%2e/deno.json", "/assets/..%2f..%2fmain.ts"]) {
      const response = await rawRequest(server.url, `GET ${path} HTTP/1.1`);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(response.text, /"tasks"|import \{/, `${path} leaks no file`);
    }
  });
});

Deno.test("API: /api/events announces new predictions after a retrain", async () => {
  await withServer(async (server, { output, data }) => {
    const response = await fetch(`${server.url}/api/events`);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    const until = async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(received)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${received}`);
        const { value, done } = await reader.read();
        if (done) throw new Error("the event stream ended");
        received += value;
      }
    };
    await until(/event: hello/);
    const outcome = await runTraining(trainerConfig(data, output, { model: "bayes", seed: 43 }));
    await until(new RegExp(`event: predictions\\ndata: \\{"generated_at":"${outcome.document.metadata.generated_at}"`));
    const health = await (await fetch(`${server.url}/healthz`)).json();
    assert.equal(health.generated_at, outcome.document.metadata.generated_at, "served without a restart");
    // The stream is still open: shutting down must end it rather than wait for it.
    assert.equal(await within(server.shutdown(), 5000), "done", "shutdown ends open event streams");
    while (!(await reader.read()).done) { /* drain what was sent before the end */ }
  });
});

Deno.test({
  name: "dashboard in headless Chromium: the race page shows the API's probabilities",
  ignore: (() => {
    if (HAVE_CHROMIUM || Deno.env.get("F1HP_REQUIRE_BROWSER") === "1") return false;
    console.log(`skipping the browser test: no Chromium at ${CHROMIUM} (Debian package chromium)`);
    return true;
  })(),
  fn: async () => {
    assert.ok(HAVE_CHROMIUM, `no Chromium at ${CHROMIUM}`);
    const script = await bundleDashboard();
    assert.doesNotMatch(script, /https?:\/\/(cdn|unpkg|esm\.sh|jsdelivr)/, "no CDN in the bundle");
    await withServer(async (server) => {
      const shots = await screenshotFolder("dashboard");
      const served = JSON.parse(await Deno.readTextFile(server.store.path));
      await Deno.writeTextFile(`${shots}/report.html`, seasonReportHtml(served));
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-all",
          new URL("./browser/dashboard_page.ts", import.meta.url).pathname,
          server.url,
          "6",
          shots,
          "7",
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      const page = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
      const api = await (await fetch(`${server.url}/api/races/6`)).json();
      assert.deepEqual(
        page.shown,
        api.predictions.map((
          row: { driver: string; win_probability: number },
        ) => [row.driver, String(row.win_probability)]),
      );
      assert.ok(page.charts >= 3, "charts drawn");
      const upcoming = await (await fetch(`${server.url}/api/races/7`)).json();
      assert.deepEqual(
        page.qualifying,
        upcoming.qualifying.slice(0, 10).map((line: { driver: string }) => line.driver),
        "the qualifying forecast of a race whose qualifying is to run, likeliest pole first",
      );
      assert.equal(api.qualifying, undefined, "none once the qualifying has run");
      assert.equal(page.headToHead.length, api.head_to_head.length, "a row per pair of team-mates");
      assert.ok(page.headToHead.every((text: string) => / \/ /.test(text)), "both team-mates' chances");
      // The season page: the constructors' championship by team name, and no certainty a simulation cannot show.
      const season = await (await fetch(`${server.url}/api/season`)).json();
      assert.deepEqual(
        page.teams,
        season.season_projection.teams.slice(0, 10).map((team: { name: string }) => team.name),
      );
      assert.ok(!/100\.0%|\b0\.0%|as of none/.test(page.seasonText), "no 100.0%, 0.0% or 'as of none'");
      // The leaders' pages: strength over time, every race with a result, the head-to-heads.
      const leader = season.season_projection.drivers[0].id;
      const driverApi = await (await fetch(`${server.url}/api/drivers/${leader}`)).json();
      assert.equal(page.driver.hash, `#/driver/${leader}`);
      assert.ok(page.driver.charts >= 1, "the driver's strength over time");
      assert.equal(
        page.driver.results,
        driverApi.races.filter((race: { actual_position: unknown }) => race.actual_position !== null).length,
      );
      assert.equal(page.driver.headToHead, driverApi.races.length, "a head-to-head line at every race");
      const leadingTeam = season.season_projection.teams[0].id;
      const teamApi = await (await fetch(`${server.url}/api/teams/${leadingTeam}`)).json();
      assert.equal(page.team.hash, `#/team/${leadingTeam}`);
      assert.ok(page.team.charts >= 1, "the car's strength over time");
      assert.equal(
        page.team.rows,
        teamApi.races.reduce((n: number, race: { drivers: unknown[] }) => n + race.drivers.length, 0),
      );
      assert.ok(page.reportCharts >= 5, "the report's charts drawn");
      assert.deepEqual(page.failed, [], "no failed request or script error");
      const png = await Deno.readFile(`${shots}/race-6.png`);
      assert.deepEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47], "a PNG screenshot");
      console.log(`screenshots: ${shots}`);
    }, script);
  },
});

Deno.test("serve: a port in use and a host outside the task's permission are one line each, exit 2", async () => {
  await withServer(async (server, { output }) => {
    const port = new URL(server.url).port;
    const serve = (args: string[]) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-read",
          "--allow-write",
          "--allow-env",
          "--allow-net=127.0.0.1,localhost",
          "--allow-run",
          "tasks/serve.ts",
          "--predictions",
          output,
          ...args,
        ],
        stdout: "null",
        stderr: "piped",
      }).output();
    const busy = await serve(["--port", port]);
    assert.equal(busy.code, 2);
    const busyText = new TextDecoder().decode(busy.stderr);
    assert.match(busyText, new RegExp(`--port ${port}: expected a free port on 127\\.0\\.0\\.1; found it in use`));
    assert.doesNotMatch(busyText, /^\s+at /m);
    const elsewhere = await serve(["--host", "0.0.0.0", "--port", "0"]);
    assert.equal(elsewhere.code, 2);
    assert.match(
      new TextDecoder().decode(elsewhere.stderr),
      /--host 0\.0\.0\.0: the task may listen on 127\.0\.0\.1 and localhost only/,
    );
  });
});

Deno.test("serve: a Host the server was not started for gets 421; every answer forbids framing and foreign scripts", async () => {
  await withServer(async (server) => {
    const port = new URL(server.url).port;
    // A page on attacker.example whose name now points at 127.0.0.1 (DNS rebinding) sends its own name.
    const rebound = await rawRequest(server.url, "GET /api/season HTTP/1.1", { host: `attacker.example:${port}` });
    assert.equal(rebound.status, 421);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      assert.equal((await rawRequest(server.url, "GET /healthz HTTP/1.1", { host })).status, 200, host);
    }
    for (const path of ["/", "/api/season", "/api/nothing"]) {
      const response = await fetch(`${server.url}${path}`);
      await response.body?.cancel();
      assert.match(response.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, path);
      assert.match(response.headers.get("content-security-policy") ?? "", /script-src 'self'(;|$)/, path);
      assert.equal(response.headers.get("x-frame-options"), "DENY", path);
    }
  });
});

Deno.test("deno task serve: a missing or non-predictions --predictions file is exit 2 at start, not a server", async () => {
  await withTempDir(async (dir) => {
    const notPredictions = join(dir, "notes.json");
    await Deno.writeTextFile(notPredictions, JSON.stringify({ hello: "world" }));
    for (const file of [notPredictions, join(dir, "missing.json")]) {
      const run = await denoTask("serve", ["--predictions", file, "--port", "0"]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /serve: --predictions .*: expected a predictions file/);
    }
  });
});

Deno.test("API: a history database that fails answers 503 in JSON, without a stack trace", async () => {
  await withTempDir(async (dir) => {
    const { output } = await servedSeason(dir);
    const store = new PredictionsStore(output);
    const down = {
      forecastsFor: () => Promise.reject(new Error("connection refused (127.0.0.1:5432)")),
      close: () => Promise.resolve(),
    } as unknown as HistoryStore;
    const handler = createApiHandler({
      store,
      history: { sqlitePath: join(dir, "none.sqlite"), store: down },
      dashboard: { html: "", script: "" },
    });
    const response = await handler(new Request("http://127.0.0.1/api/history/6"));
    assert.equal(response.status, 503);
    const body = await response.json();
    assert.match(body.error.message, /\/api\/history\/6: connection refused/);
    assert.doesNotMatch(body.error.message, /\n\s+at /);
  });
});
