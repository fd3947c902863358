/**
 * Sources that lie or never stop (issue 36), on the shipped real 2025 season served as Ergast pages: results dated
 * other than their race, pages that never end, a correction at the source, a host that cannot be reached.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { denoTask, fakeClock, importF1dbSeasons, skipWithoutF1db, withServer, withTempDir } from "./helpers.ts";
import { readSeasonFolder, scheduleRace, serveErgast } from "./ergast_fixture.ts";
import { JsonSource } from "../lib/sources/http_source.ts";
import { MAX_PAGES } from "../lib/sources/jolpica/jolpica.ts";
import { jolpicaFeed } from "../lib/sources/jolpica/feed.ts";
import { SourceMismatchError } from "../lib/sources/jolpica/jolpica.ts";
import { followWeekend, RECHECK_MS, RESULTS_WINDOW_MS } from "../lib/live/poller.ts";
import { LIVE_STATE_FILE } from "../lib/live/written.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import type { QualifyingRow, Season } from "../lib/data/format.ts";
import { roundFolderName } from "../lib/data/format.ts";

const SHIPPED_2025 = new URL("../data/f1/2025", import.meta.url).pathname;

/**
 * `deno task import-jolpica --season 2025` (with `args`) from a proxy that alters an honest server's answers
 * (`alter` rewrites a request's path, then edits its body): refused with `reason`, and nothing written.
 */
async function assertImportRefused(
  honest: { baseUrl: string },
  alter: { path?: (path: string) => string; body?: (body: { MRData: Record<string, unknown> }, path: string) => void },
  expected: { args: string[]; reason: RegExp },
): Promise<void> {
  const origin = honest.baseUrl.replace(/\/ergast\/f1$/, "");
  await withServer(async (request) => {
    const url = new URL(request.url);
    const body = await (await fetch(`${origin}${alter.path?.(url.pathname) ?? url.pathname}${url.search}`)).json();
    alter.body?.(body, url.pathname);
    return Response.json(body);
  }, (proxy) =>
    withTempDir(async (dir) => {
      const out = join(dir, "2025");
      const args = ["--season", "2025", ...expected.args, "--out", out, "--base-url", `${proxy}/ergast/f1`];
      const run = await denoTask("import-jolpica", args);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, expected.reason);
      await assert.rejects(Deno.stat(out), Deno.errors.NotFound, "nothing written");
    }));
}

Deno.test("deno task import-jolpica: results dated a week after their race in the schedule are refused", async () => {
  const honest = serveErgast(await readSeasonFolder(SHIPPED_2025));
  try {
    // The schedule is honest; every result list carries a race a week later (last year's? a moved race?).
    const later = (body: { MRData: Record<string, unknown> }, path: string) => {
      if (path.endsWith("/races/")) return;
      for (const race of (body.MRData.RaceTable as { Races: Array<{ date: string }> }).Races) {
        race.date = new Date(Date.parse(race.date) + 7 * 86_400_000).toISOString().slice(0, 10);
      }
    };
    await assertImportRefused(honest, { body: later }, {
      args: ["--round", "3"],
      reason:
        /expected races of season 2025, round 3 on 2025-04-06 \(the calendar's date\); found season 2025, round 3 on 2025-04-13/,
    });
  } finally {
    await honest.stop();
  }
});

Deno.test("deno task import-jolpica: --round 5 answered with round 6 is refused, not an empty success", async () => {
  const honest = serveErgast(await readSeasonFolder(SHIPPED_2025));
  try {
    await assertImportRefused(honest, { path: (path) => path.replace("/2025/5/", "/2025/6/") }, {
      args: ["--round", "5"],
      reason: /expected races of season 2025, round 5; found season 2025, round 6/,
    });
  } finally {
    await honest.stop();
  }
});

Deno.test({
  name: "deno task import-jolpica: a source that answers 2025 with 2024's races is refused, and nothing is written",
  ignore: skipWithoutF1db("a lying Jolpica source"),
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      await importF1dbSeasons(join(dir, "source"), [2024]);
      const honest = serveErgast(await readSeasonFolder(join(dir, "source", "2024")));
      try {
        await assertImportRefused(honest, { path: (path) => path.replace("/2025/", "/2024/") }, {
          args: [],
          reason: /expected races of season 2025; found season 2024, round 1 \(the source answered for another race\)/,
        });
      } finally {
        await honest.stop();
      }
    }),
});

