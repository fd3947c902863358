/**
 * Writing JSON files so that readers never see half a file and unchanged
 * content never touches the disk; and whether a file is there to read.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";

/**
 * Serialises a value the way every file of this project is written: two-space
 * indentation and a final newline. Key order is the order the value was built in.
 *
 * @example
 * ```ts
 * import { toJsonText } from "./files.ts";
 * import assert from "node:assert/strict";
 * assert.equal(toJsonText({ year: 2025 }), '{\n  "year": 2025\n}\n');
 * ```
 */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * A figure as the files keep it: rounded to 6 decimals, enough for any
 * probability a forecast can resolve, and stable across platforms.
 *
 * @example
 * ```ts
 * import { round6 } from "./files.ts";
 * import assert from "node:assert/strict";
 * assert.equal(round6(1 / 3), 0.333333);
 * ```
 */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * Writes `text` (or bytes) to `path` through a hidden temporary file in the same folder
 * and a rename, so a crash or Ctrl+C leaves either the old file or the new one.
 *
 * @example
 * ```ts ignore
 * import { writeFileAtomic } from "./files.ts";
 * await writeFileAtomic("predictions/out.json", "{}\n");
 * ```
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`);
  try {
    if (typeof text === "string") await Deno.writeTextFile(temporary, text);
    else await Deno.writeFile(temporary, text);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

/**
 * Writes `text` to `path` atomically unless the file already holds exactly
 * that text; returns whether it wrote. Unchanged files keep their
 * modification time, so a folder watcher sees nothing.
 *
 * @example
 * ```ts ignore
 * import { writeIfChanged } from "./files.ts";
 * await writeIfChanged("data/2025/season.json", "{}\n"); // true the first time, false after
 * ```
 */
export async function writeIfChanged(path: string, text: string): Promise<boolean> {
  try {
    if (await Deno.readTextFile(path) === text) return false;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text);
  return true;
}

/**
 * Whether `path` is a file: false where nothing is there, or where a part of the path is a file, not a folder.
 *
 * @example
 * ```ts
 * import { isFile } from "./files.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/season.json`, "{}");
 * assert.deepEqual(
 *   [await isFile(`${dir}/season.json`), await isFile(dir), await isFile(`${dir}/season.json/x`)],
 *   [true, false, false],
 * );
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) return false;
    throw error;
  }
}
