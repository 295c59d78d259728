// The suite's module structure (issue 21): no import cycle in src, type-only imports included,
// and no check importing another check's module — a check module is imported by its registry
// alone, the helpers the checks share live in checks/support/ and the suite's own modules. The
// rules are .dependency-cruiser.cjs's (`pnpm lint:structure` runs them too); a planted tree
// proves that each finds what it forbids, and a plain text scan says the same as `git grep`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type IConfiguration, type IViolation } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";
import { packageDir } from "./support/servers.js";

const config = createRequire(import.meta.url)(join(packageDir, ".dependency-cruiser.cjs")) as IConfiguration;

/** The rules broken in the tree under `baseDir`, one line each (`rule: from → to`), and the modules cruised. */
async function violations(baseDir: string): Promise<{
  lines: string[];
  modules: Array<{
    source: string;
    dependencies: Array<{ module: string; resolved: string; couldNotResolve: boolean }>;
  }>;
}> {
  const { output } = await cruise(["src"], {
    ...config.options,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
    baseDir,
  });
  if (typeof output === "string") throw new Error("dependency-cruiser gave text, not its result");
  // a cycle is reported once, from one of its modules, with its whole path
  const lines = output.summary.violations.map(
    (v: IViolation) => `${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(" → ") : v.to}`,
  );
  return { lines: [...new Set(lines)].sort(), modules: output.modules };
}

describe("src's import graph (dependency-cruiser)", () => {
  it("has no cycle and no check imported but by its registry", async () => {
    const { lines, modules } = await violations(packageDir);
    expect(lines).toEqual([]);
    // the graph is real: every module of src cruised, every relative import resolved to a file
    const sources = readdirSync(join(packageDir, "src"), { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".ts"),
    );
    expect(modules.filter((m) => m.source.startsWith("src/")).length).toBe(sources.length);
    const unresolved = modules.flatMap((m) =>
      m.dependencies
        .filter((d) => d.module.startsWith(".") && d.couldNotResolve)
        .map((d) => `${m.source} → ${d.module}`),
    );
    expect(unresolved).toEqual([]);
  });

  describe("each rule finds what it forbids, in a planted tree", () => {
    const root = mkdtempSync(join(tmpdir(), "ct-structure-"));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const files: Record<string, string> = {
      // a cycle through type-only imports
      "src/a.ts": 'import type { B } from "./b.js";\nexport type A = { b?: B };\n',
      "src/b.ts": 'import type { A } from "./a.js";\nexport type B = { a?: A };\n',
      // the suite's checks: one imports another (forbidden), its type and a helper (allowed)
      "src/checks/check.ts": "export type CheckDefinition = { id: string };\n",
      "src/checks/support/helper.ts": "export const helper = 1;\n",
      "src/checks/one.ts": `import type { CheckDefinition } from "./check.js";\nimport { helper } from "./support/helper.js";\nimport { two } from "./two.js";\nexport const one: CheckDefinition = { id: \`one\${helper}\${two.id}\` };\n`,
      "src/checks/two.ts":
        'import type { CheckDefinition } from "./check.js";\nexport const two: CheckDefinition = { id: "two" };\n',
      "src/checks/index.ts":
        'import { one } from "./one.js";\nimport { two } from "./two.js";\nexport const all = [one, two];\n',
      // a module that is no registry reaching into a check for a helper (forbidden)
      "src/replay.ts": 'import { two } from "./checks/two.js";\nexport const replay = two;\n',
      // the traffic's checks: one imports a suite check (forbidden); the judge imports it (allowed)
      "src/traffic/seen-checks.ts": 'import { two } from "../checks/two.js";\nexport const seen = [two];\n',
      "src/traffic/judge.ts": 'import { seen } from "./seen-checks.js";\nexport const judge = seen;\n',
      "src/proxy.ts": 'import { seen } from "./traffic/seen-checks.js";\nexport const proxy = seen;\n',
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }

    it("reports exactly the planted breaks", async () => {
      const { lines } = await violations(root);
      expect(lines).toEqual([
        "no-cycle: src/a.ts → src/b.ts → src/a.ts",
        "suite-check-outside-registry: src/checks/one.ts → src/checks/two.ts",
        "suite-check-outside-registry: src/replay.ts → src/checks/two.ts",
        "suite-check-outside-registry: src/traffic/seen-checks.ts → src/checks/two.ts",
        "traffic-check-outside-registry: src/proxy.ts → src/traffic/seen-checks.ts",
      ]);
    });
  });
});

describe("as `git grep` shows it", () => {
  const src = join(packageDir, "src");
  const imports = (file: string) =>
    [...readFileSync(join(src, file), "utf8").matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms)].map(
      (m) => m[1]!,
    );
  const all = readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.split("\\").join("/"));
  const suiteChecks = all.filter((f) => /^checks\/[^/]+\.ts$/.test(f) && !/^checks\/(index|check)\.ts$/.test(f));
  const trafficChecks = all.filter((f) => /^traffic\/[^/]+-checks\.ts$/.test(f));

  it("no module under src/checks/ imports another check module: a check imports ./check.js and ./support/ only from its own folder", () => {
    expect(suiteChecks.length).toBeGreaterThan(5);
    const found = suiteChecks.flatMap((f) =>
      imports(f)
        .filter((m) => m.startsWith("./") && m !== "./check.js" && !m.startsWith("./support/"))
        .map((m) => `${f}: ${m}`),
    );
    expect(found).toEqual([]);
    // nor a helper in checks/support/ (a check's type aside)
    const fromSupport = all
      .filter((f) => f.startsWith("checks/support/"))
      .flatMap((f) =>
        imports(f)
          .filter((m) => /^\.\.\/[^./]/.test(m) && m !== "../check.js")
          .map((m) => `${f}: ${m}`),
      );
    expect(fromSupport).toEqual([]);
  });

  it("the check modules are the ones the registries import, and no other module imports one", () => {
    const registered = (registry: string) =>
      imports(registry)
        .filter((m) => m.startsWith("./") && !m.startsWith("./support/"))
        .map((m) => join(dirname(registry), m).replace(/\.js$/, ".ts"));
    expect(
      registered("checks/index.ts")
        .filter((f) => f !== "checks/check.ts")
        .sort(),
    ).toEqual([...suiteChecks].sort());
    expect(
      registered("traffic/judge.ts")
        .filter((f) => trafficChecks.includes(f))
        .sort(),
    ).toEqual([...trafficChecks].sort());
    const checkModules = new Set([...suiteChecks, ...trafficChecks].map((f) => f.replace(/\.ts$/, "")));
    const found = all
      .filter((f) => f !== "checks/index.ts" && f !== "traffic/judge.ts")
      .flatMap((f) =>
        imports(f)
          .filter((m) => m.startsWith(".") && checkModules.has(join(dirname(f), m).replace(/\.js$/, "")))
          .map((m) => `${f}: ${m}`),
      );
    expect(found).toEqual([]);
  });
});
