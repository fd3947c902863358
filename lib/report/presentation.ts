/**
 * How every view (terminal, report, dashboard, notebooks) writes numbers and
 * states for people: probabilities that never claim a certainty the
 * simulation cannot show, whole-point intervals, counted nouns, the forecast
 * horizon in words, and one colour per scenario. Pure functions, so the
 * browser bundle uses them too.
 *
 * A championship is decided only by arithmetic: a leader has clinched it when
 * no rival can reach their points with everything still to race for, under
 * the season's own points (`pointsAvailable` in `lib/sim/points.ts`: a win,
 * the fastest-lap point where it scored, double points at the end of 2014;
 * the best two places for a team), and a rival is then eliminated. Anything else is a probability, written "> 99.9%" or "< 0.1%"
 * at the ends rather than 100.0% or 0.0%, even when every simulated season
 * agreed.
 *
 * @module
 */

import { pointsAvailable } from "../sim/points.ts";

/**
 * A probability in per cent with one decimal, never 0.0% or 100.0%: a
 * simulation cannot show certainty (a decided outcome is a `TitleStatus`).
 *
 * @example
 * ```ts
 * import { formatChance } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([0.4123, 0.9999, 0.00002, 0, 1].map((p) => formatChance(p)), ["41.2%", "> 99.9%", "< 0.1%", "< 0.1%", "> 99.9%"]);
 * ```
 */
export function formatChance(p: number): string {
  if (p >= 0.9995) return "> 99.9%";
  if (p < 0.0005) return "< 0.1%";
  return `${(100 * p).toFixed(1)}%`;
}

/**
 * An interval of points, rounded to whole points.
 *
 * @example
 * ```ts
 * import { formatPointsInterval } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatPointsInterval([229.9, 359]), "230-359");
 * ```
 */
export function formatPointsInterval(interval: readonly number[]): string {
  return `${Math.round(interval[0])}-${Math.round(interval[1])}`;
}

/**
 * A count with its noun, singular or plural.
 *
 * @example
 * ```ts
 * import { countOf } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([countOf(1, "sprint"), countOf(3, "race")], ["1 sprint", "3 races"]);
 * ```
 */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * When a forecast was made, in words: after which session, or before any.
 *
 * @example
 * ```ts
 * import { horizonText } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual([horizonText("none"), horizonText("qualifying")], ["before any session", "after qualifying"]);
 * ```
 */
export function horizonText(asOf: string): string {
  if (asOf === "none") return "before any session";
  return `after ${asOf.replaceAll("_", " ")}`;
}

/** The colour of each built-in scenario, the same in every chart. */
export const SCENARIO_COLORS: Readonly<Record<string, string>> = {
  dry: "#e15759",
  safety_car: "#f28e2b",
  wet: "#4e79a7",
};

/** Colours for any list of scenario names: the built-in ones fixed, others from a spare palette in order. */
export function scenarioColors(names: readonly string[]): string[] {
  const spare = ["#59a14f", "#b07aa1", "#76b7b2", "#9c755f", "#edc948"];
  let next = 0;
  return names.map((name) => SCENARIO_COLORS[name] ?? spare[next++ % spare.length]);
}

/** Whether a title is decided: clinched by its holder, or out of reach. */
export type TitleStatus = "clinched" | "eliminated";

/**
 * The titles decided by arithmetic, by id: with `remaining` races and sprints
 * left, the leader has clinched when their points exceed every rival's points
 * plus the most those can still score, and each rival is then eliminated.
 * (A rival who can only tie is treated as eliminated too only when strictly
 * behind; ties go to countback, which points alone cannot decide.)
 *
 * @example
 * ```ts
 * import { decidedTitles } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * const lines = [{ id: "AAA", current_points: 400 }, { id: "BBB", current_points: 350 }];
 * assert.deepEqual(decidedTitles(lines, { year: 2025, races: 1, sprints: 0, kind: "drivers" }), new Map([["AAA", "clinched"], ["BBB", "eliminated"]]));
 * assert.equal(decidedTitles(lines, { year: 2025, races: 2, sprints: 1, kind: "drivers" }).size, 0);
 * assert.equal(decidedTitles(lines, { year: 2014, races: 1, sprints: 0, kind: "drivers" }).size, 0); // 50 at stake
 * ```
 */
