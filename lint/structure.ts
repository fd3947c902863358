/**
 * The project's structure rules, as `deno lint` rules so CI holds them:
 *
 * - `max-params`: at most three positional parameters, as Deno's standard
 *   library does (two plus an options object where it can);
 * - `max-function-lines`: a function body of at most 80 lines;
 * - `max-file-lines`: a module of at most 400 lines;
 * - `options-defaults`: settings are named and say their defaults, as std's
 *   `RetryOptions` do. Every optional field of an `*Options` interface has
 *   `@default` in its JSDoc, and an exported function does not take two or
 *   more optional settings as an inline type (outside `tests/`);
 * - `layers`: imports run one way. `lib/` folders follow the data, bottom
 *   up: `errors`, `data`, `sim`, `parallel`; `format` and `sources`; `live`
 *   and `model`; `forecast`, `evaluate`, `report`; `demo` and `store`;
 *   `train`; `serve`. A folder imports only the folders `LAYERS` lists (and
 *   itself, sub-folders included). Nothing in `lib/` imports `tasks/`,
 *   `main.ts` or `tests/`; a task imports no other task (`tasks/cli.ts`, the
 *   shared option parser, and `tasks/cli/`, what tasks share besides it, are not tasks); `main.ts` imports only
 *   `tasks/train.ts`; `dashboard/` (browser code) imports only `lib/format`
 *   and `lib/report`; `bench/` and `scripts/` never import a test; `bin/f1hp.ts` imports tasks only. Static imports, `export … from` and `import()` all count.
 *
 * @module
 */

const MAX_PARAMS = 3;
const MAX_FUNCTION_LINES = 80;
const MAX_FILE_LINES = 400;

/** What each `lib/` folder may import besides itself. */
const LAYERS: Record<string, readonly string[]> = {
  errors: [],
  data: ["errors"],
  sim: ["errors"],
  parallel: ["errors"],
  format: ["errors", "data"],
  sources: ["errors", "data"],
  live: ["errors", "data", "sources"],
  model: ["errors", "data", "format", "sim"],
  forecast: ["errors", "data", "sim", "parallel", "format", "model"],
  evaluate: ["errors", "data", "sim", "parallel", "format", "model", "forecast"],
  report: ["errors", "data", "sim", "format", "model", "forecast", "evaluate"],
  demo: ["errors", "data", "sim", "model"],
  store: ["errors", "data", "format"],
  train: ["errors", "data", "sim", "parallel", "format", "model", "forecast", "evaluate", "report", "demo", "store"],
  serve: ["errors", "data", "format", "report", "store", "train"],
};

/** What the browser code may import: it is bundled for the page, so nothing that reads files or starts workers. */
const DASHBOARD_IMPORTS = ["lib/format/", "lib/report/"];

type FunctionNode =
  | Deno.lint.FunctionDeclaration
  | Deno.lint.FunctionExpression
  | Deno.lint.ArrowFunctionExpression;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The path of a file relative to the repository: `lib/model/bayes.ts`, `tasks/cli.ts`, `tasks/train.ts`. */
