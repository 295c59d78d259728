import { describe, expect, it } from "vitest";
import {
  document,
  type ExampleObject,
  formatIssues,
  type Reference,
  resolvePointer,
  specValidator,
} from "../src/index.js";

const validator = specValidator();

/** Every example the spec attaches to a request or response body, with its schema's owner. */
function bodyExamples() {
  const found: Array<{ where: string; operationId: string; status?: number; value: unknown }> = [];
  for (const op of validator.operations.values()) {
    const body = op.raw.requestBody;
    const content = body && !("$ref" in body) ? body.content["application/json"] : undefined;
    for (const [name, ex] of Object.entries(content?.examples ?? {})) {
      const value = ("$ref" in ex ? resolvePointer<ExampleObject>(document, (ex as Reference).$ref) : ex).value;
      found.push({ where: `${op.operationId} request example ${name}`, operationId: op.operationId, value });
    }
    for (const [status, response] of Object.entries(op.raw.responses)) {
      const resolved =
        "$ref" in response
          ? resolvePointer<typeof response & object>(document, (response as Reference).$ref)
          : response;
      const media = "content" in resolved ? resolved.content?.["application/json"] : undefined;
      for (const [name, ex] of Object.entries(media?.examples ?? {})) {
        const value = ("$ref" in ex ? resolvePointer<ExampleObject>(document, (ex as Reference).$ref) : ex).value;
        found.push({
          where: `${op.operationId} ${status} example ${name}`,
          operationId: op.operationId,
          status: Number(status),
          value,
        });
      }
    }
  }
  return found;
}

describe("the spec's examples", () => {
  const examples = bodyExamples();

  it("cover a request and every documented status of both operations", () => {
    for (const op of validator.operations.values()) {
      expect(
        examples.some((e) => e.operationId === op.operationId && e.status === undefined),
        op.operationId,
      ).toBe(true);
      for (const status of op.responses.keys()) {
        expect(
          examples.some((e) => e.operationId === op.operationId && e.status === Number(status)),
          `${op.operationId} ${status}`,
        ).toBe(true);
      }
    }
  });

  it.each(bodyExamples().map((e) => [e.where, e] as const))("%s validates against its schema", (_where, example) => {
    const issues =
      example.status === undefined
        ? validator.validateRequestBody(example.operationId, example.value)
        : validator.validateResponse(example.operationId, example.status, example.value);
    expect(formatIssues(issues)).toBe("");
  });

  it("schema-level examples validate too", () => {
    for (const [name, schema] of Object.entries(document.components.schemas ?? {})) {
      for (const [prop, sub] of Object.entries(
        (schema.properties ?? {}) as Record<string, { example?: unknown; $ref?: string }>,
      )) {
        if (sub.example === undefined || sub.$ref) continue;
        const value = { ...exampleOf(name), [prop]: sub.example };
        expect(formatIssues(validator.validateSchema(name, value)), `${name}.${prop}`).toBe("");
      }
    }
  });
});

describe("the vendor's examples", () => {
  const examples = document.components.examples ?? {};
  const request = examples.VendorGetConnectionInfoRequest!;
  const answer = examples.VendorGetConnectionInfoResponse!;

  it("are the vendor's example request and answer, as its page shows them, marked vendor", () => {
    expect(request.value).toEqual({ roomId: "10***04", workNo: "667", role: "replayer" });
    expect(answer.value).toEqual({
      success: true,
      data: {
        roomId: "10***04",
        wssUrl: "wss://IP:PORT/ws/cobrowse/1",
        wssUrlOut: "wss://IP:PORT/ws/cobrowse/1",
        connectParam: "****",
      },
      errorCode: null,
      errorReason: null,
    });
    for (const name of ["VendorGetConnectionInfoRequest", "VendorGetConnectionInfoResponse"]) {
      expect(validator.provenanceOf(`#/components/examples/${name}/value`)?.provenance, name).toBe("vendor");
    }
  });

  it("validate: the request body, the answer, and the example headers", () => {
    expect(formatIssues(validator.validateRequestBody("getConnectionInfo", request.value))).toBe("");
    expect(formatIssues(validator.validateResponse("getConnectionInfo", 200, answer.value))).toBe("");
    const headers = request["x-cobrowse-headers"]!;
    expect(Object.keys(headers).sort()).toEqual(
      validator
        .operation("getConnectionInfo")
        .securityHeaders.map((h) => h.header)
        .sort(),
    );
    for (const [name, value] of Object.entries(headers))
      expect(formatIssues(validator.validateSecurityHeader("getConnectionInfo", name, value)), name).toBe("");
  });
});

