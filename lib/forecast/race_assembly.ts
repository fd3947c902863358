/**
 * A race's simulated tallies turned into its forecast: the lines per driver
 * (win, podium, points, DNF, expected place and points, every place's
 * chance), the scenario mixture, the sprint, the qualifying and the
 * head-to-heads, as the predictions file carries them
 * ([predictions format](../../docs/predictions-format.md)).
 *
 * @module
 */

import type { Entrant, Weekend } from "../data/format.ts";
import type { DriverStrength } from "../model/strength.ts";
import { mixtureWeights } from "../sim/scenarios.ts";
import type { RaceTally } from "../sim/simulate.ts";
import {
  driverOutcomes,
  floorPlaces,
  mixProbabilities,
  PLACE_FLOOR,
  type RaceProbabilities,
  tallyProbabilities,
  tiltByWinner,
} from "../sim/outcomes.ts";
import { pointsRules } from "../sim/points.ts";
import type {
  DriverForecast,
  HeadToHead,
  PairwiseForecast,
  QualifyingForecast,
  ScenarioOdds,
  StrengthLine,
} from "../format/predictions.ts";
import { type driverPairs, headToHeadLines, type qualifyingLines, strengthLines } from "./head_to_head.ts";
import { round6 } from "../data/files.ts";

/** A race's forecast: the scenario mixture and each scenario on its own. */
export interface RaceForecast {
  predictions: DriverForecast[];
  scenarios: Record<string, DriverForecast[]>;
  /** Per driver, % of a lap a correction layer added to the strength; null without one. */
  adjustments: Record<string, number> | null;
  /** The race's rain and safety-car odds and the scenario weights they gave. */
  odds: ScenarioOdds;
  /** The qualifying forecast, when the weekend's qualifying has not run. */
  qualifying?: QualifyingForecast[];
  /** The sprint's forecast, on a sprint weekend whose sprint has not run. */
  sprint?: DriverForecast[];
  head_to_head: HeadToHead[];
  /** Any two drivers head to head, read off the same simulated races: for a race still to run. */
  pairwise?: PairwiseForecast;
  strengths: { drivers: StrengthLine[]; teams: StrengthLine[] };
}

/**
 * A race's forecast from its simulations' tallies (`planRaceForecast` orders them): the scenarios mixed by the
 * race's odds (reweighted by the tilt where there is one), the sprint's the same way, the qualifying lines, the
 * team-mates' head-to-heads and the strengths behind it all.
 */
export function assembleForecast(
  weekend: Weekend,
  context: {
    strengths: readonly DriverStrength[];
    settings: { tilt?: WinnerTilt };
    odds: ScenarioOdds;
    pairs: ReturnType<typeof driverPairs>;
  },
  simulated: {
    tallies: Array<{ name: string; weight: number; tally: RaceTally }>;
    qualifying: ReturnType<typeof qualifyingLines> | undefined;
    sprint: Array<{ name: string; weight: number; tally: RaceTally }>;
  },
): RaceForecast {
  const { strengths, settings, odds, pairs } = context;
  const { tallies, qualifying } = simulated;
  const mixed = mixtureWeights(tallies);
  const everyPair = headToHeadLines(pairs.all, {
    race: tallies.map(({ tally }, i) => ({
      weight: mixed[i].weight,
      ahead: tally.ahead!,
      simulations: tally.simulations,
    })),
    qualifying: qualifying?.ahead,
  });
  const parts = tiltedParts(tallies, settings.tilt);
  const scenarios: Record<string, DriverForecast[]> = {};
  const points = pointsRules(weekend.year, weekend.round.round);
  const race = { ...weekend, points: points.race };
  for (const part of parts) scenarios[part.name] = driverLines(part.probabilities, strengths, race);
  const adjusted = strengths.filter((s) => s.adjustment !== undefined);
  const sprintParts = tiltedParts(simulated.sprint, undefined);
  return {
    predictions: driverLines(mixProbabilities(mixtureWeights(parts)), strengths, race),
    scenarios,
    adjustments: adjusted.length === 0
      ? null
      : Object.fromEntries(adjusted.map((s) => [s.driver, round6(s.adjustment!)]).sort(([a], [b]) => a < b ? -1 : 1)),
    odds,
    ...(qualifying === undefined ? {} : { qualifying: [...qualifying] }),
    ...(sprintParts.length === 0 ? {} : {
      sprint: driverLines(mixProbabilities(mixtureWeights(sprintParts)), strengths, {
        ...weekend,
        points: points.sprint,
      }),
    }),
    head_to_head: pairs.teamMates.map((k) => ({ ...everyPair[k], team: teamName(weekend, everyPair[k].drivers[0]) })),
    ...(pairs.every
      ? {
        pairwise: {
          drivers: pairs.drivers,
          race: everyPair.map((line) => line.race),
          qualifying: qualifying === undefined ? null : everyPair.map((line) => line.qualifying!),
        },
      }
      : {}),
    strengths: strengthLines(strengths, new Map(strengths.map((s) => [s.team, teamName(weekend, s.driver)]))),
  };
}

