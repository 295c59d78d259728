// A response property the mock does not compute is answered with the spec's example, so a
// property added to the spec reaches the clients before the mock learns to make it; a required
// one without an example refuses the spec at start, naming it. The shipped spec's answers are
// unchanged: the mock computes what the spec's rules name, and the rest are its examples.
import { document, type OpenApiDocument, SpecValidator } from "@cec-cobrowse/spec";
import { afterEach, describe, expect, it } from "vitest";
import type { MockServer } from "../src/index.js";
import { INFO_PATH, infoHeaders, issueToken, post, start, TOKEN_PATH } from "./helpers.js";

function edited(edit: (doc: any) => void): SpecValidator {
  const doc = structuredClone(document) as OpenApiDocument;
  edit(doc);
  return new SpecValidator(doc);
}

let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };

describe("answers' properties from the spec's examples", () => {
  it("answers the shipped spec's token as before: computed fields, then the examples of the rest, in the schema's order", async () => {
    mock = await start();
    const answer = await post(mock.url + TOKEN_PATH, creds);
    expect(Object.keys(answer.body as object)).toEqual([
      "AccessToken",
      "ApplyType",
      "CreateTime",
      "Expires",
      "Scope",
      "AppKey",
      "UserID",
    ]);
    expect(answer.body).toMatchObject({
      ApplyType: "Bearer",
      Expires: "600",
      Scope: "default",
      AppKey: "demo-app-key",
      UserID: "Anonymous",
    });
    expect(new SpecValidator(document).validateResponse("tokenByAkSk", 200, answer.body)).toEqual([]);
  });

  it("answers a property added to the data of getConnectionInfo, and to the answer itself, with its example", async () => {
    const spec = edited((doc) => {
      doc.components.schemas.ConnectionInfo.properties.expiresAt = {
        type: "string",
        format: "date-time",
        description: "When the connectParam expires.",
        example: "2026-12-06T10:00:00Z",
      };
      doc.components.schemas.GetConnectionInfoResponse.properties.traceId = {
        type: "string",
        examples: ["trace-1", "trace-2"],
      };
      doc.components.schemas.TokenResponse.properties.Region = { type: "string", example: "eu-west-1" };
    });
    mock = await start({ spec });
    const token = await post(mock.url + TOKEN_PATH, creds);
    expect((token.body as Record<string, unknown>).Region).toBe("eu-west-1");
    expect(spec.validateResponse("tokenByAkSk", 200, token.body)).toEqual([]);
    const headers = infoHeaders(mock, await issueToken(mock));
    const info = await post(mock.url + INFO_PATH, { role: "recorder", roomId: "room-x" }, headers);
    expect(info.status).toBe(200);
    const body = info.body as { data: Record<string, unknown>; traceId: string };
    expect(body.data.expiresAt).toBe("2026-12-06T10:00:00Z");
    expect(body.data.roomId).toBe("room-x");
    expect(body.traceId).toBe("trace-1");
    expect(spec.validateResponse("getConnectionInfo", 200, info.body)).toEqual([]);
  });

  it("never lets an example stand in for what it computes", async () => {
    // Every computed property of the shipped spec has an example: the answers are the mock's.
    mock = await start();
    const info = await post(
      mock.url + INFO_PATH,
      { role: "recorder", roomId: "room-own" },
      infoHeaders(mock, await issueToken(mock)),
    );
    const data = (info.body as { data: Record<string, string> }).data;
    expect(data.roomId).toBe("room-own");
    expect(data.connectParam).not.toBe(
      (document as any).components.schemas.ConnectionInfo.properties.connectParam.example,
    );
  });

  it("refuses at start a spec whose answer requires a property it cannot make and gives no example of", async () => {
    const spec = edited((doc) => {
      doc.components.schemas.ConnectionInfo.properties.region = { type: "string" };
      doc.components.schemas.ConnectionInfo.required = ["region"];
    });
    await expect(start({ spec })).rejects.toThrow(
      "the spec's #/components/schemas/ConnectionInfo/properties/region: is required, and the mock does not compute it; give it an example to answer",
    );
    // An optional one without an example is left out.
    const optional = edited((doc) => (doc.components.schemas.ConnectionInfo.properties.region = { type: "string" }));
    mock = await start({ spec: optional });
    const info = await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, await issueToken(mock)));
    expect((info.body as { data: object }).data).not.toHaveProperty("region");
  });
});
