/**
 * Lap and race times as text ("1:30.641", "1:30:55.026") and as milliseconds.
 *
 * @module
 */

const TIME_PATTERN = /^(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2})\.(\d{1,3})$/;

/**
 * Parses a time written as `[[h:]m:]s.fff` into whole milliseconds, or returns
 * null where the text is not such a time.
 *
 * @example
 * ```ts
 * import { parseTimeText } from "./laptime.ts";
 * import assert from "node:assert/strict";
 * assert.equal(parseTimeText("1:30.641"), 90641);
 * assert.equal(parseTimeText("1:30:55.026"), 5455026);
 * assert.equal(parseTimeText("fast"), null);
 * ```
 */
export function parseTimeText(text: string): number | null {
  const match = TIME_PATTERN.exec(text.trim());
  if (match === null) return null;
  const [, hours, minutes, seconds, fraction] = match;
  if (hours !== undefined && Number(minutes) > 59) return null;
  if (minutes !== undefined && Number(seconds) > 59) return null;
  const millis = Number(fraction.padEnd(3, "0"));
  return ((Number(hours ?? 0) * 60 + Number(minutes ?? 0)) * 60 + Number(seconds)) * 1000 + millis;
}

/**
 * Writes milliseconds as `m:ss.fff` (or `h:mm:ss.fff` from an hour up).
 *
 * @example
 * ```ts
 * import { formatTime } from "./laptime.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatTime(90641), "1:30.641");
 * ```
 */
export function formatTime(ms: number): string {
  const fraction = String(ms % 1000).padStart(3, "0");
  const totalSeconds = Math.floor(ms / 1000);
  const seconds = String(totalSeconds % 60).padStart(2, "0");
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes}:${seconds}.${fraction}`;
  const minutes = String(totalMinutes % 60).padStart(2, "0");
  return `${Math.floor(totalMinutes / 60)}:${minutes}:${seconds}.${fraction}`;
}

/**
 * How far a time is behind the best, in % of the best: `100 (ms / best - 1)`.
 * Each model caps it as it sees fit (an aborted lap is not pace).
 *
 * @example
 * ```ts
 * import { lapGapPercent } from "./laptime.ts";
 * import assert from "node:assert/strict";
 * assert.equal(lapGapPercent(90_900, 90_000).toFixed(6), "1.000000");
 * ```
 */
export function lapGapPercent(ms: number, best: number): number {
  return 100 * (ms / best - 1);
}

/**
 * A qualifying row's best lap over Q1-Q3, ms; null where it set no time.
 *
 * @example
 * ```ts
 * import { bestQualifyingLap } from "./laptime.ts";
 * import assert from "node:assert/strict";
 * assert.equal(bestQualifyingLap({ q1_ms: 90_500, q2_ms: 90_100, q3_ms: null }), 90_100);
 * assert.equal(bestQualifyingLap({ q1_ms: null, q2_ms: null, q3_ms: null }), null);
 * ```
 */
export function bestQualifyingLap(
  row: { q1_ms: number | null; q2_ms: number | null; q3_ms: number | null },
): number | null {
  const laps = [row.q1_ms, row.q2_ms, row.q3_ms].filter((t): t is number => t !== null && t > 0);
  return laps.length === 0 ? null : Math.min(...laps);
}
