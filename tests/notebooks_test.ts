/**
 * The notebooks: kept without outputs, type-checked (the Deno kernel does
 * not check types), and run headless through Jupyter where it is installed.
 * CI installs Jupyter and sets F1HP_REQUIRE_NOTEBOOKS=1, so there a missing
 * Jupyter fails instead of skipping.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { withTempDir } from "./helpers.ts";

const NOTEBOOKS = fileURLToPath(new URL("../notebooks", import.meta.url));
const NAMES = [...Deno.readDirSync(NOTEBOOKS)].map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort();

interface Cell {
  cell_type: "code" | "markdown";
  source: string[] | string;
  outputs?: unknown[];
  execution_count?: number | null;
}

function cells(name: string): Cell[] {
  return JSON.parse(Deno.readTextFileSync(`${NOTEBOOKS}/${name}`)).cells;
}

const text = (source: string[] | string) => Array.isArray(source) ? source.join("") : source;

function jupyterStatus(): string | undefined {
  try {
    const out = new Deno.Command("jupyter", { args: ["kernelspec", "list"], stdout: "piped", stderr: "null" })
      .outputSync();
    if (!out.success) return "jupyter kernelspec list failed";
    return new TextDecoder().decode(out.stdout).includes("deno")
      ? undefined
      : "the Deno kernel is not installed (deno jupyter --install)";
  } catch {
    return "jupyter is not installed (Debian: python3-nbclient jupyter-client jupyter-nbconvert)";
  }
}

const MISSING = jupyterStatus();
const REQUIRED = Deno.env.get("F1HP_REQUIRE_NOTEBOOKS") === "1";

Deno.test("the three notebooks are there, with outputs cleared for git", () => {
  assert.deepEqual(NAMES, ["01-scenarios.ipynb", "02-weights.ipynb", "03-calibration.ipynb"]);
  for (const name of NAMES) {
    for (const cell of cells(name).filter((c) => c.cell_type === "code")) {
      assert.deepEqual(cell.outputs, [], `${name}: outputs cleared`);
      assert.equal(cell.execution_count, null, `${name}: execution counts cleared`);
      assert.match(text(cell.source), /.+/, `${name}: no empty code cell`);
    }
  }
});

Deno.test("notebook code type-checks: each notebook's code cells as one module", async () => {
  for (const name of NAMES) {
    const code = cells(name).filter((c) => c.cell_type === "code").map((c) => text(c.source)).join("\n\n");
    // Beside the notebook, so its relative imports resolve as they do in the kernel.
    const file = `${NOTEBOOKS}/.${name}.check.ts`;
    await Deno.writeTextFile(file, `${code}\nexport {};\n`);
    try {
      const out = await new Deno.Command(Deno.execPath(), { args: ["check", file], stdout: "piped", stderr: "piped" })
        .output();
      assert.ok(out.success, `${name}:\n${new TextDecoder().decode(out.stderr)}`);
    } finally {
      await Deno.remove(file);
    }
  }
});

Deno.test({
  name: "every notebook runs headless without a cell error",
  ignore: (() => {
    if (MISSING === undefined || REQUIRED) return false;
    console.log(`skipping the notebook runs: ${MISSING}`);
    return true;
  })(),
  fn: async () => {
    assert.equal(MISSING, undefined, MISSING);
    await withTempDir(async (dir) => {
      for (const name of NAMES) {
        const out = await new Deno.Command("jupyter", {
          args: [
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=300",
            "--output-dir",
            dir,
            `${NOTEBOOKS}/${name}`,
          ],
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.ok(out.success, `${name}:\n${new TextDecoder().decode(out.stderr)}`);
        const executed = JSON.parse(await Deno.readTextFile(`${dir}/${name}`)).cells as Cell[];
        const errors = executed.flatMap((c) => (c.outputs ?? []) as Array<{ output_type: string; evalue?: string }>)
          .filter((o) => o.output_type === "error");
        assert.deepEqual(errors, [], name);
        const shown = executed.flatMap((c) => (c.outputs ?? []) as Array<{ data?: Record<string, unknown> }>)
          .filter((o) => o.data !== undefined);
        assert.ok(shown.length > 0, `${name} displays something`);
      }
    });
  },
});
