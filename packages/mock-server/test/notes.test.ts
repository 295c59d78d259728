// What the request log notes of each attempt besides its outcome: the client's identification
// and attempt headers (named by the spec), a W3C trace context, the scenarios' hook header, the
// request id it was answered with, and its body's field names - bounded, and never the app
// secret or the attempt's token.
import { document, SpecValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOOK_HEADER, MAX_BODY_FIELDS, type MockServer, NOTED_LENGTH, type RequestRecord } from "../src/index.js";
import { INFO_PATH, infoHeaders, issueToken, post, raw, start, TOKEN_PATH } from "./helpers.js";

const { clientHeaders } = new SpecValidator(document).rules;
const UA = clientHeaders!.userAgent.header;
const ATTEMPT = clientHeaders!.attempt.header;
const TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

let mock: MockServer;
let token: string;
beforeAll(async () => {
  mock = await start({ control: true });
  token = await issueToken(mock);
});
afterAll(() => mock.close());

/** The record of one getConnectionInfo request sent with `headers` and `body`. */
async function recordOf(
  headers: Record<string, string>,
  body: unknown = { role: "recorder", roomId: "room-notes" },
): Promise<RequestRecord> {
  const since = mock.requests.last();
  await post(mock.url + INFO_PATH, body, { ...infoHeaders(mock, token), ...headers });
  const [record] = mock.requests.list(since);
  return record!;
}

