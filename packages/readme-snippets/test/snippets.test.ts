// Every fenced block of every README and guide: run here against the reference mock, type-checked,
// run by a package's own README test, checked without running (pnpm scripts, JSON), or marked
// illustrative. A block nobody runs fails, named by file:line.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@cec-cobrowse/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Block, blocksOf } from "../src/blocks.js";
import { staleCoverage } from "../src/covered.js";
import { markdownFiles, ROOT } from "../src/files.js";
import { brokenPromises } from "../src/promises.js";
import { type Module, type RunResult, runModule, runShell, typecheck, writeModules } from "../src/runners.js";
import { jsonProblem, SHELL, type Verdict, verdictOf } from "../src/verdict.js";

const where = (b: Block) => `${b.file}:${b.line}`;
const blocks = markdownFiles().flatMap((f) => blocksOf(ROOT, f));
const verdicts = new Map(blocks.map((b) => [b, verdictOf(ROOT, b)] as [Block, Verdict]));
const of = (kind: Verdict["kind"]) => blocks.filter((b) => verdicts.get(b)!.kind === kind);

let mock: MockServer;
const controlToken = randomBytes(24).toString("hex");
let modules: Module[];
let typeErrors: Map<Module, string[]>;

beforeAll(async () => {
  mock = await startMockServer({ host: "127.0.0.1", port: 0, control: true, controlToken });
  modules = writeModules([...of("run"), ...of("typecheck")].filter((b) => !SHELL.has(b.lang)));
  typeErrors = await typecheck(modules);
});
afterAll(async () => {
  await mock?.close();
  const counts: Record<string, number> = Object.fromEntries(
    ["run", "typecheck", "covered", "checked", "output", "illustrative", "nobody"].map((k) => [
      k,
      of(k as Verdict["kind"]).length,
    ]),
  );
  counts["run (shell)"] = of("run").filter((b) => SHELL.has(b.lang)).length;
  console.log(`readme-snippets: ${blocks.length} blocks in ${new Set(blocks.map((b) => b.file)).size} files:`, counts);
});

describe("README and guide blocks", () => {
  it("finds the blocks of every README and guide", () => {
    const files = new Set(blocks.map((b) => b.file));
    for (const f of [
      "README.md",
      "packages/client/README.md",
      "packages/client-python/README.md",
      "packages/docs/guides/getting-started.md",
    ])
      expect(files).toContain(f);
    expect(blocks.length).toBeGreaterThan(150);
  });

  it("every package test named as running blocks still selects them", () => {
    expect(staleCoverage(ROOT)).toEqual([]);
  });

  it("every block is run, type-checked, checked or marked illustrative", () => {
    const unowned = blocks.flatMap((b) => {
      const v = verdicts.get(b)!;
      return v.kind === "nobody" ? [`${where(b)} (\`\`\`${b.lang}): ${v.why}`] : [];
    });
    expect(unowned, `blocks nobody runs:\n${unowned.join("\n")}`).toEqual([]);
  });

  it("every ```json block parses", () => {
    const broken = of("checked")
      .filter((b) => b.lang === "json")
      .flatMap((b) => {
        const p = jsonProblem(b.code);
        return p ? [`${where(b)}: ${p}`] : [];
      });
    expect(broken).toEqual([]);
  });

  it("every ```sample block of a guide names sample files that exist (the docs' samples test runs each)", () => {
    const missing = of("covered")
      .filter((b) => b.lang === "sample")
      .flatMap((b) =>
        b.code
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean)
          .filter((f) => !existsSync(join(ROOT, "packages", "docs", "samples", f)))
          .map((f) => `${where(b)}: ${f}`),
      );
    expect(missing).toEqual([]);
  });

  it("every TypeScript block type-checks (strict) against the built packages", () => {
    const errors = [...typeErrors.values()].flat();
    expect(errors, errors.join("\n")).toEqual([]);
  });

  it("every TypeScript block not marked typecheck, and every shell block marked run, runs against the mock and prints what its comments promise", async () => {
    // The shell's COBROWSE_* and proxies left out: the blocks reach this test's mock and nothing else.
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^COBROWSE_|_proxy$/i.test(k)),
    );
    Object.assign(env, {
      COBROWSE_BASE_URL: mock.url,
      COBROWSE_APP_KEY: mock.credentials.appKey,
      COBROWSE_APP_SECRET: mock.credentials.appSecret,
      COBROWSE_TENANT_SPACE_ID: mock.credentials.tenantSpaceId,
      COBROWSE_MOCK_CONTROL_URL: `${mock.url}/__mock`,
      COBROWSE_MOCK_CONTROL_TOKEN: controlToken,
    });
    const byBlock = new Map(modules.map((m) => [m.block, m]));
    const runnable = of("run");
    const failures: string[] = [];
    // Two at a time: the machine's two cores.
    const queue = [...runnable];
    await Promise.all(
      [0, 1].map(async () => {
        for (let b = queue.shift(); b; b = queue.shift()) {
          const r: RunResult = SHELL.has(b.lang) ? await runShell(b, env) : await runModule(byBlock.get(b)!, env);
          if (r.code !== 0) failures.push(`${where(b)}: exit ${r.code}\n${r.out}`);
          else if (r.out.includes(mock.credentials.appSecret)) failures.push(`${where(b)}: printed the app secret`);
          else
            for (const p of brokenPromises(b.code, r.out))
              failures.push(`${b.file}:${b.line + p.line}: promises ${p.promise}; it printed:\n${r.out}`);
        }
      }),
    );
    expect(failures, failures.join("\n\n")).toEqual([]);
    expect(runnable.length).toBeGreaterThan(0);
  });
});
