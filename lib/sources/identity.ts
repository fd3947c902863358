/**
 * Who and where, between the Ergast format (the Jolpica API) and F1DB's
 * identities, which the rest of a data set uses: a driver is their
 * three-letter code in both; a team or circuit has its own id in each, so
 * these tables map Ergast's to F1DB's. Where a data set already holds F1DB
 * history, a circuit's name, type, slug and laps come from there first.
 *
 * @module
 */

import type { CalendarRound, CircuitType, Season, Team } from "../data/format.ts";
import { TransientSourceError } from "../errors/errors.ts";

/** An identity in an Ergast response that the tables do not know: names the response, the id and its name. */
export class UnknownIdentityError extends TransientSourceError {
  override name = "UnknownIdentityError";
  /**
   * @example
   * ```ts
   * import { UnknownIdentityError } from "./identity.ts";
   * import assert from "node:assert/strict";
   * const e = new UnknownIdentityError("2026/1/results", { kind: "constructor", id: "cadillac", name: "Cadillac F1 Team" });
   * assert.match(e.message, /^2026\/1\/results: constructor "cadillac" \(Cadillac F1 Team\): expected one with a known F1DB id/);
   * ```
   */
  constructor(
    readonly where: string,
    readonly identity: { kind: "constructor" | "circuit" | "driver"; id: string; name: string },
  ) {
    super(
      `${where}: ${identity.kind} "${identity.id}" (${identity.name}): expected one with a known F1DB id; ` +
        `found none in the mapping or the data set`,
    );
  }
}

/**
 * Ergast constructor ids to F1DB's, each from the season it applies (F1DB
 * gives a team a new id when it races under a new name; Ergast keeps one).
 */
export const ERGAST_TEAMS: Readonly<Record<string, ReadonlyArray<{ from: number; id: string }>>> = {
  red_bull: [{ from: 0, id: "red-bull" }],
  mercedes: [{ from: 0, id: "mercedes" }],
  ferrari: [{ from: 0, id: "ferrari" }],
  mclaren: [{ from: 0, id: "mclaren" }],
  williams: [{ from: 0, id: "williams" }],
  haas: [{ from: 0, id: "haas" }],
  alpine: [{ from: 0, id: "alpine" }],
  aston_martin: [{ from: 0, id: "aston-martin" }],
  alphatauri: [{ from: 0, id: "alphatauri" }],
  alfa: [{ from: 0, id: "alfa-romeo" }],
  rb: [{ from: 0, id: "rb" }, { from: 2025, id: "racing-bulls" }],
  sauber: [{ from: 0, id: "sauber" }, { from: 2024, id: "kick-sauber" }],
  racing_point: [{ from: 0, id: "racing-point" }],
  renault: [{ from: 0, id: "renault" }],
  toro_rosso: [{ from: 0, id: "toro-rosso" }],
  force_india: [{ from: 0, id: "force-india" }],
};

/** A circuit as F1DB knows it, with the slug of the Grand Prix it hosts and its scheduled race laps. */
export interface KnownCircuit {
  id: string;
  name: string;
  type: CircuitType;
  slug: string;
  /** Scheduled race laps (the race distance over the lap length), used for a race the data set has not seen there. */
  laps: number;
}