describe("the request log's notes of an attempt", () => {
  it("names the header each field comes from: the spec's client headers, traceparent and the scenarios' hook header", () => {
    expect(mock.requests.headers).toEqual({
      userAgent: UA,
      attempt: ATTEMPT,
      traceparent: "traceparent",
      hook: HOOK_HEADER,
    });
  });

  it("records the User-Agent, the attempt and hook headers as integers, a well-formed traceparent, and the request id answered", async () => {
    const since = mock.requests.last();
    const answer = await post(
      mock.url + INFO_PATH,
      { role: "recorder", roomId: "room-notes" },
      {
        ...infoHeaders(mock, token),
        [UA]: "cec-cobrowse-typescript/0.2.0 Node.js/20.20.2 linux acme/4.2",
        [ATTEMPT]: "2",
        [HOOK_HEADER]: "2",
        traceparent: TRACE,
        "X-Request-Id": "my-request-1",
      },
    );
    expect(answer.status).toBe(200);
    expect(mock.requests.list(since)[0]).toMatchObject({
      userAgent: "cec-cobrowse-typescript/0.2.0 Node.js/20.20.2 linux acme/4.2",
      attempt: 2,
      hook: 2,
      traceparent: true,
      requestId: "my-request-1",
      bodyFields: ["role", "roomId"],
    });
  });

  it("keeps an attempt or hook value that is no whole number as its text, and marks a malformed traceparent false", async () => {
    for (const [sent, noted] of [
      ["0", "0"],
      ["01", "01"],
      ["1.5", "1.5"],
      ["two", "two"],
      ["1, 2", "1, 2"],
      ["1234567890", "1234567890"],
      ["999999999", 999999999],
    ] as const) {
      const record = await recordOf({ [ATTEMPT]: sent, [HOOK_HEADER]: sent });
      expect([record.attempt, record.hook], sent).toEqual([noted, noted]);
    }
    for (const bad of [
      "garbage",
      TRACE.toUpperCase(),
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      `${TRACE}-extra`,
    ]) {
      expect((await recordOf({ traceparent: bad })).traceparent, bad).toBe(false);
    }
  });

  it("leaves out what was not sent", async () => {
    const since = mock.requests.last();
    const body = JSON.stringify({ role: "recorder" });
    await raw(mock.url, {
      path: INFO_PATH,
      headers: { ...infoHeaders(mock, token), "content-type": "application/json", "content-length": body.length },
      body,
    });
    const [record] = mock.requests.list(since);
    expect(record!.status).toBe(200);
    for (const field of ["userAgent", "attempt", "hook", "traceparent"]) expect(record).not.toHaveProperty(field);
  });

  it("bounds every noted string to 256 characters and the field names to 64", async () => {
    const long = "x".repeat(5000);
    const record = await recordOf({ [UA]: long, [ATTEMPT]: long });
    expect(record.userAgent).toHaveLength(NOTED_LENGTH);
    expect(record.attempt).toHaveLength(NOTED_LENGTH);
    const many = Object.fromEntries([["role", "recorder"], ...Array.from({ length: 5000 }, (_, i) => [`f${i}`, i])]);
    const wide = await recordOf({}, many);
    expect(wide.bodyFields).toHaveLength(MAX_BODY_FIELDS);
    expect(wide.bodyFields!.slice(0, 2)).toEqual(["role", "f0"]);
    expect(wide.bodyFieldsTruncated).toBe(true);
    const named = await recordOf({}, { role: "recorder", [long]: 1 });
    expect(named.bodyFields).toEqual(["role", "x".repeat(NOTED_LENGTH)]);
    expect((await recordOf({})).bodyFieldsTruncated).toBeUndefined();
  });

  it("records the names of a body the checks refuse, and none of a body that is no JSON object", async () => {
    expect((await recordOf({}, { role: "recorder", locale: "en-GB" })).bodyFields).toEqual(["role", "locale"]);
    expect(await recordOf({}, "[1, 2]")).not.toHaveProperty("bodyFields");
    expect(await recordOf({}, "{not json")).not.toHaveProperty("bodyFields");
  });

  it("never notes the app secret or the attempt's token, wherever a client put them", async () => {
    const { appSecret } = mock.credentials;
    const record = await recordOf(
      { [UA]: `agent ${appSecret} ${token}`, [ATTEMPT]: token, [HOOK_HEADER]: appSecret },
      { role: "recorder", [appSecret]: 1, [token]: 2 },
    );
    expect(record.userAgent).toBe("agent [REDACTED] [REDACTED]");
    expect([record.attempt, record.hook]).toEqual(["[REDACTED]", "[REDACTED]"]);
    expect(record.bodyFields).toEqual(["role", "[REDACTED]", "[REDACTED]"]);
    // The token request: its body's field names, never the secret it carries.
    const since = mock.requests.last();
    await post(
      mock.url + TOKEN_PATH,
      { app_key: mock.credentials.appKey, app_secret: appSecret },
      { [UA]: "cec-cobrowse-go/0.2.0 go/1.26 linux", [ATTEMPT]: "1" },
    );
    const [issued] = mock.requests.list(since);
    expect(issued).toMatchObject({
      operationId: "tokenByAkSk",
      userAgent: "cec-cobrowse-go/0.2.0 go/1.26 linux",
      attempt: 1,
      bodyFields: ["app_key", "app_secret"],
    });
    const log = JSON.stringify(mock.requests.list());
    expect(log).not.toContain(appSecret);
    expect(log).not.toContain(token);
  });

  it("takes the header names from the spec it serves", async () => {
    const doc = structuredClone(document) as any;
    doc["x-cobrowse-client-headers"].attempt.header = "X-Try";
    const other = await start({ spec: new SpecValidator(doc), control: true });
    try {
      const since = other.requests.last();
      await post(
        other.url + TOKEN_PATH,
        { app_key: other.credentials.appKey, app_secret: other.credentials.appSecret },
        { "X-Try": "3", [ATTEMPT]: "9" },
      );
      expect(other.requests.list(since)[0]!.attempt).toBe(3);
      expect(other.requests.headers?.attempt).toBe("X-Try");
      // A spec stating no client headers: only traceparent and the hook header are noted.
      delete doc["x-cobrowse-client-headers"];
      const bare = await start({ spec: new SpecValidator(doc) });
      try {
        expect(bare.requests.headers).toEqual({ traceparent: "traceparent", hook: HOOK_HEADER });
        await post(
          bare.url + TOKEN_PATH,
          { app_key: bare.credentials.appKey, app_secret: bare.credentials.appSecret },
          { [ATTEMPT]: "1" },
        );
        expect(bare.requests.list()[0]).not.toHaveProperty("attempt");
      } finally {
        await bare.close();
      }
    } finally {
      await other.close();
    }
  });

  it("lets a browser send the client headers and a trace context (CORS)", async () => {
    const cors = await start({ cors: true });
    try {
      const answer = await raw(cors.url, {
        method: "OPTIONS",
        path: INFO_PATH,
        headers: { origin: "http://page.example", "access-control-request-method": "POST" },
      });
      const allowed = answer.headers
        .get("access-control-allow-headers")!
        .split(", ")
        .map((h) => h.toLowerCase());
      for (const h of [UA, ATTEMPT, "traceparent", "tracestate"]) expect(allowed).toContain(h.toLowerCase());
    } finally {
      await cors.close();
    }
  });
});
