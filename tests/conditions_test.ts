import assert from "node:assert/strict";
import { importedConditions, lapTimeConditions, WET_SESSIONS } from "../lib/data/conditions.ts";
import type { CalendarRound, QualifyingRow, Season } from "../lib/data/format.ts";
import { parseSeason } from "../lib/data/load.ts";
import { raceOdds } from "../lib/forecast/scenario_odds.ts";
import type { PredictionsDocument } from "../lib/format/predictions.ts";
import { forecastWeekend } from "../lib/forecast/race_forecast.ts";
import { roundsThrough } from "../lib/evaluate/backtest.ts";
import { NO_WEIGHTS } from "../lib/forecast/weights.ts";
import { bayesModel, bayesModelFor, type BayesState, wetSkills } from "../lib/model/bayes.ts";
import type { DriverStrength } from "../lib/model/strength.ts";
import { BUILT_IN_SCENARIOS, ScenarioRegistry } from "../lib/sim/scenarios.ts";
import { main } from "../tasks/train.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { realSeasonsTest, withTempDir } from "./helpers.ts";

const builtIns = () => ScenarioRegistry.withBuiltIns().named(["dry", "wet", "safety_car"]);

Deno.test("lap times mark a session wet only when it is far slower than the weekend's fastest", () => {
  const quali = (ms: number): QualifyingRow[] => [
    { driver: "AAA", position: 1, q1_ms: ms, q2_ms: null, q3_ms: null, laps: 10 },
  ];
  const lap = (ms: number) => [{ driver: "AAA", position: 1, best_lap_ms: ms, laps: 20 }];
  // First practice 4% off on a green track: dry. A qualifying 12% off: wet.
  assert.deepEqual(lapTimeConditions({ fp1: lap(93_600), fp2: lap(90_000), qualifying: quali(100_800) }), {
    qualifying: "wet",
  });
  assert.deepEqual(lapTimeConditions({ fp1: lap(90_000) }), {}, "one session has nothing to compare with");
});