/** A valid instance of a schema, built from the spec's own examples. */
function exampleOf(schema: string): Record<string, unknown> {
  const byName: Record<string, string> = {
    TokenRequest: "TokenRequest",
    TokenResponse: "TokenResponse",
    GetConnectionInfoRequest: "GetConnectionInfoRequestAgent",
    GetConnectionInfoResponse: "GetConnectionInfoResponseAgent",
    ErrorResponse: "BadRequest",
  };
  const key = byName[schema];
  if (key) return structuredClone(document.components.examples?.[key]?.value) as Record<string, unknown>;
  if (schema === "ConnectionInfo") return {};
  if (schema === "ErrorDetail") return { in: "body", name: "/role", message: "x" };
  return {};
}

describe("the validator", () => {
  it("names a missing required field", () => {
    expect(validator.validateRequestBody("getConnectionInfo", { roomId: "r1" })).toEqual([
      { in: "body", name: "/role", message: "is required" },
    ]);
  });

  it("names a value outside the role enum with the allowed values", () => {
    expect(validator.validateRequestBody("getConnectionInfo", { role: "viewer" })).toEqual([
      { in: "body", name: "/role", message: 'must be one of "recorder", "replayer"' },
    ]);
  });

  it("names fields of the wrong type and unknown fields", () => {
    const issues = validator.validateRequestBody("tokenByAkSk", { app_key: 1, app_secret: "s", extra: true });
    expect(issues).toContainEqual({ in: "body", name: "/app_key", message: "must be of type string" });
    expect(issues).toContainEqual({ in: "body", name: "/extra", message: "is not a known field; remove it" });
  });

  it("enforces the limits the spec sets", () => {
    expect(
      validator.validateRequestBody("getConnectionInfo", { role: "recorder", roomId: "x".repeat(129) }),
    ).not.toEqual([]);
    expect(
      validator.validateRequestBody("getConnectionInfo", { role: "recorder", roomId: "has\u0007bell" }),
    ).not.toEqual([]);
    expect(validator.validateRequestBody("getConnectionInfo", { role: "recorder", roomId: "line\nbreak" })).not.toEqual(
      [],
    );
    expect(validator.validateRequestBody("getConnectionInfo", { role: "recorder", roomId: "x".repeat(128) })).toEqual(
      [],
    );
  });

  it("accepts every room id a session id may be: the vendor's 10***04, spaces, /, #, %, any script", () => {
    for (const roomId of ["10***04", "has space", "a/b#c%d", "Сессия-42 ü", "会话*1", "😀"]) {
      expect(validator.validateRequestBody("getConnectionInfo", { role: "recorder", roomId }), roomId).toEqual([]);
    }
  });

  it("checks header parameters from their raw string values", () => {
    expect(validator.validateRequestHeaders("tokenByAkSk", { "x-token-expire": "1" })).toEqual([]);
    expect(validator.validateRequestHeaders("tokenByAkSk", { "X-Token-Expire": "86400" })).toEqual([]);
    for (const bad of ["0", "86401", "ten", "1.5", ""]) {
      const issues = validator.validateRequestHeaders("tokenByAkSk", { "X-Token-Expire": bad });
      expect(
        issues.map((i) => i.name),
        bad,
      ).toEqual(["X-Token-Expire"]);
    }
  });

  it("derives the security headers of each operation", () => {
    expect(validator.operation("tokenByAkSk").securityHeaders).toEqual([]);
    expect(validator.operation("getConnectionInfo").securityHeaders.map((h) => [h.header, h.kind])).toEqual([
      ["Authorization", "bearer"],
      ["x-app-key", "apiKey"],
      ["X-TenantSpaceID", "apiKey"],
    ]);
  });

  it("flags undocumented statuses and bodies that break the status's schema", () => {
    expect(formatIssues(validator.validateResponse("getConnectionInfo", 418, {}))).toMatch(/418 is not documented/);
    expect(validator.validateResponse("getConnectionInfo", 200, { success: true, errorCode: null })).toEqual([
      { in: "body", name: "/errorReason", message: "is required" },
    ]);
    expect(
      validator.validateResponse("tokenByAkSk", 200, {
        AccessToken: "t",
        ApplyType: "Bearer",
        CreateTime: 1545650171,
        Expires: "600",
      }),
    ).toEqual([{ in: "body", name: "/CreateTime", message: "must be of type string" }]);
  });

  it("matches paths and methods, with Allow for a wrong method", () => {
    expect(validator.match("POST", "/apiaccess/api/cobrowse/getConnectionInfo")).toMatchObject({
      operation: { operationId: "getConnectionInfo" },
    });
    expect(validator.match("GET", "/apiaccess/api/cobrowse/getConnectionInfo")).toEqual({
      status: 405,
      allow: ["POST"],
    });
    expect(validator.match("POST", "/nope")).toEqual({ status: 404 });
  });
});
