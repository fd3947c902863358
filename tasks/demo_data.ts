/**
 * `deno task demo-data [--out DIR]`: writes the fictional demo season to
 * DIR/2025 (default data/demo/2025) and the true strengths behind it to
 * DIR/truth.json.
 *
 * @module
 */

import { generateDemoSeason } from "../lib/demo/season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { toJsonText, writeIfChanged } from "../lib/data/files.ts";
import { describeFailure, parseTaskArgs, sharedOptions } from "./cli.ts";

const USAGE = `Usage: deno task demo-data [--out DIR]

Writes the fictional demo season (24 rounds, 20 run) to DIR/2025 and the strengths it was drawn from to
DIR/truth.json (default DIR: data/demo). Unchanged files are not rewritten.`;

export async function main(args: string[]): Promise<number> {
  const parsed = parseTaskArgs(args, { task: "demo-data", usage: USAGE, options: sharedOptions("out") });
  if (typeof parsed === "number") return parsed;
  const out = parsed.values.out ?? "data/demo";
  try {
    const { files, truth } = generateDemoSeason(2025, { rounds: 24, seed: 2025, completed: 20 });
    await Deno.mkdir(`${out}/2025`, { recursive: true });
    const summary = await writeSeasonFolder(`${out}/2025`, files);
    await writeIfChanged(`${out}/truth.json`, toJsonText(truth));
    console.log(
      `${out}/2025: ${summary.written.length} written, ${summary.unchanged} unchanged, ${summary.removed.length} removed`,
    );
    return 0;
  } catch (error) {
    console.error(`demo-data: ${describeFailure(error).message}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
