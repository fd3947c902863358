/**
 * Jolpica as a live feed: the schedule's qualifying, sprint and race of the
 * season, each due `SESSION_LENGTH_MS` after its start; a read is that
 * round's list for the session (and the grid, from the race), refused unless
 * it is of the season, round and race date the folder's calendar holds.
 *
 * @module
 */

import type { Season, SessionKind } from "../../data/format.ts";
import { roundFolderName, sessionFileName } from "../../data/format.ts";
import { type ErgastSession, sessionStarts } from "./ergast.ts";
import { answeredFor, jolpicaSeasonFiles, raceDates, readAllRaces, readJolpicaSeason } from "./jolpica.ts";
import type { DueSession, FeedSeason, JsonGetter, LiveFeed } from "../source.ts";
import { withRoundEntries } from "../../data/season_file.ts";

/** How long each session with Ergast results runs from its scheduled start (Ergast gives no end). */
export const SESSION_LENGTH_MS: Readonly<Record<ErgastSession, number>> = {
  qualifying: 60 * 60_000,
  sprint: 45 * 60_000,
  race: 120 * 60_000,
};

/** The live feed of one season from an Ergast-format source. */
export function jolpicaFeed(
  source: JsonGetter,
  season: FeedSeason,
): LiveFeed {
  const { year, history, teams } = season;
  return {
    name: "Jolpica",
    async schedule() {
      const due: DueSession[] = [];
      for (const race of answeredFor(await readAllRaces(source, `${year}/races/`), { year, path: `${year}/races/` })) {
        for (const { kind, start } of sessionStarts(race)) {
          if (start === null || !(kind in SESSION_LENGTH_MS)) continue;
          due.push({
            round: Number(race.round),
            session: kind,
            end: start.getTime() + SESSION_LENGTH_MS[kind as ErgastSession],
          });
        }
      }
      return due;
    },
    async read(due, existing) {
      const session = due.session as ErgastSession;
      const read = await readJolpicaSeason(source, {
        year,
        round: due.round,
        sessions: [session],
        dates: existing === undefined ? undefined : raceDates(existing.calendar),
      });
      const { files } = jolpicaSeasonFiles(read, { history, existing, teams });
      const round = (files.get("season.json") as Season).calendar.find((r) => r.round === due.round)!;
      const kinds: SessionKind[] = session === "race" ? ["race", "grid"] : [session];
      const paths = kinds.map((kind) => `${roundFolderName(round)}/${sessionFileName(kind)}`).filter((p) =>
        files.has(p)
      );
      const season = files.get("season.json") as Season;
      return {
        files: new Map([[
          "season.json",
          existing === undefined ? season : withRoundEntries(existing, season, due.round),
        ], ...paths.map((p) => [p, files.get(p)] as const)]),
        rows: read.results.get(due.round)?.[session]?.length ?? 0,
      };
    },
  };
}
