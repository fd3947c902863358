import assert from "node:assert/strict";
import type { HistoryStore, RunRecord } from "../lib/store/history.ts";
import { openHistoryStore } from "../lib/store/open.ts";
import { withTempDir } from "./helpers.ts";
import { skipWithoutPostgres, withPostgres } from "./postgres_cluster.ts";

type Where = { database?: string; sqlitePath: string };

/** The same tests on both stores: SQLite in a temporary folder, PostgreSQL in a throwaway cluster. */
const BACKENDS: Array<
  { name: string; ignore: boolean; around: (fn: (where: Where) => Promise<void>) => Promise<void> }
> = [
  {
    name: "SQLite",
    ignore: false,
    around: (fn) => withTempDir((dir) => fn({ sqlitePath: `${dir}/history.sqlite` })),
  },
  {
    name: "PostgreSQL",
    ignore: skipWithoutPostgres("the PostgreSQL history store tests"),
    around: (fn) =>
      withPostgres((url) => withTempDir((dir) => fn({ database: url, sqlitePath: `${dir}/unused.sqlite` }))),
  },
];

const run = (output: string, generatedAt: string): RunRecord => ({
  generated_at: generatedAt,
  season: 2025,
  model_version: "m1",
  config_hash: "c1",
  data_hash: "d1",
  output,
});
const forecast = (round: number, asOf: string, win: number) => ({
  round,
  race: `GP ${round}`,
  as_of: asOf,
  sessions_used: asOf === "none" ? [] : [asOf],
  data_hash: `d${round}${asOf}`,
  predictions: [{ driver: "NOR", win_probability: win }],
});

for (const backend of BACKENDS) {
  Deno.test({
    name: `${backend.name} history store: migrated on open (twice at once), runs whole, each output's own history`,
    ignore: backend.ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: () =>
      backend.around(async (where) => {
        // Two processes starting at once: the migrations run once, neither fails.
        const [a, b] = await Promise.all([openHistoryStore(where), openHistoryStore(where)]);
        try {
          assert.equal(await a.runCount(), 0);
          await a.recordRun(run("p.json", "t1"), [forecast(1, "none", 0.3), forecast(2, "none", 0.2)]);
          // The same forecast of round 2 again, and a new one of round 1: stored once each.
          await b.recordRun(run("p.json", "t2"), [forecast(1, "fp1", 0.35), forecast(2, "none", 0.2)]);
          await b.recordRun(run("other.json", "t3"), [forecast(1, "fp2", 0.9)]);
          const history = await a.forecastsFor({ season: 2025, round: 1 }, { output: "p.json", configHash: "c1" });
          assert.deepEqual(history.map((h) => [h.as_of, h.generated_at]), [["none", "t1"], ["fp1", "t2"]]);
          const round2 = await b.forecastsFor({ season: 2025, round: 2 }, { output: "p.json", configHash: "c1" });
          assert.equal(round2.length, 1, "a forecast is stored once per distinct content");
          assert.deepEqual(
            (await a.forecastsFor({ season: 2025, round: 1 }, { output: "other.json", configHash: "c1" })).length,
            1,
          );
          assert.ok(await a.hasRun("other.json", "t3"));
          assert.equal(await a.hasRun("other.json", "t1"), false);
          // Two writers at once: every run recorded whole.
          await Promise.all([
            ...[4, 5, 6].map((i) => a.recordRun(run("p.json", `t${i}`), [forecast(1, "fp3", i / 10)])),
            ...[7, 8, 9].map((i) => b.recordRun(run("other.json", `t${i}`), [forecast(1, "grid", i / 10)])),
          ]);
          assert.equal(await b.runCount(), 9);
        } finally {
          await a.close();
          await b.close();
        }
        // A restart keeps everything.
        const again: HistoryStore = await openHistoryStore(where);
        try {
          assert.equal(await again.runCount(), 9);
          const history = await again.forecastsFor({ season: 2025, round: 1 }, { output: "p.json", configHash: "c1" });
          assert.deepEqual(history.map((h) => h.as_of), ["none", "fp1", "fp3", "fp3", "fp3"]);
        } finally {
          await again.close();
        }
      }),
  });
}

Deno.test({
  name: "PostgreSQL history store: a listener hears of a run once it is committed, with its output and time",
  ignore: skipWithoutPostgres("the PostgreSQL LISTEN/NOTIFY test"),
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withPostgres(async (url) => {
      const writer = await openHistoryStore({ database: url, sqlitePath: "" });
      const reader = await openHistoryStore({ database: url, sqlitePath: "" });
      try {
        const heard = Promise.withResolvers<{ output: string; generated_at: string }>();
        const stop = await reader.listen!(async (announced) => {
          // Announced on commit: the run is readable by then.
          assert.ok(await reader.hasRun(announced.output, announced.generated_at));
          heard.resolve(announced);
        });
        await writer.recordRun(run("p.json", "t1"), [forecast(1, "none", 0.3)]);
        const timeout = setTimeout(() => heard.reject(new Error("no notification in 5 s")), 5000);
        assert.deepEqual(await heard.promise, { output: "p.json", generated_at: "t1" });
        clearTimeout(timeout);
        await stop();
      } finally {
        await writer.close();
        await reader.close();
      }
    }),
});

