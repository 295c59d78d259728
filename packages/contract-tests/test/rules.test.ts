// Every expectation of the suite is read from the spec's machine-readable parts, each with the
// pointer it was read from: the pointers resolve to the values, and the values are what the
// spec's prose says too.
import { document, resolvePointer, specValidator } from "@cec-cobrowse/spec";
import { describe, expect, it } from "vitest";
import { allChecks } from "../src/checks/index.js";
import { nonCanonical } from "../src/forge.js";
import { SuiteRules } from "../src/rules.js";

const spec = specValidator();
const rules = SuiteRules.of(spec);
const normalise = (s: string) => s.replace(/\s+/g, " ").trim();

describe("the security scheme rules, read from the spec's extensions", () => {
  it("cover every security scheme the spec's operations use, with documented statuses", () => {
    for (const op of spec.operations.values()) {
      for (const h of op.securityHeaders) {
        const scheme = rules.securitySchemes[h.scheme];
        expect(scheme, h.scheme).toBeDefined();
        for (const kind of ["missing", "malformed", "unknown"] as const) {
          expect([...op.responses.keys()], `${op.operationId} ${h.scheme} ${kind}`).toContain(
            String(scheme![kind].value),
          );
        }
      }
    }
  });

  it("point at the x-cobrowse-failures and x-cobrowse-value-schema they were read from", () => {
    for (const [scheme, r] of Object.entries(rules.securitySchemes)) {
      for (const kind of ["missing", "malformed", "unknown"] as const) {
        expect(r[kind].at).toBe(`#/components/securitySchemes/${scheme}/x-cobrowse-failures/${kind}`);
        expect(resolvePointer(document, r[kind].at), r[kind].at).toBe(r[kind].value);
      }
      expect(r.schema?.at).toBe(`#/components/securitySchemes/${scheme}/x-cobrowse-value-schema`);
    }
  });

  it("give what the spec's prose says: 401s for Authorization and x-app-key, 400/400/404 for X-TenantSpaceID", () => {
    const statuses = Object.fromEntries(
      Object.entries(rules.securitySchemes).map(([name, r]) => [
        name,
        [r.missing.value, r.malformed.value, r.unknown.value],
      ]),
    );
    expect(statuses).toEqual({ bearerAuth: [401, 401, 401], appKey: [401, 401, 401], tenantSpaceId: [400, 400, 404] });
    expect(
      normalise(resolvePointer<string>(document, "#/components/securitySchemes/tenantSpaceId/description")),
    ).toContain("Missing or malformed: 400; unknown to the deployment: 404.");
  });
});

describe("the check order and statuses, read from x-cobrowse-rules and x-cobrowse-check-order", () => {
  it("give each check's status at the pointer it was read from, as the prose says", () => {
    const token = spec.operation("tokenByAkSk");
    const connection = spec.operation("getConnectionInfo");
    const status = (op: typeof token, id: string) => {
      const rule = rules.check(op, id);
      expect(resolvePointer<{ status: number }>(document, rule.at).status).toBe(rule.value);
      return rule.value;
    };
    expect(connection.checkOrder.map((c) => [c.id, status(connection, c.id)])).toEqual([
      ["method", 405],
      ["bodySize", 413],
      ["contentType", 415],
      ["contentEncoding", 415],
      ["authentication", 401],
      ["validation", 400],
      ["tenant", 404],
    ]);
    expect(status(token, "credentials")).toBe(401);
    expect(normalise(String(document.info.description))).toContain(
      "A server checks, in order: the method (405, with `Allow`), the body size (413, bodies over 1 MiB), the content type (415, only `application/json`), the content coding (415, no `Content-Encoding` other than `identity`), authentication (401), the JSON syntax and schema of headers and body (400), and the tenant space (404).",
    );
    expect(rules.check(token, "bodySize").rule.maxBytes).toBe(1024 * 1024);
  });

  it("read the error-code factor, the naming rule, the token's fields and the room's", () => {
    expect(rules.errorCode).toEqual({ value: 100, at: "#/x-cobrowse-rules/errorCode/statusFactor" });
    expect(rules.namesField.value).toBe(true);
    expect(rules.token.fields).toMatchObject({ token: "AccessToken", lifetime: "Expires" });
    expect(rules.connection.roles).toEqual(["recorder", "replayer"]);
    expect(rules.credentialsBody("k", "s")).toEqual({ app_key: "k", app_secret: "s" });
  });

  it("every spec location a check names resolves in the spec", () => {
    for (const check of allChecks()) {
      for (const at of check.specLocations)
        expect(() => resolvePointer(document, at), `${check.id}: ${at}`).not.toThrow();
    }
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