Deno.test("the importer's conditions: the table, practice from lap times, nothing about sessions not yet run", () => {
  const sao = { year: 2024, slug: "sao-paulo" };
  assert.deepEqual(importedConditions(sao, { included: ["fp1", "sprint", "qualifying", "race"], sessions: {} }), {
    qualifying: "wet",
    race: "wet",
  });
  // A season cut after qualifying never learns how the race went.
  assert.deepEqual(importedConditions(sao, { included: ["fp1", "qualifying"], sessions: {} }), { qualifying: "wet" });
  // The table overrides the lap-time rule where it is wrong (2023 Las Vegas first practice).
  const slowFp1 = {
    fp1: [{ driver: "AAA", position: 1, best_lap_ms: 110_000, laps: 3 }],
    fp2: [{ driver: "AAA", position: 1, best_lap_ms: 95_000, laps: 20 }],
  };
  assert.equal(
    importedConditions({ year: 2023, slug: "las-vegas" }, { included: ["fp1", "fp2"], sessions: slowFp1 }),
    undefined,
  );
  assert.deepEqual(
    importedConditions({ year: 2023, slug: "nowhere" }, { included: ["fp1", "fp2"], sessions: slowFp1 }),
    {
      fp1: "wet",
    },
  );
  for (const entry of WET_SESSIONS) assert.match(entry.source, /^https:\/\//, `${entry.year} ${entry.slug}: a source`);
});

Deno.test("season.json conditions: sessions of the round's schedule, dry, wet or mixed; anything else is named", () => {
  const round: CalendarRound = {
    round: 1,
    slug: "x",
    name: "X Grand Prix",
    date: "2025-03-16",
    circuit: { id: "x", name: "X", type: "race" },
    sprint: false,
    laps: 50,
    sprint_laps: null,
    schedule: ["fp1", "qualifying", "grid", "race"],
  };
  const season = (conditions: unknown): string =>
    JSON.stringify({
      year: 2025,
      calendar: [{ ...round, conditions }],
      entrants: [{ driver: "AAA", name: "A", number: 1, team: "t", team_name: "T", rounds: [1], practice_rounds: [] }],
    });
  const parsed: Season = parseSeason(season({ qualifying: "wet" }), "season.json");
  assert.deepEqual(parsed.calendar[0].conditions, { qualifying: "wet" });
  assert.throws(() => parseSeason(season({ qualifying: "damp" }), "data/2025/season.json"), (error: Error) => {
    assert.match(
      error.message,
      /data\/2025\/season\.json: calendar\[0\]\.conditions: expected an object from sessions/,
    );
    assert.match(error.message, /dry, wet, mixed; found/);
    return true;
  });
  assert.throws(() => parseSeason(season({ sprint: "wet" }), "season.json"), /calendar\[0\]\.conditions/);
});

Deno.test("each race's odds: the circuit's safety-car rate, a wet session so far, a user's forecast", () => {
  const monaco = { round: 8, circuit: { id: "monaco", name: "Monaco", type: "street" as const } };
  const bahrain = { round: 1, circuit: { id: "bahrain", name: "Bahrain", type: "race" as const } };
  const odds = (round: Pick<CalendarRound, "round" | "circuit" | "conditions">, sessions = {}) =>
    raceOdds(round, { year: 2025, sessions, scenarios: builtIns() });
  assert.ok(odds(monaco).weights.safety_car > 2 * odds(bahrain).weights.safety_car);
  assert.equal(odds(monaco).safety_car_source, "circuit");
  assert.equal(
    odds({ round: 2, circuit: { id: "new", name: "New", type: "street" } }).safety_car_source,
    "circuit type",
  );
  const wetQuali = { ...bahrain, conditions: { qualifying: "wet" as const, race: "wet" as const } };
  assert.equal(odds(wetQuali).rain_probability, 0.1, "the race's own conditions are never read");
  assert.equal(odds(wetQuali, { qualifying: [] }).rain_probability, 0.3);
  const conditions = { season: 2025, rounds: { "1": { rain_probability: 0.9 } } };
  const forecast = raceOdds(bahrain, { year: 2025, sessions: {}, scenarios: builtIns(), conditions });
  assert.equal(
    raceOdds(bahrain, { year: 2024, sessions: {}, scenarios: builtIns(), conditions }).rain_source,
    "climate",
  );
  assert.deepEqual([forecast.rain_probability, forecast.rain_source, forecast.weights.wet], [
    0.9,
    "conditions file",
    0.9,
  ]);
  const total = Object.values(forecast.weights).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 1) < 1e-5);
  // A user's own scenario keeps its weight beside the built-in ones.
  const heat = { name: "heat", scenario: { ...BUILT_IN_SCENARIOS.dry, weight: 0.2 } };
  const withHeat = raceOdds(bahrain, { year: 2025, sessions: {}, scenarios: [...builtIns(), heat] });
  assert.ok(withHeat.weights.heat > 0.15 && withHeat.weights.heat < 0.2);
});

Deno.test("--conditions: a forecast file changes the race's scenario weights; a bad one is exit 2 naming the field", async () => {
  await withTempDir(async (dir) => {
    await writeSeasonFolder(`${dir}/data/2025`, generateDemoSeason(2025, { rounds: 6, seed: 3, completed: 4 }).files);
    const output = `${dir}/out/p.json`;
    const file = `${dir}/weather.json`;
    await Deno.writeTextFile(file, JSON.stringify({ season: 2025, rounds: { "5": { rain_probability: 0.7 } } }));
    const args = ["--train-data", `${dir}/data`, "--output", output, "--num-simulations", "300"];
    assert.equal(await main([...args, "--conditions", file]), 0);
    const document = JSON.parse(await Deno.readTextFile(output));
    const records = Object.values((document as PredictionsDocument).predictions);
    const fifth = records.find((r) => r.metadata.round === 5)!.metadata.scenario_odds!;
    const sixth = records.find((r) => r.metadata.round === 6)!.metadata.scenario_odds!;
    assert.deepEqual([fifth.rain_probability, fifth.rain_source, fifth.weights.wet], [0.7, "conditions file", 0.7]);
    assert.equal(sixth.rain_source, "climate");
    for (
      const bad of [
        { season: 2025, rounds: { "9": {} } },
        { season: 2025, rounds: { "5": { rain_probability: 1.5 } } },
        "{nope",
      ]
    ) {
      await Deno.writeTextFile(file, typeof bad === "string" ? bad : JSON.stringify(bad));
      const errors: string[] = [];
      const original = console.error;
      console.error = (...parts: unknown[]) => errors.push(parts.join(" "));
      try {
        assert.equal(await main([...args, "--conditions", file]), 2, JSON.stringify(bad));
      } finally {
        console.error = original;
      }
      assert.match(errors.join("\n"), new RegExp(`${file.replaceAll("/", "\\/")}: (rounds\\.|\\(file\\))`));
      assert.ok(!errors.join("\n").includes("    at "), "no stack trace");
    }
  });
});

