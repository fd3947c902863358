/**
 * Following a race weekend live: polls a feed (Jolpica's Ergast format,
 * `jolpicaFeed`, or OpenF1, `openf1Feed`) for each session's results as it
 * ends, and writes each session file into the season folder once it is
 * complete, atomically, so that `deno task watch` retrains within its
 * debounce.
 *
 * When it polls: a session is due from its scheduled end until
 * `RESULTS_WINDOW_MS` after it, every `intervalMs`; between sessions it
 * sleeps until the next end, and reads the schedule again at least every
 * `SCHEDULE_REFRESH_MS`.
 *
 * What it writes: a session's rows once they are complete, meaning as many
 * rows as drivers entered (the round's qualifying, else the last race in the
 * folder, else 20), or whatever the source has when the window closes. A
 * file already in the folder that this poller did not write (an import, a
 * hand correction) is never replaced: the poller says so and leaves the
 * session. It remembers what it wrote in `.live-state.json` beside the
 * session files, a hidden file that training and watch mode ignore.
 *
 * Corrections: stewards' decisions change results hours after a session.
 * Within the session's window, a file the poller wrote is read again every
 * `RECHECK_MS`; when the source's answer differs, the file is rewritten and
 * the log says so. A file changed by hand since is the user's from then on:
 * the poller says so once and never touches it again.
 *
 * A source that does not answer (after `JsonSource`'s retries) costs one
 * poll: the next interval tries again. The log says so once per outage, with
 * the reason, and once when the source answers again; not at every try.
 *
 * @module
 */

import { join } from "node:path";
import type { Season } from "../data/format.ts";
import { roundFolderName, sessionFileName } from "../data/format.ts";
import { seasonFileIn } from "../data/season_file.ts";
import type { DueSession, LiveFeed, LiveRead } from "../sources/source.ts";
import { toJsonText, writeFileAtomic } from "../data/files.ts";
import { sleep } from "../sources/http_source.ts";
import { TransientSourceError } from "../errors/errors.ts";
import { answerProblems, InvalidAnswerError, LIVE_STATE_FILE, planWrites, readState, writeSession } from "./written.ts";

/** How long after its scheduled end a session's results are polled for. */
export const RESULTS_WINDOW_MS = 6 * 60 * 60_000;

/** The longest sleep between polls before the schedule is read again. */
export const SCHEDULE_REFRESH_MS = 6 * 60 * 60_000;

/** How often a session the poller wrote is read again, within its window, for a correction at the source. */
export const RECHECK_MS = 10 * 60_000;

/** How a weekend is followed. */
export interface LiveOptions {
  /** The season folder, e.g. `data/2026`. */
  dir: string;
  /** Between two polls of a due session. */
  intervalMs: number;
  /**
   * The clock sessions are due by.
   *
   * @default {Date.now}
   */
  now?: () => number;
  /**
   * How the poller waits between polls; a test's moves a fake clock.
   *
   * @default {a timer, cut short by the signal}
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Aborting it stops the poller after the read in flight.
   *
   * @default {undefined: it runs until the season's last session is written}
   */
  signal?: AbortSignal;
  /**
   * Where each poll, wait and written file is reported.
   *
   * @default {nowhere}
   */
  log?: (line: string) => void;
  /**
   * Stop once the current round's race file is written (tests, and a one-weekend run).
   *
   * @default {false}
   */
  untilRaceWritten?: boolean;
}

/**
 * Follows the season's current round until the season ends or the signal
 * aborts; resolves with the session files it wrote (corrections included).
 */
