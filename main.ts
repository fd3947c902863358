/**
 * The seed's command line, `deno run main.ts --train-data … [options]`, kept
 * for those who type it: the train task itself is `tasks/train.ts`.
 *
 * @module
 */

import { main } from "./tasks/train.ts";

export { main, parseTrainArgs, type TrainCommand } from "./tasks/train.ts";

if (import.meta.main) Deno.exit(await main(Deno.args));
