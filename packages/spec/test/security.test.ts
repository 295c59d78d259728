import { describe, expect, it } from "vitest";
import {
  document,
  type OpenApiDocument,
  type SecuritySchemeObject,
  SpecValidator,
  specValidator,
} from "../src/index.js";

const validator = specValidator();
const schemes = document.components.securitySchemes ?? {};
const header = (name: string) =>
  validator.operation("getConnectionInfo").securityHeaders.find((h) => h.header === name)!;

describe("security headers from the spec's extensions", () => {
  it("carry the failures each scheme's x-cobrowse-failures states", () => {
    for (const h of validator.operation("getConnectionInfo").securityHeaders) {
      expect(h.failures, h.scheme).toEqual(schemes[h.scheme]!["x-cobrowse-failures"]);
    }
    // what the prose says too: X-TenantSpaceID 400 missing or malformed, 404 unknown; the others 401
    expect(header("X-TenantSpaceID").failures).toEqual({ missing: 400, malformed: 400, unknown: 404 });
    expect(header("Authorization").failures).toEqual({ missing: 401, malformed: 401, unknown: 401 });
    expect(header("x-app-key").failures).toEqual({ missing: 401, malformed: 401, unknown: 401 });
  });

  it("give a bearer scheme's prefix (its auth-scheme, capitalised as RFC 6750 writes it, one space), none for the others", () => {
    expect(header("Authorization")).toMatchObject({ kind: "bearer", prefix: "Bearer " });
    expect(header("x-app-key").prefix).toBeUndefined();
    expect(header("X-TenantSpaceID").prefix).toBeUndefined();
    const upper = new SpecValidator(
      structuredClone({
        ...document,
        components: {
          ...document.components,
          securitySchemes: {
            ...schemes,
            bearerAuth: { ...schemes.bearerAuth!, scheme: "BEARER" } as SecuritySchemeObject,
          },
        },
      }) as OpenApiDocument,
    );
    expect(upper.operation("getConnectionInfo").securityHeaders[0]).toMatchObject({
      kind: "bearer",
      prefix: "Bearer ",
    });
  });

  it("carry each value schema, references rebased like the other schemas", () => {
    expect(header("X-TenantSpaceID").schema).toMatchObject({ type: "string", minLength: 1, maxLength: 64 });
    expect(header("x-app-key").schema).toEqual({
      $ref: "urn:cec-cobrowse:openapi#/components/schemas/TokenRequest/properties/app_key",
    });
    expect(header("Authorization").schema).toEqual({
      $ref: "urn:cec-cobrowse:openapi#/components/schemas/TokenResponse/properties/AccessToken",
    });
  });
});

