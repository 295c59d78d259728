// Hooks (packages/scenarios/README.md, Hooks): once per attempt, the token request's included and
// marked, in the order beforeRequest → afterResponse (an answer came) → onError (the attempt
// failed), with the operation, the attempt, the status, the request id and the duration; what a
// before-request hook adds is sent, the client's own headers are not its to change; a hook that
// throws or rejects is logged and ignored; no hook argument shows the secret or a token.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientHeaders, securitySchemes } from "../src/generated/spec.js";
import {
  type AfterResponseContext,
  type BeforeRequestContext,
  type ErrorContext,
  type Hooks,
  TimeoutError,
} from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

const SECRET = "S3CRET-hooks-ocelot-41d9";
type Call = { hook: string } & (BeforeRequestContext | AfterResponseContext | ErrorContext);

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock({ credentials: { appSecret: SECRET } });
});
afterEach(() => mock.close());

/** Hooks that record every call, with a copy of the headers a before-request hook was shown. */
function recording(extra: Partial<Hooks> = {}) {
  const calls: Call[] = [];
  const hooks: Hooks = {
    beforeRequest(c) {
      calls.push({ hook: "beforeRequest", ...c, headers: new Headers(c.headers) });
      return extra.beforeRequest?.(c);
    },
    afterResponse(c) {
      calls.push({ hook: "afterResponse", ...c });
      extra.afterResponse?.(c);
    },
    onError(c) {
      calls.push({ hook: "onError", ...c });
      extra.onError?.(c);
    },
  };
  return { calls, hooks };
}

/** A logger that keeps its lines. */
function lines() {
  const out: string[] = [];
  return {
    out,
    logger: {
      debug: (m: string) => out.push(`debug ${m}`),
      info: (m: string) => out.push(`info ${m}`),
      warn: (m: string) => out.push(`warn ${m}`),
    },
  };
}

const summary = (calls: Call[]) =>
  calls.map((c) => {
    const x = c as Partial<ErrorContext & AfterResponseContext>;
    return [c.hook, c.operationId, c.attempt, c.tokenRequest, x.status ?? null, x.error?.name ?? null].join(" ");
  });

