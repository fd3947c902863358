import { parse, stringify } from "yaml";
import { parseBlockYaml } from "../lib/sources/f1db/block_yaml.ts";

// A season's race results as F1DB writes them: 24 files of 20 rows (no file access, so `deno bench` needs no flags).
const races = Array.from({ length: 24 }, (_, race) =>
  stringify(Array.from({ length: 20 }, (_, i) => ({
    position: i < 18 ? i + 1 : "DNF",
    driverNumber: 1 + ((i * 7 + race) % 99),
    driverId: `driver-${i}`,
    constructorId: `team-${i >> 1}`,
    engineManufacturerId: `engine-${i % 4}`,
    tyreManufacturerId: "pirelli",
    laps: i < 18 ? 57 : 30 + race,
    time: i === 0 ? "1:31:44.742" : i < 18 ? `+${(i * 3.217).toFixed(3)}` : null,
    timePenalty: null,
    gap: i < 18 ? `+${(i * 3.217).toFixed(3)}` : null,
    reasonRetired: i < 18 ? null : "Engine",
    points: [25, 18, 15, 12, 10, 8, 6, 4, 2, 1][i] ?? 0,
    gridPosition: ((i + race) % 20) + 1,
  }))));
if (races.some((text) => parseBlockYaml(text) === undefined)) throw new Error("the bench's YAML left the subset");

Deno.bench("a season's race results (24 x 20 rows), the yaml package", { group: "F1DB YAML", baseline: true }, () => {
  for (const text of races) parse(text);
});
Deno.bench("a season's race results (24 x 20 rows), parseBlockYaml", { group: "F1DB YAML" }, () => {
  for (const text of races) parseBlockYaml(text);
});