describe("validateSecurityHeader", () => {
  const check = (name: string, value: string | undefined) =>
    validator.validateSecurityHeader("getConnectionInfo", name, value);

  it("accepts values of the documented shape, matching the header name case-insensitively", () => {
    expect(check("X-TenantSpaceID", "demo-tenant")).toEqual([]);
    expect(check("x-tenantspaceid", "A_b-9".padEnd(64, "z"))).toEqual([]);
    expect(check("x-app-key", "demo-app-key")).toEqual([]);
    expect(check("Authorization", "Bearer eyJhIjoiZGVtbyJ9.c2ln")).toEqual([]);
  });

  it("reports a missing (or empty) header as required, named as the spec spells it", () => {
    for (const value of [undefined, ""]) {
      expect(check("x-tenantspaceid", value)).toEqual([
        { in: "header", name: "X-TenantSpaceID", message: "is required" },
      ]);
      expect(check("authorization", value)).toEqual([{ in: "header", name: "Authorization", message: "is required" }]);
    }
  });

  it("names the rule a malformed tenant space breaks, with the schema's description as the fix", () => {
    const [pattern] = check("X-TenantSpaceID", "tab\there");
    expect(pattern).toEqual({
      in: "header",
      name: "X-TenantSpaceID",
      message:
        'must match pattern "^[^\\x00-\\x1F\\x7F-\\x9F]*$" (expected: 1 to 64 characters, none of them a control character)',
    });
    expect(check("X-TenantSpaceID", "t".repeat(65)).map((i) => i.message)).toEqual([
      "must NOT have more than 64 characters (expected: 1 to 64 characters, none of them a control character)",
    ]);
  });

  it("accepts any tenant space the vendor could send: its example `****`, spaces, dots, slashes, any script", () => {
    for (const value of ["****", "has space", "dot.ted", "bad/tenant", "租户-1"])
      expect(check("X-TenantSpaceID", value), value).toEqual([]);
  });

  it("checks x-app-key against TokenRequest.app_key's limits and the bearer token against AccessToken's", () => {
    expect(check("x-app-key", "k".repeat(128))).toEqual([]);
    expect(check("x-app-key", "k".repeat(129)).map((i) => [i.name, i.message.split(" (")[0]])).toEqual([
      ["x-app-key", "must NOT have more than 128 characters"],
    ]);
    expect(check("Authorization", `Bearer ${"A".repeat(4096)}`)).toEqual([]);
    expect(check("Authorization", `Bearer ${"A".repeat(4097)}`).map((i) => i.message.split(" (")[0])).toEqual([
      "must NOT have more than 4096 characters",
    ]);
    expect(check("Authorization", "Bearer ").map((i) => i.message.split(" (")[0])).toEqual([
      "must NOT have fewer than 1 characters",
    ]);
  });

  it("requires the Bearer prefix on a bearer scheme", () => {
    for (const value of ["eyJhIjoiZGVtbyJ9.c2ln", "Basic eyJh", "bearer eyJh", "Bearer"]) {
      expect(check("Authorization", value), value).toEqual([
        {
          in: "header",
          name: "Authorization",
          message: "must be `Bearer <token>` (the word Bearer, one space, the token)",
        },
      ]);
    }
  });

  it("refuses a header the operation's security does not ask for", () => {
    expect(() => check("X-Token-Expire", "1")).toThrow(
      /X-Token-Expire is not a security header of this operation \(its security headers: Authorization, x-app-key, X-TenantSpaceID\)/,
    );
    expect(() => validator.validateSecurityHeader("tokenByAkSk", "Authorization", "Bearer t")).toThrow(
      /its security headers: none/,
    );
  });
});

/** The spec with its security schemes replaced. */
function withSchemes(
  replace: (s: Record<string, SecuritySchemeObject>) => Record<string, SecuritySchemeObject>,
): OpenApiDocument {
  const copy = structuredClone(document);
  copy.components.securitySchemes = replace(copy.components.securitySchemes ?? {});
  return copy;
}

describe("schemes without the extensions, or with broken ones", () => {
  it("without x-cobrowse-value-schema only presence is checked; without x-cobrowse-failures there are none", () => {
    const bare = new SpecValidator(
      withSchemes((s) =>
        Object.fromEntries(
          Object.entries(s).map(([name, scheme]) => {
            const { "x-cobrowse-value-schema": _schema, "x-cobrowse-failures": _failures, ...rest } = scheme;
            return [name, rest as SecuritySchemeObject];
          }),
        ),
      ),
    );
    const tenant = bare.operation("getConnectionInfo").securityHeaders.find((h) => h.scheme === "tenantSpaceId")!;
    expect(tenant.schema).toBeUndefined();
    expect(tenant.failures).toBeUndefined();
    expect(bare.validateSecurityHeader("getConnectionInfo", "X-TenantSpaceID", "has space / anything")).toEqual([]);
    expect(bare.validateSecurityHeader("getConnectionInfo", "X-TenantSpaceID", undefined)).toEqual([
      { in: "header", name: "X-TenantSpaceID", message: "is required" },
    ]);
    expect(bare.validateSecurityHeader("getConnectionInfo", "Authorization", "Token x")).toHaveLength(1);
  });

  it("a failure status that is not a 4xx is refused, naming the extension", () => {
    const broken = withSchemes((s) => ({
      ...s,
      tenantSpaceId: {
        ...s.tenantSpaceId!,
        "x-cobrowse-failures": { missing: 400, malformed: "400" as never, unknown: 404 },
      },
    }));
    expect(() => new SpecValidator(broken)).toThrow(
      /securitySchemes\.tenantSpaceId\.x-cobrowse-failures\.malformed: must be a 4xx status, got "400"/,
    );
  });

  it("a value schema that is not an object is refused, naming the extension", () => {
    const broken = withSchemes((s) => ({
      ...s,
      appKey: { ...s.appKey!, "x-cobrowse-value-schema": "string" as never },
    }));
    expect(() => new SpecValidator(broken)).toThrow(
      /securitySchemes\.appKey\.x-cobrowse-value-schema: must be a JSON Schema object/,
    );
  });
});
