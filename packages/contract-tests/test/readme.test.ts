import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allChecks, checksMarkdown } from "../src/index.js";
import { packageDir } from "./support/servers.js";

describe("README", () => {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");

  it("lists exactly the registered checks (run `pnpm docs:checks` after changing them)", () => {
    const start = readme.indexOf("-->\n", readme.indexOf("<!-- checks:start")) + 4;
    const end = readme.indexOf("<!-- checks:end -->");
    expect(readme.slice(start, end)).toBe(checksMarkdown(allChecks()));
  });

  it("opens with a one-line pitch and a minimal example", () => {
    expect(readme).toMatch(
      /^# @cec-cobrowse\/contract-tests\n\n[^\n]+\n[^\n]*\n[^\n]*\n\n(<!-- snippet: \w+ -->\n)?```sh\n/,
    );
  });
});