Deno.test("deno task import-jolpica: a source that ignores offset, or claims a billion rows, ends with the reason", async () => {
  const season = JSON.parse(await Deno.readTextFile(join(SHIPPED_2025, "season.json"))) as Season;
  const race = scheduleRace(2025, season.calendar[0]);
  const page = (offset: string) => ({
    MRData: { limit: "100", offset, total: "1000000000", RaceTable: { season: "2025", Races: [race] } },
  });
  const cases: Array<[string, (url: URL) => unknown, RegExp]> = [
    ["ignores offset", () => page("0"), /MRData\.offset: expected 1, as asked; found 0/],
    [
      "echoes offset for ever",
      (url) => page(url.searchParams.get("offset") ?? "0"),
      new RegExp(`MRData\\.total: expected at most ${MAX_PAGES} pages of 100 .*; found 1000000000`),
    ],
  ];
  for (const [what, answer, reason] of cases) {
    let requests = 0;
    await withServer((request) => {
      requests++;
      return Response.json(answer(new URL(request.url)));
    }, async (url) => {
      const run = await denoTask("import-jolpica", [
        "--season",
        "2025",
        "--out",
        "/tmp/f1hp-none/2025",
        "--base-url",
        `${url}/ergast/f1`,
      ]);
      assert.notEqual(run.code, 0, what);
      assert.match(run.stderr, reason, what);
      assert.ok(requests <= MAX_PAGES + 1, `${what}: ${requests} requests`);
    });
  }
});

Deno.test("a host that does not resolve, or refuses, is named as such", async () => {
  const quick = (baseUrl: string) => new JsonSource({ baseUrl, timeoutMs: 2_000, budgetMs: 1_500, minIntervalMs: 0 });
  // The suite may reach 127.0.0.1 only: a name that cannot resolve is asked for by a process allowed to ask.
  const source = new URL("../lib/sources/http_source.ts", import.meta.url).href;
  const dns = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `const { JsonSource } = await import("${source}");
       await new JsonSource({ baseUrl: "http://f1hp-test.invalid/api", budgetMs: 1500, minIntervalMs: 0 }).get("x");`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.match(
    new TextDecoder().decode(dns.stderr),
    /cannot resolve f1hp-test\.invalid: no network, or a mistyped host\?/,
  );
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  await assert.rejects(
    quick(`http://127.0.0.1:${port}`).get("x"),
    new RegExp(`connection refused by 127\\.0\\.0\\.1:${port}`),
  );
});

Deno.test({
  name:
    "live: a qualifying corrected at the source (P1 and P2 swapped) rewrites the poller's file, never a hand-made one",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const fixture = await readSeasonFolder(SHIPPED_2025);
      const round = fixture.season.calendar.find((r) => r.round === 12)!;
      const qualifyingPath = `${roundFolderName(round)}/qualifying.json`;
      // The folder as it stood before round 12's qualifying: the season file, and no session of rounds 12-24.
      const season = join(dir, "2025");
      await writeSeasonFolder(season, new Map([["season.json", fixture.season]]));
      const end = Date.parse(`${round.date}T14:00:00Z`) - 20 * 3600_000 + 60 * 60_000;
      const clock = fakeClock(end);
      const server = serveErgast(fixture);
      const original = fixture.sessions.get(12)!.qualifying!;
      const swapped = (rows: QualifyingRow[]) => [
        { ...rows[0], driver: rows[1].driver },
        { ...rows[1], driver: rows[0].driver },
        ...rows.slice(2),
      ];
      const lines: string[] = [];
      const onLine = (line: string) => {
        lines.push(line);
        if (line === `round 12 qualifying: 20 drivers from Jolpica; wrote ${qualifyingPath}`) {
          // The stewards swap P1 and P2 after the first poll wrote the file.
          fixture.sessions.set(12, { ...fixture.sessions.get(12), qualifying: swapped(original) });
        }
        if (line.includes("corrected it")) {
          // A user edits the corrected file; then the source changes again: the user's file stays.
          Deno.writeTextFileSync(
            join(season, qualifyingPath),
            Deno.readTextFileSync(join(season, qualifyingPath)) + "\n",
          );
          fixture.sessions.set(12, { ...fixture.sessions.get(12), qualifying: original });
        }
      };
      const controller = new AbortController();
      try {
        const written = await followWeekend(
          jolpicaFeed(new JsonSource({ baseUrl: server.baseUrl, minIntervalMs: 0 }), {
            year: 2025,
            history: [],
          }),
          {
            dir: season,
            intervalMs: 60_000,
            ...clock,
            signal: controller.signal,
            log: (line) => {
              onLine(line);
              // Past the qualifying's window: the poller has had every chance to touch the file again.
              if (clock.now() > end + RESULTS_WINDOW_MS) controller.abort();
            },
          },
        );
        assert.ok(
          lines.includes(`round 12 qualifying: Jolpica corrected it; rewrote ${qualifyingPath}`),
          lines.join("\n"),
        );
        assert.equal(written.filter((path) => path === qualifyingPath).length, 2, "written, then corrected once");
        const onDisk = JSON.parse(await Deno.readTextFile(join(season, qualifyingPath)));
        assert.deepEqual(onDisk.slice(0, 2).map((row: QualifyingRow) => row.driver), [
          original[1].driver,
          original[0].driver,
        ]);
        assert.equal(
          lines.filter((line) =>
            line === `${qualifyingPath}: not written: it was changed since this poller wrote it (a hand correction?)`
          )
            .length,
          1,
          "said once; the user's file is left for good",
        );
        const state = JSON.parse(await Deno.readTextFile(join(season, LIVE_STATE_FILE)));
        assert.equal(state.files[qualifyingPath], undefined);
        // Read again every RECHECK_MS while it was the poller's, not at every interval.
        const reads = server.requests.filter((path) => path.includes("/12/qualifying/")).length;
        assert.ok(reads <= 2 + RESULTS_WINDOW_MS / RECHECK_MS, `${reads} reads of round 12's qualifying`);
      } finally {
        await server.stop();
      }
    }),
});

