// The prose table must stay in step with the spec: each quoted sentence is still there,
// and each status it gives is documented for the operations it applies to.
import { describe, expect, it } from "vitest";
import { allProseRules, SECURITY_SCHEME_RULES } from "../src/rules.js";
import { resolve, spec } from "../src/spec.js";

const normalise = (s: string) => s.replace(/\s+/g, " ").trim();

describe("the prose rules table", () => {
  it("quotes sentences that are in the spec, where it says", () => {
    for (const rule of allProseRules()) {
      const text = resolve<string>(rule.at);
      expect(typeof text, rule.at).toBe("string");
      expect(normalise(text), rule.at).toContain(normalise(rule.quote));
    }
  });

  it("covers every security scheme the spec's operations use, with documented statuses", () => {
    for (const op of spec().operations.values()) {
      for (const h of op.securityHeaders) {
        const rules = SECURITY_SCHEME_RULES[h.scheme];
        expect(rules, h.scheme).toBeDefined();
        for (const kind of ["missing", "malformed", "unknown"] as const) {
          expect([...op.responses.keys()], `${op.operationId} ${h.scheme} ${kind}`).toContain(String(rules![kind].value));
        }
      }
    }
  });
});