Deno.test({
  name: "SQLite history store: four processes opening a new file at once migrate it once and each record a run",
  sanitizeResources: false,
  fn: () =>
    withTempDir(async (dir) => {
      const path = `${dir}/history.sqlite`;
      const script = `
        import { openHistoryStore } from "${new URL("../lib/store/open.ts", import.meta.url).href}";
        const store = await openHistoryStore({ sqlitePath: ${JSON.stringify(path)} });
        await store.recordRun({ generated_at: Deno.args[0], season: 2025, model_version: "m", config_hash: "c",
          data_hash: "d", output: "p.json" }, []);
        await store.close();`;
      const outs = await Promise.all(
        ["t1", "t2", "t3", "t4"].map((t) =>
          new Deno.Command(Deno.execPath(), { args: ["eval", "--ext=ts", script, t], stderr: "piped" }).output()
        ),
      );
      for (const out of outs) assert.ok(out.success, new TextDecoder().decode(out.stderr));
      const store = await openHistoryStore({ sqlitePath: path });
      try {
        assert.equal(await store.runCount(), 4);
      } finally {
        await store.close();
      }
    }),
});

// The first migration as each store shipped it, before the tables were written once for both: a history made
// then must open, migrate and record as before.
const SHIPPED_FIRST: Record<string, string> = {
  SQLite: `CREATE TABLE runs (id INTEGER PRIMARY KEY, generated_at TEXT NOT NULL, season INTEGER NOT NULL,
     model_version TEXT NOT NULL, config_hash TEXT NOT NULL, data_hash TEXT NOT NULL);
   CREATE TABLE forecasts (id INTEGER PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, season INTEGER NOT NULL,
     round INTEGER NOT NULL, race TEXT NOT NULL, as_of TEXT NOT NULL, sessions_used TEXT NOT NULL,
     data_hash TEXT NOT NULL, predictions TEXT NOT NULL, first_run INTEGER NOT NULL REFERENCES runs(id));
   CREATE INDEX forecasts_by_round ON forecasts(season, round);
   CREATE TABLE run_forecasts (run_id INTEGER NOT NULL REFERENCES runs(id),
     forecast_id INTEGER NOT NULL REFERENCES forecasts(id), PRIMARY KEY (run_id, forecast_id));
   INSERT INTO runs (generated_at, season, model_version, config_hash, data_hash)
     VALUES ('2025-01-01T00:00:00Z', 2025, 'm0', 'c0', 'd0');
   PRAGMA user_version = 1;`,
  PostgreSQL: `CREATE TABLE runs (id BIGSERIAL PRIMARY KEY, generated_at TEXT NOT NULL, season INTEGER NOT NULL,
     model_version TEXT NOT NULL, config_hash TEXT NOT NULL, data_hash TEXT NOT NULL,
     output TEXT NOT NULL DEFAULT '');
   CREATE INDEX runs_by_output ON runs(output, config_hash);
   CREATE TABLE forecasts (id BIGSERIAL PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, season INTEGER NOT NULL,
     round INTEGER NOT NULL, race TEXT NOT NULL, as_of TEXT NOT NULL, sessions_used TEXT NOT NULL,
     data_hash TEXT NOT NULL, predictions TEXT NOT NULL, first_run BIGINT NOT NULL REFERENCES runs(id));
   CREATE INDEX forecasts_by_round ON forecasts(season, round);
   CREATE TABLE run_forecasts (run_id BIGINT NOT NULL REFERENCES runs(id),
     forecast_id BIGINT NOT NULL REFERENCES forecasts(id), PRIMARY KEY (run_id, forecast_id));
   INSERT INTO runs (generated_at, season, model_version, config_hash, data_hash)
     VALUES ('2025-01-01T00:00:00Z', 2025, 'm0', 'c0', 'd0');
   CREATE TABLE f1hp_schema (version INTEGER NOT NULL);
   INSERT INTO f1hp_schema (version) VALUES (1);`,
};

async function shipFirstMigration(backend: string, where: Where): Promise<void> {
  if (backend === "SQLite") {
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(where.sqlitePath);
    db.exec(SHIPPED_FIRST.SQLite);
    db.close();
    return;
  }
  const { default: postgres } = await import("postgres");
  const sql = postgres(where.database!, { onnotice: () => {} });
  try {
    await sql.unsafe(SHIPPED_FIRST.PostgreSQL);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

for (const backend of BACKENDS) {
  Deno.test({
    name: `${backend.name} history store: a history at the first shipped migration opens, migrates and records`,
    ignore: backend.ignore,
    fn: () =>
      backend.around(async (where) => {
        await shipFirstMigration(backend.name, where);
        const store = await openHistoryStore(where);
        try {
          assert.equal(await store.runCount(), 1, "the run recorded before the migration is kept");
          await store.recordRun(run("a.json", "2025-02-01T00:00:00Z"), [forecast(1, "fp1", 0.3)]);
          assert.equal(await store.runCount(), 2);
          assert.ok(await store.hasRun("", "2025-01-01T00:00:00Z"), "the older run's output is ''");
          const history = await store.forecastsFor({ season: 2025, round: 1 }, { output: "a.json", configHash: "c1" });
          assert.deepEqual(history.map((entry) => entry.as_of), ["fp1"]);
        } finally {
          await store.close();
        }
      }),
  });
}
