/**
 * A season in progress, made from the real F1DB tree at test time: an F1DB
 * folder as it looks after round `through` (later rounds keep only
 * `race.yml`, `entrants.yml` lists rounds up to `through`), optionally with a
 * team renamed for the season and a brand-new team of two rookies. Nothing
 * here copies F1DB into the repository: the tree is built in a temporary
 * folder, unchanged files are symlinks to `../shared/f1db`.
 */

import { join } from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { importF1dbSeason, parseRoundRanges } from "../lib/sources/f1db/f1db.ts";
import { writeSeasonFolder } from "../lib/data/season_writer.ts";
import { F1DB_DIR } from "./helpers.ts";

const DATA = `${F1DB_DIR}/src/data`;

/** How the season in progress differs from the real one. */
export interface SnapshotOptions {
  /** The last round run; later rounds keep only `race.yml`. */
  through: number;
  /** The season's constructor `from` races as `to`, whose F1DB chronology lists `from` before it. */
  rename?: { from: string; to: string; name: string };
  /** The season's constructor `replaces` becomes a team with no history, its drivers rookies `codes`. */
  newTeam?: { replaces: string; id: string; name: string; codes: [string, string] };
}

/** Expands round numbers back into F1DB's `1-6,8` text. */
function roundRanges(rounds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < rounds.length; i++) {
    const start = rounds[i];
    while (i + 1 < rounds.length && rounds[i + 1] === rounds[i] + 1) i++;
    parts.push(start === rounds[i] ? `${start}` : `${start}-${rounds[i]}`);
  }
  return parts.join(",");
}

async function linkEach(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) await Deno.symlink(join(from, entry.name), join(to, entry.name));
}

/** Drivers who raced for `team` in the season's entrants.yml. */
function raceDrivers(entrants: Array<Record<string, unknown>>, team: string): string[] {
  const entrant = entrants.find((e) => e.constructorId === team);
  if (entrant === undefined) throw new Error(`no constructor ${team} in the season`);
  return (entrant.drivers as Array<Record<string, unknown>>).filter((d) => d.testDriver !== true)
    .map((d) => String(d.driverId));
}

/**
 * Builds the F1DB tree of a season in progress under `dir`; returns its root.
 */
export async function liveF1dbTree(dir: string, year: number, options: SnapshotOptions): Promise<string> {
  const root = join(dir, "f1db");
  for (const shared of ["circuits", "grands-prix"]) {
    await Deno.mkdir(root, { recursive: true });
    await Deno.symlink(join(DATA, shared), join(root, shared));
  }
  await linkEach(join(DATA, "drivers"), join(root, "drivers"));
  await linkEach(join(DATA, "constructors"), join(root, "constructors"));
  await Deno.mkdir(join(root, "seasons"));
  for await (const entry of Deno.readDir(join(DATA, "seasons"))) {
    if (entry.name !== String(year)) {
      await Deno.symlink(join(DATA, "seasons", entry.name), join(root, "seasons", entry.name));
    }
  }

  const seasonFrom = join(DATA, "seasons", String(year));
  const seasonTo = join(root, "seasons", String(year));
  const entrants = parseYaml(await Deno.readTextFile(join(seasonFrom, "entrants.yml"))) as Array<
    Record<string, unknown>
  >;
  const replacements: Array<[RegExp, string]> = [];
  if (options.rename !== undefined) {
    const { from, to, name } = options.rename;
    const before = parseYaml(await Deno.readTextFile(join(DATA, "constructors", `${from}.yml`)));
    await Deno.writeTextFile(
      join(root, "constructors", `${to}.yml`),
      stringifyYaml({
        id: to,
        name,
        fullName: name,
        countryId: before.countryId,
        chronology: [{ constructorId: from, yearFrom: year - 1, yearTo: year - 1 }, {
          constructorId: to,
          yearFrom: year,
          yearTo: null,
        }],
      }),
    );
    replacements.push([new RegExp(`constructorId: ${from}$`, "gm"), `constructorId: ${to}`]);
  }
  if (options.newTeam !== undefined) {
    const { replaces, id, name, codes } = options.newTeam;
    await Deno.writeTextFile(
      join(root, "constructors", `${id}.yml`),
      stringifyYaml({ id, name, fullName: name, countryId: "united-states" }),
    );
    raceDrivers(entrants, replaces).slice(0, 2).forEach((driver, i) => {
      const rookie = `rookie-${codes[i].toLowerCase()}`;
      replacements.push([new RegExp(`driverId: ${driver}$`, "gm"), `driverId: ${rookie}`]);
    });
    for (const code of codes) {
      await Deno.writeTextFile(
        join(root, "drivers", `rookie-${code.toLowerCase()}.yml`),
        stringifyYaml({ id: `rookie-${code.toLowerCase()}`, name: `Rookie ${code}`, abbreviation: code }),
      );
    }
    replacements.push([new RegExp(`constructorId: ${replaces}$`, "gm"), `constructorId: ${id}`]);
  }
  const rewrite = (text: string) => replacements.reduce((t, [pattern, to]) => t.replace(pattern, to), text);

  // entrants.yml as F1DB has it mid-season: each driver's rounds up to `through` only.
  for (const entrant of entrants) {
    entrant.drivers = (entrant.drivers as Array<Record<string, unknown>>).flatMap((driver) => {
      if (driver.testDriver === true) return [driver];
      const rounds = parseRoundRanges(driver.rounds).filter((round) => round <= options.through);
      return rounds.length === 0 ? [] : [{ ...driver, rounds: roundRanges(rounds) }];
    });
  }
  await Deno.mkdir(join(seasonTo, "races"), { recursive: true });
  await Deno.writeTextFile(join(seasonTo, "entrants.yml"), rewrite(stringifyYaml(entrants)));
  for await (const race of Deno.readDir(join(seasonFrom, "races"))) {
    const from = join(seasonFrom, "races", race.name), to = join(seasonTo, "races", race.name);
    await Deno.mkdir(to);
    for await (const file of Deno.readDir(from)) {
      if (Number(race.name.slice(0, 2)) > options.through && file.name !== "race.yml") continue;
      await Deno.writeTextFile(join(to, file.name), rewrite(await Deno.readTextFile(join(from, file.name))));
    }
  }
  return root;
}

/**
 * A data set of real history seasons and one season in progress, imported
 * with the ordinary importer into `<dir>/data/<year>`; returns the data folder.
 */
export async function liveDataSet(
  dir: string,
  history: readonly number[],
  live: { year: number } & SnapshotOptions,
): Promise<string> {
  const root = await liveF1dbTree(dir, live.year, live);
  const data = join(dir, "data");
  for (const year of [...history, live.year]) {
    await writeSeasonFolder(join(data, String(year)), await importF1dbSeason(root, year));
  }
  return data;
}
