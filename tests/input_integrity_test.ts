/**
 * Nothing dropped in silence: each bad input below is named (file, field,
 * value), costs only its own round, and gets the right exit code; the other
 * rounds are still forecast.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { generateDemoSeason } from "../lib/demo/season.ts";
import type { PredictionsDocument } from "../lib/format/predictions.ts";
import { main } from "../tasks/train.ts";
import { withTempDir } from "./helpers.ts";

/** Captures what `main` prints on stderr while it runs. */
async function train(args: string[]): Promise<{ code: number; stderr: string }> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...parts: unknown[]) => lines.push(parts.join(" "));
  const log = console.log;
  console.log = () => {};
  try {
    return { code: await main(args), stderr: lines.join("\n") };
  } finally {
    console.error = original;
    console.log = log;
  }
}

async function demo(dir: string): Promise<{ data: string; round: (n: number) => string; names: string[] }> {
  const { files } = generateDemoSeason(2025, { rounds: 6, seed: 4, completed: 5 });
  const data = join(dir, "data", "2025");
  await writeSeasonFolder(data, files);
  const season = files.get("season.json") as { calendar: Array<{ round: number; slug: string; name: string }> };
  const folder = (n: number) => {
    const r = season.calendar[n - 1];
    return join(data, `${String(r.round).padStart(2, "0")}-${r.slug}`);
  };
  return { data, round: folder, names: season.calendar.map((r) => r.name) };
}

interface Case {
  what: string;
  /** Breaks the data (or builds the arguments) in `dir`; returns extra arguments for `train`. */
  setup: (d: Awaited<ReturnType<typeof demo>>, dir: string) => string[] | Promise<string[]>;
  code: number;
  stderr: RegExp;
  /** The round that fails, by number; the others must still be forecast. */
  failed?: number;
  /** What the failed round's `metadata.error` must say. */
  error?: RegExp;
}