describe("hooks", () => {
  it("run once per attempt, the token requests' included and marked, with the attempt's operation, number, status and request id", async () => {
    const { calls, hooks } = recording();
    mock.fault({ operationId: TOKEN, status: 503, retryAfter: 0 });
    mock.fault({ operationId: INFO, reset: true });
    mock.fault({ operationId: INFO, status: 401 });
    await clientFor(mock, { hooks }).getConnectionInfo({ role: "recorder", roomId: "room-hooks" });
    expect(summary(calls)).toEqual([
      "beforeRequest tokenByAkSk 1 true  ",
      "afterResponse tokenByAkSk 1 true 503 ",
      "onError tokenByAkSk 1 true 503 InternalServerError",
      "beforeRequest tokenByAkSk 2 true  ",
      "afterResponse tokenByAkSk 2 true 200 ",
      "beforeRequest getConnectionInfo 1 false  ",
      "onError getConnectionInfo 1 false  NetworkError",
      "beforeRequest getConnectionInfo 2 false  ",
      "afterResponse getConnectionInfo 2 false 401 ",
      "onError getConnectionInfo 2 false 401 AuthenticationError",
      "beforeRequest tokenByAkSk 1 true  ",
      "afterResponse tokenByAkSk 1 true 200 ",
      "beforeRequest getConnectionInfo 3 false  ",
      "afterResponse getConnectionInfo 3 false 200 ",
    ]);
    // The request ids the mock answered, in order, are the ones the hooks saw.
    const answered = mock.answers.map((a) => a.requestId);
    const seen = calls.filter((c) => c.hook === "afterResponse").map((c) => (c as AfterResponseContext).requestId);
    expect(seen.every((id) => typeof id === "string" && answered.includes(id))).toBe(true);
    for (const c of calls) {
      expect(c.method).toBe("POST");
      expect(c.url).toMatch(new RegExp(`^${mock.url}/`));
      if (c.hook !== "beforeRequest") expect((c as ErrorContext).durationMs).toBeGreaterThanOrEqual(0);
    }
    // The reset attempt got no answer: no status, no request id.
    const reset = calls[6] as ErrorContext;
    expect([reset.status, reset.requestId]).toEqual([undefined, undefined]);
  });

  it("show the attempt's headers with the token redacted, the client's own headers included, and never the secret or a token", async () => {
    const { calls, hooks } = recording();
    mock.fault({
      operationId: INFO,
      status: 503,
      retryAfter: 0,
      echoToken: true,
      headers: { "x-debug": `secret=${SECRET}` },
    });
    await clientFor(mock, { hooks }).getConnectionInfo({ role: "recorder" });
    const before = calls.filter((c) => c.hook === "beforeRequest" && c.operationId === INFO) as BeforeRequestContext[];
    const bearer = securitySchemes.bearerAuth;
    expect(before.map((c) => c.headers.get(bearer.header))).toEqual([
      `${bearer.prefix}[REDACTED]`,
      `${bearer.prefix}[REDACTED]`,
    ]);
    expect(before.map((c) => c.headers.get(clientHeaders.attempt.header))).toEqual(["1", "2"]);
    expect(before[0]!.headers.get(clientHeaders.userAgent.header)).toMatch(/^cec-cobrowse-typescript\//);
    expect(before[0]!.headers.get(securitySchemes.appKey.header)).toBe(mock.creds.appKey);
    const echoed = calls.find(
      (c) => c.hook === "afterResponse" && (c as AfterResponseContext).status === 503,
    ) as AfterResponseContext;
    expect(echoed.headers.get("x-debug")).toBe("secret=[REDACTED]");
    expect(echoed.headers.get("x-echo-authorization")).toBe(`${bearer.prefix}[REDACTED]`);
    expect(mock.tokens.length).toBe(1);
    for (const c of calls) {
      for (const text of [
        inspect(c, { depth: Infinity, showHidden: true, getters: true }),
        JSON.stringify({ ...c, headers: "headers" in c ? Object.fromEntries(c.headers) : undefined }),
      ]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(mock.tokens[0]);
      }
    }
  });

  it("send what a before-request hook adds, awaited when async, and keep the client's own headers whatever it sets", async () => {
    const log = lines();
    const hooks: Hooks = {
      async beforeRequest(c) {
        await new Promise((r) => setTimeout(r, 5));
        c.headers.set("X-Trace-Tenant", `t-${c.attempt}`);
        c.headers.set(securitySchemes.bearerAuth.header, "Bearer stolen");
        c.headers.set(securitySchemes.appKey.header, "other-app");
        c.headers.set(clientHeaders.attempt.header, "99");
        c.headers.set("content-type", "text/plain");
      },
    };
    const result = await clientFor(mock, { hooks, ...log }).getConnectionInfo({ role: "recorder" });
    expect(result.data.roomId).toBeTruthy();
    for (const a of mock.arrivals) {
      expect(a.headers["x-trace-tenant"]).toBe("t-1");
      expect(a.headers[clientHeaders.attempt.header.toLowerCase()]).toBe("1");
      expect(a.headers["content-type"]).toMatch(/^application\/json/);
    }
    expect(
      mock.arrivals.find((a) => a.operationId === INFO)!.headers[securitySchemes.appKey.header.toLowerCase()],
    ).toBe(mock.creds.appKey);
    expect(log.out.filter((l) => l.startsWith("warn "))).toContain(
      `warn ${INFO}: attempt 1: the beforeRequest hook changed authorization, which the client sets; ignored`,
    );
  });

  it("bound a before-request hook that never settles by the attempt's timeout", async () => {
    const hooks: Hooks = { beforeRequest: (c) => (c.operationId === INFO ? new Promise<void>(() => {}) : undefined) };
    const err = await clientFor(mock, { hooks, timeoutMs: 200, maxRetries: 0 })
      .getConnectionInfo({ role: "recorder" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(mock.count(INFO)).toBe(0);
  });

  it("that throw or reject are logged at warn and ignored: the call, its retries and its result are unchanged", async () => {
    const log = lines();
    const boom = () => {
      throw new Error(`hook failed on purpose (${SECRET})`);
    };
    const hooks: Hooks = {
      beforeRequest(c) {
        c.headers.set("X-Hook-Attempt", String(c.attempt));
        if (c.attempt === 1) boom();
      },
      afterResponse: (c) => (c.attempt === 1 ? boom() : undefined),
      onError: (() => Promise.reject(new TypeError("async hook failed"))) as never,
    };
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0 });
    const result = await clientFor(mock, { hooks, ...log }).getConnectionInfo({
      role: "recorder",
      roomId: "room-throws",
    });
    expect(result.data.roomId).toBe("room-throws");
    expect(mock.answersTo(INFO).map((a) => a.status)).toEqual([503, 200]);
    // A hook that threw changes nothing: the header it set before throwing was not sent.
    expect(mock.arrivals.map((a) => a.headers["x-hook-attempt"])).toEqual([undefined, undefined, "2"]);
    await new Promise((r) => setTimeout(r, 10)); // the rejected promise's report
    const warnings = log.out.filter((l) => l.startsWith("warn "));
    expect(warnings).toEqual([
      `warn ${TOKEN}: attempt 1: the beforeRequest hook threw (Error: hook failed on purpose ([REDACTED])); ignored`,
      `warn ${TOKEN}: attempt 1: the afterResponse hook threw (Error: hook failed on purpose ([REDACTED])); ignored`,
      `warn ${INFO}: attempt 1: the beforeRequest hook threw (Error: hook failed on purpose ([REDACTED])); ignored`,
      `warn ${INFO}: attempt 1: the afterResponse hook threw (Error: hook failed on purpose ([REDACTED])); ignored`,
      `warn ${INFO}: attempt 1: the onError hook threw (TypeError: async hook failed); ignored`,
    ]);
  });

  it("are checked when the client is created", () => {
    expect(() => clientFor(mock, { hooks: { onResponse: () => {} } as never })).toThrow(
      /^hooks: has no hook "onResponse"; the hooks are beforeRequest, afterResponse, onError/,
    );
    expect(() => clientFor(mock, { hooks: { onError: "log" } as never })).toThrow(/^hooks: onError must be a function/);
    expect(() => clientFor(mock, { hooks: "x" as never })).toThrow(/^hooks: must be an object/);
  });

  it("see a call refused before sending (a ValidationError) make no attempt", async () => {
    const { calls, hooks } = recording();
    await expect(clientFor(mock, { hooks }).getConnectionInfo({ role: "boss" as never })).rejects.toThrow(/role/);
    expect(calls).toEqual([]);
  });
});
