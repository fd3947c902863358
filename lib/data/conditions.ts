/**
 * Track conditions of sessions: `dry`, `wet` (run mostly on wet or
 * intermediate tyres) or `mixed` (the track changed between the two during
 * the session). F1DB records no weather, so the importer takes them from
 * `WET_SESSIONS`, a table of the qualifying, sprint and race sessions of
 * 2022-2025 that were wet or mixed, each with a source, and marks practice
 * sessions by their lap times (`lapTimeConditions`), which also check the
 * table (docs/data-format.md has how well they agree).
 *
 * The lap-time rule: a session whose best lap is at least
 * `WET_LAP_MARGIN` (6%) slower than the fastest best lap of any session of
 * the same weekend was run in the wet. A dry weekend's sessions lie within
 * about 4% of each other (first practice on a green track is the slowest); a
 * wet one is 10-30% slower. It cannot see a weekend wet throughout, nor a
 * mixed session whose best laps came on the dry part.
 *
 * @module
 */

import type { ConditionsSession, RoundSessions, SessionConditions, SessionKind } from "./format.ts";
import { bestQualifyingLap } from "./laptime.ts";

/** One table entry: a Grand Prix by season and F1DB slug, its wet or mixed sessions, and where that is stated. */
export interface WetSessionEntry {
  year: number;
  slug: string;
  /** Wet and mixed sessions; `dry` only overrides the lap-time rule where it is wrong. */
  /** Wet and mixed sessions; `dry` only where the lap-time rule is wrong. */
  sessions: Partial<Record<ConditionsSession, SessionConditions>>;
  source: string;
}

const WIKI = "https://en.wikipedia.org/wiki/";

/**
 * Wet and mixed qualifying, sprint and race sessions of 2022-2025. A
 * session not listed was dry. Practice is left to the lap times, but for
 * the one session they get wrong (`dry` overrides them).
 */
export const WET_SESSIONS: readonly WetSessionEntry[] = [
  {
    year: 2022,
    slug: "emilia-romagna",
    sessions: { qualifying: "mixed", race: "mixed" },
    source: `${WIKI}2022_Emilia_Romagna_Grand_Prix`,
  },
  { year: 2022, slug: "monaco", sessions: { race: "mixed" }, source: `${WIKI}2022_Monaco_Grand_Prix` },
  { year: 2022, slug: "canada", sessions: { qualifying: "wet" }, source: `${WIKI}2022_Canadian_Grand_Prix` },
  { year: 2022, slug: "great-britain", sessions: { qualifying: "wet" }, source: `${WIKI}2022_British_Grand_Prix` },
  {
    year: 2022,
    slug: "singapore",
    sessions: { qualifying: "mixed", race: "mixed" },
    source: `${WIKI}2022_Singapore_Grand_Prix`,
  },
  { year: 2022, slug: "japan", sessions: { race: "wet" }, source: `${WIKI}2022_Japanese_Grand_Prix` },
  { year: 2022, slug: "sao-paulo", sessions: { qualifying: "mixed" }, source: `${WIKI}2022_S%C3%A3o_Paulo_Grand_Prix` },
  { year: 2023, slug: "monaco", sessions: { race: "mixed" }, source: `${WIKI}2023_Monaco_Grand_Prix` },
  { year: 2023, slug: "canada", sessions: { qualifying: "mixed" }, source: `${WIKI}2023_Canadian_Grand_Prix` },
  {
    year: 2023,
    slug: "belgium",
    sessions: { qualifying: "mixed", sprint_qualifying: "wet", sprint: "mixed" },
    source: `${WIKI}2023_Belgian_Grand_Prix`,
  },
  {
    // First practice was stopped after eight minutes by a loose water-valve cover: slow laps on a dry track.
    year: 2023,
    slug: "las-vegas",
    sessions: { fp1: "dry" },
    source: `${WIKI}2023_Las_Vegas_Grand_Prix`,
  },
  {
    year: 2023,
    slug: "netherlands",
    sessions: { qualifying: "mixed", race: "mixed" },
    source: `${WIKI}2023_Dutch_Grand_Prix`,
  },
  { year: 2024, slug: "china", sessions: { sprint_qualifying: "mixed" }, source: `${WIKI}2024_Chinese_Grand_Prix` },
  { year: 2024, slug: "canada", sessions: { race: "mixed" }, source: `${WIKI}2024_Canadian_Grand_Prix` },
  { year: 2024, slug: "great-britain", sessions: { race: "mixed" }, source: `${WIKI}2024_British_Grand_Prix` },
  { year: 2024, slug: "belgium", sessions: { qualifying: "wet" }, source: `${WIKI}2024_Belgian_Grand_Prix` },
  {
    year: 2024,
    slug: "sao-paulo",
    sessions: { qualifying: "wet", race: "wet" },
    source: "https://www.planetf1.com/news/brazilian-grand-prix-qualifying-2024-cancelled-rain",
  },
  { year: 2025, slug: "australia", sessions: { race: "mixed" }, source: `${WIKI}2025_Australian_Grand_Prix` },
  { year: 2025, slug: "miami", sessions: { sprint: "mixed" }, source: `${WIKI}2025_Miami_Grand_Prix` },
  { year: 2025, slug: "great-britain", sessions: { race: "mixed" }, source: `${WIKI}2025_British_Grand_Prix` },
  { year: 2025, slug: "belgium", sessions: { race: "mixed" }, source: `${WIKI}2025_Belgian_Grand_Prix` },
  { year: 2025, slug: "las-vegas", sessions: { qualifying: "wet" }, source: `${WIKI}2025_Las_Vegas_Grand_Prix` },
];