const CASES: Case[] = [
  {
    what: "a round folder renamed",
    setup: async (d) => {
      await Deno.rename(d.round(3), d.round(3).replace(/-[a-z-]+$/, "-renamed"));
      return [];
    },
    code: 1,
    stderr: /round 3 .* failed: .*03-renamed: expected the round's folder 03-/,
    failed: 3,
  },
  {
    what: "a stray folder that names no round",
    setup: async (d) => {
      await Deno.mkdir(join(d.data, "notes"));
      return [];
    },
    code: 1,
    stderr: /not read: .*notes: expected a round folder from the calendar/,
  },
  {
    what: "a folder where a session file belongs",
    setup: async (d) => {
      await Deno.remove(join(d.round(3), "fp3.json"));
      await Deno.mkdir(join(d.round(3), "fp3.json"));
      return [];
    },
    code: 1,
    stderr: /round 3 .* failed: .*fp3\.json: expected a session file; found a folder/,
    failed: 3,
  },
  {
    what: "a symlink that leads nowhere",
    setup: async (d) => {
      await Deno.remove(join(d.round(4), "fp1.json"));
      await Deno.symlink(join(d.round(4), "missing.json"), join(d.round(4), "fp1.json"));
      return [];
    },
    code: 1,
    stderr:
      /round 4 .* failed: .*fp1\.json: expected a session file, or a symlink to one; found a symlink that leads nowhere/,
    failed: 4,
  },
  {
    what: "a round folder that is a file",
    setup: async (d) => {
      await Deno.remove(d.round(5), { recursive: true });
      await Deno.writeTextFile(d.round(5), "not a folder");
      return [];
    },
    code: 1,
    stderr: /round 5 .* failed: .*: expected a round folder; found a file/,
    failed: 5,
  },
  {
    what: "an empty race result",
    setup: async (d) => {
      await Deno.writeTextFile(join(d.round(2), "race.json"), "[]");
      return [];
    },
    code: 1,
    stderr: /round 2 .* failed: .*race\.json: expected at least one row/,
    failed: 2,
  },
  {
    what: "a starter missing from the race result",
    setup: async (d) => {
      const path = join(d.round(3), "race.json");
      const rows = JSON.parse(await Deno.readTextFile(path));
      await Deno.writeTextFile(path, JSON.stringify(rows.slice(0, -1)));
      return [];
    },
    code: 1,
    stderr:
      /round 3 .* failed: .*race\.json: expected a row for every driver on the grid .* found no row for "[A-Z]{3}"/,
    failed: 3,
  },
  {
    what: "a qualifying lap of 8.8 s, named at its own row after a broken one",
    setup: async (d) => {
      const path = join(d.round(1), "qualifying.json");
      const rows = JSON.parse(await Deno.readTextFile(path));
      rows[0].position = "first";
      rows[4].q1_ms = 8_800;
      await Deno.writeTextFile(path, JSON.stringify(rows));
      return [];
    },
    code: 1,
    stderr: /round 1 .* failed: .*qualifying\.json: \[0\]\.position: .*\(and 1 more\)/,
    failed: 1,
    error: /qualifying\.json: \[4\]\.q1_ms: expected a time 40000-400000 ms a car can set; found 8800/,
  },
  {
    what: "a scenario file that does not exist",
    setup: (_d, dir) => ["--scenario-file", join(dir, "nope.json")],
    code: 2,
    stderr: /nope\.json: \(the file\): expected a readable JSON file of scenarios; found no such file/,
  },
  {
    what: "a scenario file that is not JSON",
    setup: async (_d, dir) => {
      await Deno.writeTextFile(join(dir, "bad.json"), "{heat:");
      return ["--scenario-file", join(dir, "bad.json")];
    },
    code: 2,
    stderr: /bad\.json: \(the file\): expected valid JSON/,
  },
  {
    what: "a scenario file that is a folder",
    setup: (_d, dir) => ["--scenario-file", dir],
    code: 2,
    stderr: /: \(the file\): expected a readable JSON file of scenarios; found /,
  },
  {
    what: "an empty output path",
    setup: () => ["--output", ""],
    code: 2,
    stderr: /output "": expected a file path; found an empty path/,
  },
  {
    what: "an output that is a folder",
    setup: (_d, dir) => ["--output", dir],
    code: 2,
    stderr: /output ".*": expected a file path; found a folder/,
  },
  {
    what: "two names for one team",
    setup: () => ["--team-weights", '{"apex": 1.1, "Apex Racing": 1.2}'],
    code: 2,
    stderr: /--team-weights: Apex Racing: expected one weight per team; found a second name for apex/,
  },
  {
    what: "a trillion simulations",
    setup: () => ["--num-simulations", "1000000000000"],
    code: 2,
    stderr: /--num-simulations: expected an integer 1-1000000/,
  },
  {
    what: "a seed past 32 bits",
    setup: () => ["--seed", "4294967296"],
    code: 2,
    stderr: /--seed: expected an integer 0-4294967295/,
  },
];

for (const c of CASES) {
  Deno.test(`bad input: ${c.what}`, async () => {
    await withTempDir(async (dir) => {
      const d = await demo(dir);
      const output = join(dir, "out", "p.json");
      const extra = await c.setup(d, dir);
      const args = ["--train-data", join(dir, "data"), "--num-simulations", "200", ...extra];
      const { code, stderr } = await train(extra.includes("--output") ? args : [...args, "--output", output]);
      assert.equal(code, c.code, stderr);
      assert.match(stderr, c.stderr);
      assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
      if (c.code === 2) return; // options are checked before anything is written
      const document: PredictionsDocument = JSON.parse(await Deno.readTextFile(output));
      const records = Object.values(document.predictions);
      assert.equal(records.length, 6);
      for (const record of records) {
        const shouldFail = record.metadata.round === c.failed;
        assert.equal(record.metadata.status, shouldFail ? "failed" : "ok", `round ${record.metadata.round}`);
        if (shouldFail && c.error !== undefined) assert.match(record.metadata.error ?? "", c.error);
      }
    });
  });
}

Deno.test("bad input: a training data path that is a file is named as one", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "data.json"), "{}");
    const { code, stderr } = await train(["--train-data", join(dir, "data.json"), "--output", join(dir, "p.json")]);
    assert.equal(code, 2, "a file where a folder belongs is a wrong option");
    assert.match(
      stderr,
      /--train-data .*data\.json: expected a season folder or a folder of season folders; found a file/,
    );
  });
});