function repoPath(filename: string): string {
  const normal = filename.replaceAll("\\", "/");
  const at = normal.search(/\/(lib|tasks|tests|bench|dashboard|lint|scripts)\//);
  return at < 0 ? normal.slice(normal.lastIndexOf("/") + 1) : normal.slice(at + 1);
}

function resolve(from: string, specifier: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

/** Why an import breaks the layering, or undefined where it is allowed. */
function layerViolation(from: string, target: string): string | undefined {
  const own = from.split("/")[0];
  if (own === "lib") return libViolation(from, target);
  if (own === "tasks") {
    if (target === "main.ts") return `${from} must not import main.ts`;
    const shared = target === "tasks/cli.ts" || target.startsWith("tasks/cli/");
    if (target.startsWith("tasks/") && !shared && target !== from) {
      return `a task must not import another task (${target}); share code through lib/, tasks/cli.ts or tasks/cli/`;
    }
  }
  if (from === "main.ts" && target !== "tasks/train.ts") return `main.ts imports tasks/train.ts only; found ${target}`;
  if (own === "dashboard" && !target.startsWith("dashboard/") && !DASHBOARD_IMPORTS.some((p) => target.startsWith(p))) {
    return `dashboard/ runs in the browser and may import only ${DASHBOARD_IMPORTS.join(", ")}; found ${target}`;
  }
  if ((own === "bench" || own === "scripts") && target.startsWith("tests/")) {
    return `${own}/ must not import ${target}: what both need belongs in lib/`;
  }
  return undefined;
}

function libViolation(from: string, target: string): string | undefined {
  if (/^(tasks\/|tests\/|main\.ts$)/.test(target)) return `lib/ must not import ${target}`;
  if (!target.startsWith("lib/")) return undefined;
  const [own, other] = [from.split("/")[1], target.split("/")[1]];
  if (!(own in LAYERS)) return `lib/${own} is not a room of lint/structure.ts's LAYERS; add it there`;
  if (own === other || LAYERS[own].includes(other)) return undefined;
  return `lib/${own} may import only ${LAYERS[own].join(", ") || "nothing else in lib/"}; found lib/${other}`;
}

const plugin: Deno.lint.Plugin = {
  name: "structure",
  rules: {
    "max-params": {
      create(context) {
        const check = (node: FunctionNode) => {
          if (node.params.length > MAX_PARAMS) {
            context.report({
              node,
              message: `${node.params.length} positional parameters; at most ${MAX_PARAMS} (use an options object)`,
            });
          }
        };
        return { FunctionDeclaration: check, FunctionExpression: check, ArrowFunctionExpression: check };
      },
    },
    "max-function-lines": {
      create(context) {
        const text = context.sourceCode.text;
        const check = (node: FunctionNode) => {
          const lines = lineOf(text, node.range[1]) - lineOf(text, node.range[0]) + 1;
          if (lines > MAX_FUNCTION_LINES) {
            context.report({ node, message: `a function of ${lines} lines; at most ${MAX_FUNCTION_LINES}` });
          }
        };
        return { FunctionDeclaration: check, FunctionExpression: check, ArrowFunctionExpression: check };
      },
    },
    "max-file-lines": {
      create(context) {
        return {
          Program(node) {
            const lines = context.sourceCode.text.split("\n").length - 1;
            if (lines > MAX_FILE_LINES) {
              context.report({ node, message: `a module of ${lines} lines; at most ${MAX_FILE_LINES}` });
            }
          },
        };
      },
    },
    "options-defaults": {
      create(context) {
        if (repoPath(context.filename).startsWith("tests/")) return {};
        const text = context.sourceCode.text;
        /** The JSDoc block right above `offset`, or "" where none is. */
        const docAbove = (offset: number) => {
          const end = text.lastIndexOf("*/", offset);
          if (end < 0 || text.slice(end + 2, offset).trim() !== "") return "";
          return text.slice(text.lastIndexOf("/**", end), end);
        };
        const checkMembers = (members: Deno.lint.TSInterfaceBody["body"], where: string) => {
          for (const member of members) {
            if (member.type !== "TSPropertySignature" && member.type !== "TSMethodSignature") continue;
            if (!member.optional || /@default\b/.test(docAbove(member.range[0]))) continue;
            const key = member.key.type === "Identifier" ? member.key.name : "a field";
            context.report({ node: member, message: `${where}.${key} is optional: say its @default in its JSDoc` });
          }
        };
        const checkParameters = (node: Deno.lint.FunctionDeclaration) => {
          for (const parameter of node.params) {
            const target = parameter.type === "AssignmentPattern" ? parameter.left : parameter;
            const type = "typeAnnotation" in target ? target.typeAnnotation?.typeAnnotation : undefined;
            if (type?.type !== "TSTypeLiteral") continue;
            if (type.members.filter((m) => "optional" in m && m.optional).length < 2) continue;
            context.report({
              node: type,
              message: `${node.id?.name ?? "an exported function"} takes options with defaults as an inline type; ` +
                "name it as an exported *Options interface with @default on each optional field",
            });
          }
        };
        return {
          TSInterfaceDeclaration(node) {
            if (node.id.name.endsWith("Options")) checkMembers(node.body.body, node.id.name);
          },
          ExportNamedDeclaration(node) {
            if (node.declaration?.type === "FunctionDeclaration") checkParameters(node.declaration);
          },
        };
      },
    },
    layers: {
      create(context) {
        const from = repoPath(context.filename);
        const check = (node: Deno.lint.Node, source: Deno.lint.Node | null | undefined) => {
          if (source?.type !== "Literal" || typeof source.value !== "string") return;
          if (!source.value.startsWith(".")) return;
          const why = layerViolation(from, resolve(from, source.value));
          if (why !== undefined) context.report({ node, message: why });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source),
          ExportAllDeclaration: (node) => check(node, node.source),
          ExportNamedDeclaration: (node) => check(node, node.source),
          ImportExpression: (node) => check(node, node.source),
        };
      },
    },
  },
};

export default plugin;
