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

/** Anything that answers a path with JSON: a `JsonSource`, or a fake in tests. */
export interface JsonGetter {
  get(path: string): Promise<unknown>;
}

/** The season a feed follows, and what it needs to give the source's drivers and teams the data's identities. */
export interface FeedSeason {
  year: number;
  /** The seasons before it, whose identities the feed's rows are matched to. */
  history: readonly Season[];
  /** Source team id (an Ergast id, an OpenF1 name) to F1DB team id, for teams the identity tables do not know. */
  teams?: Readonly<Record<string, string>>;
}

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

/**
 * A source the live task can follow a weekend from, as `--source NAME` finds it in
 * `lib/sources/registry.ts`: a new source is one adapter file and one line there (and its host in the task's
 * `--allow-net`, which a test holds the list to).
 */
export interface LiveSourceAdapter {
  /** What `--source` calls it. */
  name: string;
  /** The API it reads unless `--base-url` says otherwise; its host is what the task must be allowed to reach. */
  baseUrl: string;
  /** One line for the task's help: what it reads. */
  summary: string;
  /**
   * Least milliseconds between two requests, where the source asks clients to keep to a rate.
   *
   * @default {0}
   */
  minIntervalMs?: number;
  /**
   * The season so far as a season folder's files, when the folder has none yet. Absent where the source cannot
   * build a season on its own (it places its sessions in an imported calendar).
   *
   * @default {undefined}
   */
  importSeason?(source: JsonGetter, season: FeedSeason): Promise<SeasonFiles>;
  /** The feed of the season's session results. */
  feed(source: JsonGetter, season: FeedSeason): LiveFeed;
}
