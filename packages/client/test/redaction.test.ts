import { inspect } from "node:util";
import * as otel from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CobrowseError, createCobrowseClient, type Hooks } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";
import { renderings } from "./helpers/render.js";

const SECRET = "S3CRET-zebra-quartz-7f3a";

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock({ credentials: { appSecret: SECRET } });
});
afterEach(() => mock.close());

/** No rendering holds the secret or any token the mock issued (its real, signed tokens). */
function expectClean(value: unknown) {
  expect(mock.tokens.length).toBeGreaterThan(0);
  for (const text of renderings(value)) {
    expect(text).not.toContain(SECRET);
    for (const token of mock.tokens) expect(text).not.toContain(token);
  }
}

describe("redaction", () => {
  it("keeps the secret and tokens out of every error, whatever failed", async () => {
    const errors: unknown[] = [];
    const catchIt = (p: Promise<unknown>) =>
      p.then(
        () => expect.unreachable("should fail"),
        (e: unknown) => errors.push(e),
      );
    const client = clientFor(mock, { maxRetries: 0, timeoutMs: 300 });
    await client.getToken();
    for (const status of [400, 404, 413, 415, 429, 500, 503]) {
      mock.fault({ operationId: INFO, status });
      await catchIt(client.getConnectionInfo({ role: "recorder" }));
    }
    mock.fault({ operationId: INFO, applicationError: { errorCode: 1, errorReason: "no" } });
    await catchIt(client.getConnectionInfo({ role: "recorder" }));
    mock.fault({ operationId: INFO, delayMs: 3000 });
    await catchIt(client.getConnectionInfo({ role: "recorder" }));
    mock.fault({ operationId: INFO, reset: true });
    await catchIt(client.getConnectionInfo({ role: "recorder" }));
    await catchIt(client.getConnectionInfo({ role: "recorder" }, { signal: AbortSignal.abort() }));
    await catchIt(client.getConnectionInfo({ role: "boss" as never }));
    mock.fault({ operationId: INFO, status: 401, count: 2 });
    await catchIt(client.getConnectionInfo({ role: "recorder" }));
    await catchIt(clientFor(mock, { appSecret: `${SECRET}-wrong` }).getToken());
    try {
      createCobrowseClient({ baseUrl: "http://example.com", appKey: "k", appSecret: SECRET, tenantSpaceId: "t" });
    } catch (e) {
      errors.push(e);
    }
    expect(errors.length).toBe(15);
    expect(mock.tokens).toHaveLength(2); // the first one, and the one the 401 made the client fetch
    for (const e of errors) {
      expect(e).toBeInstanceOf(CobrowseError);
      expectClean(e);
    }
  });

  it("scrubs the secret and the token when a server echoes them back", async () => {
    const client = clientFor(mock, { maxRetries: 0 });
    const { accessToken } = await client.getToken();
    mock.fault({
      operationId: INFO,
      status: 400,
      body: {
        success: false,
        errorCode: 40000,
        errorReason: `bad token ${accessToken} for secret ${SECRET}`,
        details: [{ in: "header", name: "Authorization", message: `Bearer ${accessToken}` }],
      },
      headers: { "x-echo": `Bearer ${accessToken}` },
    });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect((err as Error).message).toContain("bad token [REDACTED] for secret [REDACTED]");
    expectClean(err);
    mock.fault({
      operationId: TOKEN,
      status: 401,
      body: { success: false, errorCode: 40100, errorReason: `wrong secret ${SECRET}` },
    });
    const tokenErr = await client.getToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect((tokenErr as Error).message).toContain("wrong secret [REDACTED]");
    expectClean(tokenErr);
  });

  it("scrubs a secret that JSON escapes (quotes, backslashes, control characters) when a server echoes it", async () => {
    const odd = 'Sec"ret\\quartz\n-7f3a';
    const special = await startMock({ credentials: { appSecret: odd } });
    try {
      const client = clientFor(special, { maxRetries: 0 });
      // The mock takes that secret: the client's request is well formed.
      expect((await client.getToken()).accessToken).toBe(special.tokens[0]);
      special.fault({
        operationId: TOKEN,
        status: 401,
        body: {
          success: false,
          errorCode: 40100,
          errorReason: `wrong secret ${odd}`,
          details: [{ in: "body", name: "/app_secret", message: odd }],
        },
      });
      client.invalidateToken();
      const err = await client.getToken().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CobrowseError);
      expect((err as Error).message).toContain("wrong secret [REDACTED]");
      for (const text of renderings(err)) {
        expect(text).not.toContain(odd);
        expect(text).not.toContain(JSON.stringify(odd).slice(1, -1));
      }
      expect(JSON.stringify((err as { body: unknown }).body)).not.toContain(JSON.stringify(odd).slice(1, -1));
    } finally {
      await special.close();
    }
  });

  it("keeps the secret and tokens out of the client itself", async () => {
    const client = clientFor(mock);
    await client.getConnectionInfo({ role: "recorder" });
    expectClean(client);
    expect(inspect(client)).toContain(mock.creds.appKey); // the app key is not a secret
  });

  it("keeps the secret and tokens out of hook arguments, span attributes and log lines, whatever the server echoes", async () => {
    const texts: string[] = [];
    const keep = (c: unknown) =>
      void texts.push(inspect(c, { depth: Infinity, showHidden: true, getters: true }), ...renderings(c));
    const hooks: Hooks = { beforeRequest: keep, afterResponse: keep, onError: keep };
    const logger = {
      debug: (m: string) => texts.push(m),
      info: (m: string) => texts.push(m),
      warn: (m: string) => texts.push(m),
    };
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    otel.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    try {
      const client = clientFor(mock, {
        hooks,
        logger,
        logLevel: "debug",
        openTelemetry: { api: otel, tracerProvider },
      });
      // The token request's failure echoes the secret; the call's echo the token, a 401 among them (a replay, a second token).
      mock.fault({
        operationId: TOKEN,
        status: 503,
        retryAfter: 0,
        body: { success: false, errorCode: 50300, errorReason: `busy, secret ${SECRET}` },
        headers: { "x-echo": SECRET },
      });
      mock.fault({ operationId: INFO, status: 503, retryAfter: 0, echoToken: true });
      mock.fault({ operationId: INFO, status: 401, echoToken: true });
      mock.fault({ operationId: INFO, status: 400, echoToken: true });
      await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toThrow(/HTTP 400/);
    } finally {
      otel.propagation.disable();
    }
    for (const span of exporter.getFinishedSpans())
      texts.push(JSON.stringify([span.name, span.attributes, span.status, span.events]));
    expect(mock.tokens).toHaveLength(2);
    expect(exporter.getFinishedSpans().length).toBeGreaterThan(6);
    expect(texts.filter((t) => t.includes("[REDACTED]")).length).toBeGreaterThan(10);
    for (const text of texts) {
      expect(text).not.toContain(SECRET);
      for (const token of mock.tokens) expect(text).not.toContain(token);
    }
  });
});
