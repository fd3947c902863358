import type { PredictionsDocument } from "../forecast/format.ts";
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

  constructor(path: string) {
    this.path = path;
  }

  /** The latest readable document, or why there is none. */
  get state(): StoreState {
    return this.#state;
  }

  /** Calls `listener` with each new document; returns the function that stops it. */
  onChange(listener: (document: PredictionsDocument) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Re-reads the file if its modification time changed. A bad file keeps the last good document. */
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
    if (this.#state.ok && this.#state.modified === modified) return;
    try {
      const document = JSON.parse(await Deno.readTextFile(this.path)) as PredictionsDocument;
      if (typeof document?.metadata?.season !== "number" || typeof document.predictions !== "object") {
        throw new Error("expected a predictions file (metadata.season, predictions)");
      }
      this.#state = { ok: true, document, modified };
      for (const listener of this.#listeners) listener(document);
    } catch (error) {
      if (!this.#state.ok) this.#state = { ok: false, reason: `${this.path}: ${(error as Error).message}` };
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