export async function followWeekend(feed: LiveFeed, options: LiveOptions): Promise<string[]> {
  const { dir, intervalMs, signal } = options;
  const now = options.now ?? Date.now;
  const pause = options.sleep ?? sleep;
  const log = options.log ?? (() => {});
  const outage = outageReporter(feed.name, log);
  const checked = new Map<string, number>();
  const written: string[] = [];
  let schedule: DueSession[] | undefined;
  let announced: string | undefined;
  while (!signal?.aborted) {
    try {
      if (schedule === undefined) {
        schedule = await feed.schedule(await seasonFileIn(dir));
        outage.answered();
      }
    } catch (error) {
      if (!isPassing(error)) throw error;
      outage.failed(`${feed.name} schedule`, { error, retryMs: intervalMs });
      await pause(intervalMs, signal).catch(() => {});
      continue;
    }
    const due = await dueSessions(schedule, { dir, now: now(), checked });
    if (due.next === undefined) {
      log(`every session's results are in, or their windows have closed; nothing left to follow`);
      break;
    }
    for (const session of [...due.now, ...due.recheck]) {
      const recheck = due.recheck.includes(session);
      written.push(...await pollSession(session, { ...options, feed, at: now(), log, outage, recheck }));
      checked.set(sessionKey(session), now());
    }
    if (options.untilRaceWritten && written.some((file) => file.endsWith(`/${sessionFileName("race")}`))) break;
    const wake = due.now.length > 0 ? intervalMs : Math.min(Math.max(0, due.next - now()), SCHEDULE_REFRESH_MS);
    const next = due.nextSession;
    if (due.now.length === 0 && next !== undefined && sessionKey(next) !== announced) {
      log(`next: round ${next.round} ${next.session}, due ${new Date(next.end).toISOString()}`);
      announced = sessionKey(next);
    }
    // A long wait: the schedule may have moved meanwhile.
    if (wake >= SCHEDULE_REFRESH_MS) schedule = undefined;
    try {
      await pause(wake, signal);
    } catch (error) {
      if (!signal?.aborted) throw error;
    }
  }
  return written;
}

/**
 * Reads, once, every session of the season that has ended and that the
 * folder lacks, and writes what the source has: the backfill of a season
 * imported from a source without some sessions (Jolpica has no practice;
 * OpenF1 does). A session the source lists fewer drivers for than expected
 * is written as it is: its window has passed. Resolves with the files written.
 */
export async function fillMissingSessions(
  feed: LiveFeed,
  options: Omit<LiveOptions, "intervalMs" | "untilRaceWritten">,
): Promise<string[]> {
  const { dir } = options;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const outage = outageReporter(feed.name, log);
  const written: string[] = [];
  const season = await seasonFileIn(dir);
  for (const due of await feed.schedule(season)) {
    if (options.signal?.aborted) break;
    if (due.end > now() || await sessionFileExists(dir, { season, due })) continue;
    const context = { ...options, feed, intervalMs: 0, at: now(), log, outage, final: true };
    written.push(...await pollSession(due, context));
  }
  return written;
}

/** Errors that the next poll may not meet: every source marks its own (`TransientSourceError`). */
function isPassing(error: unknown): boolean {
  return error instanceof TransientSourceError;
}

/** Says that the source fails once per outage, with its reason, and once when it answers again. */
function outageReporter(name: string, log: (line: string) => void) {
  let failed = 0;
  return {
    failed(what: string, at: { error: unknown; retryMs: number }) {
      if (failed++ === 0) {
        const every = at.retryMs > 0 ? `polling every ${at.retryMs / 1000} s` : "moving on";
        log(`${what}: ${(at.error as Error).message}; ${every}, quietly until ${name} answers again`);
      }
    },
    answered() {
      if (failed > 0) log(`${name} answers again, after ${failed} failed ${failed === 1 ? "poll" : "polls"}`);
      failed = 0;
    },
  };
}

function sessionKey(due: DueSession): string {
  return `${due.round}/${due.session}`;
}

/** The sessions to poll now, those the poller wrote to read again for a correction, and when the next falls due. */
async function dueSessions(
  schedule: readonly DueSession[],
  at: { dir: string; now: number; checked: ReadonlyMap<string, number> },
): Promise<{ now: DueSession[]; recheck: DueSession[]; next: number | undefined; nextSession?: DueSession }> {
  // One read of the season file for the whole schedule: a season has a hundred sessions.
  const season = await seasonFileIn(at.dir);
  const state = await readState(at.dir);
  const pending: DueSession[] = [];
  const recheck: DueSession[] = [];
  let nextRecheck = Infinity;
  for (const due of schedule.filter((s) => at.now < s.end + RESULTS_WINDOW_MS)) {
    if (!await sessionFileExists(at.dir, { season, due })) {
      pending.push(due);
      continue;
    }
    const path = sessionPath(due, season);
    if (path === undefined || state[path] === undefined) continue;
    const last = at.checked.get(sessionKey(due));
    const dueAgain = last === undefined || last + RECHECK_MS <= at.now;
    if (dueAgain) recheck.push(due);
    // Read now, it falls due again a recheck from now; else a recheck after its last read.
    const again = (dueAgain ? at.now : last) + RECHECK_MS;
    if (again < due.end + RESULTS_WINDOW_MS) nextRecheck = Math.min(nextRecheck, again);
  }
  const dueNow = pending.filter((s) => s.end <= at.now);
  const nextSession = dueNow[0] ?? pending.find((s) => s.end > at.now);
  const next = Math.min(nextSession?.end ?? Infinity, nextRecheck);
  return { now: dueNow, recheck, next: Number.isFinite(next) ? next : undefined, nextSession };
}