Deno.test("the Bayesian model learns a wet-weather offset from wet sessions only", () => {
  // Two team-mates equal in the dry; in wet sessions AAA is 1 % of a lap faster.
  const round = (n: number, wet: boolean): CalendarRound => ({
    round: n,
    slug: `r${n}`,
    name: `R${n}`,
    date: `2025-0${Math.ceil(n / 4)}-1${n % 4}`,
    circuit: { id: "x", name: "X", type: "race" },
    sprint: false,
    laps: 50,
    sprint_laps: null,
    schedule: ["qualifying", "grid", "race"],
    ...(wet ? { conditions: { qualifying: "wet" } } : {}),
  });
  const drivers = ["AAA", "BBB", "CCC", "DDD"];
  const entrants = drivers.map((driver, i) => ({
    driver,
    name: driver,
    number: i + 1,
    team: i < 2 ? "t1" : "t2",
    team_name: i < 2 ? "T1" : "T2",
    rounds: Array.from({ length: 16 }, (_, i) => i + 1),
    practice_rounds: [],
  }));
  let state: BayesState = bayesModel.empty();
  for (let n = 1; n <= 16; n++) {
    const wet = n % 2 === 0;
    const base = [90_000, 90_000, 90_300, 90_300];
    const ms = base.map((t, i) => i === 0 && wet ? t - 900 : t + (n % 3) * (i === 1 ? 10 : 0));
    const qualifying = drivers.map((driver, i) => ({
      driver,
      position: i + 1,
      q1_ms: ms[i],
      q2_ms: null,
      q3_ms: null,
      laps: 8,
    }));
    state = bayesModel.updateWithRound(state, { year: 2025, round: round(n, wet), entrants, sessions: { qualifying } });
  }
  const skills = new Map(wetSkills(state).map((w) => [w.driver, w]));
  // Wet offsets are learned against the field (they sum to about zero): AAA's stands out, the other three agree.
  const offset = (d: string) => skills.get(d)!.offset, sd = skills.get("CCC")!.sd;
  assert.ok(offset("AAA") - offset("CCC") < -2 * sd, JSON.stringify([...skills.values()]));
  assert.ok(Math.abs(offset("CCC") - offset("DDD")) < 0.1 * sd && Math.abs(offset("BBB") - offset("CCC")) < 0.5 * sd);
  assert.ok(Math.abs([...skills.values()].reduce((sum, w) => sum + w.offset, 0)) < 0.5 * sd);
  // The prior shares the wet laps between skill and wet offset: in the dry AAA keeps less than half its wet edge.
  const strengths = bayesModel.strengthsFor(state, entrants, 16);
  const gap = (d: string) => strengths.find((s) => s.driver === d)!.gap;
  const dryEdge = gap("BBB") - gap("AAA");
  assert.ok(dryEdge > 0 && dryEdge < 0.5, `dry edge ${dryEdge}`);
  assert.equal(strengths.find((s) => s.driver === "AAA")!.wet!.gap, skills.get("AAA")!.offset);
});

