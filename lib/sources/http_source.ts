/**
 * A polite JSON client for a public, rate-limited API: requests at most one
 * per `minIntervalMs` (Jolpica allows four a second and 500 an hour), waits
 * as long as a 429's `Retry-After` asks, and retries a server error or a
 * lost connection with exponential back-off (1 s, 2 s, 4 s, ... up to a
 * minute) before giving up with an error that names the address.
 *
 * `fetch` and `sleep` are injected so that tests run on a fake clock.
 *
 * @module
 */

import { TransientSourceError, UserInputError } from "../errors/errors.ts";

/** The address could not be read after every retry: the network is down or the server keeps failing. */
export class SourceUnavailableError extends TransientSourceError {
  override name = "SourceUnavailableError";
  /**
   * @example
   * ```ts
   * import { SourceUnavailableError } from "./http_source.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new SourceUnavailableError("http://x/a", { attempts: 3, last: "HTTP 500" }).message, "http://x/a: no answer after 3 attempts (last: HTTP 500)");
   * ```
   */
  constructor(readonly url: string, readonly failure: { attempts: number; last: string }) {
    super(`${url}: no answer after ${failure.attempts} attempts (last: ${failure.last})`);
  }
}

/** The server answered with a client error (a 404, say) or a body that is not JSON: retrying would not help. */
export class SourceResponseError extends TransientSourceError {
  override name = "SourceResponseError";
  /**
   * @example
   * ```ts
   * import { SourceResponseError } from "./http_source.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new SourceResponseError("http://x/a", "HTTP 404").message, "http://x/a: expected a JSON response; found HTTP 404");
   * ```
   */
  constructor(readonly url: string, readonly found: string) {
    super(`${url}: expected a JSON response; found ${found}`);
  }
}

/**
 * Waits `ms`, or rejects with the signal's reason when it aborts first.
 *
 * @example
 * ```ts
 * import { sleep } from "./http_source.ts";
 * await sleep(1);
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** How a `JsonSource` reaches its server. */
export interface JsonSourceOptions {
  /** Where paths are resolved, e.g. `https://api.jolpi.ca/ergast/f1`. */
  baseUrl: string;
  /**
   * How requests are made; a test's fake server answers here.
   *
   * @default {the global fetch}
   */
  fetch?: typeof fetch;
  /**
   * How waits are waited (back-off, `Retry-After`, the pace); a test's returns at once.
   *
   * @default {a timer, cut short by the signal}
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * The clock `minIntervalMs` is kept by.
   *
   * @default {Date.now}
   */
  now?: () => number;
  /**
   * Attempts before `SourceUnavailableError` (about a minute of back-off at the default).
   *
   * @default {6}
   */
  maxAttempts?: number;
  /**
   * Milliseconds one attempt may take, connecting and reading the whole body: a server that accepts and never
   * answers, or trickles, is given up on and retried.
   *
   * @default {20000}
   */
  timeoutMs?: number;
  /**
   * Milliseconds one `get` may take in all, retries and waits included: past it, the read ends with
   * `SourceUnavailableError` instead of waiting on (a `Retry-After` beyond it ends it at once).
   *
   * @default {120000}
   */
  budgetMs?: number;
  /**
   * Least milliseconds between two requests.
   *
   * @default {250}
   */
  minIntervalMs?: number;
  /**
   * Where waits and retries are reported.
   *
   * @default {nowhere}
   */
  log?: (line: string) => void;
  /**
   * Aborting it ends a wait and the request in flight.
   *
   * @default {undefined}
   */
  signal?: AbortSignal;
}

