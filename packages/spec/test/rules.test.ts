import { describe, expect, it } from "vitest";
import {
  document,
  type OpenApiDocument,
  pointer,
  resolvePointer,
  SpecValidator,
  segmentsOf,
  specValidator,
} from "../src/index.js";

const validator = specValidator();
// A copy of the spec, edited freely (hence any).
const copy = (edit: (doc: any) => void): OpenApiDocument => {
  const doc = structuredClone(document);
  edit(doc);
  return doc;
};

describe("x-cobrowse-rules", () => {
  it("reads the error-code factor and every check with its status and place", () => {
    expect(validator.rules.errorCode).toEqual({ statusFactor: 100, at: "#/x-cobrowse-rules/errorCode/statusFactor" });
    expect(validator.errorCode(404)).toBe(40400);
    const bodySize = validator.rules.checks.get("bodySize")!;
    expect(bodySize).toMatchObject({
      id: "bodySize",
      status: 413,
      maxBytes: 1048576,
      security: false,
      at: "#/x-cobrowse-rules/checks/bodySize",
    });
    expect(validator.rules.checks.get("contentEncoding")!.accept).toEqual(["identity"]);
    for (const check of validator.rules.checks.values())
      expect(resolvePointer(document, check.at)).toMatchObject({ status: check.status });
  });

  it("gives each operation its check order, each security failure at the first security check with its status", () => {
    const order = (id: string) => validator.operation(id).checkOrder.map((c) => c.id);
    expect(order("getConnectionInfo")).toEqual([
      "method",
      "bodySize",
      "contentType",
      "contentEncoding",
      "authentication",
      "validation",
      "tenant",
    ]);
    expect(order("tokenByAkSk")).toEqual([
      "method",
      "bodySize",
      "contentType",
      "contentEncoding",
      "validation",
      "credentials",
    ]);
    const placed = (id: string) =>
      validator.check("getConnectionInfo", id).securityChecks.map((s) => `${s.header.header} ${s.kind}`);
    expect(placed("authentication")).toEqual([
      "Authorization missing",
      "Authorization malformed",
      "Authorization unknown",
      "x-app-key missing",
      "x-app-key malformed",
      "x-app-key unknown",
    ]);
    expect(placed("validation")).toEqual(["X-TenantSpaceID missing", "X-TenantSpaceID malformed"]);
    expect(placed("tenant")).toEqual(["X-TenantSpaceID unknown"]);
    const [first] = validator.check("getConnectionInfo", "tenant").securityChecks;
    expect(first!.at).toBe("#/components/securitySchemes/tenantSpaceId/x-cobrowse-failures/unknown");
    expect(resolvePointer(document, first!.at)).toBe(404);
  });

  it("follows a spec edit: another status moves the failure to the check that answers it", () => {
    const edited = new SpecValidator(
      copy((doc) => {
        doc.components.securitySchemes!.tenantSpaceId!["x-cobrowse-failures"]!.malformed = 404;
        doc["x-cobrowse-rules"].checks.bodySize.maxBytes = 4096;
      }),
    );
    expect(edited.check("getConnectionInfo", "tenant").securityChecks.map((s) => s.kind)).toEqual([
      "malformed",
      "unknown",
    ]);
    expect(edited.check("getConnectionInfo", "bodySize").maxBytes).toBe(4096);
  });

  it("refuses broken rules, naming the place", () => {
    expect(() => new SpecValidator(copy((doc) => delete doc["x-cobrowse-rules"]))).toThrow(
      /#\/x-cobrowse-rules: must be object/,
    );
    expect(
      () => new SpecValidator(copy((doc) => (doc["x-cobrowse-rules"].checks.bodySize.maxBytes = "1 MiB"))),
    ).toThrow(/#\/x-cobrowse-rules\/checks\/bodySize\/maxBytes: must be integer/);
    expect(
      () => new SpecValidator(copy((doc) => delete doc["x-cobrowse-rules"].checks.contentEncoding.accept)),
    ).toThrow(/#\/x-cobrowse-rules\/checks\/contentEncoding: must have required property 'accept'/);
    expect(
      () =>
        new SpecValidator(
          copy(
            (doc) =>
              (doc.paths["/apigovernance/api/oauth/tokenByAkSk"]!.post!["x-cobrowse-check-order"] = [
                "method",
                "sizeCheck",
              ]),
          ),
        ),
    ).toThrow(/x-cobrowse-check-order: "sizeCheck" is not a check of x-cobrowse-rules.checks/);
    expect(
      () =>
        new SpecValidator(
          copy((doc) => delete doc.paths["/apigovernance/api/oauth/tokenByAkSk"]!.post!["x-cobrowse-check-order"]),
        ),
    ).toThrow(/tokenByAkSk\/post\/x-cobrowse-check-order: is missing/);
    expect(
      () =>
        new SpecValidator(
          copy((doc) => (doc.components.securitySchemes!.appKey!["x-cobrowse-failures"]!.unknown = 403)),
        ),
    ).toThrow(
      /appKey's x-cobrowse-failures.unknown is 403, but no check of its x-cobrowse-check-order with security: true answers 403/,
    );
  });
});

describe("x-cobrowse-token", () => {
  it("names the token operation, its answer's fields and the lifetime header with its range and default", () => {
    const source = validator.tokenSource();
    expect(source.operation.operationId).toBe("tokenByAkSk");
    expect(source.fields).toEqual({
      token: "AccessToken",
      createTime: "CreateTime",
      lifetime: "Expires",
      appKey: "AppKey",
    });
    expect(source.lifetimeHeader.name).toBe("X-Token-Expire");
    expect(source.credentials).toEqual({ appKey: "app_key", appSecret: "app_secret" });
    expect(source.lifetime).toEqual({ minimum: 1, maximum: 86400, default: 600 });
  });

  it("follows a spec edit of the lifetime range", () => {
    const edited = new SpecValidator(
      copy((doc) => Object.assign(doc.components.parameters!.TokenExpire!.schema!, { maximum: 3600, default: 300 })),
    );
    expect(edited.tokenSource().lifetime).toEqual({ minimum: 1, maximum: 3600, default: 300 });
  });

  it("refuses a field or header the operation does not have", () => {
    const edit = (key: string, value: string) => () =>
      new SpecValidator(
        copy((doc) => (doc.components.securitySchemes!.bearerAuth!["x-cobrowse-token"]![key as "token"] = value)),
      );
    expect(edit("token", "Token")).toThrow(
      /x-cobrowse-token\/token: Token is not a property of tokenByAkSk's 200 body/,
    );
    expect(edit("lifetimeHeader", "X-Lifetime")).toThrow(/X-Lifetime is not a header parameter of tokenByAkSk/);
    expect(edit("operationId", "getToken")).toThrow(/getToken is not an operation/);
  });
});

describe("resolved operations", () => {
  const op = validator.operation("getConnectionInfo");

  it("carry their pointers, media types and examples", () => {
    expect(op.at).toBe(pointer("paths", "/apiaccess/api/cobrowse/getConnectionInfo", "post"));
    expect(op.bodySchemaAt).toBe("#/components/schemas/GetConnectionInfoRequest");
    expect(op.requestMediaTypes).toEqual(["application/json"]);
    expect(op.requestExamples.map((e) => e.name)).toEqual(["agent", "customer", "vendor"]);
    for (const example of op.requestExamples) expect(resolvePointer(document, example.at)).toEqual(example.value);
    expect(op.responses.get("401")!.at).toBe("#/components/responses/Unauthorized");
    expect(op.responses.get("429")!.headers.map((h) => h.name)).toEqual(["X-Request-Id", "Retry-After"]);
  });

  it("find the documented response of a status, exactly or by range", () => {
    expect(validator.documentedResponse("getConnectionInfo", 503)?.status).toBe("503");
    expect(validator.documentedResponse("getConnectionInfo", 418)).toBeUndefined();
    const ranged = new SpecValidator(
      copy((doc) => {
        const responses = doc.paths["/apiaccess/api/cobrowse/getConnectionInfo"]!.post!.responses;
        responses["4XX"] = responses["400"]!;
      }),
    );
    expect(ranged.documentedResponse("getConnectionInfo", 418)?.status).toBe("4XX");
  });
});

describe("validateResponseHeaders", () => {
  it("checks each documented header sent against its schema, by name case-insensitively", () => {
    expect(
      validator.validateResponseHeaders("getConnectionInfo", 429, { "retry-after": "1", "x-request-id": "abc" }),
    ).toEqual([]);
    expect(validator.validateResponseHeaders("getConnectionInfo", 429, { "Retry-After": "-1" })).toEqual([
      { in: "header", name: "Retry-After", message: "must be >= 0" },
    ]);
    expect(validator.validateResponseHeaders("getConnectionInfo", 429, { "retry-after": "soon" })).toEqual([
      { in: "header", name: "Retry-After", message: "must be of type integer" },
    ]);
    expect(validator.validateResponseHeaders("getConnectionInfo", 200, { "x-request-id": "x".repeat(129) })).toEqual([
      { in: "header", name: "X-Request-Id", message: "must NOT have more than 128 characters" },
    ]);
  });

  it("reports a required header that is missing, and checks nothing for an undocumented status", () => {
    const required = new SpecValidator(
      copy((doc) => ((doc.components.headers!.RequestId as { required?: boolean }).required = true)),
    );
    expect(required.validateResponseHeaders("tokenByAkSk", 200, {})).toEqual([
      { in: "header", name: "X-Request-Id", message: "is required" },
    ]);
    expect(validator.validateResponseHeaders("tokenByAkSk", 418, { "retry-after": "x" })).toEqual([]);
  });
});

describe("loadSpec", () => {
  it("reads an edited copy from a file, and names the file when it cannot", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { stringify } = await import("yaml");
    const { loadSpec } = await import("../src/file.js");
    const dir = await mkdtemp(join(tmpdir(), "spec-"));
    const file = join(dir, "openapi.yaml");
    await writeFile(file, stringify(copy((doc) => (doc["x-cobrowse-rules"].errorCode.statusFactor = 1))));
    expect((await loadSpec(file)).errorCode(404)).toBe(404);
    await writeFile(file, "openapi: 3.1.0\n");
    await expect(loadSpec(file)).rejects.toThrow(new RegExp(`${file}: .*x-cobrowse-rules`));
    await expect(loadSpec(join(dir, "none.yaml"))).rejects.toThrow(/none.yaml: cannot read the spec/);
  });
});

describe("x-cobrowse-room, x-cobrowse-outcome and errorReason", () => {
  it("read from the operation, its 200 response and the root rules", () => {
    const op = validator.operation("getConnectionInfo");
    expect(op.room).toEqual({
      roomId: "roomId",
      createdFormat: "uuid",
      role: "role",
      perRole: ["connectParam"],
      webSocketUrls: ["wssUrl", "wssUrlOut"],
      at: `${op.at}/x-cobrowse-room`,
    });
    expect(op.responses.get("200")!.outcome).toMatchObject({
      success: "success",
      data: "data",
      nullOnSuccess: ["errorCode", "errorReason"],
    });
    expect(validator.operation("tokenByAkSk").room).toBeUndefined();
    expect(validator.rules.errorReason).toEqual({ namesField: true, at: "#/x-cobrowse-rules/errorReason/namesField" });
    expect(validator.tokenSource().fields.appKey).toBe("AppKey");
  });

  it("refuse fields the schemas do not have, naming the place", () => {
    const path = "/apiaccess/api/cobrowse/getConnectionInfo";
    expect(() => new SpecValidator(copy((doc) => (doc.paths[path].post["x-cobrowse-room"].roomId = "room")))).toThrow(
      /x-cobrowse-room: room is not a property of getConnectionInfo's request body/,
    );
    expect(
      () => new SpecValidator(copy((doc) => doc.paths[path].post["x-cobrowse-room"].perRole.push("signature"))),
    ).toThrow(/signature is not a property of getConnectionInfo's answer's data/);
    expect(
      () =>
        new SpecValidator(copy((doc) => (doc.paths[path].post.responses["200"]["x-cobrowse-outcome"].success = "ok"))),
    ).toThrow(/responses\/200\/x-cobrowse-outcome: ok is not a property of getConnectionInfo's 200 body/);
    expect(
      () => new SpecValidator(copy((doc) => (doc.paths[path].post["x-cobrowse-room"].perRole = "connectParam"))),
    ).toThrow(/x-cobrowse-room\/perRole: must be array/);
  });
});

describe("x-cobrowse-rules.websocket", () => {
  it("reads the room's WebSocket protocol", () => {
    expect(validator.rules.websocket).toMatchObject({
      path: "/ws/cobrowse/",
      connectParam: "connectParam",
      role: "role",
      maxMessageBytes: 1048576,
      refusals: {
        missing: 401,
        forged: 401,
        expired: 401,
        otherRoom: 403,
        notFound: 404,
        unavailable: 503,
        handshake: 400,
        method: 405,
        roomFull: 409,
        capacity: 503,
      },
      close: { messageTooLarge: 1009, peerTooSlow: 1013, goingAway: 1001, messagesLost: 1012 },
      at: "#/x-cobrowse-rules/websocket",
    });
  });

  it("refuses a close code outside 1000–4999 or a path without its slashes, naming the place", () => {
    expect(() => new SpecValidator(copy((doc) => (doc["x-cobrowse-rules"].websocket.close.peerTooSlow = 13)))).toThrow(
      /x-cobrowse-rules\/websocket\/close\/peerTooSlow: must be >= 1000/,
    );
    expect(() => new SpecValidator(copy((doc) => (doc["x-cobrowse-rules"].websocket.path = "ws")))).toThrow(
      /x-cobrowse-rules\/websocket\/path: must match pattern/,
    );
  });
});

describe("x-cobrowse-rules.requestId", () => {
  it("names the response header carrying the request id", () => {
    expect(validator.rules.requestId).toEqual({ header: "X-Request-Id", at: "#/x-cobrowse-rules/requestId" });
  });

  it("is optional, must be a header name, and must be declared by every answer, naming the one that does not", () => {
    expect(new SpecValidator(copy((doc) => delete doc["x-cobrowse-rules"].requestId)).rules.requestId).toBeUndefined();
    expect(() => new SpecValidator(copy((doc) => (doc["x-cobrowse-rules"].requestId.header = "X Request Id")))).toThrow(
      /#\/x-cobrowse-rules\/requestId\/header: must match pattern/,
    );
    expect(
      () => new SpecValidator(copy((doc) => delete doc.components.responses.NotFound.headers["X-Request-Id"])),
    ).toThrow(
      "the spec's #/components/responses/NotFound/headers: does not declare X-Request-Id, which x-cobrowse-rules.requestId says every answer carries",
    );
    // Header names are case-insensitive.
    expect(
      new SpecValidator(copy((doc) => (doc["x-cobrowse-rules"].requestId.header = "x-request-id"))).rules.requestId
        ?.header,
    ).toBe("x-request-id");
  });
});

describe("x-cobrowse-client-headers", () => {
  it("reads the SDK's identification and attempt headers", () => {
    expect(validator.rules.clientHeaders).toEqual({
      userAgent: { header: "User-Agent", productPrefix: "cec-cobrowse-" },
      attempt: { header: "X-Cobrowse-Attempt" },
      at: "#/x-cobrowse-client-headers",
    });
  });

  it("is optional, and refuses a product prefix that is no token or a missing header, naming the place", () => {
    expect(
      new SpecValidator(copy((doc) => delete doc["x-cobrowse-client-headers"])).rules.clientHeaders,
    ).toBeUndefined();
    expect(
      () =>
        new SpecValidator(copy((doc) => (doc["x-cobrowse-client-headers"].userAgent.productPrefix = "cec cobrowse"))),
    ).toThrow(/x-cobrowse-client-headers\/userAgent\/productPrefix: must match pattern/);
    expect(() => new SpecValidator(copy((doc) => delete doc["x-cobrowse-client-headers"].attempt.header))).toThrow(
      /x-cobrowse-client-headers\/attempt: must have required property 'header'/,
    );
  });
});

describe("JSON pointers", () => {
  it("segmentsOf undoes pointer: escapes, fragments and the root", () => {
    const segments = ["paths", "/apiaccess/api/x~y", "post", 0];
    expect(segmentsOf(pointer(...segments))).toEqual(segments.map(String));
    expect(segmentsOf("urn:spec#/components/schemas/Role")).toEqual(["components", "schemas", "Role"]);
    expect(segmentsOf("/a~01/b")).toEqual(["a~1", "b"]);
    expect(segmentsOf("#")).toEqual([]);
    expect(segmentsOf("#/")).toEqual([]);
  });
});
