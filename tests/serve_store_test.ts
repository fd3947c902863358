/** The server's predictions store: a bad file keeps the last good one; a file is parsed once per change (issue 36). */
import assert from "node:assert/strict";
import { withServer } from "./served.ts";

Deno.test("serve: a wrong-shaped predictions file is refused, the last good one served, and health says why", async () => {
  await withServer(async (server, { output }) => {
    const before = await (await fetch(`${server.url}/api/races`)).json();
    const broken = JSON.parse(await Deno.readTextFile(output));
    broken.predictions[Object.keys(broken.predictions)[0]].predictions = "not a list";
    await Deno.writeTextFile(output, JSON.stringify(broken));
    await server.store.refresh();
    const races = await fetch(`${server.url}/api/races`);
    assert.equal(races.status, 200);
    assert.deepEqual(await races.json(), before);
    const health = await (await fetch(`${server.url}/healthz`)).json();
    assert.equal(health.status, "ok");
    assert.match(
      health.newest_rejected,
      /p\.json: expected a predictions file matching lib\/format\/schema\/predictions\.schema\.json/,
    );
  });
});

Deno.test("serve: the predictions file is parsed once per change, not at every request", async () => {
  await withServer(async (server, { output }) => {
    const first = await (await fetch(`${server.url}/api/races`)).json();
    // Another valid document under the same modification time: a server that re-read the file per request would
    // serve it; one that parses per change keeps what it parsed.
    const { mtime } = await Deno.stat(output);
    const changed = JSON.parse(await Deno.readTextFile(output));
    const [name] = Object.keys(changed.predictions);
    changed.predictions[name].metadata.as_of = changed.predictions[name].metadata.as_of === "fp1" ? "fp2" : "fp1";
    // Written aside with the old time, then renamed over it: the server never sees another modification time.
    await Deno.writeTextFile(`${output}.next`, JSON.stringify(changed));
    await Deno.utime(`${output}.next`, mtime!, mtime!);
    await Deno.rename(`${output}.next`, output);
    for (let i = 0; i < 5; i++) {
      await server.store.refresh();
      assert.deepEqual(await (await fetch(`${server.url}/api/races`)).json(), first, `request ${i}: the parsed file`);
    }
    // A change (a new modification time) is parsed, once.
    await Deno.utime(output, new Date(mtime!.getTime() + 2000), new Date(mtime!.getTime() + 2000));
    await server.store.refresh();
    const after = await (await fetch(`${server.url}/api/races`)).json();
    assert.equal(
      after.find((race: { name: string }) => race.name === name).as_of,
      changed.predictions[name].metadata.as_of,
    );
  });
});
