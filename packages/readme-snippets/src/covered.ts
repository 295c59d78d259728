// The blocks a package's own test already runs, in the language's real toolchain (pytest in the
// client's venv, `go run`, javac + the JVM, vitest against the mock, the portal's sample runner).
// Each entry names the test and how it selects its blocks, and names text that must stand in that
// test's source for the claim to hold: rename the selector in the test and this check fails, so a
// block never counts as run by a test that no longer picks it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Block } from "./blocks.js";

export interface Coverage {
  /** The test that runs the blocks, relative to the root. */
  test: string;
  /** What it runs, in words (the report's column). */
  what: string;
  /** Whether the block is one it runs. */
  selects: (block: Block) => boolean;
  /** Strings the test's source holds: its selector, as written there. */
  evidence: string[];
}

/** The sections of packages/client/README.md whose ```ts blocks test/readme.test.ts runs against the mock, each with its fault. */
export const CLIENT_SECTIONS = [
  "Retries and the attempt budget",
  "Timeouts and cancellation",
  "Answer size",
  "Redirects",
  "Identification",
  "Hooks",
  "OpenTelemetry",
  "Logging",
];

export const COVERAGE: Coverage[] = [
  {
    test: "packages/client-python/tests/test_readme.py",
    what: "every ```python block, exec'd against the mock (pytest, the client's venv)",
    selects: (b) => b.file === "packages/client-python/README.md" && b.lang === "python" && b.attributes === "",
    evidence: ['README = Path(__file__).resolve().parents[1] / "README.md"', "^```python\\n"],
  },
  {
    test: "packages/client-go/tests/readme_test.go",
    what: "every ```go block, vetted and run as one program against the mock (go run)",
    selects: (b) => b.file === "packages/client-go/README.md" && b.lang === "go" && b.attributes === "",
    evidence: ['filepath.Join("..", "README.md")', 'line == "```go"'],
  },
  {
    test: "packages/client-java/tests/src/test/java/cec/cobrowse/client/tests/ReadmeTest.java",
    what: "every ```java block, compiled (javac) and run against the mock",
    selects: (b) => b.file === "packages/client-java/README.md" && b.lang === "java" && b.attributes === "",
    evidence: ['Path.of("..", "README.md")', '"```java\\\\n(.*?)```"'],
  },
  {
    test: "packages/client/test/readme.test.ts",
    what: "the ```ts blocks of its sections, run on the built package against the mock with each section's fault",
    selects: (b) =>
      b.file === "packages/client/README.md" &&
      b.lang === "ts" &&
      b.attributes === "" &&
      CLIENT_SECTIONS.includes(b.heading),
    evidence: ['path.join(here, "README.md")', "matchAll(/```ts\\n", ...CLIENT_SECTIONS.map((s) => `"${s}"`)],
  },
  {
    test: "packages/docs/test/samples.test.ts",
    what: "a guide's ```sample block names files under packages/docs/samples, every one of which this test runs against the mock",
    selects: (b) => /^packages\/docs\/guides\/[^/]+\.md$/.test(b.file) && b.lang === "sample",
    evidence: ["sampleFiles()"],
  },
];

/** The coverage entries whose test is missing or no longer holds its selector, as messages. */
export function staleCoverage(root: string): string[] {
  const problems: string[] = [];
  for (const c of COVERAGE) {
    const file = join(root, c.test);
    if (!existsSync(file)) {
      problems.push(`${c.test}: named as running README blocks, but it does not exist`);
      continue;
    }
    const source = readFileSync(file, "utf8");
    for (const e of c.evidence)
      if (!source.includes(e))
        problems.push(`${c.test}: no longer holds ${JSON.stringify(e)}, the selector this check relies on`);
  }
  return problems;
}
