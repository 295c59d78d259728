// x-cobrowse-provenance (vendor facts apart from this spec's decisions), the responses' OpenAPI
// links and their runtime expressions, and issues located at the schema keyword they break.
import { describe, expect, it } from "vitest";
import {
  document,
  evaluateExpression,
  evaluateLink,
  type OpenApiDocument,
  SpecValidator,
  specValidator,
} from "../src/index.js";

const spec = specValidator();
const GCI = "#/paths/~1apiaccess~1api~1cobrowse~1getConnectionInfo/post";
const TOKEN = "#/paths/~1apigovernance~1api~1oauth~1tokenByAkSk/post";
const kind = (at: string) => spec.provenanceOf(at)?.provenance;

describe("x-cobrowse-provenance", () => {
  it("points only at things the spec has", () => {
    expect(spec.provenance.stated).toBe(true);
    expect(spec.provenance.dangling()).toEqual([]);
  });

  it("marks what the vendor documents as vendor", () => {
    for (const at of [
      `${GCI}/responses/200`,
      `${GCI}/responses/401`,
      `${GCI}/responses/404`,
      `${GCI}/responses/500`,
      `${TOKEN}/responses/200`,
      "#/components/schemas/GetConnectionInfoRequest/required",
      "#/components/schemas/GetConnectionInfoRequest/properties/roomId/type",
      "#/components/schemas/Role/enum",
      "#/components/schemas/TokenResponse/properties/Expires/type",
      "#/components/schemas/GetConnectionInfoResponse/required",
      "#/components/securitySchemes/bearerAuth/x-cobrowse-failures/unknown",
      `${GCI}/x-cobrowse-room/createdFormat`,
      `${GCI}/responses/200/links/replayerJoinsRoom`,
    ])
      expect(kind(at), at).toBe("vendor");
  });

  it("marks this spec's decisions as decisions, a decision about a documented field included", () => {
    for (const at of [
      `${GCI}/responses/400`,
      `${GCI}/responses/413`,
      `${GCI}/responses/415`,
      `${GCI}/responses/429`,
      `${GCI}/responses/503`,
      `${TOKEN}/responses/401`,
      `${GCI}/x-cobrowse-check-order`,
      "#/x-cobrowse-rules/errorCode/statusFactor",
      "#/x-cobrowse-rules/websocket/maxMessageBytes",
      "#/components/schemas/GetConnectionInfoRequest/properties/roomId/maxLength",
      "#/components/schemas/GetConnectionInfoRequest/properties/roomId/pattern",
      "#/components/schemas/GetConnectionInfoRequest/additionalProperties",
      "#/components/schemas/TokenResponse/properties/CreateTime/pattern",
      "#/components/schemas/ErrorResponse/required",
      "#/components/responses/Unauthorized/content",
      "#/components/headers/RequestId",
      "#/components/securitySchemes/tenantSpaceId/x-cobrowse-failures/malformed",
      "#/components/parameters/TokenExpire/schema/maximum",
      `${GCI}/x-cobrowse-room/perRole`,
      "#/paths",
    ])
      expect(kind(at), at).toBe("decision");
  });

  it("gives the entry that decided, and its note", () => {
    expect(spec.provenanceOf("#/components/schemas/Role/enum")).toMatchObject({
      entry: "#/components/schemas/Role",
      note: expect.stringMatching(/recorder/),
    });
    expect(spec.provenanceOf("urn:cec-cobrowse:openapi#/components/schemas/Role/enum")?.entry).toBe(
      "#/components/schemas/Role",
    );
    expect(spec.provenanceOf("#/info")).toBeUndefined();
  });

  it("is refused when malformed, naming the place", () => {
    const edited = (raw: unknown) => {
      const doc = structuredClone(document) as OpenApiDocument;
      doc["x-cobrowse-provenance"] = raw;
      return () => new SpecValidator(doc);
    };
    expect(edited({ vendor: { "paths/x": "y" }, decision: { "#/paths": "z" } })).toThrow(
      /x-cobrowse-provenance\/vendor: "paths\/x" is not a JSON pointer/,
    );
    expect(edited({ vendor: { "#/paths": "a" }, decision: { "#/paths": "b" } })).toThrow(
      /"#\/paths" is listed as both vendor and decision/,
    );
    expect(edited({ vendor: {} })).toThrow(/x-cobrowse-provenance/);
    expect(
      new SpecValidator(
        structuredClone({
          ...document,
          "x-cobrowse-provenance": { vendor: { "#/nothing": "x" }, decision: { "#/paths": "y" } },
        } as OpenApiDocument),
      ).provenance.dangling(),
    ).toEqual(["#/nothing"]);
  });
});

