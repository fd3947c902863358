/**
 * The training log: one line per run saying what changed, which rounds were
 * retrained and how long it took, appended beside the output.
 *
 * @module
 */

import { dirname } from "node:path";
import type { TrainingCounts } from "../forecast/pipeline.ts";

function describeChanges(changed: readonly string[]): string {
  const shown = changed.slice(0, 4).join(", ");
  return changed.length > 4 ? `${shown} and ${changed.length - 4} more` : shown;
}

/**
 * Round numbers as short ranges.
 *
 * @example
 * ```ts
 * import { formatRounds } from "./log.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatRounds([1, 2, 3, 5, 7, 8]), "1-3, 5, 7-8");
 * assert.equal(formatRounds([]), "none");
 * ```
 */
export function formatRounds(rounds: readonly number[]): string {
  if (rounds.length === 0) return "none";
  const parts: string[] = [];
  let start = rounds[0];
  for (let k = 1; k <= rounds.length; k++) {
    if (k < rounds.length && rounds[k] === rounds[k - 1] + 1) continue;
    const end = rounds[k - 1];
    parts.push(start === end ? `${start}` : `${start}-${end}`);
    start = rounds[k];
  }
  return parts.join(", ");
}

/**
 * A training run as one log line.
 *
 * @example
 * ```ts
 * import { runSummary } from "./log.ts";
 * import assert from "node:assert/strict";
 * const counts = { processed: 3, retrained: 1, retrainedRounds: [3], reused: 2, succeeded: 3, failed: [] };
 * assert.equal(
 *   runSummary({ year: 2025, counts }, { seconds: 0.1, output: "out.json", changed: ["2025/03-x/qualifying.json"] }),
 *   "season 2025: 3 races, 1 retrained (rounds 3), 2 reused, 0 failed in 0.1 s -> out.json; " +
 *     "changed: 2025/03-x/qualifying.json",
 * );
 * ```
 */
export function runSummary(
  run: { year: number; counts: TrainingCounts },
  options: { seconds: number; output: string; changed?: readonly string[] },
): string {
  const { year, counts } = run;
  const { seconds, output, changed } = options;
  const failed = counts.failed.length > 0 ? ` (${counts.failed.join(", ")})` : "";
  const trigger = changed === undefined ? "" : `; changed: ${changed.length > 0 ? describeChanges(changed) : "none"}`;
  const rounds = counts.retrainedRounds.length > 0 ? ` (rounds ${formatRounds(counts.retrainedRounds)})` : "";
  return `season ${year}: ${counts.processed} races, ${counts.retrained} retrained${rounds}, ${counts.reused} reused, ` +
    `${counts.failed.length} failed${failed} in ${seconds} s -> ${output}${trigger}`;
}

/**
 * Appends a line to the training log.
 *
 * @example
 * ```ts ignore
 * import { appendLog } from "./log.ts";
 * await appendLog("predictions/training.log", "info", "trained 24 races");
 * ```
 */
export async function appendLog(path: string, level: "info" | "debug" | "error", message: string): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, `${new Date().toISOString()} ${level.toUpperCase()} ${message}\n`, { append: true });
}