export function decidedTitles(
  lines: ReadonlyArray<{ id: string; current_points: number }>,
  remaining: { year: number; races: number; sprints: number; kind: "drivers" | "teams" },
): Map<string, TitleStatus> {
  const available = pointsAvailable(remaining.year, remaining);
  const decided = new Map<string, TitleStatus>();
  if (lines.length === 0) return decided;
  const leader = lines.reduce((best, line) => line.current_points > best.current_points ? line : best);
  for (const line of lines) {
    if (line !== leader && line.current_points + available < leader.current_points) decided.set(line.id, "eliminated");
  }
  if (decided.size === lines.length - 1) decided.set(leader.id, "clinched");
  return decided;
}

/**
 * A title probability as the views write it: "clinched" or "eliminated" when
 * arithmetic decides it, else `formatChance`.
 *
 * @example
 * ```ts
 * import { formatTitleChance } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatTitleChance(1, undefined), "> 99.9%"); // every simulated season, yet not decided
 * assert.equal(formatTitleChance(1, "clinched"), "clinched");
 * ```
 */
export function formatTitleChance(p: number, status: TitleStatus | undefined): string {
  return status ?? formatChance(p);
}

/**
 * Each driver's or team's title chance as the views write it, by id: the
 * projection's probability, or "clinched" / "eliminated" where the points
 * still available decide it.
 *
 * @example
 * ```ts
 * import { titleChanceTexts } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * const drivers = [{ id: "AAA", current_points: 400, title_probability: 1 }, { id: "BBB", current_points: 380, title_probability: 0 }];
 * const texts = titleChanceTexts({ season: 2025, races_remaining: 1, sprints_remaining: 0, drivers, teams: [] }, "drivers");
 * assert.deepEqual([...texts.values()], ["> 99.9%", "< 0.1%"]); // 20 points behind with 25 to race for
 * ```
 */
export function titleChanceTexts(
  projection: {
    season: number;
    races_remaining: number;
    sprints_remaining: number;
    drivers: ReadonlyArray<{ id: string; current_points: number; title_probability: number }>;
    teams: ReadonlyArray<{ id: string; current_points: number; title_probability: number }>;
  },
  kind: "drivers" | "teams",
): Map<string, string> {
  const lines = projection[kind];
  const decided = decidedTitles(lines, {
    year: projection.season,
    races: projection.races_remaining,
    sprints: projection.sprints_remaining,
    kind,
  });
  return new Map(lines.map((line) => [line.id, formatTitleChance(line.title_probability, decided.get(line.id))]));
}

/**
 * Which calibration bins get their count written beside them: in order of
 * size, a bin whose label would sit within `gap` (in the chart's 0-1 units)
 * of a label already placed keeps only its dot, so counts never pile up near
 * the origin, where most bins of a season are.
 *
 * @example
 * ```ts
 * import { binsToLabel } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * const bins = [{ forecast: 0.01, observed: 0, count: 56 }, { forecast: 0.02, observed: 0.01, count: 4 }, { forecast: 0.5, observed: 0.4, count: 3 }];
 * assert.deepEqual(binsToLabel(bins).map((b) => b.count), [56, 3]);
 * ```
 */
export function binsToLabel<Bin extends { forecast: number; observed: number; count: number }>(
  bins: readonly Bin[],
  gap = 0.05,
): Bin[] {
  const placed: Bin[] = [];
  for (const bin of [...bins].sort((a, b) => b.count - a.count)) {
    const crowded = placed.some((p) =>
      Math.abs(p.forecast - bin.forecast) < gap && Math.abs(p.observed - bin.observed) < gap
    );
    if (!crowded) placed.push(bin);
  }
  return bins.filter((bin) => placed.includes(bin));
}

/**
 * Escapes text for HTML.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * assert.equal(escapeHtml(`<b>"A & B"</b>`), "&lt;b&gt;&quot;A &amp; B&quot;&lt;/b&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/**
 * The qualifying forecast as an HTML table: the `top` likeliest poles, with
 * Q3 chances and expected grid slots.
 *
 * @example
 * ```ts
 * import { qualifyingTableHtml } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * const html = qualifyingTableHtml([{ driver: "NOR", pole_probability: 0.4, q3_probability: 0.97, expected_grid: 2.26 }], new Map([["NOR", "Lando Norris"]]));
 * assert.match(html, /Lando Norris<\/td><td>40.0%<\/td><td>97.0%<\/td><td>2.3<\/td>/);
 * ```
 */