describe("links", () => {
  const ok = spec.operation("getConnectionInfo").responses.get("200")!;

  it("carry the room from one side's answer to the other side's request", () => {
    expect(ok.links).toHaveLength(1);
    const [link] = ok.links;
    expect(link).toMatchObject({
      name: "replayerJoinsRoom",
      operationId: "getConnectionInfo",
      at: `${GCI}/responses/200/links/replayerJoinsRoom`,
    });
    const answer = {
      success: true,
      data: { roomId: "10***04 ü/#%", connectParam: "p" },
      errorCode: null,
      errorReason: null,
    };
    expect(evaluateLink(link!, { response: { body: answer } }).requestBody).toEqual({
      roomId: "10***04 ü/#%",
      role: "replayer",
    });
    expect(
      spec.validateRequestBody("getConnectionInfo", evaluateLink(link!, { response: { body: answer } }).requestBody),
    ).toEqual([]);
  });

  it("evaluate OpenAPI 3.1 runtime expressions, and name one that reads nothing", () => {
    const context = {
      statusCode: 200,
      method: "POST",
      request: { headers: { "X-Trace": "t1" }, body: { a: { "b/c": 5 } } },
      response: { headers: { "x-request-id": "r-1" }, body: { list: [7, 8] } },
    };
    expect(evaluateExpression("$statusCode", context)).toBe(200);
    expect(evaluateExpression("$request.body#/a/b~1c", context)).toBe(5);
    expect(evaluateExpression("$response.body#/list/1", context)).toBe(8);
    expect(evaluateExpression("$response.header.X-Request-Id", context)).toBe("r-1");
    expect(
      evaluateLink(
        {
          requestBody: { note: "trace {$request.header.x-trace} of {$method}" },
          parameters: { "header.X": "$response.body#/list/0" },
        },
        context,
      ),
    ).toEqual({
      requestBody: { note: "trace t1 of POST" },
      parameters: { "header.X": 7 },
    });
    expect(() => evaluateExpression("$response.body#/data/roomId", context)).toThrow(
      /\$response\.body#\/data\/roomId: nothing at \/data\/roomId in the answer/,
    );
    expect(() => evaluateExpression("$nonsense", context)).toThrow(/not a runtime expression/);
  });

  it("must lead to an operation of the spec", () => {
    const doc = structuredClone(document) as any;
    doc.paths["/apiaccess/api/cobrowse/getConnectionInfo"].post.responses["200"].links.replayerJoinsRoom.operationId =
      "joinRoom";
    expect(() => new SpecValidator(doc)).toThrow(/links\/replayerJoinsRoom\/operationId: joinRoom is not an operation/);
  });
});

describe("violations: issues located at the keyword they break", () => {
  it("in request bodies, following $ref to where the keyword is", () => {
    const found = spec.requestBodyViolations("getConnectionInfo", {
      roomId: "x".repeat(129),
      role: "viewer",
      extra: 1,
    });
    expect(found.map((v) => [v.name, v.keyword, v.at])).toEqual([
      ["/extra", "additionalProperties", "#/components/schemas/GetConnectionInfoRequest/additionalProperties"],
      ["/roomId", "maxLength", "#/components/schemas/GetConnectionInfoRequest/properties/roomId/maxLength"],
      ["/role", "enum", "#/components/schemas/Role/enum"],
    ]);
    expect(spec.requestBodyViolations("getConnectionInfo", {}).map((v) => v.at)).toEqual([
      "#/components/schemas/GetConnectionInfoRequest/required",
    ]);
  });

  it("in answers and header parameters", () => {
    expect(
      spec
        .responseViolations("tokenByAkSk", 200, {
          AccessToken: "t",
          ApplyType: "Bearer",
          CreateTime: 1,
          Expires: "600",
        })
        .map((v) => v.at),
    ).toEqual(["#/components/schemas/TokenResponse/properties/CreateTime/type"]);
    expect(spec.responseViolations("getConnectionInfo", 401, { code: 1 }).map((v) => v.at)).toContain(
      "#/components/schemas/ErrorResponse/required",
    );
    expect(spec.requestHeaderViolations("tokenByAkSk", { "X-Token-Expire": "0" }).map((v) => v.at)).toEqual([
      "#/components/parameters/TokenExpire/schema/minimum",
    ]);
  });
});
