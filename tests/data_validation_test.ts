import assert from "node:assert/strict";
import type { Season } from "../lib/data/format.ts";
import { formatIssue } from "../lib/data/issues.ts";
import { loadDataSet, loadSeason, readRound } from "../lib/data/load.ts";
import { parseSeason } from "../lib/data/load.ts";
import { parseTimeText } from "../lib/data/laptime.ts";
import { withTempDir } from "./helpers.ts";

const SEASON: Season = {
  year: 2025,
  calendar: [
    {
      round: 1,
      slug: "australia",
      name: "Australian Grand Prix",
      date: "2025-03-16",
      circuit: { id: "melbourne", name: "Melbourne", type: "street" },
      sprint: false,
      laps: 57,
      sprint_laps: null,
      schedule: ["fp1", "fp2", "fp3", "qualifying", "grid", "race"],
    },
    {
      round: 2,
      slug: "china",
      name: "Chinese Grand Prix",
      date: "2025-03-23",
      circuit: { id: "shanghai", name: "Shanghai", type: "race" },
      sprint: true,
      laps: 56,
      sprint_laps: 19,
      schedule: ["fp1", "sprint_qualifying", "sprint", "qualifying", "grid", "race"],
    },
  ],
  entrants: [
    {
      driver: "PIA",
      name: "Oscar Piastri",
      number: 81,
      team: "mclaren",
      team_name: "McLaren",
      rounds: [1, 2],
      practice_rounds: [],
    },
    {
      driver: "NOR",
      name: "Lando Norris",
      number: 4,
      team: "mclaren",
      team_name: "McLaren",
      rounds: [1, 2],
      practice_rounds: [],
    },
    {
      driver: "DUN",
      name: "Alex Dunne",
      number: 89,
      team: "mclaren",
      team_name: "McLaren",
      rounds: [],
      practice_rounds: [2],
    },
  ],
};

const RACE = [
  { driver: "PIA", position: 1, grid: 1, laps: 56, time_ms: 5455026, points: 25, retirement: null },
  { driver: "NOR", position: "DNF", grid: "PL", laps: 30, time_ms: null, points: 0, retirement: "Brakes" },
];

const ROUND_DIR = "data/2025/02-china";

