/** JSON Schema validation of files against the schemas in `docs/schema/`, for tests. */

import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

const SCHEMA_DIR = new URL("../docs/schema/", import.meta.url);

const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  // The two formats the schemas use; ajv-formats would be one more package for two patterns.
  formats: {
    "date": /^\d{4}-\d{2}-\d{2}$/,
    "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  },
});

for (const name of ["season", "session", "predictions"]) {
  ajv.addSchema(JSON.parse(Deno.readTextFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR))));
}

/** The validator for a schema in `docs/schema/`, or for one of its `$defs` (`session.schema.json#/$defs/result`). */
export function schemaValidator(ref: string): ValidateFunction {
  const validate = ajv.getSchema(`f1-hybrid-predictor/${ref}`);
  if (validate === undefined) throw new Error(`no schema ${ref} in docs/schema/`);
  return validate;
}

/** Throws with every schema error, each with its JSON pointer, when `value` does not validate. */
export function assertMatchesSchema(ref: string, value: unknown, what: string): void {
  const validate = schemaValidator(ref);
  if (!validate(value)) {
    const errors = (validate.errors ?? []).slice(0, 10).map((e) => `  ${e.instancePath || "/"} ${e.message}`);
    throw new Error(`${what} does not match ${ref}:\n${errors.join("\n")}`);
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
