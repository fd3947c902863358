/**
 * What the F1DB importer does to F1DB's rows beyond converting them, where
 * F1DB's data says one thing twice or says nothing: each a small rule with
 * the race that needed it.
 *
 * @module
 */

import { SESSION_KINDS, type SessionKind } from "../../data/format.ts";
import type { YamlRow } from "./reader.ts";

/**
 * F1DB sometimes lists a driver twice in one session (2023 British GP qualifying: Bottas as NC with his
 * lap times and again as DSQ). Keep one row: the first, taking a later row's status where it has one.
 */
export function onceEachDriver(rows: YamlRow[] | undefined): YamlRow[] | undefined {
  if (rows === undefined) return undefined;
  const kept = new Map<unknown, YamlRow>();
  for (const row of rows) {
    const earlier = kept.get(row.driverId);
    if (earlier === undefined) kept.set(row.driverId, row);
    else if (typeof row.position === "string") kept.set(row.driverId, { ...earlier, position: row.position });
  }
  return [...kept.values()];
}

/**
 * A driver who withdrew after the grid was drawn up can share a slot with the driver moved up into it
 * (2025 Spanish GP: Stroll, injured, and Bearman both at 14). Drop the withdrawn driver's grid row, as
 * they never took that slot; the race results still list them as DNS.
 */
export function gridWithoutWithdrawn(grid: YamlRow[] | undefined, race: YamlRow[] | undefined): YamlRow[] | undefined {
  if (grid === undefined) return undefined;
  const withdrawn = new Set((race ?? []).filter((row) => row.position === "DNS").map((row) => row.driverId));
  const slotCount = new Map<unknown, number>();
  for (const row of grid) slotCount.set(row.position, (slotCount.get(row.position) ?? 0) + 1);
  return grid.filter((row) =>
    !(withdrawn.has(row.driverId) && slotCount.get(row.position)! > 1 && row.position !== "PL")
  );
}

/** Sessions F1DB lists with an empty results file: called off (weather, mostly) before anyone set a time. */
export function cancelledIn(files: Partial<Record<SessionKind, YamlRow[]>>): { cancelled?: SessionKind[] } {
  const cancelled = SESSION_KINDS.filter((kind) => kind !== "grid" && files[kind]?.length === 0);
  return cancelled.length === 0 ? {} : { cancelled };
}

/**
 * F1DB sometimes gives two qualifiers one position (2017 Mexico: Grosjean and Gasly, who set no time, both 19th).
 * Its list is in classification order, so a row whose position repeats the row before takes the next place;
 * each repair is reported.
 */
export function repairSharedPositions(rows: YamlRow[], at: { where: string; note: (line: string) => void }): void {
  for (let i = 1; i < rows.length; i++) {
    const before = rows[i - 1].position, own = rows[i].position;
    if (typeof before === "number" && own === before) {
      rows[i] = { ...rows[i], position: before + 1 };
      at.note(`${at.where}: ${rows[i].driverId} shares position ${own} with the row before; placed ${before + 1}`);
    }
  }
}
