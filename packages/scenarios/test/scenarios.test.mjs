// scenarios.json keeps its schema and its own references; the parity table is built from results.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { LANGUAGE_IDS } from "../judge.mjs";
import { LANGUAGES, table } from "../parity.mjs";

const dir = path.join(import.meta.dirname, "..");
const text = readFileSync(path.join(dir, "scenarios.json"), "utf8");
const file = JSON.parse(text);
const schema = JSON.parse(readFileSync(path.join(dir, "scenarios.schema.json"), "utf8"));

describe("scenarios.json", () => {
  it("is valid against scenarios.schema.json", () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(file), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("has unique ids and titles, and names only results saved by an earlier step", () => {
    const ids = file.scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(file.scenarios.map((s) => s.title)).size).toBe(ids.length);
    for (const s of file.scenarios) {
      const saved = new Set();
      for (const step of s.steps) {
        for (const name of [step.roomIdFrom, step.expect?.ok?.roomIdFrom].filter(Boolean))
          expect(saved.has(name), `${s.id}: ${name} is saved by no earlier step`).toBe(true);
        if (step.save) saved.add(step.save);
      }
    }
  });

  it("covers what every language must show", () => {
    const ids = new Set(file.scenarios.map((s) => s.id));
    for (const id of [
      "cold-start",
      "cached-token",
      "token-expiry",
      "proactive-refresh",
      "single-flight",
      "unauthorized-replayed",
      "unauthorized-twice",
      "retry-after-503",
      "rate-limited-429",
      "connection-reset",
      "timeout-per-attempt",
      "application-error",
      "wrong-secret",
      "bad-role",
      "retry-safe-room",
      "identification",
      "identification-suffix",
      "identification-suffix-refused",
      "hooks",
      "hook-throws",
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
    expect(file.scenarios.find((s) => s.id === "single-flight").steps[0].concurrent).toBe(200);
  });

  it("names the languages as the judge and the parity table do", () => {
    expect(schema.$defs.languages.enum).toEqual(LANGUAGE_IDS);
    expect(LANGUAGES.map((l) => l.id)).toEqual(LANGUAGE_IDS);
  });

  it("gives User-Agent patterns every runner's regular expressions read alike, whose first group is the language", () => {
    for (const s of file.scenarios.filter((s) => s.userAgent)) {
      const { pattern } = s.userAgent;
      // No (?…) construct (named groups, lookaround, flags differ between JavaScript, Python, Go's RE2 and Java), no \p, no backreference.
      expect(pattern, s.id).not.toMatch(/\(\?|\\p|\\[1-9]/);
      const suffix = s.client?.userAgentSuffix ? ` ${s.client.userAgentSuffix}` : "";
      for (const language of LANGUAGE_IDS) {
        const match = new RegExp(pattern).exec(`cec-cobrowse-${language}/0.2.0-rc.1 Runtime/1.2.3 Linux${suffix}`);
        expect(match?.[1], `${s.id}: ${language}`).toBe(language);
      }
      expect(new RegExp(pattern).test(`python-httpx/0.28.1${suffix}`), s.id).toBe(false);
    }
  });

  it("expects hook calls only where the runner installs hooks, throwing only in calls it expects", () => {
    for (const s of file.scenarios) {
      if (s.hookCalls || s.hookHeaders) expect(s.client?.hooks, s.id).toBeDefined();
      for (const t of s.client?.hooks?.throw ?? []) {
        expect(
          s.hookCalls.some((c) => c.hook === t.hook && c.operationId === t.operationId && c.attempt === t.attempt),
          `${s.id}: ${JSON.stringify(t)}`,
        ).toBe(true);
      }
    }
  });

  // The house formatting: a scenario's keys one a line, each value on that line, but its steps,
  // hook calls and throwing hooks one a line each.
  it("keeps the house formatting", () => {
    const inline = (v) =>
      Array.isArray(v)
        ? `[${v.map(inline).join(", ")}]`
        : v && typeof v === "object"
          ? Object.keys(v).length === 0
            ? "{}"
            : `{ ${Object.entries(v)
                .map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`)
                .join(", ")} }`
          : JSON.stringify(v);
    const lines = new Set(text.split("\n").map((l) => l.trim().replace(/,$/, "")));
    const has = (line, what) => expect(lines.has(line), `${what}: not on a line of its own as ${line}`).toBe(true);
    for (const s of file.scenarios) {
      for (const [key, value] of Object.entries(s)) {
        if (key === "steps" || key === "hookCalls") {
          for (const item of value) has(inline(item), `${s.id}.${key}`);
          if (value.length === 0) has(`${JSON.stringify(key)}: []`, `${s.id}.${key}`);
        } else if (key === "client" && value.hooks?.throw) {
          for (const item of value.hooks.throw) has(inline(item), `${s.id}.client.hooks.throw`);
        } else has(`${JSON.stringify(key)}: ${inline(value)}`, `${s.id}.${key}`);
      }
    }
    expect(text.endsWith("}\n")).toBe(true);
  });
});

describe("the parity table", () => {
  const scenarios = [
    { id: "a", title: "A | b" },
    { id: "b", title: "B" },
  ];
  it("shows pass, fail and skipped with the reason, and names what is missing", () => {
    const results = Object.fromEntries(
      LANGUAGES.map((l) => [
        l.id,
        { results: { a: { status: "pass" }, b: { status: "skipped", reason: "no | pipes" } } },
      ]),
    );
    delete results.java.results.b;
    results.go.results.a = { status: "fail", reason: "x" };
    const t = table(scenarios, results);
    expect(t.markdown).toContain("| A \\| b (`a`) | pass | pass | fail | pass |");
    expect(t.markdown).toContain(
      "| B (`b`) | skipped: no \\| pipes | skipped: no \\| pipes | skipped: no \\| pipes | not run |",
    );
    expect(t.problems).toEqual(["Java: no result for scenario b"]);
    expect(t.counts).toEqual({ pass: 3, fail: 1, skipped: 3 });
  });

  it("has a row of its own for each invariant a scenario lists, keyed <id>/<invariant>", () => {
    const withInvariants = [{ id: "soak", title: "Soak", invariants: ["noLeak", "attemptBudget"] }];
    const results = Object.fromEntries(
      LANGUAGES.map((l) => [
        l.id,
        {
          results: {
            soak: { status: "pass" },
            "soak/noLeak": { status: "pass" },
            "soak/attemptBudget": { status: "fail", reason: "x" },
          },
        },
      ]),
    );
    const t = table(withInvariants, results);
    expect(t.markdown).toContain("| Soak (`soak`) | pass | pass | pass | pass |");
    expect(t.markdown).toContain(
      "| soak: no token or secret in any error or log line (`soak/noLeak`) | pass | pass | pass | pass |",
    );
    expect(t.markdown).toContain(
      "| soak: every call within the attempt budget (maxRetries + 2) (`soak/attemptBudget`) | fail | fail | fail | fail |",
    );
    expect(t.markdown).toContain("1 scenarios and 2 invariant rows × 4 languages");
    expect(t.problems).toEqual([]);
  });
});
