/** Every command docs/tasks.md is the first to show, run as typed (issue 33), beside README.md's. */
import { runDocumentedCommands } from "./documented_commands.ts";

Deno.test({
  name: "every command docs/tasks.md shows, run as typed in a fresh copy of the repository",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: (t) => runDocumentedCommands(t, "docs/tasks.md"),
});
