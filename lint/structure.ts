/**
 * The project's structure rules, as `deno lint` rules so CI holds them:
 *
 * - `max-params`: at most three positional parameters, as Deno's standard
 *   library does (two plus an options object where it can);
 * - `max-function-lines`: a function body of at most 80 lines;
 * - `max-file-lines`: a module of at most 400 lines;
 * - `layers`: imports run one way. `lib/` folders follow the data:
 *   `data`, `sim` at the bottom, then `model`, `forecast`, `report`, `train`,
 *   `serve`; a folder imports only folders below it (and itself). Nothing in
 *   `lib/` imports `tasks/` or `main.ts`; a task imports no other task
 *   (`tasks/cli.ts`, the shared option parser, is not a task) and not `main.ts`.
 *
 * @module
 */

const MAX_PARAMS = 3;
const MAX_FUNCTION_LINES = 80;
const MAX_FILE_LINES = 400;

/** What each `lib/` folder may import besides itself. */
const LAYERS: Record<string, readonly string[]> = {
  data: [],
  sim: [],
  model: ["data"],
  forecast: ["data", "sim", "model"],
  report: ["data", "sim", "model", "forecast"],
  train: ["data", "sim", "model", "forecast", "report"],
  serve: ["data", "sim", "model", "forecast", "report", "train"],
};

type FunctionNode =
  | Deno.lint.FunctionDeclaration
  | Deno.lint.FunctionExpression
  | Deno.lint.ArrowFunctionExpression;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The path of a file relative to the repository: `lib/model/bayes.ts`, `tasks/cli.ts`, `main.ts`. */
function repoPath(filename: string): string {
  const normal = filename.replaceAll("\\", "/");
  const at = normal.search(/\/(lib|tasks|tests|bench|dashboard|lint)\//);
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
  if (from.startsWith("lib/")) {
    if (target.startsWith("tasks/") || target === "main.ts") return `lib/ must not import ${target}`;
    const [own, other] = [from.split("/")[1], target.split("/")[1]];
    if (target.startsWith("lib/") && own !== other && !(LAYERS[own] ?? []).includes(other)) {
      return `lib/${own} may import only ${
        (LAYERS[own] ?? []).join(", ") || "nothing else in lib/"
      }; found lib/${other}`;
    }
  }
  if (from.startsWith("tasks/") || from === "main.ts") {
    if (target === "main.ts") return `${from} must not import main.ts`;
    if (target.startsWith("tasks/") && target !== "tasks/cli.ts" && target !== from) {
      return `a task must not import another task (${target}); share code through lib/ or tasks/cli.ts`;
    }
  }
  return undefined;
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
    layers: {
      create(context) {
        const from = repoPath(context.filename);
        const check = (node: Deno.lint.ImportDeclaration | Deno.lint.ExportAllDeclaration) => {
          const specifier = node.source.value;
          if (!specifier.startsWith(".")) return;
          const why = layerViolation(from, resolve(from, specifier));
          if (why !== undefined) context.report({ node, message: why });
        };
        return { ImportDeclaration: check, ExportAllDeclaration: check };
      },
    },
  },
};

export default plugin;
