/**
 * OpenF1 as a live source: every session with its weather, from 2023, placed
 * in the calendar of a season folder imported before (it has no calendar of
 * its own to build one from), at OpenF1's requested pace.
 *
 * @module
 */

import type { LiveSourceAdapter } from "../source.ts";
import { OPENF1_BASE_URL } from "./openf1.ts";
import { OPENF1_MIN_INTERVAL_MS, openf1Feed } from "./feed.ts";

/** The OpenF1 adapter. */
export const openf1Source: LiveSourceAdapter = {
  name: "openf1",
  baseUrl: OPENF1_BASE_URL,
  summary: "every session with its weather, from 2023; the season folder imported first",
  minIntervalMs: OPENF1_MIN_INTERVAL_MS,
  feed: openf1Feed,
};
