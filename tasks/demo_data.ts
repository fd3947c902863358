/**
 * `deno task demo-data`: writes the fictional demo season to data/demo/2025
 * and the true strengths behind it to data/demo/truth.json.
 *
 * @module
 */

import { generateDemoSeason } from "../lib/train/demo_season.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { toJsonText, writeIfChanged } from "../lib/data/files.ts";

const out = Deno.args[0] ?? "data/demo";
const { files, truth } = generateDemoSeason(2025, { rounds: 24, seed: 2025, completed: 20 });
await Deno.mkdir(`${out}/2025`, { recursive: true });
const summary = await writeSeasonFolder(`${out}/2025`, files);
await writeIfChanged(`${out}/truth.json`, toJsonText(truth));
console.log(
  `${out}/2025: ${summary.written.length} written, ${summary.unchanged} unchanged, ${summary.removed.length} removed`,
);
