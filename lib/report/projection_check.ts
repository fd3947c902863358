/**
 * The championship projection's check on finished seasons
 * (`lib/evaluate/projection_check.ts`) as a Markdown table.
 *
 * @module
 */

import type { ProjectionCheck } from "../evaluate/projection_check.ts";

/**
 * The checks as a Markdown table, with a pooled line.
 *
 * @example
 * ```ts ignore
 * import { formatProjectionChecks } from "./projection_check.ts";
 * console.log(formatProjectionChecks(rows));
 * ```
 */
export function formatProjectionChecks(checks: readonly ProjectionCheck[]): string {
  const percent = (a: number, b: number) => `${(100 * a / b).toFixed(0)}% (${a}/${b})`;
  const lines = [
    "| season | after round | drivers inside 80% | teams inside 80% | champion | P(title) | log-loss | constructors' champion | P(title) | log-loss |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...checks.map((c) =>
      `| ${c.season} | ${c.after_round} | ${percent(c.drivers_inside, c.drivers)} | ${
        percent(c.teams_inside, c.teams)
      } | ${c.champion} | ${c.champion_probability.toFixed(3)} | ${
        c.champion_log_loss.toFixed(3)
      } | ${c.constructors_champion} | ${c.constructors_champion_probability.toFixed(3)} | ${
        c.constructors_champion_log_loss.toFixed(3)
      } |`
    ),
  ];
  const sum = (f: (c: ProjectionCheck) => number) => checks.reduce((total, c) => total + f(c), 0);
  lines.push(
    `| all | - | ${percent(sum((c) => c.drivers_inside), sum((c) => c.drivers))} | ${
      percent(sum((c) => c.teams_inside), sum((c) => c.teams))
    } | - | - | ${(sum((c) => c.champion_log_loss) / checks.length).toFixed(3)} (mean) | - | - | ${
      (sum((c) => c.constructors_champion_log_loss) / checks.length).toFixed(3)
    } (mean) |`,
  );
  return lines.join("\n");
}
