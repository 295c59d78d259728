// Every answer the handlers give is checked against the spec (body by status, headers), through
// fetch and through the TypeScript client's browser build, as a front end's tests would use them.
import {
  ApiError,
  AuthenticationError,
  createCobrowseClient,
  PayloadTooLargeError,
  RateLimitError,
  UnsupportedMediaTypeError,
} from "@cec-cobrowse/client/browser";
import { formatIssues, specValidator } from "@cec-cobrowse/spec";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createHandlers, createHttp, type OperationId, type ScenarioName, scenarios } from "../src/index.js";

const BASE = "https://gateway.test";
const spec = specValidator();
const server = setupServer(...createHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const tokenOp = spec.tokenSource().operation;
const roomOp = [...spec.operations.values()].find((o) => o.room)!;
const roles = roomOp.requestExamples.map((e) => (e.value as Record<string, string>)[roomOp.room!.role]!);

/** Sends a request to `op` and checks the answer against the spec; resolves with status, body and headers. */
async function call(op: typeof tokenOp, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${BASE}${op.path}`, {
    method: op.method,
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  const issues = [
    ...spec.validateResponse(op.operationId, res.status, answer),
    ...spec.validateResponseHeaders(op.operationId, res.status, Object.fromEntries(res.headers)),
  ];
  expect(formatIssues(issues), `${op.operationId} ${res.status} ${JSON.stringify(answer)}`).toBe("");
  return { status: res.status, body: answer, headers: res.headers };
}

function securityHeaders(token = "eyJhIjoiZGVtbyJ9.c2ln"): Record<string, string> {
  const values: Record<string, string> = {};
  for (const h of roomOp.securityHeaders) values[h.header] = h.kind === "bearer" ? `Bearer ${token}` : "demo-value";
  return values;
}

describe("the default handlers answer the spec's examples", () => {
  it("the token operation: its 200 example with the example headers", async () => {
    const example = tokenOp.requestExamples[0]!.value;
    const { status, body, headers } = await call(tokenOp, example);
    expect(status).toBe(200);
    expect(body).toEqual(tokenOp.responses.get("200")!.examples[0]!.value);
    expect(headers.get(tokenOp.responses.get("200")!.headers[0]!.name)).toBeTruthy();
  });

  it("the room operation: the example of the side the request names, for every side", async () => {
    expect(roles.length).toBeGreaterThanOrEqual(2);
    for (const example of roomOp.requestExamples) {
      const { status, body } = await call(roomOp, example.value, securityHeaders());
      expect(status).toBe(200);
      expect(body).toEqual(roomOp.responses.get("200")!.examples.find((e) => e.name === example.name)!.value);
    }
  });

  it("a body the schema refuses: 400 naming the field", async () => {
    const { status, body } = await call(roomOp, { [roomOp.room!.role]: "viewer" }, securityHeaders());
    expect(status).toBe(400);
    expect(body.errorCode).toBe(spec.errorCode(400));
    expect(body.details).toEqual([expect.objectContaining({ name: `/${roomOp.room!.role}` })]);
  });

  it("a body that is not JSON: 400", async () => {
    expect((await call(tokenOp, "{not json")).status).toBe(400);
  });

  it("each missing or malformed security header: the status of its x-cobrowse-failures", async () => {
    for (const h of roomOp.securityHeaders) {
      const missing = securityHeaders();
      delete missing[h.header];
      const example = roomOp.requestExamples[0]!.value;
      expect((await call(roomOp, example, missing)).status, `${h.header} missing`).toBe(h.failures!.missing);
      const malformed = { ...securityHeaders(), [h.header]: h.kind === "bearer" ? "Basic x" : "x".repeat(5000) };
      expect((await call(roomOp, example, malformed)).status, `${h.header} malformed`).toBe(h.failures!.malformed);
    }
  });

  it("a base URL limits the handlers to that origin", async () => {
    try {
      server.resetHandlers(...createHandlers({ baseUrl: `${BASE}/` }));
      expect((await call(tokenOp, tokenOp.requestExamples[0]!.value)).status).toBe(200);
      server.resetHandlers(...createHandlers({ baseUrl: "https://elsewhere.test" }));
      await expect(fetch(`${BASE}${tokenOp.path}`, { method: "POST", body: "{}" })).rejects.toThrow();
    } finally {
      server.resetHandlers(...createHandlers());
    }
  });
});

describe("the named scenarios", () => {
  const expected: Record<
    ScenarioName,
    { status: number; check?: (body: Record<string, unknown>, headers: Headers) => void }
  > = {
    expiredToken: { status: 401, check: (b) => expect(b.errorReason).toMatch(/expired/) },
    rateLimited: { status: 429, check: (_b, h) => expect(h.get("retry-after")).toBe("1") },
    applicationError: {
      status: 200,
      check: (b) => expect([b.success, b.errorCode]).toEqual([false, spec.errorCode(500)]),
    },
    payloadTooLarge: { status: 413 },
    unsupportedMediaType: { status: 415 },
  };

  it.each(Object.keys(expected) as ScenarioName[])("%s: a spec-valid answer, once, then the defaults", async (name) => {
    server.use(scenarios[name]());
    const first = await call(roomOp, roomOp.requestExamples[0]!.value, securityHeaders());
    expect(first.status).toBe(expected[name].status);
    expected[name].check?.(first.body, first.headers);
    const second = await call(roomOp, roomOp.requestExamples[0]!.value, securityHeaders());
    expect([second.status, second.body.success]).toEqual([200, true]);
  });

  it("options: another operation, every request, another Retry-After, another application error", async () => {
    server.use(scenarios.rateLimited({ operation: tokenOp.operationId as OperationId, retryAfter: 7, once: false }));
    for (let i = 0; i < 2; i++) {
      const { status, headers } = await call(tokenOp, tokenOp.requestExamples[0]!.value);
      expect([status, headers.get("retry-after")]).toEqual([429, "7"]);
    }
    server.use(scenarios.applicationError({ errorCode: 1001, errorReason: "room is closed" }));
    const { body } = await call(roomOp, roomOp.requestExamples[0]!.value, securityHeaders());
    expect(body).toEqual({ success: false, errorCode: 1001, errorReason: "room is closed" });
  });

  it("refuses a scenario the operation does not have", () => {
    expect(() => scenarios.applicationError({ operation: tokenOp.operationId as OperationId })).toThrow(
      /x-cobrowse-outcome/,
    );
  });
});

describe("with the TypeScript client's browser build", () => {
  function client(options: Record<string, unknown> = {}) {
    const tokenProvider = vi.fn(async () => ({
      accessToken: `token-${tokenProvider.mock.calls.length}`,
      expiresIn: 600,
    }));
    const c = createCobrowseClient({
      baseUrl: BASE,
      appKey: "app",
      tenantSpaceId: "tenant",
      tokenProvider,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 2,
      maxRetryAfterMs: 5,
      ...options,
    });
    return { c, tokenProvider };
  }
  const [customer, agent] = roles;

  it("both sides of the example room", async () => {
    const { c } = client();
    const a = await c.getConnectionInfo({ role: customer as never });
    const b = await c.getConnectionInfo({ role: agent as never, roomId: a.data.roomId! });
    expect(a.data.roomId).toBe(b.data.roomId);
    expect(a.data.connectParam).not.toBe(b.data.connectParam);
    expect(a.requestId).toBeTruthy();
  });

  it("an expired token: one new token, one replay, success", async () => {
    server.use(scenarios.expiredToken());
    const { c, tokenProvider } = client();
    await expect(c.getConnectionInfo({ role: customer as never })).resolves.toBeTruthy();
    expect(tokenProvider).toHaveBeenCalledTimes(2);
  });

  it("an expired token every time: AuthenticationError (no loop)", async () => {
    server.use(scenarios.expiredToken({ once: false }));
    await expect(client().c.getConnectionInfo({ role: customer as never })).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("429 once is retried; 429 every time is a RateLimitError", async () => {
    server.use(scenarios.rateLimited());
    await expect(client().c.getConnectionInfo({ role: customer as never })).resolves.toBeTruthy();
    server.use(scenarios.rateLimited({ once: false }));
    await expect(client().c.getConnectionInfo({ role: customer as never })).rejects.toBeInstanceOf(RateLimitError);
  });

  it("200 with success: false, 413 and 415 are the client's errors", async () => {
    server.use(scenarios.applicationError());
    const e = await client()
      .c.getConnectionInfo({ role: customer as never })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect([(e as ApiError).status, (e as ApiError).errorCode]).toEqual([200, spec.errorCode(500)]);
    server.use(scenarios.payloadTooLarge());
    await expect(client().c.getConnectionInfo({ role: customer as never })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    server.use(scenarios.unsupportedMediaType());
    await expect(client().c.getConnectionInfo({ role: customer as never })).rejects.toBeInstanceOf(
      UnsupportedMediaTypeError,
    );
  });
});

describe("createHttp: handlers of your own, typed by the spec's paths", () => {
  it("answers what the handler says", async () => {
    const http = createHttp({ baseUrl: BASE });
    server.use(
      http.post("/apiaccess/api/cobrowse/getConnectionInfo", ({ response }) =>
        response(200).json({ success: true, data: { roomId: "typed-room" }, errorCode: null, errorReason: null }),
      ),
    );
    const { body } = await call(roomOp, roomOp.requestExamples[0]!.value, securityHeaders());
    expect((body.data as Record<string, unknown>).roomId).toBe("typed-room");
  });

  it("TypeScript refuses a path the spec does not have and a body its status does not take", () => {
    const http = createHttp();
    // @ts-expect-error: no such path in the spec
    http.post("/no/such/path", () => new Response());
    http.post("/apigovernance/api/oauth/tokenByAkSk", ({ response }) =>
      // @ts-expect-error: AccessToken must be a string
      response(200).json({ AccessToken: 1, ApplyType: "Bearer", CreateTime: "1", Expires: "600" }),
    );
    expect(true).toBe(true);
  });
});
