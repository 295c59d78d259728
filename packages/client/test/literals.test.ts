// The client's hand-written code types no value of the spec: it reads them from the generated
// constants (src/generated/spec.ts). This scans src/**/*.ts (not src/generated/) for the
// literals it used to retype, and names the file and line of each one found.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const src = path.resolve(import.meta.dirname, "../src");
const generated = path.join(src, "generated");

/** What must not be typed by hand: limits, patterns, roles, operation ids, header names, paths. */
const LITERALS = [
  "86400",
  "86_400",
  String.raw`\d{1,9}`,
  String.raw`\d{1,12}`,
  ...["recorder", "replayer", "tokenByAkSk", "getConnectionInfo", "x-app-key", "X-TenantSpaceID", "X-Token-Expire"].flatMap((word) => [`"${word}"`, `'${word}'`]),
  '"/apigovernance',
  "'/apigovernance",
  '"/apiaccess',
  "'/apiaccess",
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === generated ? [] : files(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** `file:line: literal` for each literal found in `file`. */
function scan(file: string): string[] {
  const found: string[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      for (const literal of LITERALS) if (line.includes(literal)) found.push(`${path.relative(src, file)}:${i + 1}: ${literal}`);
    });
  return found;
}

describe("spec values in the client's code", () => {
  it("come from the generated constants: no hand-written source types one", () => {
    const sources = files(src);
    expect(sources.map((f) => path.relative(src, f))).toContain("client.ts");
    expect(sources.every((f) => !f.startsWith(generated))).toBe(true);
    expect(sources.flatMap(scan)).toEqual([]);
  });

  it("are found by the scan where they are typed (the generated constants hold them all)", () => {
    const hits = scan(path.join(generated, "spec.ts")).map((hit) => hit.replace(/^.*: /, ""));
    for (const literal of ["86400", '"recorder"', '"replayer"', '"tokenByAkSk"', '"getConnectionInfo"', '"x-app-key"', '"X-TenantSpaceID"', '"X-Token-Expire"', '"/apigovernance', '"/apiaccess']) {
      expect(hits).toContain(literal);
    }
  });
});
