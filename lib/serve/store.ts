import type { PredictionsDocument } from "../format/predictions.ts";
import { schemaProblems } from "../format/schemas.ts";
/**
 * The predictions file as the server sees it: read once, re-read when its
 * modification time changes (the trainer replaces it by an atomic rename, so
 * a read never sees half a file), and listeners told when a new one lands.
 *
 * @module
 */

/** What the store holds: the document, or why there is none. */
export type StoreState =
  | { ok: true; document: PredictionsDocument; modified: number }
  | { ok: false; reason: string };

/**
 * Watches one predictions file by polling its modification time.
 *
 * @example
 * ```ts ignore
 * import { PredictionsStore } from "./store.ts";
 * const store = new PredictionsStore("predictions/season_2025_incremental.json");
 * await store.refresh();
 * store.onChange((document) => console.log(document.metadata.generated_at));
 * store.start(250);
 * ```
 */
export class PredictionsStore {
  readonly path: string;
  #state: StoreState = { ok: false, reason: "not read yet" };
  #listeners = new Set<(document: PredictionsDocument) => void>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #refreshing: Promise<void> | undefined;
  #lastProblem: string | undefined;
  /** The modification time of the version last refused, so a bad file is read once, not at every request. */
  #refused: number | undefined;

  constructor(path: string) {
    this.path = path;
  }

  /** The latest readable document, or why there is none. */
  get state(): StoreState {
    return this.#state;
  }

  /** Why the newest version of the file was not taken, if it was not; undefined once a good one is. */
  get lastProblem(): string | undefined {
    return this.#state.ok && this.#lastProblem === undefined ? undefined : this.#lastProblem;
  }

  /** Calls `listener` with each new document; returns the function that stops it. */
  onChange(listener: (document: PredictionsDocument) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Re-reads the file if its modification time changed. A file that is not a
   * valid predictions file (it fails the published schema) keeps the last good
   * document; the reason is in `lastProblem`.
   */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => this.#refreshing = undefined);
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    let modified: number;
    try {
      modified = (await Deno.stat(this.path)).mtime?.getTime() ?? 0;
    } catch {
      if (!this.#state.ok) this.#state = { ok: false, reason: `${this.path}: no predictions file yet` };
      return;
    }
    if ((this.#state.ok && this.#state.modified === modified) || this.#refused === modified) return;
    try {
      const document = JSON.parse(await Deno.readTextFile(this.path)) as PredictionsDocument;
      const problems = schemaProblems("predictions.schema.json", document, 3);
      if (problems.length > 0) {
        throw new Error(
          `expected a predictions file matching lib/format/schema/predictions.schema.json; ${problems.join("; ")}`,
        );
      }
      this.#state = { ok: true, document, modified };
      this.#lastProblem = undefined;
      this.#refused = undefined;
      for (const listener of this.#listeners) listener(document);
    } catch (error) {
      this.#lastProblem = `${this.path}: ${(error as Error).message}`;
      this.#refused = modified;
      if (!this.#state.ok) this.#state = { ok: false, reason: this.#lastProblem };
    }
  }

  /** Polls every `intervalMs`. */
  start(intervalMs: number): void {
    this.stop();
    this.#timer = setInterval(() => this.refresh(), intervalMs);
  }

  /** Stops polling. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
