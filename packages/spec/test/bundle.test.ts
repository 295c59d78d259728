// The spec bundle this package publishes for documentation portals (bundle/openapi.yaml and
// bundle/openapi.json, written by the docs portal's build: `pnpm docs:build`, which turbo runs
// before this test). It is the spec, unchanged, plus every operation's samples as x-codeSamples
// and x-tagGroups covering every tag; YAML and JSON say the same; it is a valid OpenAPI document;
// it is reachable through the package's exports and is in the published tarball. That each sample
// is the file `pnpm test` runs is the docs package's test (it knows the samples).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { document } from "../src/index.js";

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = join(PACKAGE, "..", "..");
const FILES = { yaml: "bundle/openapi.yaml", json: "bundle/openapi.json" };
type Sample = { lang: string; label: string; source: string };
type Bundle = Record<string, unknown> & {
  tags: Array<{ name: string }>;
  "x-tagGroups": Array<{ name: string; tags: string[] }>;
  paths: Record<string, Record<string, { operationId: string; tags?: string[]; "x-codeSamples"?: Sample[] }>>;
};

const read = (file: string) => {
  const path = join(PACKAGE, file);
  if (!existsSync(path))
    throw new Error(
      `${file} is missing: the docs portal's build writes it (pnpm docs:build, or turbo run test, which builds it first)`,
    );
  return readFileSync(path, "utf8");
};
const json = () => JSON.parse(read(FILES.json)) as Bundle;
const operations = (b: Bundle) => Object.values(b.paths).flatMap((item) => Object.values(item));

describe("the spec bundle (bundle/openapi.yaml and .json)", () => {
  it("YAML and JSON hold the same document", () => {
    expect(parse(read(FILES.yaml))).toEqual(json());
  });

  it("is the spec as it is, plus x-codeSamples and x-tagGroups", () => {
    const stripped = structuredClone(json()) as Bundle;
    delete (stripped as Record<string, unknown>)["x-tagGroups"];
    for (const op of operations(stripped)) delete op["x-codeSamples"];
    expect(stripped).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it("every operation carries samples: lang, label and source, the same languages for each", () => {
    const ops = operations(json());
    expect(ops.map((o) => o.operationId).sort()).toEqual(
      operations(document as unknown as Bundle)
        .map((o) => o.operationId)
        .sort(),
    );
    const labels = ops[0]!["x-codeSamples"]!.map((s) => s.label);
    expect(labels.length).toBeGreaterThanOrEqual(5);
    for (const op of ops) {
      const samples = op["x-codeSamples"]!;
      expect(
        samples.map((s) => s.label),
        op.operationId,
      ).toEqual(labels);
      for (const s of samples) {
        expect(Object.keys(s).sort()).toEqual(["label", "lang", "source"]);
        // Spelled as Redoc's list of x-codeSamples languages spells it (Docusaurus's theme matches it case for case).
        expect([
          "C",
          "C#",
          "C++",
          "CoffeeScript",
          "CSS",
          "Dart",
          "DM",
          "Elixir",
          "Go",
          "Groovy",
          "HTML",
          "Java",
          "JavaScript",
          "Kotlin",
          "Objective-C",
          "Perl",
          "PHP",
          "PowerShell",
          "Python",
          "Ruby",
          "Rust",
          "Scala",
          "Shell",
          "Swift",
          "TypeScript",
        ]).toContain(s.lang);
        // Each sample calls its operation (by its id, in the language's own spelling).
        expect(s.source.replace(/_/g, "").toLowerCase(), `${op.operationId} ${s.label}`).toContain(
          op.operationId.toLowerCase(),
        );
      }
    }
  });

  it("x-tagGroups cover every tag, each once, in the spec's order, and only declared tags", () => {
    const b = json();
    const grouped = b["x-tagGroups"].flatMap((g) => g.tags);
    expect(grouped).toEqual(b.tags.map((t) => t.name));
    for (const op of operations(b))
      for (const tag of op.tags ?? []) expect(grouped, `${op.operationId}'s tag ${tag}`).toContain(tag);
  });

  it("is a valid OpenAPI document (redocly lint, the repository's rules)", () => {
    for (const file of Object.values(FILES)) {
      const lint = spawnSync(
        join(ROOT, "node_modules", ".bin", "redocly"),
        ["lint", "--config", join(ROOT, "redocly.yaml"), join(PACKAGE, file)],
        { encoding: "utf8" },
      );
      expect(lint.status, `${file}:\n${lint.stdout}${lint.stderr}`).toBe(0);
    }
  }, 60_000);

  it("is reachable through the package's exports and is in the published files", () => {
    const require = createRequire(join(PACKAGE, "package.json"));
    for (const file of Object.values(FILES))
      expect(require.resolve(`@cec-cobrowse/spec/${file}`)).toBe(join(PACKAGE, file));
    // npm's own list of what it would publish (npm_* variables of a pnpm run dropped: npm reads them as its config).
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_)/i.test(k)));
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: PACKAGE,
        encoding: "utf8",
        env,
        stdio: ["ignore", "pipe", "pipe"],
      }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const paths = packed!.files.map((f) => f.path);
    for (const file of Object.values(FILES)) expect(paths).toContain(file);
  }, 60_000);
});
