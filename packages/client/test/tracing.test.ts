// OpenTelemetry, with the SDK's in-memory exporter: a call with one 503 retry and a 401 replay
// makes a call span, one child span per attempt and a token-request span (with its own attempt
// span) per token fetched, with the HTTP client semantic conventions' attributes; each attempt
// carries its span's W3C traceparent; errors are recorded; no attribute, event or status shows the
// secret or a token. The client finds @opentelemetry/api itself on Node, takes it passed in, and
// does nothing with `openTelemetry: false`.
import * as api from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCobrowseClient as createBrowserClient } from "../src/browser.js";
import { getConnectionInfo, responseHeaders, tokenByAkSk } from "../src/generated/spec.js";
import { BadRequestError, type OpenTelemetryApi } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

const SECRET = "S3CRET-spans-marmot-92c1";
const REQUEST_ID_ATTRIBUTE = `http.response.header.${responseHeaders.requestId.toLowerCase()}`;
// Fails to compile if the real module does not fit the client's structural type of it.
const otel: OpenTelemetryApi = api;

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let mock: TestMock;

beforeAll(() => {
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  api.propagation.disable();
  api.context.disable();
  api.trace.disable();
});
beforeEach(async () => {
  exporter.reset();
  mock = await startMock({ credentials: { appSecret: SECRET } });
});
afterEach(() => mock.close());

const spans = () => exporter.getFinishedSpans();
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const idOf = (s: ReadableSpan) => s.spanContext().spanId;
const childrenOf = (parent: ReadableSpan) => spans().filter((s) => parentOf(s) === idOf(parent));

/** Every text a span holds: name, attributes, status, events and their attributes. */
const textsOf = (s: ReadableSpan) => [
  s.name,
  JSON.stringify(s.attributes),
  JSON.stringify(s.status),
  JSON.stringify(s.events.map((e) => [e.name, e.attributes])),
];

