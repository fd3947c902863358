import assert from "node:assert/strict";
import { loadDataSet } from "../lib/data/load.ts";
import { ExternalForecastError, parseExternalForecasts } from "../lib/evaluate/external.ts";
import { ExternalWinnerError, scoreExternal } from "../lib/report/external_report.ts";
import { F1DB_DIR, importF1dbSeasons, skipWithoutF1db, withTempDir } from "./helpers.ts";

const HEADER = "season,round,snapshot,driver,source,win_probability";

Deno.test("external forecasts: both forms parse; bad rows are named by file, line and field", () => {
  const full = parseExternalForecasts(
    `# a comment\n${HEADER}\n2025,3,close,VER,book,0.6\n2025,3,close,NOR,book,0.4\n`,
    "book.csv",
  );
  assert.equal(full.length, 1);
  assert.deepEqual([...full[0].probabilities], [["VER", 0.6], ["NOR", 0.4]]);
  assert.equal(full[0].winnerOnly, false);
  const bad = (text: string, pattern: RegExp) =>
    assert.throws(() => parseExternalForecasts(text, "x.csv"), (error: Error) => {
      assert.ok(error instanceof ExternalForecastError);
      assert.match(error.message, pattern);
      return true;
    });
  bad(`${HEADER}\n2025,3,lunchtime,VER,book,0.6\n`, /x\.csv: line 2: snapshot: expected one of pre_weekend/);
  bad(`${HEADER}\n2025,3,close,VER,book,1.6\n`, /line 2: win_probability: expected a probability 0-1; found "1.6"/);
  bad(`${HEADER}\n2025,three,close,VER,book,0.6\n`, /line 2: round: expected a round number; found "three"/);
  bad(
    "season,round,snapshot,driver,source\n",
    /line 1: header: expected one of win_probability and winner_probability/,
  );
  bad("season,round,driver,source,win_probability\n", /line 1: header: expected a column snapshot/);
  bad(
    "season,round,snapshot,winner,source,winner_probability\n2025,1,close,norris,m,0.3\n2025,1,close,norris,m,0.4\n",
    /line 3: winner_probability: expected one row per race/,
  );
});

Deno.test({
  name: "the 2025 anchors score as their own source says: market 1.072 at the start, 1.494 before the weekend",
  ignore: skipWithoutF1db("the anchors comparison"),
  fn: () =>
    withTempDir(async (dir) => {
      const seasons = await loadDataSet(await importF1dbSeasons(dir, [2025]));
      const season = seasons[0];
      const names = new Map(season.season.entrants.map((e) => [e.driver, e.name]));
      const races = season.rounds.flatMap((r) =>
        r.status === "ok" && r.sessions.race !== undefined
          ? [{ round: r.round.round, name: r.round.name, result: r.sessions.race, names }]
          : []
      );
      const anchors = `${F1DB_DIR}/../anchors/winner_probabilities_2025.csv`;
      const external = parseExternalForecasts(await Deno.readTextFile(anchors), anchors);
      const rows = scoreExternal(external, { year: 2025, races, models: {} });
      const row = (source: string, snapshot: string) =>
        rows.find((r) => r.source === source && r.snapshot === snapshot)!;
      assert.deepEqual([row("market", "close").races, row("market", "pre_weekend").races], [24, 20]);
      assert.equal(row("market", "close").winner_logloss.toFixed(3), "1.072");
      assert.equal(row("market", "post_quali").winner_logloss.toFixed(3), "1.390");
      assert.equal(row("market", "pre_weekend").winner_logloss.toFixed(3), "1.494");
      assert.equal(row("bradk54_model", "close").winner_logloss.toFixed(3), "1.160");
      // A row that names someone other than the winner is an error, not a silent zero.
      const wrong = external.map((race) =>
        race.round === 3 ? { ...race, probabilities: new Map([["norris", 0.5]]) } : race
      );
      assert.throws(() => scoreExternal(wrong, { year: 2025, races, models: {} }), ExternalWinnerError);
    }),
});