function driverLines(
  probabilities: RaceProbabilities,
  strengths: readonly DriverStrength[],
  weekend: Pick<Weekend, "entrants" | "round"> & { points: readonly number[] },
): DriverForecast[] {
  const outcomes = driverOutcomes(probabilities, weekend.points);
  const lines = strengths.map((s, i): DriverForecast => {
    const entrant = entrantFor(weekend, s.driver)!;
    const o = outcomes[i];
    return {
      driver: s.driver,
      driver_name: entrant.name,
      team: entrant.team_name,
      win_probability: round6(o.win),
      podium_probability: round6(o.podium),
      points_probability: round6(o.points),
      dnf_probability: round6(o.dnf),
      expected_position: round6(o.expectedPosition),
      expected_points: round6(o.expectedPoints),
      position_probabilities: o.positions.map(round6),
    };
  });
  return lines.sort((a, b) =>
    b.win_probability - a.win_probability || a.expected_position - b.expected_position ||
    a.driver.localeCompare(b.driver)
  );
}

/** A driver's entry for the weekend's round (any entry of theirs where the round lists none). */
function entrantFor(weekend: Pick<Weekend, "entrants" | "round">, driver: string): Entrant | undefined {
  return weekend.entrants.find((e) => e.driver === driver && e.rounds.includes(weekend.round.round)) ??
    weekend.entrants.find((e) => e.driver === driver);
}

/** A driver's team as the predictions file names it. */
function teamName(weekend: Pick<Weekend, "entrants" | "round">, driver: string): string {
  return entrantFor(weekend, driver)?.team_name ?? "";
}

/**
 * A reweighting of a forecast's simulated races by their winner: given each
 * driver's win chance in the simulated mixture (in the order of the
 * strengths), the log-weight to add to the races each driver wins, or
 * undefined to leave the forecast as simulated (see `tiltByWinner`). The
 * stacked forecast is one.
 */
export type WinnerTilt = (win: readonly number[]) => Float64Array | undefined;

/** Each scenario's probabilities, every place floored: as simulated, or with its races reweighted by the tilt. */
function tiltedParts(
  tallies: ReadonlyArray<{ name: string; weight: number; tally: RaceTally }>,
  tilt: WinnerTilt | undefined,
): Array<{ name: string; weight: number; probabilities: RaceProbabilities }> {
  const parts = tallies.map(({ name, weight, tally }) => ({
    name,
    weight,
    probabilities: floorPlaces(tallyProbabilities(tally), PLACE_FLOOR),
  }));
  if (tilt === undefined) return parts;
  const mixture = mixProbabilities(mixtureWeights(parts));
  const n = mixture.size;
  const delta = tilt(Array.from({ length: n }, (_, i) => mixture.positions[i * n]));
  if (delta === undefined) return parts;
  return tallies.map(({ name, weight, tally }) => ({
    name,
    weight,
    probabilities: floorPlaces(tallyProbabilities(tiltByWinner(tally, delta)), PLACE_FLOOR),
  }));
}
