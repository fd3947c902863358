/**
 * Following a race weekend live: polls an Ergast-format source for the
 * current round's qualifying, sprint and race results as each session ends,
 * and writes each session file into the season folder once it is complete,
 * atomically, so that `deno task watch` retrains within its debounce.
 *
 * When it polls: a session is due from its scheduled end (start plus
 * `SESSION_LENGTH_MS`) until `RESULTS_WINDOW_MS` after it, every
 * `intervalMs`; between sessions it sleeps until the next end. The current
 * round is the first whose race window has not closed.
 *
 * What it writes: a session's rows once they are complete, meaning as many
 * rows as drivers entered (the round's qualifying, else the last race in the
 * folder, else 20), or whatever the source has when the window closes. A
 * file already in the folder that this poller did not write (an import, a
 * hand correction) is never replaced: the poller says so and leaves the
 * session. It remembers what it wrote in `.live-state.json` beside the
 * session files, a hidden file that training and watch mode ignore.
 *
 * A source that does not answer (after `JsonSource`'s retries) costs one
 * poll: the next interval tries again.
 *
 * @module
 */

import { join } from "node:path";
import type { Season, SessionKind } from "./format.ts";
import { roundFolderName, sessionFileName } from "./format.ts";
import { type ErgastRace, type ErgastSession, sessionStarts } from "./ergast.ts";
import {
  type JolpicaSeason,
  jolpicaSeasonFiles,
  type JsonGetter,
  readAllRaces,
  readJolpicaSeason,
  seasonFileIn,
  withRoundEntries,
} from "./jolpica.ts";
import { toJsonText, writeFileAtomic, writeIfChanged } from "./files.ts";
import { hashParts } from "./hash.ts";
import { sleep, SourceResponseError, SourceUnavailableError } from "./http_source.ts";
import { ErgastFormatError } from "./ergast.ts";

/** How long each session with results runs, from its scheduled start. */
export const SESSION_LENGTH_MS: Readonly<Record<ErgastSession, number>> = {
  qualifying: 60 * 60_000,
  sprint: 45 * 60_000,
  race: 120 * 60_000,
};

/** How long after its scheduled end a session's results are polled for. */
export const RESULTS_WINDOW_MS = 6 * 60 * 60_000;

/** The longest sleep between polls before the schedule is read again. */
export const SCHEDULE_REFRESH_MS = 6 * 60 * 60_000;

/** The file where the poller keeps the text hashes of what it wrote. */
export const LIVE_STATE_FILE = ".live-state.json";

/** How a weekend is followed. */
export interface LiveOptions {
  source: JsonGetter;
  /** The season folder, e.g. `data/2026`. */
  dir: string;
  year: number;
  /** The data set's earlier seasons, for identities and circuits. */
  history: readonly Season[];
  /** A user's Ergast-to-F1DB team ids for teams the tables do not know. */
  teams?: Readonly<Record<string, string>>;
  /** Between two polls of a due session. */
  intervalMs: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Stop once the current round's race file is written (tests, and a one-weekend run). */
  untilRaceWritten?: boolean;
}

/** One session the poller follows. */
interface DueSession {
  round: number;
  session: ErgastSession;
  end: number;
}

/**
 * Follows the season's current round until the season ends or the signal
 * aborts; resolves with the session files it wrote.
 */
export async function followWeekend(options: LiveOptions): Promise<string[]> {
  const { source, dir, year, intervalMs, signal } = options;
  const now = options.now ?? Date.now;
  const pause = options.sleep ?? sleep;
  const log = options.log ?? (() => {});
  const written: string[] = [];
  let schedule: ErgastRace[] | undefined;
  while (!signal?.aborted) {
    try {
      schedule ??= await readAllRaces(source, `${year}/races/`);
    } catch (error) {
      if (!isPassing(error)) throw error;
      log(`schedule of ${year}: ${(error as Error).message}; trying again in ${intervalMs / 1000} s`);
      await pause(intervalMs, signal);
      continue;
    }
    const due = await dueSessions(schedule, { dir, now: now() });
    if (due.next === undefined) {
      log(`${year}: every round's results are in, or their windows have closed; nothing left to follow`);
      break;
    }
    for (const session of due.now) {
      const file = await pollSession(session, { ...options, at: now(), log });
      if (file !== undefined) written.push(file);
    }
    if (options.untilRaceWritten && written.some((file) => file.endsWith(`/${sessionFileName("race")}`))) break;
    const wake = due.now.length > 0 ? intervalMs : Math.min(Math.max(0, due.next - now()), SCHEDULE_REFRESH_MS);
    if (due.now.length === 0) {
      const next = due.nextSession!;
      log(`next: round ${next.round} ${next.session}, due ${new Date(due.next).toISOString()}`);
      // A long wait: the schedule may have moved meanwhile.
      if (wake >= SCHEDULE_REFRESH_MS) schedule = undefined;
    }
    try {
      await pause(wake, signal);
    } catch (error) {
      if (!signal?.aborted) throw error;
    }
  }
  return written;
}