/** The longest back-off and the longest `Retry-After` honoured, ms. */
const MAX_BACKOFF_MS = 60_000;
const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** Failures that mean the host cannot be reached at all (`fetchFailure`'s words): tried this often, not more. */
const UNREACHABLE = /^(cannot resolve|connection refused)/;
const UNREACHABLE_ATTEMPTS = 3;
/** The largest JSON body read: Jolpica's biggest page is well under 1 MiB. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Reads JSON from one server, within its rate limits.
 *
 * @example
 * ```ts
 * import { JsonSource } from "./http_source.ts";
 * import assert from "node:assert/strict";
 * let calls = 0;
 * const fake = (() => Promise.resolve(++calls === 1 ? new Response("", { status: 429, headers: { "retry-after": "2" } }) : Response.json({ ok: true }))) as typeof fetch;
 * const waits: number[] = [];
 * const source = new JsonSource({ baseUrl: "http://127.0.0.1:1/api", fetch: fake, sleep: (ms) => { waits.push(ms); return Promise.resolve(); } });
 * assert.deepEqual(await source.get("2025/races/"), { ok: true });
 * assert.ok(waits.includes(2000));
 * ```
 */
export class JsonSource {
  readonly #options: Required<Omit<JsonSourceOptions, "signal">> & { signal?: AbortSignal };
  #last = -Infinity;

  /** @throws {UserInputError} for a `baseUrl` that is not an http(s) address: no retry would mend it. */
  constructor(options: JsonSourceOptions) {
    const base = URL.canParse(options.baseUrl) ? new URL(options.baseUrl) : undefined;
    if (base === undefined || !["http:", "https:"].includes(base.protocol) || base.hostname === "") {
      const detail = `expected an http(s) address such as https://api.jolpi.ca/ergast/f1; found "${options.baseUrl}"`;
      throw new UserInputError(`base URL: ${detail}`, { input: "base-url", detail });
    }
    this.#options = {
      fetch: (input, init) => fetch(input, init),
      sleep,
      now: Date.now,
      maxAttempts: 6,
      minIntervalMs: 250,
      timeoutMs: 20_000,
      budgetMs: 120_000,
      log: () => {},
      ...options,
    };
  }

  /** The address a path is read from. */
  url(path: string): string {
    return `${this.#options.baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
  }

  /**
   * The JSON at `path`.
   *
   * @throws {SourceUnavailableError} after `maxAttempts` failures that a retry could mend.
   * @throws {SourceResponseError} for a client error or a body that is not JSON.
   */
  async get(path: string): Promise<unknown> {
    const { fetch, sleep, now, maxAttempts, minIntervalMs, log, signal, timeoutMs, budgetMs } = this.#options;
    const url = this.url(path);
    const deadline = now() + budgetMs;
    let last = "";
    // A wait that would end past the budget ends the read now, saying why.
    const waitOrGiveUp = async (ms: number, after: { attempts: number; why: string }) => {
      if (now() + ms > deadline) {
        throw new SourceUnavailableError(url, {
          attempts: after.attempts,
          last: `${after.why}; past ${budgetMs / 1000} s in all`,
        });
      }
      log(`${url}: ${after.why}; waiting ${ms / 1000} s`);
      await sleep(ms, signal);
    };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const wait = this.#last + minIntervalMs - now();
      if (wait > 0) await sleep(wait, signal);
      this.#last = now();
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempt - 1));
      const timeout = AbortSignal.timeout(timeoutMs);
      const attemptSignal = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, { signal: attemptSignal, headers: { accept: "application/json" } });
        text = response.ok ? await boundedText(response, url) : "";
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error instanceof SourceResponseError) throw error;
        // No permission to reach the host: no retry will grant it.
        if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) throw error;
        last = timeout.aborted ? `no whole answer within ${timeoutMs / 1000} s` : fetchFailure(error, url);
        // No network, a mistyped host, nothing listening: a minute of retries would not mend it.
        if (UNREACHABLE.test(last) && attempt >= UNREACHABLE_ATTEMPTS) {
          throw new SourceUnavailableError(url, { attempts: attempt, last });
        }
        await waitOrGiveUp(backoff, { attempts: attempt, why: `${last}; retrying` });
        continue;
      }
      if (response.ok) {
        try {
          return JSON.parse(text);
        } catch {
          throw new SourceResponseError(url, `a body that is not JSON (${JSON.stringify(text.slice(0, 60))})`);
        }
      }
      await response.body?.cancel();
      last = `HTTP ${response.status}`;
      if (response.status === 429) {
        const asked = retryAfterMs(response.headers.get("retry-after"), now());
        await waitOrGiveUp(Math.min(MAX_RETRY_AFTER_MS, asked ?? backoff), {
          attempts: attempt,
          why: "rate limited (HTTP 429)",
        });
      } else if (response.status >= 500) {
        await waitOrGiveUp(backoff, { attempts: attempt, why: `HTTP ${response.status}; retrying` });
      } else {
        throw new SourceResponseError(url, last);
      }
    }
    throw new SourceUnavailableError(url, { attempts: maxAttempts, last });
  }
}

/**
 * Why a request got no answer, in a user's words: the name that does not
 * resolve, the port that refuses, the TLS failure; else the system's own words.
 *
 * @example
 * ```ts
 * import { fetchFailure } from "./http_source.ts";
 * import assert from "node:assert/strict";
 * const dns = new TypeError("fetch failed", { cause: new Error("client error (Connect): dns error: failed to lookup address information: Name or service not known") });
 * assert.equal(fetchFailure(dns, "https://api.jolpi.ca/ergast/f1/2025/races/"), "cannot resolve api.jolpi.ca: no network, or a mistyped host?");
 * ```
 */
export function fetchFailure(error: unknown, url: string): string {
  const proxy = proxyOf(url);
  const target = new URL(url);
  const { hostname } = target;
  const host = proxy === undefined ? target.host : `the proxy ${proxy.host} (${proxy.variable})`;
  const cause = (error as Error)?.cause;
  const text = `${(error as Error)?.message ?? error} ${cause instanceof Error ? cause.message : cause ?? ""}`;
  if (/dns error|failed to lookup|name or service not known|nodename nor servname|no such host/i.test(text)) {
    return `cannot resolve ${hostname}: no network, or a mistyped host?`;
  }
  if (/connection refused/i.test(text)) return `connection refused by ${host}: nothing listening there?`;
  if (/connection reset|broken pipe|unexpected eof/i.test(text)) return `connection reset by ${host}`;
  if (/certificate|tls|ssl|handshake/i.test(text)) {
    return `TLS with ${host} failed: ${
      (text.match(/(invalid peer certificate|certificate[^:)]*|handshake[^:)]*)/i) ?? [text.trim()])[0]
    }`;
  }
  return (cause instanceof Error ? cause.message : undefined) ?? (error as Error)?.message ?? String(error);
}

/** The proxy a request to `url` goes through, as the environment names it (Deno's fetch honours these). */
function proxyOf(url: string): { host: string; variable: string } | undefined {
  const names = url.startsWith("https:") ? ["HTTPS_PROXY", "https_proxy"] : ["HTTP_PROXY", "http_proxy"];
  for (const variable of names) {
    let value: string | undefined;
    try {
      value = Deno.env.get(variable);
    } catch {
      return undefined; // no permission to read the environment: no proxy can be named
    }
    if (value && URL.canParse(value)) return { host: new URL(value).host, variable };
  }
  return undefined;
}

/**
 * A `Retry-After` header in ms: seconds, or an HTTP date relative to `now`.
 *
 * @example
 * ```ts
 * import { retryAfterMs } from "./http_source.ts";
 * import assert from "node:assert/strict";
 * assert.equal(retryAfterMs("3", 0), 3000);
 * assert.equal(retryAfterMs("Thu, 01 Jan 1970 00:00:05 GMT", 0), 5000);
 * assert.equal(retryAfterMs("soon", 0), undefined);
 * ```
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A response's body as text, at most `MAX_BODY_BYTES` of it: a larger body is refused, not read into memory. */
async function boundedText(response: Response, url: string): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new SourceResponseError(url, `a body of ${declared} bytes (at most ${MAX_BODY_BYTES} are read)`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? new ReadableStream<Uint8Array>()) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new SourceResponseError(url, `a body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) (bytes.set(chunk, at), at += chunk.length);
  return new TextDecoder().decode(bytes);
}
