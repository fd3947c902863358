/**
 * The YAML F1DB writes, read without a general parser: block mappings and
 * block sequences, nested by indentation, of plain or double-quoted scalars
 * without escapes, and `#` comments. Scalars resolve by YAML 1.2's core
 * schema, as the `yaml` package's default does: empty, `~` and `null` are
 * null; `true`/`false` booleans; decimal integers and floats numbers; all
 * else (dates included) strings.
 *
 * Anything outside that subset (flow collections, block scalars, anchors,
 * tags, escapes, single quotes, multi-line scalars, repeated keys, uneven
 * indentation) gives `undefined`, and the caller hands the text to the full
 * parser, which also words the error for text that is not YAML at all. The
 * subset is all of F1DB's seasons and most of its other files; reading a
 * season takes about a fifth of the time it takes through the full parser,
 * whose lexer alone reads an environment variable for every token.
 *
 * @module
 */

/** One line with content: its indentation and what follows it, comments left in. */
interface Line {
  indent: number;
  text: string;
}

/** Thrown inside the parser when the text leaves the subset; never escapes {@linkcode parseBlockYaml}. */
class OutsideSubset extends Error {}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const BOOLEANS = new Map(["true", "True", "TRUE", "false", "False", "FALSE"].map((word) => [word, /^t/i.test(word)]));
// The core schema's other numbers (0x1F, 0o17, .inf, .nan), which F1DB never writes.
const OTHER_NUMBERS = /^[-+]?(?:0[xo]|\.[a-zA-Z])/;
// A plain scalar may not start with these (YAML's indicators), and those F1DB never writes are left to the full parser.
const INDICATORS = new Set(["[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "%", "@", "`", ",", "?", "-", ":"]);

/**
 * Parses YAML in F1DB's block style, or gives `undefined` for text outside it (then use a full parser).
 *
 * @example
 * ```ts
 * import { parseBlockYaml } from "./block_yaml.ts";
 * import assert from "node:assert/strict";
 * const text = "- position: 1\n  driverId: max-verstappen\n  time: \"1:25:27.325\"\n  gap:\n  points: 25.5\n";
 * assert.deepEqual(parseBlockYaml(text), {
 *   value: [{ position: 1, driverId: "max-verstappen", time: "1:25:27.325", gap: null, points: 25.5 }],
 * });
 * assert.equal(parseBlockYaml("laps: [1, 2]\n"), undefined, "a flow sequence: the full parser's job");
 * ```
 */
export function parseBlockYaml(text: string): { value: unknown } | undefined {
  const lines: Line[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const content = line.trimStart();
    if (content === "" || content.startsWith("#")) continue;
    if (line.includes("\t") || content.startsWith("---") || content.startsWith("...")) return undefined;
    lines.push({ indent: line.length - content.length, text: content });
  }
  if (lines.length === 0) return { value: null };
  if (lines[0].indent !== 0) return undefined;
  const reader = new BlockReader(lines);
  try {
    const value = reader.node(0);
    return reader.done() ? { value } : undefined;
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

class BlockReader {
  #at = 0;

  constructor(readonly lines: Line[]) {}

  done(): boolean {
    return this.#at === this.lines.length;
  }

  /** The mapping or sequence whose first line is the next, at this indentation. */
  node(indent: number): unknown {
    const line = this.lines[this.#at];
    if (line.indent !== indent) throw new OutsideSubset();
    if (line.text === "-" || line.text.startsWith("- ")) return this.sequence(indent);
    if (KEY.test(line.text)) return this.mapping(indent);
    throw new OutsideSubset();
  }

  sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.lines[this.#at]; this.#startsItem(line, indent); line = this.lines[this.#at]) {
      const rest = line.text.slice(1).trimStart();
      if (rest === "" || rest.startsWith("#")) {
        this.#at++;
        items.push(this.#nested(indent, false));
      } else if (KEY.test(rest)) {
        // "- key: value" opens a mapping whose keys line up with this first one.
        const column = indent + line.text.length - rest.length;
        this.lines[this.#at] = { indent: column, text: rest };
        items.push(this.mapping(column));
      } else {
        this.#at++;
        items.push(this.#scalarEndingLine(rest, indent));
      }
    }
    return items;
  }

  mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let line = this.lines[this.#at]; line?.indent === indent; line = this.lines[this.#at]) {
      const match = KEY.exec(line.text);
      if (match === null || Object.hasOwn(map, match[1])) throw new OutsideSubset();
      this.#at++;
      const rest = match[2] ?? "";
      map[match[1]] = rest === "" || rest.startsWith("#")
        ? this.#nested(indent, true)
        : this.#scalarEndingLine(rest, indent);
    }
    return map;
  }

  #startsItem(line: Line | undefined, indent: number): line is Line {
    return line?.indent === indent && (line.text === "-" || line.text.startsWith("- "));
  }

  /** What follows a key or a dash with nothing after it: a deeper node, a sequence at the key's own level, or null. */
  #nested(indent: number, underKey: boolean): unknown {
    const next = this.lines[this.#at];
    if (next !== undefined && next.indent > indent) return this.node(next.indent);
    if (underKey && this.#startsItem(next, indent)) return this.sequence(indent);
    return null;
  }

  /** A scalar that ends its line; a deeper line after it would continue it, which the subset leaves out. */
  #scalarEndingLine(raw: string, indent: number): unknown {
    const next = this.lines[this.#at];
    if (next !== undefined && next.indent > indent) throw new OutsideSubset();
    return scalar(raw);
  }
}

function scalar(raw: string): unknown {
  if (raw.startsWith('"')) {
    const end = raw.indexOf('"', 1);
    const after = end < 0 ? "" : raw.slice(end + 1).trim();
    if (end < 0 || raw.slice(1, end).includes("\\") || (after !== "" && !after.startsWith("#"))) {
      throw new OutsideSubset();
    }
    return raw.slice(1, end);
  }
  const comment = raw.indexOf(" #");
  const plain = (comment < 0 ? raw : raw.slice(0, comment)).trimEnd();
  if (INDICATORS.has(plain[0]) && !/^[-?:][^\s,[\]{}]/.test(plain) || plain.includes(": ") || plain.endsWith(":")) {
    throw new OutsideSubset();
  }
  if (plain.includes("#") || plain.includes("\\")) throw new OutsideSubset();
  if (NULLS.has(plain)) return null;
  const boolean = BOOLEANS.get(plain);
  if (boolean !== undefined) return boolean;
  if (INT.test(plain) || FLOAT.test(plain)) return Number(plain);
  if (OTHER_NUMBERS.test(plain)) throw new OutsideSubset();
  return plain;
}
