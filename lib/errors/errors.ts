/**
 * The two kinds of error the tasks and the live poller act on, so that
 * neither keeps a closed list of every error class:
 *
 * - {@linkcode UserInputError}: what the user asked for cannot be done as
 *   asked (weights naming no driver, a season not in the data, an unknown
 *   model). A task exits 2 and says which input to fix.
 * - {@linkcode TransientSourceError}: a source failed in a way the next try
 *   may not meet (the network, the server, a half-written reply). The live
 *   poller waits for its next poll; a one-shot import reports it.
 *
 * Every other error is a fault in the data (exit 1, its message names the
 * file and field) or a bug (exit 1, its stack with `--verbose`).
 *
 * @module
 */

/** How a {@linkcode UserInputError} names what to fix. */
export interface UserInputErrorOptions {
  /**
   * The input at fault as the tasks name their options (`driver-weights`, `season`, `workers`): a task shows the
   * error as `--input: detail`. Undefined where the message names the input itself (a file and its field).
   *
   * @default {undefined}
   */
  input?: string;
  /**
   * What is wrong with that input, without naming it.
   *
   * @default {the message}
   */
  detail?: string;
  /**
   * The error behind this one.
   *
   * @default {undefined}
   */
  cause?: unknown;
}

/**
 * What the user asked for cannot be done as asked: the command exits 2.
 *
 * @example
 * ```ts
 * import { UserInputError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const error = new UserInputError("season 2030: expected one of 2024, 2025", {
 *   input: "season",
 *   detail: "expected one of 2024, 2025; found 2030",
 * });
 * assert.equal(error.input, "season");
 * assert.equal(error.detail, "expected one of 2024, 2025; found 2030");
 * assert.equal(new UserInputError("plain").detail, "plain");
 * ```
 */
export class UserInputError extends Error {
  override name = "UserInputError";
  /** The input at fault, as the tasks name their options; undefined where the message names it. */
  readonly input: string | undefined;
  /** What is wrong with that input. */
  readonly detail: string;

  constructor(message: string, options: UserInputErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.input = options.input;
    this.detail = options.detail ?? message;
  }
}

/**
 * A source failed in a way the next try may not meet: worth another poll.
 *
 * @example
 * ```ts
 * import { TransientSourceError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * assert.ok(new TransientSourceError("http://x/a: no answer") instanceof Error);
 * ```
 */
export class TransientSourceError extends Error {
  override name = "TransientSourceError";
}

/**
 * A name the user gave that no registry entry has (a model, a source): the message lists the names there are.
 *
 * @example
 * ```ts
 * import { UnknownNameError } from "./errors.ts";
 * import assert from "node:assert/strict";
 * const error = new UnknownNameError("model", "nope", ["form", "bayes"]);
 * assert.equal(error.message, 'model: expected one of form, bayes; found "nope"');
 * assert.equal(error.found, "nope");
 * assert.equal(error.input, "model");
 * ```
 */
export class UnknownNameError extends UserInputError {
  override name = "UnknownNameError";
  /** The name asked for. */
  readonly found: string;

  constructor(input: string, found: string, known: readonly string[]) {
    const detail = `expected one of ${known.join(", ")}; found "${found}"`;
    super(`${input}: ${detail}`, { input, detail });
    this.found = found;
  }
}
