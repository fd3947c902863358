/**
 * `deno task serve` on a 40 MB predictions file, against the same on the shipped 2 MB one, measured and printed,
 * never asserted (issue 36: a 40 MB file was once re-read at every request, p50 589 ms, 4.4 s of CPU in 5 s idle):
 *
 * - p50 and p90 answer time of `/api/season`, `/api/races/1` and `/api/drivers/NOR`, as a ratio to the 2 MB run;
 * - CPU seconds the server process spends in 5 s with no request.
 *
 * The 40 MB file is the shipped real 2025 forecast (trained here) with each race copied under forty names.
 *
 * @module
 */

const ROOT = new URL("..", import.meta.url).pathname;

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}

/** A file under /proc, read by `cat`: Deno grants /proc only with --allow-all, and the bench runs with less. */
async function procFile(path: string): Promise<string> {
  const out = await new Deno.Command("cat", { args: [path], stdout: "piped", stderr: "null" }).output();
  return new TextDecoder().decode(out.stdout);
}

/** CPU seconds (user + system) of a process and its children, from /proc. */
async function cpuSeconds(pid: number): Promise<number> {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  const stat = await procFile(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  total += (Number(fields[11]) + Number(fields[12])) / ticks;
  const children = await procFile(`/proc/${pid}/task/${pid}/children`);
  for (const child of children.trim().split(" ").filter(Boolean)) total += await cpuSeconds(Number(child));
  return total;
}

async function measure(file: string): Promise<{ p50: number; p90: number; idleCpu: number; mb: number }> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "serve", "--predictions", file, "--port", String(port)],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  for (let seen = ""; !seen.includes(`:${port}`);) seen += (await reader.read()).value ?? "";
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    for (const route of ["/api/season", "/api/races/1", "/api/drivers/NOR"]) {
      const started = performance.now();
      await (await fetch(`http://127.0.0.1:${port}${route}`)).arrayBuffer();
      times.push(performance.now() - started);
    }
  }
  const before = await cpuSeconds(child.pid);
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const idleCpu = await cpuSeconds(child.pid) - before;
  child.kill("SIGTERM");
  await child.status;
  reader.releaseLock();
  times.sort((a, b) => a - b);
  const mb = (await Deno.stat(file)).size / 1e6;
  return { p50: times[Math.floor(times.length / 2)], p90: times[Math.floor(times.length * 0.9)], idleCpu, mb };
}

// The shipped real 2025, trained here as `deno task train` would: a fresh clone has no predictions yet.
const work = await Deno.makeTempDir({ prefix: "f1hp-serve-bench-" });
const SOURCE = `${work}/season_2025_incremental.json`;
const trained = await new Deno.Command(Deno.execPath(), {
  args: ["task", "train", "--output", SOURCE],
  cwd: ROOT,
  stdout: "null",
  stderr: "piped",
}).output();
if (!trained.success) throw new Error(`deno task train: ${new TextDecoder().decode(trained.stderr)}`);
const document = JSON.parse(await Deno.readTextFile(SOURCE));
const races = Object.entries(document.predictions);
for (let copy = 1; copy < 40; copy++) {
  for (const [name, race] of races) document.predictions[`${name} (copy ${copy})`] = race;
}
const large = await Deno.makeTempFile({ suffix: ".json" });
await Deno.writeTextFile(large, JSON.stringify(document));
try {
  const reference = await measure(SOURCE);
  const big = await measure(large);
  for (const [label, run] of [["shipped", reference], ["inflated", big]] as const) {
    console.log(
      `${label} ${run.mb.toFixed(1)} MB: p50 ${run.p50.toFixed(1)} ms (x${(run.p50 / reference.p50).toFixed(2)}), ` +
        `p90 ${run.p90.toFixed(1)} ms (x${(run.p90 / reference.p90).toFixed(2)}), CPU in 5 s idle ${
          run.idleCpu.toFixed(2)
        } s`,
    );
  }
} finally {
  await Deno.remove(large);
  await Deno.remove(work, { recursive: true });
}