/** A session's file in the season folder, relative to it. */
function sessionPath(due: DueSession, season: Season | undefined): string | undefined {
  const round = season?.calendar.find((r) => r.round === due.round);
  return round === undefined ? undefined : `${roundFolderName(round)}/${sessionFileName(due.session)}`;
}

async function sessionFileExists(
  dir: string,
  at: { season: Season | undefined; due: DueSession },
): Promise<boolean> {
  const path = sessionPath(at.due, at.season);
  if (path === undefined) return false;
  try {
    await Deno.stat(join(dir, path));
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** What one poll of a session knows besides the session. */
interface PollContext extends LiveOptions {
  feed: LiveFeed;
  at: number;
  log: (line: string) => void;
  outage: ReturnType<typeof outageReporter>;
  /** The window is closing (or a fill): write what the source has. */
  final?: boolean;
  /** A session the poller wrote, read again: rewrite only its own files, and only when the source changed them. */
  recheck?: boolean;
}

/** Polls one session; writes it when complete (or when its window closes), or a correction; returns the files written. */
async function pollSession(due: DueSession, context: PollContext): Promise<string[]> {
  const { feed, dir, log } = context;
  const label = `round ${due.round} ${due.session}`;
  const existing = await seasonFileIn(dir);
  let read: LiveRead;
  try {
    read = await feed.read(due, existing);
  } catch (error) {
    if (!isPassing(error)) throw error;
    context.outage.failed(label, { error, retryMs: context.intervalMs });
    return [];
  }
  const expected = await expectedDrivers(dir, { season: existing, round: due.round });
  const closing = context.final === true || context.at >= due.end + RESULTS_WINDOW_MS - context.intervalMs;
  if (read.rows === 0 || (read.rows < expected && !closing)) {
    context.outage.answered();
    if (!context.recheck) log(`${label}: ${read.rows} of ${expected} drivers so far; waiting`);
    return [];
  }
  const state = await readState(dir);
  const plan = await planWrites(read, { ...context, state });
  const problems = plan.writes.length > 0 ? await answerProblems(dir, { read, writes: plan.writes }) : [];
  // An answer that breaks the format is an outage like no answer: said once, until a good one comes.
  if (problems.length > 0) {
    context.outage.failed(label, { error: new InvalidAnswerError(feed.name, problems), retryMs: context.intervalMs });
  } else context.outage.answered();
  const written = problems.length > 0 || plan.writes.length === 0
    ? []
    : await writeSession(read, { dir, existing, writes: plan.writes, state });
  if (written.length === 0 && plan.forgotten === 0) return [];
  await writeFileAtomic(join(dir, LIVE_STATE_FILE), toJsonText({ files: state }));
  if (written.length === 0) return [];
  log(
    plan.corrected
      ? `${label}: ${feed.name} corrected it; rewrote ${written.join(", ")}`
      : `${label}: ${read.rows} drivers from ${feed.name}; wrote ${written.join(", ")}`,
  );
  // The session's own file stands for the poll (its grid rides along).
  return written.slice(0, 1);
}

/** Drivers a complete session lists: as many as the round's qualifying, else the folder's last race, else 20. */
async function expectedDrivers(dir: string, at: { season: Season | undefined; round: number }): Promise<number> {
  const { season, round } = at;
  const rounds = (season?.calendar ?? []).filter((r) => r.round <= round).sort((a, b) => b.round - a.round);
  for (const r of rounds) {
    for (const kind of r.round === round ? ["qualifying", "race"] : ["race"]) {
      try {
        const rows = JSON.parse(await Deno.readTextFile(join(dir, roundFolderName(r), `${kind}.json`)));
        if (Array.isArray(rows) && rows.length > 0) return rows.length;
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound || error instanceof SyntaxError)) throw error;
      }
    }
  }
  return 20;
}
