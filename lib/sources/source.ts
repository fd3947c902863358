/**
 * What every source hands the rest of the workbench: a season folder's files
 * (an import), and for following a weekend a feed of session results. The
 * F1DB, Jolpica and OpenF1 adapters each produce these; the live poller
 * (`lib/live/poller.ts`) and the tasks consume them without knowing which
 * source is behind.
 *
 * @module
 */

import type { Season, SessionKind } from "../data/format.ts";

/** A season folder as its files: relative path (`season.json`, `1-bahrain/race.json`) to JSON value. */
export type SeasonFiles = Map<string, unknown>;

/** A session the live poller follows: its round, its kind, when it is scheduled to end, and the feed's key for it. */
export interface DueSession {
  round: number;
  session: SessionKind;
  end: number;
  key?: number;
}

/** What a feed read for one session: its files (the session's, and the season file as the read sees it) and rows. */
export interface LiveRead {
  files: SeasonFiles;
  rows: number;
}

/** A source of session results, as the poller uses it. */
export interface LiveFeed {
  /** Its name, for the log. */
  name: string;
  /** Every session with results the feed will have this season, with its round and scheduled end. */
  schedule(existing: Season | undefined): Promise<DueSession[]>;
  /** A session's results as the files of the season folder. */
  read(due: DueSession, existing: Season | undefined): Promise<LiveRead>;
}
