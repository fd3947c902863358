/** JSON Schema validation of files against the schemas in `lib/format/schema/`, for tests. */

import { schemaProblems } from "../lib/format/schemas.ts";

export { schemaValidator } from "../lib/format/schemas.ts";

/** Throws with every schema error, each with its JSON pointer, when `value` does not validate. */
export function assertMatchesSchema(ref: string, value: unknown, what: string): void {
  const problems = schemaProblems(ref, value);
  if (problems.length > 0) {
    throw new Error(`${what} does not match ${ref}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/** The `$defs` entry of session.schema.json for a session file name. */
export function sessionSchemaFor(fileName: string): string {
  const kind = fileName.replace(/\.json$/, "");
  const def = kind.startsWith("fp")
    ? "practice"
    : kind.endsWith("qualifying")
    ? "qualifying"
    : kind === "grid"
    ? "grid_rows"
    : "result";
  return `session.schema.json#/$defs/${def}`;
}