export function qualifyingTableHtml(
  lines: ReadonlyArray<{ driver: string; pole_probability: number; q3_probability: number; expected_grid: number }>,
  names: ReadonlyMap<string, string>,
  top = 10,
): string {
  return `<table class="qualifying"><tr><th>driver</th><th>pole</th><th>Q3</th><th>expected grid</th></tr>${
    lines.slice(0, top).map((line) =>
      `<tr data-qualifier="${escapeHtml(line.driver)}"><td>${escapeHtml(names.get(line.driver) ?? line.driver)}</td>` +
      `<td>${formatChance(line.pole_probability)}</td><td>${formatChance(line.q3_probability)}</td>` +
      `<td>${line.expected_grid.toFixed(1)}</td></tr>`
    ).join("")
  }</table>`;
}

/**
 * Team-mates' head-to-heads as an HTML table: each pair with the chance
 * that each is ahead in the race, and in qualifying while it is to come.
 *
 * @example
 * ```ts
 * import { headToHeadTableHtml } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * const html = headToHeadTableHtml([{ team: "McLaren", drivers: ["NOR", "PIA"], race: 0.55, qualifying: null }], new Map());
 * assert.match(html, /McLaren<\/td><td>NOR 55.0% \/ PIA 45.0%<\/td><td>qualifying done<\/td>/);
 * ```
 */
export function headToHeadTableHtml(
  lines: ReadonlyArray<{ team: string; drivers: readonly [string, string]; race: number; qualifying: number | null }>,
  names: ReadonlyMap<string, string>,
): string {
  const split = (p: number, [a, b]: readonly [string, string]) =>
    `${escapeHtml(names.get(a) ?? a)} ${formatChance(p)} / ${escapeHtml(names.get(b) ?? b)} ${formatChance(1 - p)}`;
  return `<table class="head-to-head"><tr><th>team</th><th>race: ahead</th><th>qualifying: ahead</th></tr>${
    lines.map((line) =>
      `<tr><td>${escapeHtml(line.team)}</td><td>${split(line.race, line.drivers)}</td><td>${
        line.qualifying === null ? "qualifying done" : split(line.qualifying, line.drivers)
      }</td></tr>`
    ).join("")
  }</table>`;
}

/**
 * A sprint forecast as an HTML table: the `top` likeliest winners with their
 * podium and points chances (a top-eight place) and expected sprint points.
 *
 * @example
 * ```ts
 * import { sprintTableHtml } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * const row = { driver: "PIA", driver_name: "Oscar Piastri", win_probability: 0.3, podium_probability: 0.6, points_probability: 0.9, expected_points: 5.25 };
 * assert.match(sprintTableHtml([row]), /Oscar Piastri<\/td><td>30.0%<\/td><td>60.0%<\/td><td>90.0%<\/td><td>5.3<\/td>/);
 * ```
 */
export function sprintTableHtml(
  rows: ReadonlyArray<{
    driver: string;
    driver_name: string;
    win_probability: number;
    podium_probability: number;
    points_probability: number;
    expected_points: number;
  }>,
  top = 10,
): string {
  return `<table class="sprint"><tr><th>driver</th><th>win</th><th>podium</th><th>points</th><th>expected points</th></tr>${
    rows.slice(0, top).map((row) =>
      `<tr data-sprinter="${escapeHtml(row.driver)}"><td>${escapeHtml(row.driver_name)}</td>` +
      `<td>${formatChance(row.win_probability)}</td><td>${formatChance(row.podium_probability)}</td>` +
      `<td>${formatChance(row.points_probability)}</td><td>${row.expected_points.toFixed(1)}</td></tr>`
    ).join("")
  }</table>`;
}

/**
 * Text for a terminal: control characters other than tab and newline written as visible escapes (`\x1b`), so a
 * name in the data cannot move the cursor, clear the screen or retitle the window.
 *
 * @example
 * ```ts
 * import { printable } from "./presentation.ts";
 * import assert from "node:assert/strict";
 * assert.equal(printable("Team\x1b]0;pwned\x07\x1b[2J"), "Team\\x1b]0;pwned\\x07\\x1b[2J");
 * assert.equal(printable("a\tb\nc"), "a\tb\nc");
 * ```
 */
export function printable(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
