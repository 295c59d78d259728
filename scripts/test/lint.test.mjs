// The formatters never touch generated code: each tool, given every generated file by name, takes
// none of them (its configuration excludes them), so `pnpm format` cannot make the drift check fail.
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ruff } from "../../release/lib/tools.mjs";
import { GENERATED_PATHSPECS } from "../generated.mjs";
import { biome, goFiles } from "../lint.mjs";

const root = path.join(import.meta.dirname, "..", "..");
const generated = execFileSync("git", ["ls-files", "--", ...GENERATED_PATHSPECS, "spec/released"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter(Boolean);
const byExtension = (pattern) => generated.filter((file) => pattern.test(file));

describe("the formatters leave generated code alone", () => {
  it("Biome processes none of the generated TypeScript, JavaScript and JSON files", () => {
    const files = byExtension(/\.(ts|mts|cts|js|mjs|cjs|json)$/);
    expect(files.length).toBeGreaterThan(20);
    const run = spawnSync(biome, ["ci", "--colors=off", ...files], { cwd: root, encoding: "utf8" });
    expect(`${run.stdout}${run.stderr}`).toContain("Checked 0 files");
  });

  it("ruff finds no Python file among the generated ones, even named one by one", async () => {
    const files = byExtension(/\.py$/);
    expect(files.length).toBeGreaterThan(10);
    const bin = await ruff();
    for (const command of [["format", "--check"], ["check"]]) {
      const run = spawnSync(bin, [...command, ...files], { cwd: root, encoding: "utf8" });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stderr).toContain("No Python files found");
    }
  }, 120_000);

  it("gofmt is given the hand-written Go files only", () => {
    const files = goFiles();
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((file) => generated.includes(file))).toEqual([]);
    expect(files).toContain("packages/client-go/sdk/client.go");
  });
});