Deno.test("live: a Jolpica answer for a round on another date than the folder's calendar is refused", async () => {
  const fixture = await readSeasonFolder(SHIPPED_2025);
  const server = serveErgast(fixture);
  try {
    const feed = jolpicaFeed(new JsonSource({ baseUrl: server.baseUrl, minIntervalMs: 0 }), {
      year: 2025,
      history: [],
    });
    const moved: Season = {
      ...fixture.season,
      calendar: fixture.season.calendar.map((r) => r.round === 5 ? { ...r, date: "2025-04-27" } : r),
    };
    await assert.rejects(
      feed.read({ round: 5, session: "qualifying", end: 0 }, moved),
      (error) =>
        error instanceof SourceMismatchError &&
        /round 5 on 2025-04-27 \(the calendar's date\); found season 2025, round 5 on 2025-04-20/.test(error.message),
    );
  } finally {
    await server.stop();
  }
});

Deno.test("live: an answer that would break the season (a driver twice) is not written, and said once", async () => {
  await withTempDir(async (dir) => {
    const fixture = await readSeasonFolder(SHIPPED_2025);
    const round = fixture.season.calendar.find((r) => r.round === 12)!;
    const season = join(dir, "2025");
    await writeSeasonFolder(season, new Map([["season.json", fixture.season]]));
    const honest = serveErgast(fixture);
    const origin = honest.baseUrl.replace(/\/ergast\/f1$/, "");
    let reads = 0;
    await withServer(async (request) => {
      const url = new URL(request.url);
      if (url.pathname.includes("/12/qualifying/")) reads++;
      const body = await (await fetch(`${origin}${url.pathname}${url.search}`)).json();
      for (const race of body.MRData.RaceTable.Races) race.QualifyingResults?.push(race.QualifyingResults[0]);
      return Response.json(body);
    }, async (proxy) => {
      const end = Date.parse(`${round.date}T14:00:00Z`) - 20 * 3600_000 + 60 * 60_000;
      const clock = fakeClock(end);
      const controller = new AbortController();
      const lines: string[] = [];
      const source = new JsonSource({ baseUrl: `${proxy}/ergast/f1`, minIntervalMs: 0 });
      await followWeekend(jolpicaFeed(source, { year: 2025, history: [] }), {
        dir: season,
        intervalMs: 60_000,
        now: clock.now,
        // Three polls, a minute apart: the bad answer each time, said once.
        sleep: (ms, signal) => {
          if (clock.now() >= end + 2 * 60_000) controller.abort();
          return clock.sleep(ms, signal);
        },
        signal: controller.signal,
        log: (line) => lines.push(line),
      });
      assert.ok(reads >= 3, `${reads} reads of the qualifying`);
      const refused = lines.filter((line) =>
        line.startsWith(`round 12 qualifying: Jolpica's answer for ${roundFolderName(round)}/qualifying.json: `)
      );
      assert.equal(refused.length, 1, lines.join("\n"));
      assert.match(
        refused[0],
        /\[\d+\]\.driver: expected each driver once per session; .*nothing written; polling every 60 s, quietly until Jolpica answers again$/,
      );
      await assert.rejects(Deno.stat(join(season, roundFolderName(round), "qualifying.json")), Deno.errors.NotFound);
    });
    await honest.stop();
  });
});
