/**
 * The C reference kernel (`bench/kernel.c`): built with the machine's C
 * compiler and run for a scenario, so benchmarks can state the simulator's
 * speed as a ratio to plain C measured in the same run, and a test can check
 * the two compute the same race.
 *
 * @module
 */

import type { Scenario } from "../lib/sim/scenarios.ts";

/** One run of the C kernel: its time and each driver's wins. */
export interface KernelRun {
  seconds: number;
  wins: number[];
}

/** The kernel built twice: the plain loop (polar method) and the same loop with the simulator's ziggurat. */
export interface KernelBinaries {
  polar: string;
  ziggurat: string;
}

/**
 * Compiles `bench/kernel.c` with `cc -O2` into a temporary folder, plain and
 * with `-DZIGGURAT`; the reason instead where no C compiler runs. The folder
 * is removed when the program (or the test module) ends.
 *
 * @example
 * ```ts ignore
 * import { buildKernel } from "./c_kernel.ts";
 * const built = await buildKernel();
 * if ("binaries" in built) console.log(built.binaries.polar);
 * ```
 */
export async function buildKernel(): Promise<{ binaries: KernelBinaries } | { missing: string }> {
  const dir = await Deno.makeTempDir({ prefix: "f1hp-kernel-" });
  // The binaries serve the caller until it ends, whose end only the unload event marks.
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
  const source = new URL("./kernel.c", import.meta.url).pathname;
  const binaries = { polar: `${dir}/kernel-polar`, ziggurat: `${dir}/kernel-ziggurat` };
  for (const [binary, flags] of [[binaries.polar, []], [binaries.ziggurat, ["-DZIGGURAT"]]] as const) {
    try {
      const args = ["-O2", ...flags, "-o", binary, source, "-lm"];
      const out = await new Deno.Command("cc", { args, stderr: "piped" }).output();
      if (!out.success) return { missing: `cc failed: ${new TextDecoder().decode(out.stderr).trim()}` };
    } catch (error) {
      return { missing: `no C compiler (cc): ${(error as Error).message}` };
    }
  }
  return { binaries };
}

/**
 * Runs the kernel for `simulations` races of `scenario` on the benchmark field.
 *
 * @example
 * ```ts ignore
 * import { runKernel } from "./c_kernel.ts";
 * const { seconds, wins } = await runKernel(binary, { scenario: BUILT_IN_SCENARIOS.dry, simulations: 1e6 });
 * ```
 */
export async function runKernel(
  binary: string,
  run: { scenario: Scenario; simulations: number },
): Promise<KernelRun> {
  const { scenario, simulations } = run;
  const args = [
    simulations,
    scenario.paceSpreadScale,
    scenario.incidentScale,
    scenario.mechanicalScale,
    scenario.safetyCarProbability,
    scenario.restartGapSeconds,
    scenario.pitSwingSeconds,
    scenario.wetSkillWeight,
  ].map(String);
  const out = await new Deno.Command(binary, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) throw new Error(`the C kernel failed: ${new TextDecoder().decode(out.stderr)}`);
  const [seconds, ...wins] = new TextDecoder().decode(out.stdout).trim().split(" ").map(Number);
  return { seconds, wins };
}