describe("OpenTelemetry spans", () => {
  it("a call with one 503 retry and a 401 replay: call, attempt and token-request spans, by the HTTP client conventions, traceparent on every attempt", async () => {
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0 });
    mock.fault({ operationId: INFO, status: 401 });
    const client = clientFor(mock, { openTelemetry: { api: otel, tracerProvider: provider } });
    // The application's own span: the call's span is its child.
    const outer = provider.getTracer("app").startSpan("handle-request");
    await api.context.with(api.trace.setSpan(api.context.active(), outer), () =>
      client.getConnectionInfo({ role: "recorder", roomId: "room-traced" }),
    );
    outer.end();

    const call = spans().find((s) => s.name === INFO)!;
    expect(call.kind).toBe(api.SpanKind.INTERNAL);
    expect(parentOf(call)).toBe(outer.spanContext().spanId);
    expect(call.attributes).toMatchObject({
      "cec_cobrowse.operation": INFO,
      "cec_cobrowse.attempts": 3,
      "cec_cobrowse.request_id": expect.any(String),
    });
    expect(call.status.code).toBe(api.SpanStatusCode.UNSET);

    // Children of the call: its three attempts and the two token requests (the first, and the replay's).
    const children = childrenOf(call).sort(
      (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
    );
    expect(children.map((s) => s.name)).toEqual([
      TOKEN,
      `POST ${getConnectionInfo.path}`,
      `POST ${getConnectionInfo.path}`,
      TOKEN,
      `POST ${getConnectionInfo.path}`,
    ]);
    const attempts = children.filter((s) => s.name !== TOKEN);
    const { port } = new URL(mock.url);
    attempts.forEach((s, i) => {
      expect(s.kind).toBe(api.SpanKind.CLIENT);
      expect(s.attributes).toMatchObject({
        "http.request.method": "POST",
        "url.full": `${mock.url}${getConnectionInfo.path}`,
        "url.template": getConnectionInfo.path,
        "server.address": "127.0.0.1",
        "server.port": Number(port),
        "cec_cobrowse.attempt": i + 1,
        [REQUEST_ID_ATTRIBUTE]: [expect.any(String)],
      });
      expect(s.attributes["http.request.resend_count"]).toBe(i === 0 ? undefined : i);
    });
    expect(attempts.map((s) => s.attributes["http.response.status_code"])).toEqual([503, 401, 200]);
    expect(attempts.map((s) => s.attributes["error.type"])).toEqual(["503", "401", undefined]);
    expect(attempts.map((s) => s.status.code)).toEqual([
      api.SpanStatusCode.ERROR,
      api.SpanStatusCode.ERROR,
      api.SpanStatusCode.UNSET,
    ]);
    expect(attempts[0]!.events.map((e) => e.name)).toEqual(["exception"]);
    expect(attempts[0]!.events[0]!.attributes?.["exception.type"]).toBe("InternalServerError");
    expect(call.attributes["cec_cobrowse.request_id"]).toEqual(
      (attempts[2]!.attributes[REQUEST_ID_ATTRIBUTE] as string[])[0],
    );

    // Each token request: a call span marked as one, with its attempt span (no token: no Authorization).
    for (const token of children.filter((s) => s.name === TOKEN)) {
      expect(token.attributes).toMatchObject({
        "cec_cobrowse.operation": TOKEN,
        "cec_cobrowse.token_request": true,
        "cec_cobrowse.attempts": 1,
      });
      const [attempt, ...more] = childrenOf(token);
      expect(more).toEqual([]);
      expect(attempt!.name).toBe(`POST ${tokenByAkSk.path}`);
      expect(attempt!.attributes).toMatchObject({
        "http.response.status_code": 200,
        "cec_cobrowse.token_request": true,
        "cec_cobrowse.attempt": 1,
      });
    }

    // The W3C traceparent each request carried names its attempt's span, in the application's trace.
    const sent = mock.arrivals.map((a) => a.headers.traceparent as string);
    const attemptSpans = spans()
      .filter((s) => s.kind === api.SpanKind.CLIENT)
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    expect(sent).toEqual(attemptSpans.map((s) => `00-${outer.spanContext().traceId}-${idOf(s)}-01`));

    // No secret, no token, in any span.
    expect(mock.tokens).toHaveLength(2);
    for (const s of spans()) {
      for (const text of textsOf(s)) {
        expect(text).not.toContain(SECRET);
        for (const t of mock.tokens) expect(text).not.toContain(t);
      }
    }
  });

  it("records a failed call on its span: error.type, the status and the exception, scrubbed of what the server echoed", async () => {
    const client = clientFor(mock, { openTelemetry: { api: otel, tracerProvider: provider } });
    await client.getToken();
    mock.fault({ operationId: INFO, status: 400, echoToken: true, headers: { "x-debug": SECRET } });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(BadRequestError);
    const call = spans().find((s) => s.name === INFO)!;
    expect(call.attributes["error.type"]).toBe("BadRequestError");
    expect(call.status).toMatchObject({ code: api.SpanStatusCode.ERROR, message: expect.stringContaining("HTTP 400") });
    expect(call.status.message).toContain("[REDACTED]");
    const [attempt] = childrenOf(call);
    expect(attempt!.attributes["error.type"]).toBe("400");
    for (const s of spans())
      for (const text of textsOf(s)) for (const t of [SECRET, ...mock.tokens]) expect(text).not.toContain(t);
  });

  it("finds @opentelemetry/api itself on Node: the global tracer provider, or the one passed", async () => {
    await clientFor(mock, { openTelemetry: { tracerProvider: provider } }).getConnectionInfo({ role: "recorder" });
    expect(spans().map((s) => s.name)).toContain(INFO);
    exporter.reset();
    api.trace.setGlobalTracerProvider(provider);
    try {
      await clientFor(mock).getConnectionInfo({ role: "recorder" });
      expect(spans().filter((s) => s.name === INFO)).toHaveLength(1);
      exporter.reset();
      const before = mock.arrivals.length;
      await clientFor(mock, { openTelemetry: false }).getConnectionInfo({ role: "recorder" });
      expect(spans()).toEqual([]);
      expect(mock.arrivals.slice(before).every((a) => a.headers.traceparent === undefined)).toBe(true);
    } finally {
      api.trace.disable();
    }
  });

  it("traces the browser build only when the API is passed in", async () => {
    const backend = clientFor(mock, { openTelemetry: false });
    const options = {
      baseUrl: mock.url,
      appKey: mock.creds.appKey,
      tenantSpaceId: mock.creds.tenantSpaceId,
      tokenProvider: async () => (await backend.getToken()).accessToken,
      fetch: mock.fetch,
    };
    api.trace.setGlobalTracerProvider(provider);
    try {
      await createBrowserClient(options).getConnectionInfo({ role: "recorder" });
      expect(spans()).toEqual([]);
      await createBrowserClient({ ...options, openTelemetry: { api: otel } }).getConnectionInfo({ role: "recorder" });
      expect(
        spans()
          .map((s) => s.name)
          .sort(),
      ).toEqual([INFO, `POST ${getConnectionInfo.path}`].sort());
      expect(mock.arrivals.at(-1)!.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    } finally {
      api.trace.disable();
    }
  });

  it("checks the option when the client is created", () => {
    expect(() => clientFor(mock, { openTelemetry: { api: {} as never } })).toThrow(
      /^openTelemetry: api must be the @opentelemetry\/api module/,
    );
    expect(() => clientFor(mock, { openTelemetry: { tracerProvider: {} as never } })).toThrow(
      /^openTelemetry: tracerProvider must have getTracer/,
    );
    expect(() => clientFor(mock, { openTelemetry: true as never })).toThrow(/^openTelemetry: must be/);
  });
});
