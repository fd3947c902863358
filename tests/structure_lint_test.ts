/** The structure rules of `lint/structure.ts`, run on small sources as `deno lint` runs them on the repository. */
import assert from "node:assert/strict";
import plugin from "../lint/structure.ts";

function messages(file: string, source: string): string[] {
  return Deno.lint.runPlugin(plugin, file, source).map((d) => `${d.id}: ${d.message}`);
}

Deno.test("lint: an optional field of an *Options interface needs its @default", () => {
  const found = messages(
    "/repo/lib/sim/x.ts",
    `export interface RunOptions {
  /** Seed. */
  seed: number;
  /**
   * Laps.
   *
   * @default {57}
   */
  laps?: number;
  /** Pace. */
  pace?: number;
}
interface Other { pace?: number }
`,
  );
  assert.deepEqual(found, ["structure/options-defaults: RunOptions.pace is optional: say its @default in its JSDoc"]);
});

Deno.test("lint: an exported function's inline options with several defaults must be named", () => {
  const found = messages(
    "/repo/lib/sim/x.ts",
    `export function a(options: { seed?: number; laps?: number } = {}) {}
export function b(options: { seed: number; laps?: number }) {}
function c(options: { seed?: number; laps?: number }) {}
`,
  );
  assert.equal(found.length, 1);
  assert.match(found[0], /^structure\/options-defaults: a takes options with defaults as an inline type/);
  assert.deepEqual(messages("/repo/tests/x_test.ts", "export function a(o: { x?: 1; y?: 2 }) {}"), []);
});

Deno.test("lint: layers, re-exports and dynamic imports count; an unknown room is named", () => {
  assert.match(messages("/repo/lib/sim/x.ts", `import { y } from "../model/y.ts";`)[0], /lib\/sim may import only/);
  assert.match(messages("/repo/lib/sim/x.ts", `export { y } from "../model/y.ts";`)[0], /found lib\/model/);
  assert.match(messages("/repo/lib/sim/x.ts", `const m = await import("../train/t.ts");`)[0], /found lib\/train/);
  assert.match(messages("/repo/lib/attic/x.ts", `import { y } from "../sim/y.ts";`)[0], /not a room/);
  assert.deepEqual(messages("/repo/lib/model/x.ts", `import { y } from "../sim/y.ts";`), []);
});

Deno.test("lint: at most three positional parameters", () => {
  assert.match(messages("/repo/lib/sim/x.ts", "export function f(a: 1, b: 2, c: 3, d: 4) {}")[0], /4 positional/);
});