Deno.test("a valid symlink to a session file is followed", async () => {
  await withTempDir(async (dir) => {
    const d = await demo(dir);
    const target = join(dir, "fp1.json");
    await Deno.rename(join(d.round(2), "fp1.json"), target);
    await Deno.symlink(target, join(d.round(2), "fp1.json"));
    const { code, stderr } = await train([
      "--train-data",
      join(dir, "data"),
      "--num-simulations",
      "200",
      "--output",
      join(dir, "p.json"),
    ]);
    assert.equal(code, 0, stderr);
  });
});

Deno.test("a huge broken session file fails its round with a short report, and nothing crashes", async () => {
  await withTempDir(async (dir) => {
    const d = await demo(dir);
    const rows = Array.from(
      { length: 200_000 },
      (_, i) => ({ driver: `X${String(i % 100).padStart(2, "0")}`, bad: i }),
    );
    await Deno.writeTextFile(join(d.round(2), "fp1.json"), JSON.stringify(rows));
    const output = join(dir, "p.json");
    const { code } = await train(["--train-data", join(dir, "data"), "--num-simulations", "200", "--output", output]);
    assert.equal(code, 1);
    const document: PredictionsDocument = JSON.parse(await Deno.readTextFile(output));
    const error = Object.values(document.predictions).find((r) => r.metadata.round === 2)!.metadata.error!;
    const lines = error.split("\n");
    assert.equal(lines.length, 51);
    assert.match(lines.at(-1)!, /expected at most 50 problems listed per file; found \d+ more/);
  });
});

Deno.test("scenario files: a later scenario may be extended, a cycle is named", async () => {
  await withTempDir(async (dir) => {
    await demo(dir);
    const file = join(dir, "s.json");
    const base = ["--train-data", join(dir, "data"), "--num-simulations", "100", "--output", join(dir, "p.json")];
    await Deno.writeTextFile(
      file,
      JSON.stringify({ heat: { extends: "hot", mechanicalScale: 2 }, hot: { extends: "wet" } }),
    );
    assert.equal((await train([...base, "--scenario-file", file, "--scenarios", "heat"])).code, 0);
    await Deno.writeTextFile(file, JSON.stringify({ heat: { extends: "hot" }, hot: { extends: "heat" } }));
    const cyclic = await train([...base, "--scenario-file", file, "--scenarios", "heat"]);
    assert.equal(cyclic.code, 2);
    assert.match(
      cyclic.stderr,
      /s\.json: hot\.extends: expected a scenario that does not extend itself.*found heat -> hot -> heat/,
    );
  });
});

Deno.test("leftovers of a killed run: stale temporary files go, a lock whose process id was reused is taken over", async () => {
  await withTempDir(async (dir) => {
    await demo(dir);
    const output = join(dir, "out", "p.json");
    await Deno.mkdir(join(dir, "out"));
    const stale = [
      join(dir, "out", ".p.json.12345.abcd1234.tmp"),
      join(dir, "out", "..p.json.cache.json.12345.ef.tmp"),
    ];
    for (const path of stale) await Deno.writeTextFile(path, "half a fil");
    await Deno.writeTextFile(join(dir, "out", ".other.json.1.x.tmp"), "not ours");
    // Process 1 is alive, but it did not start when this lock says: its id was reused.
    await Deno.writeTextFile(`${output}.lock`, "1\n999999999999\n");
    const { code, stderr } = await train([
      "--train-data",
      join(dir, "data"),
      "--num-simulations",
      "100",
      "--output",
      output,
    ]);
    assert.equal(code, 0, stderr);
    for (const path of stale) await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
    assert.ok((await Deno.stat(join(dir, "out", ".other.json.1.x.tmp"))).isFile, "another output's file is left alone");
    assert.match(
      await Deno.readTextFile(join(dir, "out", "training.log")),
      /removed .*\.p\.json\.12345\.abcd1234\.tmp/,
    );
  });
});

Deno.test("watch mode on a data folder that does not exist exits 2 at once", async () => {
  await withTempDir(async (dir) => {
    const { code, stderr } = await train([
      "--train-data",
      join(dir, "missing"),
      "--watch-folder",
      "--output",
      join(dir, "p.json"),
    ]);
    assert.equal(code, 2);
    assert.match(stderr, /missing: expected a data folder to watch; found no such folder/);
  });
});
