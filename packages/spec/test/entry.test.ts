// The main entry, as built, imports no Node built-in: browsers and bundlers take it
// (@cec-cobrowse/msw imports it in pages). loadSpec, which reads files, is the Node-only
// entry @cec-cobrowse/spec/file.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const IMPORT =
  /(?:^|[;\s])(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|(?:import|require)\(\s*["']([^"']+)["']\s*\)/g;

/** Every module specifier the built file imports or requires, following the relative ones (its chunks). */
function importsOf(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const out: string[] = [];
  for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
    const specifier = (match[1] ?? match[2])!;
    if (specifier.startsWith(".")) out.push(...importsOf(join(dirname(file), specifier), seen));
    else out.push(specifier);
  }
  return out;
}

describe("entries", () => {
  for (const entry of ["index.mjs", "index.cjs"]) {
    it(`dist/${entry} imports no Node built-in`, () => {
      const specifiers = importsOf(join(dist, entry));
      expect(specifiers.length).toBeGreaterThan(0);
      expect(
        specifiers.filter((s) => s.startsWith("node:") || ["fs", "fs/promises", "path", "os", "util"].includes(s)),
      ).toEqual([]);
    });
  }

  it("dist/file.mjs, the Node-only entry, has loadSpec (and reads files)", async () => {
    expect(importsOf(join(dist, "file.mjs"))).toContain("node:fs/promises");
    const { loadSpec } = (await import(join(dist, "file.mjs"))) as typeof import("../src/file.js");
    expect(typeof loadSpec).toBe("function");
  });
});