function issuesOf(files: Record<string, unknown>) {
  const texts = new Map(
    Object.entries(files).map(([name, v]) => [name, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  const round = readRound(SEASON, SEASON.calendar[1], { dir: ROUND_DIR, files: texts });
  return round.status === "invalid" ? round.issues : [];
}

function onlyIssue(files: Record<string, unknown>) {
  const issues = issuesOf(files);
  assert.equal(issues.length, 1, issues.map(formatIssue).join("\n"));
  return issues[0];
}

Deno.test("a valid round loads into typed rows", () => {
  const round = readRound(SEASON, SEASON.calendar[1], {
    dir: ROUND_DIR,
    files: new Map([["race.json", JSON.stringify(RACE)]]),
  });
  assert.equal(round.status, "ok");
  if (round.status !== "ok") return;
  assert.deepEqual(round.sessions.race?.map((row) => [row.driver, row.position, row.grid]), [["PIA", 1, 1], [
    "NOR",
    "DNF",
    "PL",
  ]]);
});

Deno.test("a bad position names the file, the path and what was expected", () => {
  const issue = onlyIssue({ "race.json": [RACE[0], { ...RACE[1], position: "first" }] });
  assert.equal(
    formatIssue(issue),
    'data/2025/02-china/race.json: [1].position: expected an integer 1-30 or one of DNF, DNS, DSQ, NC, EX, DNQ, DNPQ, DNP; found "first"',
  );
});

Deno.test("malformed JSON is reported for its file", () => {
  const issue = onlyIssue({ "race.json": '[{"driver": "PIA",' });
  assert.equal(issue.file, "data/2025/02-china/race.json");
  assert.equal(issue.path, "");
  assert.equal(issue.expected, "valid JSON");
  assert.match(issue.found, /syntax error/);
});

Deno.test("duplicate positions are reported at the second row", () => {
  const issue = onlyIssue({ "race.json": [RACE[0], { ...RACE[1], position: 1 }] });
  assert.equal(issue.path, "[1].position");
  assert.equal(issue.expected, "each position once");
  assert.equal(issue.found, "1 again (first at [0])");
});

Deno.test("a driver listed twice in one session is reported", () => {
  const issue = onlyIssue({ "race.json": [RACE[0], { ...RACE[1], driver: "PIA" }] });
  assert.equal(issue.path, "[1].driver");
  assert.equal(issue.expected, "each driver once per session");
});

Deno.test("a driver missing from the entrants is reported with the valid codes", () => {
  const issue = onlyIssue({ "race.json": [RACE[0], { ...RACE[1], driver: "VER" }] });
  assert.equal(issue.path, "[1].driver");
  assert.equal(issue.expected, "a driver entered for this round in season.json (NOR, PIA)");
  assert.equal(issue.found, '"VER"');
});

Deno.test("a practice-only driver may drive practice but not the race", () => {
  const fp1 = [{ driver: "DUN", position: 1, best_lap_ms: "1:31.500", laps: 20 }];
  assert.deepEqual(issuesOf({ "fp1.json": fp1 }), []);
  const issue = onlyIssue({ "race.json": [RACE[0], { ...RACE[1], driver: "DUN" }] });
  assert.equal(issue.path, "[1].driver");
});

Deno.test("an unparsable lap time is reported with the accepted forms", () => {
  const issue = onlyIssue({
    "qualifying.json": [{ driver: "PIA", position: 1, q1_ms: "1:3x.5", q2_ms: null, q3_ms: null, laps: 3 }],
  });
  assert.equal(issue.path, "[0].q1_ms");
  assert.match(issue.expected, /time in ms .*"1:30\.641"/);
  assert.equal(issue.found, '"1:3x.5"');
});

Deno.test("lap-time text parses to milliseconds", () => {
  assert.equal(parseTimeText("1:30.641"), 90641);
  assert.equal(parseTimeText("30:39.965"), 1839965);
  assert.equal(parseTimeText("1:30:55.026"), 5455026);
  assert.equal(parseTimeText("59.1"), 59100);
  assert.equal(parseTimeText("1:75.000"), null);
});

Deno.test("an unknown session file is reported with the known names", () => {
  const issue = onlyIssue({ "warmup.json": [] });
  assert.equal(issue.file, "data/2025/02-china/warmup.json");
  assert.match(issue.expected, /^a session file \(fp1\.json, fp2\.json/);
});

Deno.test("a session outside the weekend's schedule is reported", () => {
  const issue = onlyIssue({ "fp2.json": [] });
  assert.equal(issue.file, "data/2025/02-china/fp2.json");
  assert.match(issue.expected, /schedule \(fp1, sprint_qualifying, sprint, qualifying, grid, race\)/);
});

Deno.test("a bad grid slot and an unknown field are reported", () => {
  const issues = issuesOf({ "grid.json": [{ driver: "PIA", grid: 0, penalty: null, tyre: "soft" }] });
  assert.deepEqual(issues.map((issue) => issue.path).sort(), ["[0].grid", "[0].tyre"]);
  assert.match(issues.find((issue) => issue.path === "[0].grid")!.expected, /grid slot 1-30 or "PL"/);
});

Deno.test("duplicate grid slots are reported", () => {
  const issue = onlyIssue({
    "grid.json": [{ driver: "PIA", grid: 1, penalty: null }, { driver: "NOR", grid: 1, penalty: 3 }],
  });
  assert.equal(issue.path, "[1].grid");
  assert.equal(issue.expected, "each grid slot once");
});

Deno.test("a session file that is not an array is reported", () => {
  const issue = onlyIssue({ "race.json": { rows: RACE } });
  assert.equal(issue.path, "");
  assert.equal(issue.expected, "a JSON array of rows, one per driver");
});

Deno.test("season.json problems name the field and stop the season", () => {
  const broken = {
    ...SEASON,
    calendar: [{ ...SEASON.calendar[0], circuit: { ...SEASON.calendar[0].circuit, type: "oval" } }],
  };
  assert.throws(
    () => parseSeason(JSON.stringify(broken), "data/2025/season.json"),
    /data\/2025\/season\.json: calendar\[0\]\.circuit\.type: expected one of race, street, road; found "oval"/,
  );
  assert.throws(
    () =>
      parseSeason(JSON.stringify({ ...SEASON, entrants: [{ ...SEASON.entrants[0], rounds: [1, 7] }] }), "season.json"),
    /entrants\[0\]\.rounds: expected a list of calendar rounds \(1, 2\); found \[1,7\]/,
  );
});

Deno.test("one broken round never stops the others from loading", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/season.json`, JSON.stringify(SEASON));
    await Deno.mkdir(`${dir}/01-australia`);
    await Deno.mkdir(`${dir}/02-china`);
    await Deno.writeTextFile(`${dir}/01-australia/race.json`, "not json");
    await Deno.writeTextFile(`${dir}/02-china/race.json`, JSON.stringify(RACE));
    await Deno.writeTextFile(`${dir}/02-china/.race.json.swp`, "editor junk");
    await Deno.mkdir(`${dir}/03-nowhere`);
    const loaded = await loadSeason(dir);
    assert.deepEqual(loaded.rounds.map((round) => round.status), ["invalid", "ok"]);
    assert.equal(loaded.issues.length, 1);
    assert.equal(loaded.issues[0].file, `${dir}/03-nowhere`);
    const [season] = await loadDataSet(dir);
    assert.equal(season.season.year, 2025);
  });
});

Deno.test("a parent of season folders is a multi-season data set, oldest first", async () => {
  await withTempDir(async (dir) => {
    for (const year of [2025, 2024]) {
      await Deno.mkdir(`${dir}/${year}`);
      await Deno.writeTextFile(`${dir}/${year}/season.json`, JSON.stringify({ ...SEASON, year }));
    }
    assert.deepEqual((await loadDataSet(dir)).map((loaded) => loaded.season.year), [2024, 2025]);
    await assert.rejects(
      loadDataSet(`${dir}/nothing`),
      /expected a season folder \(with season\.json\) or a folder of season folders/,
    );
  });
});
