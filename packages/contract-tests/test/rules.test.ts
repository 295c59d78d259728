// The expectations the suite does not read from a schema stay in step with the spec: each
// quoted prose sentence is still there, and each security scheme's statuses and value schema
// are read from the spec's extensions, the statuses documented for the operations using them.
import { describe, expect, it } from "vitest";
import { nonCanonical } from "../src/checks/auth.js";
import { allProseRules, securitySchemeRules } from "../src/rules.js";
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
});

describe("the security scheme rules, read from the spec's extensions", () => {
  it("cover every security scheme the spec's operations use, with documented statuses", () => {
    for (const op of spec().operations.values()) {
      for (const h of op.securityHeaders) {
        const rules = securitySchemeRules()[h.scheme];
        expect(rules, h.scheme).toBeDefined();
        for (const kind of ["missing", "malformed", "unknown"] as const) {
          expect([...op.responses.keys()], `${op.operationId} ${h.scheme} ${kind}`).toContain(String(rules![kind].value));
        }
      }
    }
  });

  it("point at the x-cobrowse-failures and x-cobrowse-value-schema they were read from", () => {
    for (const [scheme, rules] of Object.entries(securitySchemeRules())) {
      for (const kind of ["missing", "malformed", "unknown"] as const) {
        expect(rules[kind].at).toBe(`#/components/securitySchemes/${scheme}/x-cobrowse-failures/${kind}`);
        expect(resolve(rules[kind].at), rules[kind].at).toBe(rules[kind].value);
      }
      expect(rules.schema?.at).toBe(`#/components/securitySchemes/${scheme}/x-cobrowse-value-schema`);
    }
  });

  it("give what the spec's prose says: 401s for Authorization and x-app-key, 400/400/404 for X-TenantSpaceID", () => {
    const statuses = Object.fromEntries(
      Object.entries(securitySchemeRules()).map(([name, r]) => [name, [r.missing.value, r.malformed.value, r.unknown.value]]),
    );
    expect(statuses).toEqual({ bearerAuth: [401, 401, 401], appKey: [401, 401, 401], tenantSpaceId: [400, 400, 404] });
    expect(normalise(resolve<string>("#/components/securitySchemes/tenantSpaceId/description"))).toContain(
      "Missing or malformed: 400; unknown to the deployment: 404.",
    );
  });
});

describe("nonCanonical", () => {
  it("re-spells a 43-character base64url signature with the same bytes, and leaves other shapes alone", () => {
    const signature = Buffer.alloc(32, 7).toString("base64url");
    const token = `eyJhIjoiYiJ9.${signature}`;
    const respelled = nonCanonical(token)!;
    expect(respelled).not.toBe(token);
    expect(respelled.slice(0, -1)).toBe(token.slice(0, -1));
    expect(Buffer.from(respelled.split(".")[1]!, "base64url").equals(Buffer.from(signature, "base64url"))).toBe(true);
    expect(nonCanonical(`x.${Buffer.alloc(33).toString("base64url")}`)).toBeUndefined(); // 44 characters: no spare bits
    expect(nonCanonical("opaque token!")).toBeUndefined();
  });
});
