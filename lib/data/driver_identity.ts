/**
 * One driver, one code across a data set. A code is a driver's identity for
 * every model, but sources reuse codes over the years: HAR was Haryanto in
 * 2016 and Hartley in 2017-2018, VER was Vergne in 2014 and Verstappen from
 * 2015. Left alone, Hartley's first race would start from Haryanto's form.
 *
 * Drivers are told apart by name: two names are one driver when the words of
 * one (accents, case and "Jr." aside) are all among the other's ("Carlos
 * Sainz" and "Carlos Sainz Jr.", "Zhou Guanyu" and "Guanyu Zhou"). Each
 * driver's code is the one of their latest season. Where drivers share one,
 * a driver of the data set's latest season keeps it, so that season reads as
 * imported; else the one entered for more races (Hartley's 25 over Haryanto's
 * 12), then the more recent. The others take it with the first digit no one
 * else has (`HAR2`), in every season they drove: one label a driver.
 *
 * @module
 */

import type { Entrant, RoundSessions } from "./format.ts";

/** The words of a name that identify its driver. */
function nameWords(name: string): Set<string> {
  const plain = name.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
  return new Set(plain.split(/[^a-z]+/).filter((word) => word !== "" && word !== "jr" && word !== "sr"));
}

/**
 * Whether two names are one driver's.
 *
 * @example
 * ```ts
 * import { sameDriver } from "./driver_identity.ts";
 * import assert from "node:assert/strict";
 * assert.ok(sameDriver("Carlos Sainz Jr.", "Carlos Sainz"));
 * assert.ok(sameDriver("Nico Hülkenberg", "Nico Hulkenberg"));
 * assert.ok(!sameDriver("Rio Haryanto", "Brendon Hartley"));
 * assert.ok(!sameDriver("Jos Verstappen", "Max Verstappen"));
 * ```
 */
export function sameDriver(a: string, b: string): boolean {
  const [x, y] = [nameWords(a), nameWords(b)];
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  return small.size > 0 && [...small].every((word) => large.has(word));
}

/** A season as relabelling sees it: its entrants and its rounds' sessions, in place. */
export interface DriverLabelled {
  year: number;
  entrants: Entrant[];
  sessions: RoundSessions[];
}

/** A driver of a season given another code in the data set. */
export interface DriverRelabel {
  year: number;
  name: string;
  /** The code in the season's files. */
  from: string;
  /** The code in the data set. */
  to: string;
}

/** A driver of the data set: a name, the code of their latest season, how many races they were entered for. */
interface Person {
  name: string;
  code: string;
  latest: number;
  races: number;
}

/** Everyone in the data set, one entry a driver, matched by name. */
function peopleOf(seasons: readonly DriverLabelled[]): Person[] {
  const people: Person[] = [];
  for (const season of [...seasons].sort((a, b) => b.year - a.year)) {
    for (const entrant of season.entrants) {
      const known = people.find((person) => sameDriver(person.name, entrant.name));
      if (known === undefined) {
        people.push({ name: entrant.name, code: entrant.driver, latest: season.year, races: entrant.rounds.length });
      } else known.races += entrant.rounds.length;
    }
  }
  return people;
}

/**
 * Each driver's label for the whole data set. Of the drivers whose latest code is the same, a driver of the
 * latest season keeps it (its files, weights and outputs read as imported), else the one entered for more
 * races, then the more recent; the others take it with the first digit no one else has.
 */
function labelsOf(people: readonly Person[], latestYear: number): Map<Person, string> {
  const labels = new Map<Person, string>();
  const used = new Set(people.map((person) => person.code));
  for (const [code, claimants] of Map.groupBy(people, (person) => person.code)) {
    claimants.sort((a, b) =>
      Number(b.latest === latestYear) - Number(a.latest === latestYear) || b.races - a.races ||
      b.latest - a.latest || a.name.localeCompare(b.name)
    );
    labels.set(claimants[0], code);
    const base = code.replace(/\d$/, "");
    for (const other of claimants.slice(1)) {
      let n = 2;
      while (used.has(`${base}${n}`)) n++;
      used.add(`${base}${n}`);
      labels.set(other, `${base}${n}`);
    }
  }
  return labels;
}

/**
 * Relabels, in place, drivers whose code a different driver of the data set also holds (see the module);
 * returns each season's changes, for the log.
 *
 * @example
 * ```ts
 * import { distinctDrivers } from "./driver_identity.ts";
 * import assert from "node:assert/strict";
 * const stint = (driver: string, name: string, rounds: number[]) =>
 *   ({ driver, name, number: 1, team: "t", team_name: "T", rounds, practice_rounds: [] });
 * const seasons = [
 *   { year: 2016, entrants: [stint("HAR", "Rio Haryanto", [1, 2])], sessions: [{ race: [] }] },
 *   { year: 2017, entrants: [stint("HAR", "Brendon Hartley", [1, 2, 3])], sessions: [] },
 *   { year: 2018, entrants: [stint("VER", "Max Verstappen", [1])], sessions: [] },
 * ];
 * assert.deepEqual(distinctDrivers(seasons), [{ year: 2016, name: "Rio Haryanto", from: "HAR", to: "HAR2" }]);
 * assert.equal(seasons[0].entrants[0].driver, "HAR2");
 * ```
 */
export function distinctDrivers(seasons: readonly DriverLabelled[]): DriverRelabel[] {
  if (seasons.length === 0) return [];
  const people = peopleOf(seasons);
  const labels = labelsOf(people, Math.max(...seasons.map((season) => season.year)));
  const changes: DriverRelabel[] = [];
  for (const season of seasons) {
    const codes = new Map<string, string>();
    const names = new Map<string, string>();
    for (const entrant of season.entrants) {
      const person = people.find((p) => sameDriver(p.name, entrant.name))!;
      if (labels.get(person) !== entrant.driver) codes.set(entrant.driver, labels.get(person)!);
      names.set(entrant.driver, entrant.name);
    }
    if (codes.size === 0) continue;
    relabel(season, codes);
    changes.push(...[...codes].map(([from, to]) => ({ year: season.year, name: names.get(from)!, from, to })));
  }
  return changes.sort((a, b) => a.year - b.year || a.from.localeCompare(b.from));
}

function relabel(season: DriverLabelled, labels: ReadonlyMap<string, string>): void {
  const to = (code: string) => labels.get(code) ?? code;
  season.entrants.forEach((entrant, i) => season.entrants[i] = { ...entrant, driver: to(entrant.driver) });
  for (const sessions of season.sessions) {
    for (const [kind, rows] of Object.entries(sessions)) {
      (sessions as Record<string, unknown>)[kind] = (rows as Array<{ driver: string }>).map((row) => ({
        ...row,
        driver: to(row.driver),
      }));
    }
  }
}
