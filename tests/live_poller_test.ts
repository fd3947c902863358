import assert from "node:assert/strict";
import { join } from "node:path";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { JsonSource, SourceUnavailableError } from "../lib/sources/http_source.ts";
import { followWeekend } from "../lib/live/poller.ts";
import { LIVE_STATE_FILE } from "../lib/live/written.ts";
import { OpenF1FormatError } from "../lib/sources/openf1/feed.ts";
import { jolpicaFeed, SESSION_LENGTH_MS } from "../lib/sources/jolpica/feed.ts";
import { fakeClock, withTempDir } from "./helpers.ts";
import { LIVE_SOURCES, liveSource } from "../lib/sources/registry.ts";
import { UnknownNameError } from "../lib/errors/errors.ts";
import { readSeasonFolder, serveErgast, sessionTimes } from "./ergast_fixture.ts";
import { WatchProcess } from "./watch_process.ts";

Deno.test({
  name:
    "live: 429, 500, a partial and then a complete qualifying end as one qualifying file, written once; watch retrains",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      // The data folder mid-weekend: round 21 has run its practice sessions; the source has its qualifying and race.
      const data = join(dir, "data");
      const season = join(data, "2025");
      await writeSeasonFolder(season, generateDemoSeason(2025, { rounds: 24, seed: 7, completed: 20 }).files);
      await Deno.remove(join(season, "21-ardennes-4/qualifying.json"));
      await Deno.remove(join(season, "21-ardennes-4/grid.json"));
      await writeSeasonFolder(
        join(dir, "source"),
        generateDemoSeason(2025, { rounds: 24, seed: 7, completed: 21 }).files,
      );
      const fixture = await readSeasonFolder(join(dir, "source"));
      const qualifyingAnswers: Array<{ status: number; headers?: Record<string, string> } | { keepRows: number }> = [
        { status: 429, headers: { "retry-after": "30" } },
        { status: 500 },
        { keepRows: 10 },
      ];
      const server = serveErgast(fixture, ({ endpoint, round }) =>
        endpoint === "qualifying" && round === 21 ? qualifyingAnswers.shift() : undefined);
      const round21 = fixture.season.calendar.find((round) =>
        round.round === 21
      )!;
      const qualifyingEnd = sessionTimes(round21).get("qualifying")!.getTime() + SESSION_LENGTH_MS.qualifying;
      const clock = fakeClock(qualifyingEnd - 10 * 60_000);
      const watch = new WatchProcess(data, join(dir, "out", "p.json"), [
        "--debounce-ms",
        "300",
        "--num-simulations",
        "200",
      ]);
      const lines: string[] = [];
      let qualifyingReadsToWrite = 0;
      try {
        await watch.waitFor("the first training", () => watch.finishedRuns().length === 1, 60_000);
        const source = new JsonSource({ baseUrl: server.baseUrl, minIntervalMs: 0, ...clock });
        const written = await followWeekend(jolpicaFeed(source, { year: 2025, history: [] }), {
          dir: season,
          intervalMs: 120_000,
          ...clock,
          log: (line) => {
            lines.push(line);
            // A user's own grid, typed in after qualifying: the race's poll must leave it.
            if (line.includes("wrote 21-ardennes-4/qualifying.json")) {
              qualifyingReadsToWrite = server.requests.filter((path) => path.includes("/21/qualifying/")).length;
              Deno.writeTextFileSync(
                join(season, "21-ardennes-4/grid.json"),
                Deno.readTextFileSync(join(dir, "source/21-ardennes-4/grid.json")).replace("null", "3"),
              );
            }
          },
          untilRaceWritten: true,
        });
        assert.deepEqual(written, ["21-ardennes-4/qualifying.json", "21-ardennes-4/race.json"]);
        assert.ok(
          lines.some((line) => /round 21 qualifying: 10 of 20 drivers so far; waiting/.test(line)),
          lines.join("\n"),
        );
        assert.equal(lines.filter((line) => line.includes("wrote 21-ardennes-4/qualifying.json")).length, 1);
        assert.ok(lines.some((line) => /21-ardennes-4\/grid.json: not written: it was already there/.test(line)));
        assert.deepEqual(
          JSON.parse(await Deno.readTextFile(join(season, "21-ardennes-4/qualifying.json"))),
          fixture.sessions.get(21)!.qualifying!.map((row) => ({ ...row, laps: null })),
        );
        const state = JSON.parse(await Deno.readTextFile(join(season, LIVE_STATE_FILE)));
        assert.deepEqual(Object.keys(state.files).sort(), ["21-ardennes-4/qualifying.json", "21-ardennes-4/race.json"]);
        // Polled from the session's scheduled end, not before; the 429 and the 500 were retried inside one poll.
        assert.equal(qualifyingReadsToWrite, 4);
        await watch.waitFor(
          "the retrain after the live files",
          () => watch.finishedRuns().some((line, i) => i > 0 && /retrained \(rounds 21-24\)/.test(line)),
          60_000,
        );
        assert.equal(await watch.stop(), 0);
      } finally {
        await watch.stop();
        await server.stop();
      }
    }),
});

