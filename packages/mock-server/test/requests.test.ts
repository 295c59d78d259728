// The request log (mock.requests, GET /__mock/requests) and the resetAfterAnswer fault, which
// test harnesses in any language use to count attempts and to lose an answer after the server acted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MockServer } from "../src/index.js";
import { INFO_PATH, infoHeaders, issueToken, post, raw, start, TOKEN_PATH } from "./helpers.js";

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };
let mock: MockServer;
let token: string;
beforeAll(async () => {
  mock = await start({ control: true }); // the log is served by the control API, off by default
  token = await issueToken(mock);
});
beforeEach(() => mock.faults.clear());
afterAll(() => mock.close());

const info = (body: unknown) => post(mock.url + INFO_PATH, body, infoHeaders(mock, token));

describe("the request log", () => {
  it("records each request that reached an operation, with its status, fault and room", async () => {
    const since = mock.requests.last();
    // A token asked for in another scope: it does not supersede the default scope's token.
    await post(mock.url + TOKEN_PATH, creds, { "X-Mock-Scope": "elsewhere" });
    const fault = mock.faults.inject({ operationId: "getConnectionInfo", status: 503, retryAfter: 0 });
    expect((await info({ role: "recorder", roomId: "room-a" })).status).toBe(503);
    const created = await info({ role: "recorder" });
    await raw(mock.url, { method: "GET", path: INFO_PATH }); // a wrong method reaches no operation
    const records = mock.requests.list(since);
    const tokenId = { id: expect.stringMatching(/^t\d+$/), state: "valid" };
    const common = { at: expect.any(Number), requestId: expect.any(String), userAgent: "node" }; // fetch's own User-Agent
    expect(records.map(({ seq: _seq, ...r }) => r)).toEqual([
      {
        ...common,
        operationId: "tokenByAkSk",
        status: 200,
        scope: "elsewhere",
        bodyFields: ["app_key", "app_secret"],
        issued: { id: expect.stringMatching(/^t\d+$/), lifetime: 600 },
      },
      {
        ...common,
        operationId: "getConnectionInfo",
        status: 503,
        fault: fault.id,
        role: "recorder",
        roomId: "room-a",
        bodyFields: ["role", "roomId"],
        token: tokenId,
      },
      {
        ...common,
        operationId: "getConnectionInfo",
        status: 200,
        role: "recorder",
        roomId: (created.body as { data: { roomId: string } }).data.roomId,
        bodyFields: ["role"],
        token: tokenId,
      },
    ]);
    // Arrival times, in order, from the server's clock.
    expect(records.map((r) => r.at)).toEqual([...records.map((r) => r.at)].sort((a, b) => a - b));
    expect(Math.abs(records[0]!.at - Date.now())).toBeLessThan(60_000);
    expect(records.map((r) => r.seq)).toEqual([since + 1, since + 2, since + 3]);
    expect(mock.requests.last()).toBe(since + 3);
    expect(mock.requests.list(since + 2)).toHaveLength(1);
  });

  it("records a reset as no status", async () => {
    const since = mock.requests.last();
    mock.faults.inject({ reset: true });
    await expect(post(mock.url + TOKEN_PATH, creds)).rejects.toThrow();
    expect(mock.requests.list(since)).toMatchObject([{ operationId: "tokenByAkSk", status: null }]);
  });

  it("is served read-only at GET /__mock/requests?since=", async () => {
    const since = mock.requests.last();
    const answered = await info({ role: "replayer", roomId: "room-b" });
    const answer = await raw(mock.url, { method: "GET", path: `/__mock/requests?since=${since}` });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      last: since + 1,
      headers: {
        userAgent: "User-Agent",
        attempt: "X-Cobrowse-Attempt",
        traceparent: "traceparent",
        hook: "X-Hook-Attempt",
      },
      requests: [
        {
          seq: since + 1,
          operationId: "getConnectionInfo",
          status: 200,
          at: expect.any(Number),
          requestId: answered.headers.get("x-request-id"),
          userAgent: "node",
          role: "replayer",
          roomId: "room-b",
          bodyFields: ["role", "roomId"],
          token: expect.objectContaining({ id: expect.stringMatching(/^t\d+$/) }),
        },
      ],
    });
    expect((await raw(mock.url, { method: "GET", path: "/__mock/requests?since=x" })).status).toBe(400);
    const del = await raw(mock.url, { method: "DELETE", path: "/__mock/requests" });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET");
  });

  it("is protected like the rest of the control API (off by default; the control token; no browsers)", async () => {
    const off = await start();
    const guarded = await start({ control: true, controlToken: "a-control-token-of-some-length" });
    try {
      expect((await raw(off.url, { method: "GET", path: "/__mock/requests" })).status).toBe(404);
      expect((await raw(guarded.url, { method: "GET", path: "/__mock/requests" })).status).toBe(401);
      const bearer = { authorization: "Bearer a-control-token-of-some-length" };
      expect((await raw(guarded.url, { method: "GET", path: "/__mock/requests", headers: bearer })).status).toBe(200);
      expect(
        (
          await raw(guarded.url, {
            method: "GET",
            path: "/__mock/requests",
            headers: { ...bearer, origin: "http://page.example" },
          })
        ).status,
      ).toBe(403);
    } finally {
      await Promise.all([off.close(), guarded.close()]);
    }
  });
});

describe("the resetAfterAnswer fault", () => {
  it("serves the request (the room is created) and resets the connection instead of answering", async () => {
    const since = mock.requests.last();
    mock.faults.inject({ operationId: "getConnectionInfo", resetAfterAnswer: true });
    await expect(info({ role: "recorder" })).rejects.toThrow();
    const [lost] = mock.requests.list(since);
    expect(lost).toMatchObject({ operationId: "getConnectionInfo", status: null });
    expect(lost!.roomId).toMatch(/^[0-9a-f-]{36}$/);
    // The next request is answered as usual.
    expect((await info({ role: "recorder" })).status).toBe(200);
  });

  it.each([
    [{ resetAfterAnswer: true, status: 503 }, /^resetAfterAnswer: cannot go with/],
    [{ resetAfterAnswer: true, reset: true }, /^resetAfterAnswer: cannot go with/],
    [{ resetAfterAnswer: "yes" }, /resetAfterAnswer: must be true or false/],
    [
      { resetAfterAnswer: false },
      /^fault: give status, delayMs, reset, resetAfterAnswer, applicationError, revoke, tokenLifetime, redirect, flood or trickle$/,
    ],
  ])("refuses %j", (spec, message) => {
    expect(() => mock.faults.inject(spec as never)).toThrow(message);
  });
});
