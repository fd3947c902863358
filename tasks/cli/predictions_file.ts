/**
 * The predictions file a task reads (`report`, `export`): the one named, else the newest in `predictions/`, parsed
 * and checked to be one, or a line saying why not.
 *
 * @module
 */

import type { PredictionsDocument } from "../../lib/format/predictions.ts";
import { predictionsFileOption } from "../cli.ts";

/**
 * The file (`--predictions`, else the newest) and its document; undefined, having said why on stderr, when there is
 * none or it is not a predictions file.
 */
export async function readPredictionsFile(
  task: string,
  given: string | undefined,
): Promise<{ file: string; document: PredictionsDocument } | undefined> {
  const file = await predictionsFileOption(task, given);
  if (file === undefined) return undefined;
  try {
    const document = JSON.parse(await Deno.readTextFile(file)) as PredictionsDocument;
    if (typeof document?.metadata?.season !== "number" || typeof document.predictions !== "object") {
      throw new Error("expected a predictions file (metadata.season, predictions)");
    }
    return { file, document };
  } catch (error) {
    console.error(`${task}: ${file}: ${(error as Error).message}; run deno task train first`);
    return undefined;
  }
}
