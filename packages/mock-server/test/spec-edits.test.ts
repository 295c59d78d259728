// The mock reads every rule from the spec it serves: given an edited copy, it follows with no
// code change. Each edit below changes one value the mock once typed itself (a field limit,
// the token lifetime range and default, a failure status, the body limit, the error-code rule,
// the order of checks), and every answer is checked against the edited spec.
import { document, type OpenApiDocument, SpecValidator } from "@cec-cobrowse/spec";
import { afterEach, describe, expect, it } from "vitest";
import type { MockServer } from "../src/index.js";
import {
  type Answer,
  admitted,
  connectUrl,
  INFO_PATH,
  infoHeaders,
  issueToken,
  post,
  refused,
  start,
  TOKEN_PATH,
} from "./helpers.js";

// A copy of the spec, edited freely (hence any).
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

/** Asserts the answer is what the edited spec documents for its status. */
function conforms(spec: SpecValidator, operationId: string, answer: Answer): void {
  expect(spec.validateResponse(operationId, answer.status, answer.body)).toEqual([]);
  if (answer.status >= 400)
    expect((answer.body as { errorCode: number }).errorCode).toBe(spec.errorCode(answer.status));
}

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };

describe("the mock follows an edited spec", () => {
  it("a tighter maxLength (GetConnectionInfoRequest.userName 256 → 8)", async () => {
    const spec = edited((doc) => (doc.components.schemas.GetConnectionInfoRequest.properties.userName.maxLength = 8));
    mock = await start({ spec });
    const headers = infoHeaders(mock, await issueToken(mock));
    const long = await post(mock.url + INFO_PATH, { role: "recorder", userName: "Alex Does" }, headers);
    expect(long.status).toBe(400);
    expect((long.body as { details: Array<{ name: string }> }).details.map((d) => d.name)).toEqual(["/userName"]);
    conforms(spec, "getConnectionInfo", long);
    const fits = await post(mock.url + INFO_PATH, { role: "recorder", userName: "Alex Doe" }, headers);
    expect(fits.status).toBe(200);
    conforms(spec, "getConnectionInfo", fits);
  });

  it("another token lifetime range and default (X-Token-Expire 1–3600, default 300)", async () => {
    const spec = edited((doc) =>
      Object.assign(doc.components.parameters.TokenExpire.schema, { maximum: 3600, default: 300 }),
    );
    mock = await start({ spec });
    const byDefault = await post(mock.url + TOKEN_PATH, creds);
    expect((byDefault.body as { Expires: string }).Expires).toBe("300");
    conforms(spec, "tokenByAkSk", byDefault);
    const over = await post(mock.url + TOKEN_PATH, creds, { "X-Token-Expire": "3601" });
    expect(over.status).toBe(400);
    expect((over.body as { errorReason: string }).errorReason).toContain("X-Token-Expire");
    conforms(spec, "tokenByAkSk", over);
    expect((await post(mock.url + TOKEN_PATH, creds, { "X-Token-Expire": "3600" })).status).toBe(200);
  });

  it("another failure status (a malformed X-TenantSpaceID 400 → 404; a missing x-app-key 401 → 400, listed with the body's problems)", async () => {
    const spec = edited((doc) => {
      doc.components.securitySchemes.tenantSpaceId["x-cobrowse-failures"].malformed = 404;
      doc.components.securitySchemes.appKey["x-cobrowse-failures"].missing = 400;
    });
    mock = await start({ spec });
    const headers = infoHeaders(mock, await issueToken(mock));
    const malformed = await post(
      mock.url + INFO_PATH,
      { role: "recorder" },
      { ...headers, "X-TenantSpaceID": "has space" },
    );
    expect(malformed.status).toBe(404);
    conforms(spec, "getConnectionInfo", malformed);
    const { "x-app-key": _, ...noAppKey } = headers;
    const missing = await post(mock.url + INFO_PATH, { role: "viewer" }, noAppKey);
    expect(missing.status).toBe(400);
    expect((missing.body as { details: Array<{ name: string }> }).details.map((d) => d.name).sort()).toEqual([
      "/role",
      "x-app-key",
    ]);
    conforms(spec, "getConnectionInfo", missing);
  });

  it("another body limit (bodySize.maxBytes 1 MiB → 2048)", async () => {
    const spec = edited((doc) => (doc["x-cobrowse-rules"].checks.bodySize.maxBytes = 2048));
    mock = await start({ spec });
    const over = await post(mock.url + TOKEN_PATH, { ...creds, pad: "x".repeat(2048) });
    expect(over.status).toBe(413);
    expect((over.body as { errorReason: string }).errorReason).toContain("2048 bytes");
    conforms(spec, "tokenByAkSk", over);
    // Within the limit, the body is read and judged (here: an unknown field).
    expect((await post(mock.url + TOKEN_PATH, { ...creds, pad: "x".repeat(1900) })).status).toBe(400);
  });

  it("another status for a check and another error-code rule (contentType 415 → 400, errorCode = status)", async () => {
    const spec = edited((doc) => {
      doc["x-cobrowse-rules"].checks.contentType.status = 400;
      doc["x-cobrowse-rules"].errorCode.statusFactor = 1;
    });
    mock = await start({ spec });
    const answer = await post(mock.url + TOKEN_PATH, JSON.stringify(creds), { "content-type": "text/plain" });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errorCode: 400, errorReason: "Content-Type: must be application/json" });
    conforms(spec, "tokenByAkSk", answer);
  });

  it("another order of checks (validation before authentication)", async () => {
    const spec = edited((doc) => {
      const order = doc.paths["/apiaccess/api/cobrowse/getConnectionInfo"].post["x-cobrowse-check-order"] as string[];
      order.splice(order.indexOf("authentication"), 1);
      order.splice(order.indexOf("validation") + 1, 0, "authentication");
    });
    mock = await start({ spec });
    const headers = infoHeaders(mock, await issueToken(mock));
    const answer = await post(
      mock.url + INFO_PATH,
      { role: "viewer" },
      { ...headers, Authorization: "Bearer forged.token" },
    );
    expect(answer.status).toBe(400);
    conforms(spec, "getConnectionInfo", answer);
    expect(
      (await post(mock.url + INFO_PATH, { role: "recorder" }, { ...headers, Authorization: "Bearer forged.token" }))
        .status,
    ).toBe(401);
  });

  it("another room protocol (x-cobrowse-rules.websocket: path /rooms/, a 4096-byte message limit, 404 for another room)", async () => {
    const spec = edited((doc) =>
      Object.assign(
        doc["x-cobrowse-rules"].websocket,
        { path: "/rooms/", maxMessageBytes: 4096 },
        { refusals: { ...doc["x-cobrowse-rules"].websocket.refusals, otherRoom: 404 } },
      ),
    );
    mock = await start({ spec });
    const headers = infoHeaders(mock, await issueToken(mock));
    const info = async (roomId: string) =>
      (
        (await post(mock!.url + INFO_PATH, { role: "recorder", roomId }, headers)).body as {
          data: { wssUrl: string; connectParam: string };
        }
      ).data;
    const a = await info("room-a");
    expect(new URL(a.wssUrl).pathname).toBe("/rooms/room-a");
    const ws = await admitted(connectUrl(a));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send("x".repeat(4097));
    expect(await closed).toBe(1009);
    const b = await info("room-b");
    expect((await refused(connectUrl({ ...a, connectParam: b.connectParam }))).status).toBe(404);
  });

  it("refuses to start on a spec that names a check it does not know, naming it", async () => {
    const spec = edited((doc) => {
      doc["x-cobrowse-rules"].checks.quota = { status: 429, description: "A quota." };
      doc.paths["/apigovernance/api/oauth/tokenByAkSk"].post["x-cobrowse-check-order"].push("quota");
    });
    await expect(start({ spec })).rejects.toThrow(/the mock has no check "quota"/);
  });
});
