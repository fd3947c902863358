/** `deno task watch` run as a subprocess by tests, its output lines collected as they come. */

const ROOT = new URL("..", import.meta.url);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `deno task watch` as a subprocess, with its output lines collected as they come. */
export class WatchProcess {
  readonly lines: string[] = [];
  readonly #child: Deno.ChildProcess;
  readonly #reading: Promise<void>;

  constructor(data: string, output: string, extra: string[]) {
    this.#child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-env",
        "tasks/train.ts",
        "--train-data",
        data,
        "--output",
        output,
        "--watch-folder",
        "--verbose",
        ...extra,
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#reading = Promise.all([this.#collect(this.#child.stdout), this.#collect(this.#child.stderr)]).then(() => {});
  }

  async #collect(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let rest = "";
    for await (const bytes of stream) {
      const parts = (rest + decoder.decode(bytes, { stream: true })).split("\n");
      rest = parts.pop()!;
      this.lines.push(...parts);
    }
    if (rest) this.lines.push(rest);
  }

  /** Lines that report a finished run (started lines and errors excluded). */
  finishedRuns(): string[] {
    return this.lines.filter((line) => /^watch: run \d+ \([^)]*\): season/.test(line));
  }

  async waitFor(what: string, test: (lines: string[]) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this.lines)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; output so far:\n${this.lines.join("\n")}`);
      }
      await sleep(25);
    }
  }

  signal(signal: Deno.Signal): void {
    this.#child.kill(signal);
  }

  async stop(): Promise<number> {
    try {
      this.#child.kill("SIGTERM");
    } catch { /* already gone */ }
    return await this.exitCode();
  }

  async exitCode(): Promise<number> {
    const status = await this.#child.status;
    await this.#reading;
    return status.code;
  }
}
