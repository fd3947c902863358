/**
 * Data problems as values: each names the file, the JSON path inside it, what
 * was expected and what was found, so a user can go straight to the fix.
 *
 * @module
 */

/** One problem found in a data file. */
export interface DataIssue {
  /** The file, as the user named it (relative to where they pointed the tool). */
  file: string;
  /** JSON path inside the file, e.g. `[3].position`; empty for the file as a whole. */
  path: string;
  /** What the format asks for at that place. */
  expected: string;
  /** What is there, as JSON or a short description. */
  found: string;
}

/**
 * Renders an issue as one line: `file: path: expected ...; found ...`.
 *
 * @example
 * ```ts
 * import { formatIssue } from "./issues.ts";
 * import assert from "node:assert/strict";
 * const issue = { file: "data/2025/02-china/race.json", path: "[3].position",
 *   expected: "an integer 1-30 or one of DNF, DNS, DSQ, NC, EX, DNQ, DNPQ, DNP", found: '"first"' };
 * assert.equal(
 *   formatIssue(issue),
 *   'data/2025/02-china/race.json: [3].position: expected an integer 1-30 or one of DNF, DNS, DSQ, NC, EX, DNQ, DNPQ, DNP; found "first"',
 * );
 * ```
 */
export function formatIssue(issue: DataIssue): string {
  const where = issue.path === "" ? issue.file : `${issue.file}: ${issue.path}`;
  return `${where}: expected ${issue.expected}; found ${issue.found}`;
}

/**
 * Describes a JSON value for an error message: JSON text, shortened, or
 * `nothing` where a field is absent.
 *
 * @example
 * ```ts
 * import { describeValue } from "./issues.ts";
 * import assert from "node:assert/strict";
 * assert.equal(describeValue("first"), '"first"');
 * assert.equal(describeValue(undefined), "nothing");
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Thrown where a whole data set cannot be used, such as a broken `season.json`. */
export class DataFormatError extends Error {
  /** Every problem found, in file order. */
  readonly issues: DataIssue[];

  /**
   * @example
   * ```ts
   * import { DataFormatError } from "./issues.ts";
   * import assert from "node:assert/strict";
   * const error = new DataFormatError([{ file: "season.json", path: "year", expected: "an integer", found: "nothing" }]);
   * assert.equal(error.message, "season.json: year: expected an integer; found nothing");
   * ```
   */
  constructor(issues: DataIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "DataFormatError";
    this.issues = issues;
  }
}

/** Collects the issues found in one file while it is being read. */
export class IssueList {
  /** How many problems one file lists; past that they are counted, so a huge broken file gives a short report. */
  static readonly MAX_LISTED = 50;
  /** The file every issue added here belongs to. */
  readonly file: string;
  readonly #issues: DataIssue[] = [];
  #omitted = 0;

  /**
   * @example
   * ```ts
   * import { IssueList } from "./issues.ts";
   * import assert from "node:assert/strict";
   * const list = new IssueList("race.json");
   * list.add("[0].driver", "a driver code", 7);
   * assert.equal(list.issues.length, 1);
   * ```
   */
  constructor(file: string) {
    this.file = file;
  }

  /** How many problems were recorded, listed or not. */
  get count(): number {
    return this.#issues.length + this.#omitted;
  }

  /** The issues collected, at most `MAX_LISTED`, then one saying how many more there were. */
  get issues(): DataIssue[] {
    if (this.#omitted === 0) return this.#issues;
    const more = {
      file: this.file,
      path: "",
      expected: `at most ${IssueList.MAX_LISTED} problems listed per file`,
      found: `${this.#omitted} more`,
    };
    return [...this.#issues, more];
  }

  /** Records that `path` held `value` where `expected` was wanted. */
  add(path: string, expected: string, value: unknown): void {
    this.addDescribed(path, expected, describeValue(value));
  }

  /** Records a problem whose finding is already described in words. */
  addDescribed(path: string, expected: string, found: string): void {
    if (this.#issues.length < IssueList.MAX_LISTED) this.#issues.push({ file: this.file, path, expected, found });
    else this.#omitted++;
  }
}
