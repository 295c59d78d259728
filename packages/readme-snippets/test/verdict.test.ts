// The collector's own rules, on a README written here: a block nobody runs is named by file:line
// with the reason; markers, output kinds and pnpm scripts are recognised.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { blocksOf } from "../src/blocks.js";
import { COVERAGE, staleCoverage } from "../src/covered.js";
import { inScope } from "../src/files.js";
import { binds, givensFor } from "../src/givens.js";
import { commandsOf } from "../src/shell.js";
import { verdictOf } from "../src/verdict.js";

const root = mkdtempSync(join(tmpdir(), "readme-snippets-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
writeFileSync(join(root, "package.json"), JSON.stringify({ scripts: { test: "vitest", "docs:build": "x" } }));
mkdirSync(join(root, "packages", "a"), { recursive: true });
writeFileSync(join(root, "packages", "a", "package.json"), JSON.stringify({ name: "@x/a", scripts: { bench: "x" } }));
const README = [
  "# a", // 1
  "```python", // 2
  "print(1)",
  "```",
  "```sh", // 5
  "pnpm test && pnpm docs:build   # comment",
  "pnpm --filter @x/a bench",
  "```",
  "```sh", // 9
  "pnpm nope",
  "```",
  "<!-- snippet: illustrative -->", // 12
  "",
  "```sh", // 14
  "curl https://example.com",
  "```",
  "```text", // 17
  "output",
  "```",
  "## Usage", // 20
  "<!-- snippet: typecheck -->",
  "```ts", // 22
  "const a = 1;",
  "```",
  "```json", // 25
  '{"a": 1}',
  "```",
].join("\n");
writeFileSync(join(root, "packages", "a", "README.md"), README);

describe("verdicts", () => {
  const blocks = blocksOf(root, "packages/a/README.md");
  const v = (line: number) => verdictOf(root, blocks.find((b) => b.line === line)!);

  it("finds every block with its line, language, marker and heading", () => {
    expect(blocks.map((b) => [b.line, b.lang, b.marker ?? "", b.heading])).toEqual([
      [2, "python", "", ""],
      [5, "sh", "", ""],
      [9, "sh", "", ""],
      [14, "sh", "illustrative", ""],
      [17, "text", "", ""],
      [22, "ts", "typecheck", "Usage"],
      [25, "json", "", "Usage"],
    ]);
  });

  it("a block of a language no test runs here is nobody's, with the reason", () => {
    expect(v(2)).toMatchObject({ kind: "nobody", why: expect.stringContaining("```python") });
  });

  it("pnpm commands pass when their scripts exist (root, the README's package, a --filter's)", () => {
    expect(v(5)).toEqual({ kind: "checked", how: "each pnpm command names a script that exists" });
    expect(v(9)).toMatchObject({
      kind: "nobody",
      why: expect.stringContaining('no script "nope" at the root or in packages/a'),
    });
  });

  it("markers and output kinds", () => {
    expect(v(14)).toEqual({ kind: "illustrative" });
    expect(v(17)).toEqual({ kind: "output" });
    expect(v(22)).toEqual({ kind: "typecheck" });
    expect(v(25)).toMatchObject({ kind: "checked" });
  });

  it("an unknown marker fails, naming file:line", () => {
    writeFileSync(join(root, "packages", "a", "README.md"), "<!-- snippet: skip -->\n```ts\nx\n```\n");
    expect(() => blocksOf(root, "packages/a/README.md")).toThrow(
      'packages/a/README.md:1: unknown snippet marker "skip"',
    );
  });
});

describe("helpers", () => {
  it("splits shell blocks into commands", () => {
    expect(commandsOf("A=1 pnpm x \\\n  --y # why\n# only a comment\npnpm a && pnpm b\n")).toEqual([
      "A=1 pnpm x    --y",
      "pnpm a",
      "pnpm b",
    ]);
  });

  it("scopes READMEs and guides, not generated folders", () => {
    expect(inScope("packages/client-go/README.md")).toBe(true);
    expect(inScope("packages/docs/guides/getting-started.md")).toBe(true);
    expect(inScope("packages/client-go/generated/README.md")).toBe(false);
    expect(inScope("packages/client/CHANGELOG.md")).toBe(false);
  });

  it("gives a block only the names it uses and does not declare", () => {
    expect(binds("const client = x;", "client")).toBe(true);
    expect(binds("const { data, requestId } = y;", "data")).toBe(true);
    expect(binds("const a = 1, roomId = 2;", "roomId")).toBe(true);
    expect(binds('import { fromEnv } from "@cec-cobrowse/client";', "fromEnv")).toBe(true);
    expect(binds("await client.getToken();", "client")).toBe(false);
    expect(givensFor("packages/client/README.md", "await client.getToken();").map((g) => g.name)).toEqual(["client"]);
  });
});

describe("the package tests counted as running blocks", () => {
  it("a test that is gone, or no longer holds its selector, is reported", () => {
    const python = COVERAGE.find((c) => c.test.endsWith("test_readme.py"))!;
    mkdirSync(join(root, "packages", "client-python", "tests"), { recursive: true });
    writeFileSync(join(root, python.test), 'BLOCKS = re.findall(r"^```py\\n(.*?)^```", README)\n');
    const problems = staleCoverage(root);
    expect(problems).toContain(
      `${python.test}: no longer holds ${JSON.stringify(python.evidence[0])}, the selector this check relies on`,
    );
    expect(problems).toContain(
      "packages/client-go/tests/readme_test.go: named as running README blocks, but it does not exist",
    );
  });
});
