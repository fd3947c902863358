/**
 * The JSON Schemas in `lib/format/schema/` (season, session and predictions files),
 * compiled once: the one place a file is checked against its published
 * contract, by the server before it serves a new predictions file and by the
 * tests.
 *
 * @module
 */

import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import season from "./schema/season.schema.json" with { type: "json" };
import session from "./schema/session.schema.json" with { type: "json" };
import predictions from "./schema/predictions.schema.json" with { type: "json" };

// Imported, not read at run time, so a compiled binary and a bundle carry them and no read permission is needed.
const SCHEMAS = [season, session, predictions];

let ajv: Ajv2020 | undefined;

function compiled(): Ajv2020 {
  if (ajv !== undefined) return ajv;
  ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // The two formats the schemas use; ajv-formats would be one more package for two patterns.
    formats: {
      "date": /^\d{4}-\d{2}-\d{2}$/,
      "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
    },
  });
  for (const schema of SCHEMAS) ajv.addSchema(schema);
  return ajv;
}

/**
 * The validator for a schema in `lib/format/schema/`, or for one of its `$defs`
 * (`session.schema.json#/$defs/result`).
 *
 * @example
 * ```ts
 * import { schemaValidator } from "./schemas.ts";
 * import assert from "node:assert/strict";
 * assert.equal(schemaValidator("predictions.schema.json#/$defs/probability")(0.5), true);
 * ```
 */
export function schemaValidator(ref: string): ValidateFunction {
  const validate = compiled().getSchema(`f1-hybrid-predictor/${ref}`);
  if (validate === undefined) throw new Error(`no schema ${ref} in lib/format/schema/`);
  return validate;
}

/**
 * What keeps `value` from matching a schema: at most `limit` problems, each
 * with its JSON pointer; empty when it matches.
 *
 * @example
 * ```ts
 * import { schemaProblems } from "./schemas.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(schemaProblems("predictions.schema.json#/$defs/probability", 0.5), []);
 * assert.equal(schemaProblems("predictions.schema.json#/$defs/probability", 2).length, 1);
 * ```
 */
export function schemaProblems(ref: string, value: unknown, limit = 10): string[] {
  const validate = schemaValidator(ref);
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, limit).map((e) => `${e.instancePath || "/"} ${e.message}`);
}
