import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FaultSpecError, type MockServer, optionsFromEnv } from "../src/index.js";
import { expectConforms, INFO_PATH, infoHeaders, issueToken, post, raw, start, TOKEN_PATH } from "./helpers.js";

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };
let mock: MockServer;
beforeAll(async () => {
  mock = await start();
});
beforeEach(() => mock.faults.clear());
afterAll(() => mock.close());

const tokenCall = () => post(mock.url + TOKEN_PATH, creds);

describe("faults (library)", () => {
  it("fails the next N requests with a status and Retry-After, then answers normally", async () => {
    const fault = mock.faults.inject({ count: 2, status: 503, retryAfter: 3 });
    expect(fault).toMatchObject({ remaining: 2, status: 503, retryAfter: 3 });
    for (let i = 0; i < 2; i++) {
      const answer = await tokenCall();
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("3");
      expectConforms("tokenByAkSk", answer);
      expect((answer.body as { errorReason: string }).errorReason).toMatch(/injected/);
    }
    expect((await tokenCall()).status).toBe(200);
    expect(mock.faults.list()).toEqual([]);
  });

  it("sends Retry-After: 1 by default with 429 and 503, and none with 500 unless asked", async () => {
    mock.faults.inject({ status: 429 });
    expect((await tokenCall()).headers.get("retry-after")).toBe("1");
    mock.faults.inject({ status: 500 });
    expect((await tokenCall()).headers.get("retry-after")).toBeNull();
    mock.faults.inject({ status: 500, retryAfter: 0 });
    expect((await tokenCall()).headers.get("retry-after")).toBe("0");
  });

  it("catches only the named operation", async () => {
    const token = await issueToken(mock);
    mock.faults.inject({ status: 500, operationId: "getConnectionInfo" });
    expect((await tokenCall()).status).toBe(200);
    expect((await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token))).status).toBe(500);
    expect((await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token))).status).toBe(200);
  });

  it("takes queued faults in order", async () => {
    mock.faults.inject({ status: 429 });
    mock.faults.inject({ count: 2, status: 503 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await tokenCall()).status);
    expect(statuses).toEqual([429, 503, 503, 200]);
  });

  it("delays a request, then answers it normally or with the status", async () => {
    mock.faults.inject({ delayMs: 300 });
    let t0 = performance.now();
    expect((await tokenCall()).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    mock.faults.inject({ delayMs: 200, status: 503 });
    t0 = performance.now();
    expect((await tokenCall()).status).toBe(503);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it("answers a 200 with success: false for getConnectionInfo, conforming to the spec", async () => {
    const token = await issueToken(mock);
    mock.faults.inject({
      operationId: "getConnectionInfo",
      applicationError: { errorCode: 1001, errorReason: "room is closed" },
    });
    const answer = await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ success: false, errorCode: 1001, errorReason: "room is closed" });
    expectConforms("getConnectionInfo", answer);
    mock.faults.inject({ operationId: "getConnectionInfo", applicationError: {} });
    const defaults = await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token));
    expect(defaults.body).toEqual({ success: false, errorCode: 50000, errorReason: "injected application error" });
    expect((await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token))).body).toMatchObject({
      success: true,
    });
  });

  it("resets the connection, and the server answers the next request", async () => {
    mock.faults.inject({ reset: true });
    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const req = httpRequest(
        mock.url + TOKEN_PATH,
        { method: "POST", headers: { "content-type": "application/json" } },
        () => reject(new Error("answered")),
      );
      req.on("error", resolve);
      req.end(JSON.stringify(creds));
    });
    expect(error.code).toBe("ECONNRESET");
    expect((await tokenCall()).status).toBe(200);
  });

  it("answers a JSON body, a raw body and extra headers of the fault's choosing, with any status from 200", async () => {
    mock.faults.inject({
      operationId: "tokenByAkSk",
      status: 200,
      body: { AccessToken: "", Expires: "later" },
      headers: { "X-Request-Id": "fault-1", "X-Extra": "yes" },
    });
    const odd = await tokenCall();
    expect(odd.status).toBe(200);
    expect(odd.body).toEqual({ AccessToken: "", Expires: "later" });
    expect(odd.headers.get("content-type")).toBe("application/json");
    expect(odd.headers.get("x-request-id")).toBe("fault-1");
    expect(odd.headers.get("x-extra")).toBe("yes");
    mock.faults.inject({ status: 502, rawBody: "<html>bad gateway</html>", headers: { "Content-Type": "text/html" } });
    const text = await fetch(mock.url + TOKEN_PATH, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(creds),
    });
    expect(text.status).toBe(502);
    expect(text.headers.get("content-type")).toBe("text/html");
    expect(await text.text()).toBe("<html>bad gateway</html>");
    expect((await tokenCall()).status).toBe(200);
  });

  it("sends a Retry-After string as is (an HTTP date, or a malformed one)", async () => {
    mock.faults.inject({ status: 503, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" });
    expect((await tokenCall()).headers.get("retry-after")).toBe("Wed, 21 Oct 2015 07:28:00 GMT");
    mock.faults.inject({ status: 429, retryAfter: "-1" });
    expect((await tokenCall()).headers.get("retry-after")).toBe("-1");
  });

  it("does not touch unknown paths or wrong methods", async () => {
    mock.faults.inject({ status: 503 });
    expect((await raw(mock.url, { method: "GET", path: TOKEN_PATH })).status).toBe(405);
    expect((await raw(mock.url, { method: "GET", path: "/nope" })).status).toBe(404);
    expect((await tokenCall()).status).toBe(503);
  });

  it.each([
    [
      {},
      /^fault: give status, delayMs, reset, resetAfterAnswer, applicationError, revoke, tokenLifetime, redirect, flood or trickle$/,
    ],
    [{ applicationError: {} }, /^applicationError: needs "operationId"/],
    [{ applicationError: { errorCode: "x" }, operationId: "getConnectionInfo" }, /^applicationError.errorCode/],
    [{ applicationError: { bogus: 1 }, operationId: "getConnectionInfo" }, /^applicationError.bogus/],
    [{ applicationError: {}, operationId: "getConnectionInfo", status: 500 }, /^applicationError: cannot go/],
    [{ count: 0, status: 503 }, /^count/],
    [{ count: 1.5, status: 503 }, /^count/],
    [{ status: 200 }, /^status/],
    [{ status: "503" }, /^status/],
    [{ status: 503, retryAfter: -1 }, /^retryAfter/],
    [{ delayMs: -1 }, /^delayMs/],
    [{ reset: true, status: 500 }, /^reset/],
    [{ operationId: "nope", status: 500 }, /^operationId/],
    [{ status: 500, bogus: 1 }, /^bogus: is not a known field; use count, operationId/],
    [{ status: 600 }, /^status: must be an integer from 200 to 599/],
    [{ status: 204 }, /^status: below 400 needs body or rawBody/],
    [{ status: 503, retryAfter: "line\nbreak" }, /^retryAfter/],
    [{ body: {} }, /^body, rawBody and headers: go with status/],
    [{ status: 500, body: {}, rawBody: "x" }, /^body: cannot go with rawBody/],
    [
      { status: 500, headers: { "Content-Length": "1" } },
      /^headers: must map at most 20 header names \(not Content-Length/,
    ],
    [{ status: 500, headers: { "transfer-ENCODING": "chunked" } }, /^headers/],
    [{ status: 500, headers: { "X-Bad": "a\r\nInjected: 1" } }, /^headers/],
    [{ status: 500, headers: { "Bad Name": "x" } }, /^headers/],
    [{ reset: true, body: {} }, /^reset: cannot go with/],
    [{ applicationError: {}, operationId: "getConnectionInfo", body: {} }, /^applicationError: cannot go/],
    [[1], /^fault: must be a JSON object/],
    ["503", /^fault: must be a JSON object/],
  ])("refuses %j naming the field", (spec, message) => {
    expect(() => mock.faults.inject(spec as never)).toThrow(FaultSpecError);
    expect(() => mock.faults.inject(spec as never)).toThrow(message);
    expect(mock.faults.list()).toEqual([]);
  });
});

describe("faults over HTTP (/__mock/faults)", () => {
  // This process is on loopback, so a mock without a control token lets it in.
  let controlled: MockServer;
  beforeAll(async () => {
    controlled = await start({ control: true });
  });
  afterAll(() => controlled.close());
  const tokenCall = () => post(controlled.url + TOKEN_PATH, creds);
  const control = (method: string, body?: unknown) =>
    raw(controlled.url, {
      method,
      path: "/__mock/faults",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("queues, lists and clears faults", async () => {
    const created = await control("POST", { count: 2, status: 429, retryAfter: 2, operationId: "tokenByAkSk" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      fault: { remaining: 2, status: 429, retryAfter: 2, operationId: "tokenByAkSk" },
    });
    expect(((await control("GET")).body as { faults: unknown[] }).faults).toHaveLength(1);
    const answer = await tokenCall();
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("2");
    expect(((await control("GET")).body as { faults: { remaining: number }[] }).faults[0]!.remaining).toBe(1);
    expect((await control("DELETE")).status).toBe(200);
    expect((await tokenCall()).status).toBe(200);
  });

  it("queues delays and resets", async () => {
    expect((await control("POST", { count: 1, delayMs: 150 })).status).toBe(201);
    const t0 = performance.now();
    expect((await tokenCall()).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect((await control("POST", { count: 1, reset: true })).status).toBe(201);
    await expect(tokenCall()).rejects.toThrow();
    expect((await tokenCall()).status).toBe(200);
  });

  it("answers 400 naming the field for a bad fault, 415 for a non-JSON body, 405 for other methods", async () => {
    const bad = await control("POST", { count: -1, status: 503 });
    expect(bad.status).toBe(400);
    expect((bad.body as { errorReason: string }).errorReason).toMatch(/^count/);
    const notJson = await raw(controlled.url, {
      path: "/__mock/faults",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
    const text = await raw(controlled.url, {
      path: "/__mock/faults",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(text.status).toBe(415);
    const put = await control("PUT", {});
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST, DELETE");
    expect(controlled.faults.list()).toEqual([]);
  });

  it("answers a health check", async () => {
    const health = await raw(controlled.url, { method: "GET", path: "/__mock/health" });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true });
  });

  it("is off by default, with control: false or MOCK_CONTROL=off", async () => {
    expect(optionsFromEnv({ MOCK_CONTROL: "off" }).control).toBe(false);
    expect(optionsFromEnv({ MOCK_CONTROL: "on" }).control).toBe(true);
    expect(() => optionsFromEnv({ MOCK_CONTROL: "maybe" })).toThrow(/MOCK_CONTROL/);
    expect(
      (
        await raw(mock.url, {
          path: "/__mock/faults",
          headers: { "content-type": "application/json" },
          body: '{"status":503}',
        })
      ).status,
    ).toBe(404);
    const closed = await start({ control: false });
    try {
      const answer = await raw(closed.url, {
        path: "/__mock/faults",
        headers: { "content-type": "application/json" },
        body: '{"status":503}',
      });
      expect(answer.status).toBe(404);
      expect((await post(closed.url + TOKEN_PATH, creds)).status).toBe(200);
      // The library handle still works.
      closed.faults.inject({ status: 503 });
      expect((await post(closed.url + TOKEN_PATH, creds)).status).toBe(503);
    } finally {
      await closed.close();
    }
  });
});

describe("optionsFromEnv", () => {
  it("maps the documented variables and leaves unset ones out", () => {
    expect(optionsFromEnv({})).toEqual({});
    expect(
      optionsFromEnv({
        HOST: "0.0.0.0",
        PORT: "0",
        COBROWSE_APP_KEY: "k",
        COBROWSE_APP_SECRET: "s",
        COBROWSE_TENANT_SPACE_ID: "t",
        COBROWSE_MOCK_SIGNING_KEY: "key",
        COBROWSE_MOCK_PUBLIC_URL: "https://x.example",
        COBROWSE_MOCK_MAX_BODY_BYTES: "2048",
        COBROWSE_MOCK_CONNECT_PARAM_TTL: "60",
        COBROWSE_MOCK_REQUEST_TIMEOUT_MS: "5000",
        COBROWSE_MOCK_WS_MAX_PAYLOAD_BYTES: "4096",
        COBROWSE_MOCK_WS_HEARTBEAT_MS: "1000",
        COBROWSE_MOCK_WS_MAX_ROOMS: "10",
        COBROWSE_MOCK_WS_MAX_CONNECTIONS: "20",
        COBROWSE_MOCK_WS_MAX_CONNECTIONS_PER_ROOM: "3",
        COBROWSE_MOCK_WS_MAX_PEER_BUFFER_BYTES: "65536",
        COBROWSE_MOCK_WS_MAX_BUFFER_BYTES: "1048577",
        COBROWSE_MOCK_FAULT_MAX_COUNT: "5",
        COBROWSE_MOCK_FAULT_MAX_DELAY_MS: "100",
        COBROWSE_MOCK_FAULT_MAX_QUEUED_PER_SCOPE: "2",
        COBROWSE_MOCK_FAULT_MAX_QUEUED: "4",
        COBROWSE_MOCK_CONTROL_TOKEN: "t".repeat(20),
        COBROWSE_MOCK_REDIS_URL: "redis://127.0.0.1:6379",
      }),
    ).toEqual({
      host: "0.0.0.0",
      port: 0,
      credentials: { appKey: "k", appSecret: "s", tenantSpaceId: "t" },
      signingKey: "key",
      publicUrl: "https://x.example",
      maxBodyBytes: 2048,
      connectParamTtlSeconds: 60,
      requestTimeoutMs: 5000,
      wsMaxPayloadBytes: 4096,
      wsHeartbeatMs: 1000,
      relayLimits: {
        maxRooms: 10,
        maxConnections: 20,
        maxConnectionsPerRoom: 3,
        maxPeerBufferBytes: 65536,
        maxBufferBytes: 1048577,
      },
      faultLimits: { maxCount: 5, maxDelayMs: 100, maxQueuedPerScope: 2, maxQueued: 4 },
      controlToken: "t".repeat(20),
      redisUrl: "redis://127.0.0.1:6379",
    });
    expect(() => optionsFromEnv({ COBROWSE_MOCK_WS_HEARTBEAT_MS: "0" })).toThrow(
      /^COBROWSE_MOCK_WS_HEARTBEAT_MS: must be a whole number/,
    );
    expect(() => optionsFromEnv({ PORT: "65536" })).toThrow(/^PORT/);
    expect(() => optionsFromEnv({ COBROWSE_MOCK_MAX_BODY_BYTES: "1k" })).toThrow(/COBROWSE_MOCK_MAX_BODY_BYTES/);
  });
});
