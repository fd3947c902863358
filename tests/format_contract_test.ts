/**
 * The predictions contract is written twice, as TypeScript (`lib/format/predictions.ts`) and as JSON Schema
 * (`lib/format/schema/predictions.schema.json`); this holds them to the same keys. `deno doc --json` reads the
 * interfaces, so the test sees the types as the compiler does, with no parser of its own.
 */
import assert from "node:assert/strict";
import predictionsSchema from "../lib/format/schema/predictions.schema.json" with { type: "json" };

type TsType = { kind: string; value?: unknown; repr?: string };
type TsProperty = { name: string; optional?: boolean; tsType: TsType };
type SchemaNode = { properties?: Record<string, SchemaNode>; required?: string[]; $ref?: string; items?: SchemaNode };

/** Each interface of the contract beside the schema node that describes it. */
const PAIRS: ReadonlyArray<[string, string]> = [
  ["PredictionsDocument", "#"],
  ["HistoryEntry", "#/$defs/historyEntry"],
  ["DriverForecast", "#/$defs/driver"],
  ["RaceRecord", "#/$defs/race"],
  ["StandingProjection", "#/$defs/standing"],
  ["SeasonProjection", "#/$defs/seasonProjection"],
  ["StrengthLine", "#/$defs/strengthLine"],
];

async function interfaces(): Promise<Map<string, TsProperty[]>> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", new URL("../lib/format/predictions.ts", import.meta.url).pathname],
    stdout: "piped",
  }).output();
  assert.ok(output.success, "deno doc reads lib/format/predictions.ts");
  const doc = JSON.parse(new TextDecoder().decode(output.stdout));
  const symbols = (Object.values(doc.nodes)[0] as { symbols: { name: string; declarations: unknown[] }[] }).symbols;
  return new Map(symbols.flatMap((symbol) => {
    const declaration = symbol.declarations[0] as { kind: string; def: { properties: TsProperty[] } };
    return declaration.kind === "interface" ? [[symbol.name, declaration.def.properties]] : [];
  }));
}

function schemaAt(pointer: string): SchemaNode {
  let node: unknown = predictionsSchema;
  for (const part of pointer.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    node = (node as Record<string, unknown>)[part];
  }
  return node as SchemaNode;
}

/** Where the two disagree, as lines naming the place; inline objects on both sides are compared too. */
function differences(where: string, properties: TsProperty[], node: SchemaNode): string[] {
  const ts = new Map(properties.map((p) => [p.name, p]));
  const schemaKeys = Object.keys(node.properties ?? {});
  const required = new Set(node.required ?? []);
  const found: string[] = [];
  for (const key of schemaKeys) if (!ts.has(key)) found.push(`${where}.${key}: in the schema, not in TypeScript`);
  for (const [key, property] of ts) {
    if (!schemaKeys.includes(key)) found.push(`${where}.${key}: in TypeScript, not in the schema`);
    else if (!property.optional !== required.has(key)) {
      found.push(`${where}.${key}: ${property.optional ? "optional" : "required"} in TypeScript, not in the schema`);
    }
    const inner = node.properties?.[key];
    if (property.tsType.kind === "typeLiteral" && inner?.properties !== undefined) {
      const literal = property.tsType.value as { properties: TsProperty[] };
      found.push(...differences(`${where}.${key}`, literal.properties, inner));
    }
  }
  return found;
}

Deno.test("the predictions schema and the TypeScript types name the same keys, required alike", async () => {
  const types = await interfaces();
  const found = PAIRS.flatMap(([name, pointer]) => {
    const properties = types.get(name);
    assert.ok(properties !== undefined, `lib/format/predictions.ts exports ${name}`);
    return differences(name, properties, schemaAt(pointer));
  });
  assert.deepEqual(found, []);
});

Deno.test("the contract test sees a key the schema lacks", () => {
  const node: SchemaNode = { properties: { a: {} }, required: ["a"] };
  const keyword = { kind: "keyword" };
  assert.deepEqual(differences("T", [{ name: "a", tsType: keyword }, { name: "b", tsType: keyword }], node), [
    "T.b: in TypeScript, not in the schema",
  ]);
  assert.deepEqual(differences("T", [{ name: "a", optional: true, tsType: keyword }], node), [
    "T.a: optional in TypeScript, not in the schema",
  ]);
});
