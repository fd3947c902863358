/** The figures on main in docs/backtest-findings.md are what the command in their marker writes today (issue 33). */
import assert from "node:assert/strict";
import { bash, ROOT, scratchCopy } from "./documented_commands.ts";
import { SUMMARY_START } from "../lib/report/backtest_summary.ts";

Deno.test({
  name: "the backtest findings' generated paragraph is what the command in its marker writes today",
  ignore: (() => {
    try {
      return !Deno.statSync(`${ROOT}/../shared/anchors`).isDirectory;
    } catch {
      console.log("skipping the generated findings test: no ../shared/anchors for its market comparison");
      return true;
    }
  })(),
  fn: async () => {
    const findings = await Deno.readTextFile(`${ROOT}/docs/backtest-findings.md`);
    const command = new RegExp(`${SUMMARY_START} (.*) -->`).exec(findings)?.[1];
    assert.ok(command !== undefined && command.startsWith("deno task backtest "), "the marker names its command");
    await using copy = await scratchCopy("generated-findings");
    const { repo } = copy;
    const run = await bash(command, { cwd: repo, env: {} }).output();
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    assert.equal(await Deno.readTextFile(`${repo}/docs/backtest-findings.md`), findings, "the figures are today's");
  },
});
