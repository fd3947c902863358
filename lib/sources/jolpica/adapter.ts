/**
 * Jolpica (the Ergast-format API) as a live source: it can import the season
 * so far on its own, then follows qualifying, sprint and race results.
 *
 * @module
 */

import type { LiveSourceAdapter } from "../source.ts";
import { JOLPICA_BASE_URL, jolpicaSeasonFiles, readJolpicaSeason } from "./jolpica.ts";
import { jolpicaFeed } from "./feed.ts";

/** The Jolpica adapter. */
export const jolpicaSource: LiveSourceAdapter = {
  name: "jolpica",
  baseUrl: JOLPICA_BASE_URL,
  summary: "qualifying, sprint and race; imports the season if the folder has none",
  async importSeason(source, season) {
    return jolpicaSeasonFiles(await readJolpicaSeason(source, { year: season.year }), season).files;
  },
  feed: jolpicaFeed,
};