/** Ergast circuit ids of the 2022-2026 calendars to F1DB's circuits. */
export const ERGAST_CIRCUITS: Readonly<Record<string, KnownCircuit>> = {
  albert_park: { id: "melbourne", name: "Melbourne", type: "street", slug: "australia", laps: 58 },
  shanghai: { id: "shanghai", name: "Shanghai", type: "race", slug: "china", laps: 56 },
  suzuka: { id: "suzuka", name: "Suzuka", type: "race", slug: "japan", laps: 53 },
  bahrain: { id: "bahrain", name: "Bahrain", type: "race", slug: "bahrain", laps: 57 },
  jeddah: { id: "jeddah", name: "Jeddah", type: "street", slug: "saudi-arabia", laps: 50 },
  miami: { id: "miami", name: "Miami", type: "street", slug: "miami", laps: 57 },
  imola: { id: "imola", name: "Enzo e Dino Ferrari", type: "race", slug: "emilia-romagna", laps: 63 },
  monaco: { id: "monaco", name: "Monaco", type: "street", slug: "monaco", laps: 78 },
  catalunya: { id: "catalunya", name: "Catalunya", type: "race", slug: "spain", laps: 66 },
  villeneuve: { id: "montreal", name: "Gilles Villeneuve", type: "street", slug: "canada", laps: 70 },
  red_bull_ring: { id: "spielberg", name: "Red Bull Ring", type: "race", slug: "austria", laps: 71 },
  silverstone: { id: "silverstone", name: "Silverstone", type: "race", slug: "great-britain", laps: 52 },
  spa: { id: "spa-francorchamps", name: "Spa-Francorchamps", type: "race", slug: "belgium", laps: 44 },
  hungaroring: { id: "hungaroring", name: "Hungaroring", type: "race", slug: "hungary", laps: 70 },
  zandvoort: { id: "zandvoort", name: "Zandvoort", type: "race", slug: "netherlands", laps: 72 },
  monza: { id: "monza", name: "Monza", type: "race", slug: "italy", laps: 53 },
  baku: { id: "baku", name: "Baku", type: "street", slug: "azerbaijan", laps: 51 },
  marina_bay: { id: "marina-bay", name: "Marina Bay", type: "street", slug: "singapore", laps: 62 },
  americas: { id: "austin", name: "Americas", type: "race", slug: "united-states", laps: 56 },
  rodriguez: { id: "mexico-city", name: "Hermanos Rodríguez", type: "race", slug: "mexico", laps: 71 },
  interlagos: { id: "interlagos", name: "José Carlos Pace", type: "race", slug: "sao-paulo", laps: 71 },
  vegas: { id: "las-vegas", name: "Las Vegas", type: "street", slug: "las-vegas", laps: 50 },
  losail: { id: "lusail", name: "Lusail", type: "race", slug: "qatar", laps: 57 },
  yas_marina: { id: "yas-marina", name: "Yas Marina", type: "race", slug: "abu-dhabi", laps: 58 },
  ricard: { id: "paul-ricard", name: "Paul Ricard", type: "race", slug: "france", laps: 53 },
  madring: { id: "madring", name: "Madring", type: "street", slug: "spain", laps: 57 },
};

/**
 * The F1DB id a source's team has in `year`, from a table of ids each from
 * the season it applies (`ERGAST_TEAMS`, `OPENF1_TEAMS`).
 *
 * @example
 * ```ts
 * import { ERGAST_TEAMS, teamIdInSeason } from "./identity.ts";
 * import assert from "node:assert/strict";
 * assert.equal(teamIdInSeason(ERGAST_TEAMS.rb, 2024), "rb");
 * assert.equal(teamIdInSeason(ERGAST_TEAMS.rb, 2025), "racing-bulls");
 * ```
 */
export function teamIdInSeason(entries: ReadonlyArray<{ from: number; id: string }>, year: number): string {
  return entries.findLast((entry) => entry.from <= year)!.id;
}

/**
 * The name the data set's latest season gives a team, so that F1DB's names stay.
 *
 * @example
 * ```ts
 * import { knownTeamName } from "./identity.ts";
 * import assert from "node:assert/strict";
 * const season = { year: 2025, calendar: [], entrants: [], teams: [{ id: "rb", name: "RB", predecessors: [] }] };
 * assert.equal(knownTeamName("rb", [season]), "RB");
 * ```
 */
export function knownTeamName(id: string, seasons: readonly Season[]): string | undefined {
  return seasons.flatMap((season) => season.teams ?? []).findLast((team) => team.id === id)?.name;
}

/** What a source's team is matched in: its season, where its row is, and the user's mapping. */
export interface TeamIdContext {
  year: number;
  /** Where the source's row is (a path of the API), for the error that names an unknown team. */
  where: string;
  /**
   * Source team id to F1DB team id (`--team`), asked first.
   *
   * @default {none}
   */
  mapping?: Readonly<Record<string, string>>;
}

/** {@linkcode TeamIdContext} for an Ergast constructor. */
export interface ErgastTeamContext extends TeamIdContext {
  /**
   * F1DB team ids of the data set: an Ergast id that is one of them with dashes for underscores is that team.
   *
   * @default {none}
   */
  knownTeams?: ReadonlySet<string>;
}