// Each source's own passing failures: the poller knows none of them by name, only that they are transient.
const PASSING_FAILURES: ReadonlyArray<[string, () => Error, RegExp]> = [
  [
    "a source that stops answering",
    () => new SourceUnavailableError("http://127.0.0.1:9/q", { attempts: 6, last: "connection refused" }),
    /no answer after 6 attempts .*; polling every 60 s, quietly until test answers again/,
  ],
  [
    "a malformed OpenF1 reply",
    () => new OpenF1FormatError("/v1/session_result", { detail: "Internal error" }),
    /expected a list of records; found .*; polling every 60 s, quietly until test answers again/,
  ],
];

for (const [what, failure, logged] of PASSING_FAILURES) {
  Deno.test(`live: ${what} costs polls, not the run; the session lands when it is back`, async () => {
    await passingFailureCase(failure, logged);
  });
}

async function passingFailureCase(failure: () => Error, logged: RegExp): Promise<void> {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(dir, generateDemoSeason(2025, { rounds: 24, seed: 7, completed: 20 }).files);
    const rows = JSON.parse(await Deno.readTextFile(join(dir, "21-ardennes-4/qualifying.json")));
    await Deno.remove(join(dir, "21-ardennes-4/qualifying.json"));
    const end = Date.parse("2030-01-01T12:00:00Z");
    let reads = 0;
    const feed = {
      name: "test",
      schedule: () => Promise.resolve([{ round: 21, session: "qualifying" as const, end }]),
      read: () => {
        // Down for the first three polls (each after its own retries), then back.
        if (++reads <= 3) return Promise.reject(failure());
        return Promise.resolve({ files: new Map([["21-ardennes-4/qualifying.json", rows]]), rows: rows.length });
      },
    };
    const clock = fakeClock(end);
    const lines: string[] = [];
    const controller = new AbortController();
    const written = await followWeekend(feed, {
      dir,
      intervalMs: 60_000,
      ...clock,
      signal: controller.signal,
      log: (line) => {
        lines.push(line);
        if (line.includes("wrote")) controller.abort();
      },
    });
    assert.deepEqual(written, ["21-ardennes-4/qualifying.json"]);
    // Said once for the outage, and once when it is over; not at every poll.
    assert.equal(lines.filter((line) => logged.test(line)).length, 1, lines.join("\n"));
    assert.ok(lines.includes("test answers again, after 3 failed polls"), lines.join("\n"));
    assert.equal(clock.now() - end, 3 * 60_000, "polled again every minute while the source was down");
  });
}

Deno.test("live: the task may reach every registered source's host, and --source finds each by name", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  const allowed = String(config.tasks.live).match(/--allow-net=(\S+)/)?.[1].split(",") ?? [];
  for (const adapter of LIVE_SOURCES) {
    assert.ok(allowed.includes(new URL(adapter.baseUrl).host), `deno.json's live task may reach ${adapter.baseUrl}`);
    assert.equal(liveSource(adapter.name), adapter);
  }
  assert.throws(() => liveSource("fastf1"), UnknownNameError);
});