/** Errors that the next poll may not meet: the network, the server, a half-written response. */
function isPassing(error: unknown): boolean {
  return error instanceof SourceUnavailableError || error instanceof SourceResponseError ||
    error instanceof ErgastFormatError;
}

/** The sessions to poll now, and when the next one falls due. */
async function dueSessions(
  schedule: readonly ErgastRace[],
  at: { dir: string; now: number },
): Promise<{ now: DueSession[]; next: number | undefined; nextSession?: DueSession }> {
  const sessions: DueSession[] = [];
  for (const race of schedule) {
    for (const { kind, start } of sessionStarts(race)) {
      if (start === null || !(kind in SESSION_LENGTH_MS)) continue;
      const session = kind as ErgastSession;
      sessions.push({ round: Number(race.round), session, end: start.getTime() + SESSION_LENGTH_MS[session] });
    }
  }
  const pending: DueSession[] = [];
  for (const s of sessions.filter((s) => at.now < s.end + RESULTS_WINDOW_MS)) {
    if (!await sessionFileExists(at.dir, s)) pending.push(s);
  }
  const dueNow = pending.filter((s) => s.end <= at.now);
  const nextSession = dueNow[0] ?? pending.find((s) => s.end > at.now);
  return { now: dueNow, next: nextSession?.end, nextSession };
}

async function sessionFileExists(dir: string, due: DueSession): Promise<boolean> {
  const round = (await seasonFileIn(dir))?.calendar.find((r) => r.round === due.round);
  if (round === undefined) return false;
  try {
    await Deno.stat(join(dir, roundFolderName(round), sessionFileName(due.session)));
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Polls one session; writes it when complete (or when its window closes); returns the file written. */
async function pollSession(
  due: DueSession,
  context: LiveOptions & { at: number; log: (line: string) => void },
): Promise<string | undefined> {
  const { source, dir, year, log } = context;
  const label = `round ${due.round} ${due.session}`;
  let read: JolpicaSeason;
  try {
    read = await readJolpicaSeason(source, { year, round: due.round, sessions: [due.session] });
  } catch (error) {
    if (!isPassing(error)) throw error;
    log(`${label}: ${(error as Error).message}; trying again at the next poll`);
    return undefined;
  }
  const rows = read.results.get(due.round)?.[due.session] ?? [];
  const expected = await expectedDrivers(dir, due.round);
  const closing = context.at >= due.end + RESULTS_WINDOW_MS - context.intervalMs;
  if (rows.length === 0 || (rows.length < expected && !closing)) {
    log(`${label}: ${rows.length} of ${expected} drivers so far; waiting`);
    return undefined;
  }
  const existing = await seasonFileIn(dir);
  const { files } = jolpicaSeasonFiles(read, { history: context.history, existing, teams: context.teams });
  const round = (files.get("season.json") as Season).calendar.find((r) => r.round === due.round)!;
  const wanted = due.session === "race" ? ["race", "grid"] : [due.session];
  const targets = wanted.map((kind) => `${roundFolderName(round)}/${sessionFileName(kind as SessionKind)}`);
  const state = await readState(dir);
  const written: string[] = [];
  for (const path of targets) {
    const refused = await refusal(join(dir, path), state[path]);
    if (refused !== undefined) {
      log(`${path}: not written: ${refused}`);
      continue;
    }
    const text = toJsonText(files.get(path));
    // The season file first: a watcher that sees the session file must find its drivers entered.
    if (written.length === 0) {
      const read = files.get("season.json") as Season;
      const season = existing === undefined ? read : withRoundEntries(existing, read, due.round);
      if (season !== existing) await writeIfChanged(join(dir, "season.json"), toJsonText(season));
    }
    await writeIfChanged(join(dir, path), text);
    state[path] = hashParts(text);
    written.push(path);
  }
  if (written.length === 0) return undefined;
  await writeFileAtomic(join(dir, LIVE_STATE_FILE), toJsonText({ files: state }));
  log(`${label}: ${rows.length} drivers; wrote ${written.join(", ")}`);
  return written[0];
}

/** Drivers a complete session lists: as many as the round's qualifying, else the folder's last race, else 20. */
async function expectedDrivers(dir: string, round: number): Promise<number> {
  const season = await seasonFileIn(dir);
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

/** Why a file may not be replaced, or undefined when it may: it is absent, or still what this poller wrote. */
async function refusal(path: string, writtenHash: string | undefined): Promise<string | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  if (writtenHash === undefined) {
    return "it was already there (an import or a hand-made file), and is newer than this poll";
  }
  if (hashParts(text) !== writtenHash) return "it was changed since this poller wrote it (a hand correction?)";
  return undefined;
}

async function readState(dir: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await Deno.readTextFile(join(dir, LIVE_STATE_FILE))).files ?? {};
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof SyntaxError) return {};
    throw error;
  }
}
