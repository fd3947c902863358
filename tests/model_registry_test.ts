/**
 * A model is one adapter file and one line in the registry: this test adds a toy model to a copy of the project
 * exactly so, and trains with it through `deno task train --model toy`, with the task's own permissions.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixedTempDir } from "./helpers.ts";
import { MODELS } from "../lib/model/registry.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** The toy: the form model under another name, so its forecasts must equal the form model's. */
const TOY_ADAPTER = `import type { ModelAdapter } from "../adapter.ts";
import { formModel } from "../form.ts";

export const toy: ModelAdapter = {
  name: "toy",
  description: "the form model under another name",
  layers: { bayesian: false, mlLayer: false },
  build: () => ({ ...formModel, version: "toy-1" }),
};
`;

async function copyProject(to: string): Promise<void> {
  for (const path of ["lib", "tasks", "data/demo", "data/f1", "main.ts", "deno.json", "deno.lock"]) {
    const output = await new Deno.Command("cp", { args: ["-r", join(ROOT, path), join(to, path)] }).output();
    assert.ok(output.success, `copied ${path}`);
  }
}

async function train(dir: string, model: string): Promise<Record<string, unknown>> {
  const output = join(dir, `${model}.json`);
  const run = await new Deno.Command("deno", {
    args: ["task", "train", "--model", model, "--num-simulations", "200", "--workers", "1", "--output", output],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
  return JSON.parse(await Deno.readTextFile(output));
}

Deno.test({
  name: "a toy model is one new file and one registry line, and trains through deno task train --model",
  permissions: { read: true, write: true, run: true, env: true },
  fn: async () => {
    await using folder = await fixedTempDir("model-registry");
    const dir = folder.path;
    await Deno.mkdir(join(dir, "data"));
    await copyProject(dir);
    await Deno.writeTextFile(join(dir, "lib/model/models/toy.ts"), TOY_ADAPTER);
    const registry = join(dir, "lib/model/registry.ts");
    const text = await Deno.readTextFile(registry);
    const added = text
      .replace('import { withMl } from "./models/ml.ts";', '$&\nimport { toy } from "./models/toy.ts";')
      .replace("  withMl(bayes),\n];", "  withMl(bayes),\n  toy,\n];");
    assert.notEqual(added, text);
    await Deno.writeTextFile(registry, added);

    const toy = await train(dir, "toy");
    const form = await train(dir, "form");
    const metadata = toy.metadata as Record<string, unknown>;
    assert.equal(metadata.model, "toy");
    assert.equal(metadata.model_version, "toy-1");
    assert.deepEqual(toy.predictions, form.predictions, "the toy forecasts as the model it wraps");
  },
});

Deno.test("every registered model has a unique name that --model can take", () => {
  const names = MODELS.map((model) => model.name);
  assert.deepEqual(names, [...new Set(names)]);
  for (const name of names) assert.match(name, /^[a-z0-9][a-z0-9+-]*$/);
});