/**
 * The F1DB team id of an Ergast constructor in `year`: a user's mapping
 * first, then `ERGAST_TEAMS`, then a team of the data set whose F1DB id is
 * the Ergast id with dashes (most are: `haas`, `williams`).
 *
 * @throws {UnknownIdentityError} for a constructor none of these knows.
 * @example
 * ```ts
 * import { f1dbTeamId } from "./identity.ts";
 * import assert from "node:assert/strict";
 * assert.equal(f1dbTeamId({ constructorId: "rb", name: "RB F1 Team" }, { year: 2025, where: "2025/1/results" }), "racing-bulls");
 * assert.equal(f1dbTeamId({ constructorId: "cadillac", name: "Cadillac" }, { year: 2026, where: "x", mapping: { cadillac: "cadillac" } }), "cadillac");
 * assert.throws(() => f1dbTeamId({ constructorId: "cadillac", name: "Cadillac" }, { year: 2026, where: "x" }), /constructor "cadillac"/);
 * ```
 */
export function f1dbTeamId(
  constructor: { constructorId: string; name: string },
  context: ErgastTeamContext,
): string {
  const { constructorId, name } = constructor;
  const mapped = context.mapping?.[constructorId];
  if (mapped !== undefined) return mapped;
  const entries = ERGAST_TEAMS[constructorId];
  if (entries !== undefined) return teamIdInSeason(entries, context.year);
  const dashed = constructorId.replaceAll("_", "-");
  if (context.knownTeams?.has(dashed)) return dashed;
  throw new UnknownIdentityError(context.where, { kind: "constructor", id: constructorId, name });
}

/**
 * A team's earlier F1DB ids, most recent first: from the data set's latest
 * season that lists the team, else from the team it replaces under the same
 * Ergast id (RB's 2024 `rb` before 2025's `racing-bulls`) and that team's own.
 *
 * @example
 * ```ts
 * import { teamLineage } from "./identity.ts";
 * import assert from "node:assert/strict";
 * const history = [{ id: "rb", name: "RB", predecessors: ["alphatauri", "toro-rosso"] }];
 * assert.deepEqual(teamLineage("racing-bulls", history), ["rb", "alphatauri", "toro-rosso"]);
 * assert.deepEqual(teamLineage("rb", history), ["alphatauri", "toro-rosso"]);
 * ```
 */
export function teamLineage(id: string, history: readonly Team[]): string[] {
  const known = history.findLast((team) => team.id === id);
  if (known !== undefined) return [...known.predecessors];
  for (const entries of Object.values(ERGAST_TEAMS)) {
    const at = entries.findIndex((entry) => entry.id === id);
    if (at <= 0) continue;
    const before = entries[at - 1].id;
    return [before, ...teamLineage(before, history).filter((earlier) => earlier !== id && earlier !== before)];
  }
  return [];
}

/** What a calendar round takes from its circuit: id, name and type, the Grand Prix's slug, and laps. */
export interface CircuitFacts {
  circuit: CalendarRound["circuit"];
  slug: string;
  /** The laps of the latest race there in the data set, else the scheduled laps of the table. */
  laps: number;
  /** The sprint laps of the latest sprint there in the data set, if any. */
  sprintLaps: number | null;
}

/**
 * A circuit's facts for a calendar round: the data set's latest season that
 * raced there first (so names, slugs and types stay as F1DB has them), then
 * `ERGAST_CIRCUITS`.
 *
 * @throws {UnknownIdentityError} for a circuit neither knows.
 * @example
 * ```ts
 * import { circuitFacts } from "./identity.ts";
 * import assert from "node:assert/strict";
 * const facts = circuitFacts({ circuitId: "albert_park", circuitName: "Albert Park Grand Prix Circuit" }, { where: "2025 schedule", history: [] });
 * assert.deepEqual(facts.circuit, { id: "melbourne", name: "Melbourne", type: "street" });
 * assert.equal(facts.slug, "australia");
 * ```
 */
export function circuitFacts(
  circuit: { circuitId: string; circuitName: string },
  context: { where: string; history: readonly Season[] },
): CircuitFacts {
  const known = ERGAST_CIRCUITS[circuit.circuitId];
  const id = known?.id ?? circuit.circuitId.replaceAll("_", "-");
  const raced = context.history.flatMap((season) => season.calendar).filter((round) => round.circuit.id === id);
  const latest = raced.at(-1);
  if (latest !== undefined) {
    const sprint = raced.findLast((round) => round.sprint_laps !== null);
    return { circuit: latest.circuit, slug: latest.slug, laps: latest.laps, sprintLaps: sprint?.sprint_laps ?? null };
  }
  if (known === undefined) {
    throw new UnknownIdentityError(context.where, {
      kind: "circuit",
      id: circuit.circuitId,
      name: circuit.circuitName,
    });
  }
  return { circuit: { id, name: known.name, type: known.type }, slug: known.slug, laps: known.laps, sprintLaps: null };
}