/** How much slower than the weekend's fastest session a session's best lap must be to count as wet. */
export const WET_LAP_MARGIN = 0.06;

function bestLap(kind: "fp1" | "fp2" | "fp3" | "sprint_qualifying" | "qualifying", sessions: RoundSessions) {
  const laps = kind === "qualifying" || kind === "sprint_qualifying"
    ? (sessions[kind] ?? []).map(bestQualifyingLap)
    : (sessions[kind] ?? []).map((row) => row.best_lap_ms);
  const times = laps.filter((ms): ms is number => ms !== null);
  return times.length === 0 ? undefined : Math.min(...times);
}

/**
 * The practice and qualifying sessions of a weekend that its lap times say
 * were wet (see the module header); races and sprints have no lap times here.
 *
 * @example
 * ```ts
 * import { lapTimeConditions } from "./conditions.ts";
 * import assert from "node:assert/strict";
 * const lap = (ms: number) => [{ driver: "AAA", position: 1, best_lap_ms: ms, laps: 20 }];
 * assert.deepEqual(lapTimeConditions({ fp1: lap(90_000), fp2: lap(101_000), fp3: lap(89_000) }), { fp2: "wet" });
 * ```
 */
export function lapTimeConditions(sessions: RoundSessions): Partial<Record<ConditionsSession, "wet">> {
  const kinds = ["fp1", "fp2", "fp3", "sprint_qualifying", "qualifying"] as const;
  const bests = kinds.flatMap((kind) => {
    const ms = bestLap(kind, sessions);
    return ms === undefined ? [] : [{ kind, ms }];
  });
  if (bests.length < 2) return {};
  const fastest = Math.min(...bests.map((b) => b.ms));
  return Object.fromEntries(
    bests.filter((b) => b.ms >= fastest * (1 + WET_LAP_MARGIN)).map((b) => [b.kind, "wet"]),
  );
}

/**
 * The conditions the importer writes for a round: the table's entry for it,
 * and practice sessions the lap times mark wet. Only the sessions in
 * `included` are described, so a season cut before a session never learns
 * its weather. Undefined when nothing is known to be other than dry.
 *
 * @example
 * ```ts
 * import { importedConditions } from "./conditions.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(importedConditions({ year: 2024, slug: "sao-paulo" }, { included: ["fp1", "qualifying"], sessions: {} }), { qualifying: "wet" });
 * assert.equal(importedConditions({ year: 2024, slug: "sao-paulo" }, { included: ["fp1"], sessions: {} }), undefined);
 * ```
 */
export function importedConditions(
  round: { year: number; slug: string },
  at: { included: readonly SessionKind[]; sessions: RoundSessions },
): Partial<Record<ConditionsSession, SessionConditions>> | undefined {
  const entry = WET_SESSIONS.find((e) => e.year === round.year && e.slug === round.slug);
  const fromLaps = lapTimeConditions(at.sessions);
  const out: Partial<Record<ConditionsSession, SessionConditions>> = {};
  for (const kind of at.included) {
    if (kind === "grid") continue;
    const marked = entry?.sessions[kind] ?? (kind.startsWith("fp") ? fromLaps[kind] : undefined);
    if (marked !== undefined && marked !== "dry") out[kind] = marked;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