realSeasonsTest(
  "real data: the import marks the documented wet sessions, and the lap-time rule agrees on qualifying",
  "the conditions of real sessions",
  (seasons) => {
    const round = (year: number, slug: string) =>
      seasons.find((s) => s.season.year === year)!.season.calendar.find((r) => r.slug === slug)!;
    assert.deepEqual(round(2024, "sao-paulo").conditions, { qualifying: "wet", race: "wet" });
    assert.deepEqual(round(2025, "great-britain").conditions, { race: "mixed" });
    assert.equal(round(2024, "bahrain").conditions, undefined);
    // How well the lap times agree with the table on qualifying sessions (docs/data-format.md).
    let found = 0, missed = 0, falseAlarms = 0;
    for (const loaded of seasons) {
      for (const loadedRound of loaded.rounds) {
        if (loadedRound.status !== "ok") continue;
        const { round: r, sessions } = loadedRound;
        const fromLaps = lapTimeConditions(sessions);
        for (const kind of ["qualifying", "sprint_qualifying"] as const) {
          if (sessions[kind] === undefined) continue;
          const table = r.conditions?.[kind];
          if (table === "wet" && fromLaps[kind]) found++;
          else if (table === "wet") missed++;
          else if (table === undefined && fromLaps[kind]) falseAlarms++;
        }
      }
    }
    console.log(
      `lap-time rule on wet qualifying sessions: ${found} found, ${missed} missed, ${falseAlarms} false alarms`,
    );
    assert.ok(found >= 5 && falseAlarms === 0, `${found} found, ${missed} missed, ${falseAlarms} false alarms`);
  },
);

realSeasonsTest(
  "real data: in the wet scenario the drivers rated best in the wet gain podium chances their wet skill explains",
  "the wet scenario on real data",
  (seasons) => {
    const model = bayesModelFor(2025);
    const british = [...roundsThrough(seasons, model, { from: 2025, through: 2025 })]
      .find((r) => r.round.slug === "great-britain")!;
    const simulations = 20_000;
    const settings = { simulations, seed: 9, scenarios: builtIns(), weights: NO_WEIGHTS };
    const known = (kind: string) => kind !== "race";
    const withWet = forecastWeekend(model, { weekend: british, state: british.stateBefore }, { known, settings });
    // The same forecast with every wet offset removed: the dry scenario is identical, the wet one loses the skill.
    const without = forecastWeekend(
      {
        ...model,
        strengthsFor: (...args) => model.strengthsFor(...args).map(({ wet: _, ...s }: DriverStrength) => s),
      },
      { weekend: british, state: british.stateBefore },
      { known, settings },
    );
    assert.deepEqual(withWet.scenarios.dry, without.scenarios.dry);
    const strengths = model.strengthsFor(
      model.updateWithRound(british.stateBefore, british, known),
      british.entrants,
      british.round.round,
    );
    const podium = (rows: typeof withWet.predictions, driver: string) =>
      rows.find((r) => r.driver === driver)!.podium_probability;
    // Among the front runners (podium chance in the dry of 5% or more), the best and worst rated in the wet.
    const front = strengths.filter((s) => podium(withWet.scenarios.dry, s.driver) >= 0.05)
      .sort((a, b) => a.wet!.gap - b.wet!.gap);
    const best = front[0], worst = front.at(-1)!;
    const gain = (d: string) => podium(withWet.scenarios.wet, d) - podium(without.scenarios.wet, d);
    const se = (d: string) => {
      const p = podium(without.scenarios.wet, d);
      return Math.sqrt(2 * p * (1 - p) / simulations);
    };
    console.log(
      `${best.driver} (wet ${best.wet!.gap.toFixed(2)}): ${gain(best.driver).toFixed(4)}; ` +
        `${worst.driver} (wet ${worst.wet!.gap.toFixed(2)}): ${gain(worst.driver).toFixed(4)}`,
    );
    assert.ok(best.wet!.gap < worst.wet!.gap);
    assert.ok(gain(best.driver) > 3 * se(best.driver), `${best.driver} gains ${gain(best.driver)}`);
    assert.ok(gain(worst.driver) < -3 * se(worst.driver), `${worst.driver} loses ${gain(worst.driver)}`);
  },
);
