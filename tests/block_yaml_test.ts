import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { parseBlockYaml } from "../lib/sources/f1db/block_yaml.ts";
import { F1DB_DIR, skipWithoutF1db } from "./helpers.ts";

/** The subset parser either declines or agrees with the full parser: never a different value. */
function agreesOrDeclines(text: string): "agrees" | "declines" {
  const fast = parseBlockYaml(text);
  if (fast === undefined) return "declines";
  assert.deepEqual(fast.value, parse(text), JSON.stringify(text));
  return "agrees";
}

Deno.test("block YAML: F1DB's shapes read as the yaml package reads them", () => {
  const read = [
    "",
    "# only a comment\n",
    "id: 998\nround: 1\ndate: 2019-03-17\ncourseLength: 5.303\nqualifyingFormat: KNOCKOUT\n",
    '- position: 1\n  time: "1:25:27.325"\n  timePenalty:\n  points: 25.5\n- position: DNF\n  points: 0\n',
    "- entrantId: haas\n  drivers:\n    - driverId: kevin-magnussen\n      rounds: 1-21\n",
    "layouts:\n  - id: rouen-1 # 1952\n    length: 5.1\npreviousNames:\n  - A1-Ring\n  - Österreichring\n",
    "drivers:\n- a\n- b\nnext: c\n",
    'a: ~\nb: Null\nc: true\nd: FALSE\ne: -3\nf: +4\ng: .5\nh: 1e3\ni: 007\nj: -x\nk: "# not a comment"\n',
    'a: http://f1db.org\r\nb: "quoted" # and a comment\r\n',
    "-\n  a: 1\n- \n",
  ];
  for (const text of read) assert.equal(agreesOrDeclines(text), "agrees", JSON.stringify(text));
});

Deno.test("block YAML: what F1DB never writes goes to the full parser, never read otherwise", () => {
  const declined = [
    "laps: [1, 2]\n",
    "a: {b: 1}\n",
    "a: |\n  text\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    'a: "esc\\"aped"\n',
    "a: 'single'\n",
    "a: plain\n  continued\n",
    "a: 1\na: 2\n",
    "a:\n    b: 1\n  c: 2\n",
    "  a: 1\n",
    "a: 0x1F\nb: 0o17\n",
    "a: .inf\n",
    "a:\tb\n",
    "---\na: 1\n",
    "a: b: c\n",
    "- - nested\n",
    '"key": 1\n',
    "just a scalar\n",
  ];
  for (const text of declined) assert.equal(parseBlockYaml(text), undefined, JSON.stringify(text));
});

Deno.test({
  name: "block YAML: every file of an F1DB season, and the files it names, read as the yaml package reads them",
  ignore: skipWithoutF1db("the block YAML comparison on F1DB's files"),
  fn: async () => {
    const data = join(F1DB_DIR, "src", "data");
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for await (const entry of Deno.readDir(dir)) {
        const path = join(dir, entry.name);
        if (entry.isDirectory) await walk(path);
        else if (entry.name.endsWith(".yml")) files.push(path);
      }
    };
    await walk(join(data, "seasons", "2021"));
    for (const named of ["drivers/max-verstappen.yml", "circuits/spielberg.yml", "constructors/alpine.yml"]) {
      files.push(join(data, named));
    }
    for (const grandPrix of ["great-britain", "sao-paulo"]) files.push(join(data, "grands-prix", `${grandPrix}.yml`));
    const verdicts = await Promise.all(files.map(async (path) => agreesOrDeclines(await Deno.readTextFile(path))));
    assert.ok(files.length > 200, `${files.length} files`);
    assert.deepEqual(files.filter((_, i) => verdicts[i] === "declines"), [], "every F1DB file is in the subset");
  },
});
