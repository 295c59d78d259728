// The browser entry end to end (over globalThis.fetch, tokens from a tokenProvider), and the
// pieces shared by both entries that the size work reshaped: credential rules per entry, the
// one abort helper behind the token wait / attempt / backoff, ApiError's own fields.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AbortError,
  ApiError,
  AuthenticationError,
  ConfigurationError,
  createCobrowseClient,
  InternalServerError,
  TimeoutError,
} from "../src/browser.js";
import { createCobrowseClient as createNodeClient } from "../src/index.js";
import { until } from "./helpers/clock.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

/** A browser client over globalThis.fetch (checked), whose provider asks a backend client (which holds the secret) for tokens. */
function browserClient(options: Record<string, unknown> = {}) {
  const backend = createNodeClient({ baseUrl: mock.url, ...mock.creds, fetch: mock.fetch });
  const provider = vi.fn(({ signal }: { signal: AbortSignal | undefined }) => backend.getToken({ signal }));
  const client = createCobrowseClient({
    baseUrl: mock.url,
    appKey: mock.creds.appKey,
    tenantSpaceId: mock.creds.tenantSpaceId,
    tokenProvider: provider,
    fetch: mock.checked((request, init) => globalThis.fetch(request, init)),
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 50,
    ...options,
  });
  return { client, provider, backend };
}

const configError = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return e as ConfigurationError;
  }
  throw new Error("expected a ConfigurationError");
};

describe("browser entry: checks", () => {
  const base = { baseUrl: "https://x.example.com", appKey: "k", tenantSpaceId: "t", tokenProvider: () => "tok" };

  it("runs the shared checks as the Node entry does, before its own credential rules", () => {
    expect(configError(() => createCobrowseClient({ ...base, baseUrl: "http://x.example.com" })).field).toBe("baseUrl");
    expect(configError(() => createCobrowseClient({ ...base, appKey: "" })).message).toMatch(
      /^appKey: missing; set it to /,
    );
    expect(configError(() => createCobrowseClient({ ...base, tokenProvider: "tok" as never })).field).toBe(
      "tokenProvider",
    );
    expect(configError(() => createCobrowseClient({ ...base, fetch: {} as never })).field).toBe("fetch");
    expect(configError(() => createCobrowseClient({ ...base, timeoutMs: 0 })).message).toMatch(
      /^timeoutMs: must be a whole number from 1 /,
    );
    expect(configError(() => createCobrowseClient({ ...base, retryMaxDelayMs: -1 })).field).toBe("retryMaxDelayMs");
    // Even an empty secret is refused: the browser build takes none at all.
    expect(configError(() => createCobrowseClient({ ...base, appSecret: "" })).field).toBe("appSecret");
    expect(createCobrowseClient({ ...base, baseUrl: "https://x.example.com//" }).baseUrl).toBe("https://x.example.com");
  });

  it("keeps the Node entry's rules: secret or provider, not both, not neither", () => {
    const node = { baseUrl: "https://x.example.com", appKey: "k", tenantSpaceId: "t" };
    expect(configError(() => createNodeClient(node)).message).toMatch(/^appSecret: missing; set it to /);
    expect(
      configError(() => createNodeClient({ ...node, appSecret: "s", tokenProvider: () => "x" })).message,
    ).toContain("either appSecret or tokenProvider");
    expect(() => createNodeClient({ ...node, tokenProvider: () => "x" })).not.toThrow();
  });
});

describe("browser entry: calls", () => {
  it("makes one provider call for many concurrent calls, then uses the cached token", async () => {
    const { client, provider } = browserClient();
    const rs = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.getConnectionInfo({ roomId: `b-${i}`, role: "recorder" })),
    );
    expect(rs.map((r) => r.data.roomId)).toEqual(Array.from({ length: 50 }, (_, i) => `b-${i}`));
    await client.getConnectionInfo({ role: "replayer", roomId: "b-0" });
    expect(provider).toHaveBeenCalledTimes(1);
    expect(mock.count(TOKEN)).toBe(1);
    expect(mock.count(INFO)).toBe(51);
  });

  it("replays once after a 401 with a fresh provider token, and stops at the second 401", async () => {
    const { client, provider, backend } = browserClient();
    await client.getConnectionInfo({ role: "recorder" });
    mock.expireTokens();
    backend.invalidateToken();
    const replayed = await client.getConnectionInfo({ role: "recorder" });
    expect(replayed.requestId).toBe(mock.answersTo(INFO).at(-1)!.requestId);
    expect(mock.answersTo(INFO).map((a) => a.status)).toEqual([200, 401, 200]);
    expect(provider).toHaveBeenCalledTimes(2);
    mock.fault({ operationId: INFO, status: 401, count: 100 });
    const before = mock.count(INFO);
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(AuthenticationError);
    expect(mock.count(INFO) - before).toBe(2);
  });

  it("retries a 503 honouring Retry-After, and reports the last one as InternalServerError", async () => {
    const { client } = browserClient({ maxRetries: 1 });
    await client.getToken();
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0 });
    await expect(client.getConnectionInfo({ roomId: "ok", role: "recorder" })).resolves.toMatchObject({
      data: { roomId: "ok" },
    });
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0, count: 2 });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err).toMatchObject({ status: 503, errorCode: mock.spec.errorCode(503), operation: INFO });
    expect((err as InternalServerError).headers?.get("retry-after")).toBe("0");
  });

  it("times out each attempt and aborts the backoff wait, leaving no listener behind", async () => {
    const { client } = browserClient({ maxRetries: 0, timeoutMs: 200 });
    await client.getToken();
    mock.fault({ operationId: INFO, delayMs: 3000 });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(TimeoutError);

    const ac = new AbortController();
    const add = vi.spyOn(ac.signal, "addEventListener");
    const remove = vi.spyOn(ac.signal, "removeEventListener");
    mock.fault({ operationId: INFO, status: 503, retryAfter: 30 });
    const before = mock.count(INFO);
    const p = client.getConnectionInfo({ role: "recorder" }, { signal: ac.signal, maxRetries: 1 });
    // Abort once the 30 s wait has begun (its listener is the second one added: the attempt's came first).
    await until(() => add.mock.calls.length >= 2, "the wait before the retry");
    ac.abort("gone");
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toBe("gone");
    expect(add.mock.calls.length).toBe(2); // the attempt, then the wait
    expect(remove.mock.calls.length).toBe(add.mock.calls.length);
    expect(mock.count(INFO) - before).toBe(1); // the 503, and no retry after the abort
  });

  it("stops waiting for the provider when the caller aborts, while the shared request goes on", async () => {
    let release!: (t: string) => void;
    const provider = vi.fn(() => new Promise<string>((r) => (release = r)));
    const client = createCobrowseClient({
      baseUrl: mock.url,
      appKey: mock.creds.appKey,
      tenantSpaceId: mock.creds.tenantSpaceId,
      tokenProvider: provider,
    });
    const ac = new AbortController();
    const waiting = client.getToken({ signal: ac.signal });
    const other = client.getToken();
    ac.abort("enough");
    await expect(waiting).rejects.toMatchObject({ name: "AbortError", cause: "enough" });
    release("late-token");
    await expect(other).resolves.toMatchObject({ accessToken: "late-token" });
    expect(provider).toHaveBeenCalledTimes(1);
    await expect(client.getToken({ signal: AbortSignal.abort() })).resolves.toMatchObject({
      accessToken: "late-token",
    }); // cached: nothing to wait for
  });

  it("scrubs a provided token that a server echoes back", async () => {
    const { client } = browserClient({ maxRetries: 0 });
    const { accessToken } = await client.getToken();
    expect(mock.tokens).toEqual([accessToken]); // the mock's own token, as the backend got it
    mock.fault({
      operationId: INFO,
      status: 400,
      body: { success: false, errorCode: 40000, errorReason: `bad ${accessToken}` },
      headers: { "x-echo": accessToken },
    });
    const err = (await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e)) as ApiError;
    expect(err.errorReason).toBe("bad [REDACTED]");
    expect(err.headers?.get("x-echo")).toBe("[REDACTED]");
    for (const text of [
      String(err),
      err.stack ?? "",
      inspect(err, { depth: Infinity, showHidden: true }),
      JSON.stringify(err),
      inspect(client, { showHidden: true }),
    ]) {
      expect(text).not.toContain(accessToken);
    }
  });
});

describe("ApiError", () => {
  it("holds exactly its documented fields, with null errorCode/errorReason as undefined", () => {
    const headers = new Headers({ "x-request-id": "r-1" });
    const init = {
      operation: "getConnectionInfo",
      status: 502,
      errorCode: null,
      errorReason: null,
      requestId: "r-1",
      headers,
      body: "x",
      extra: "not kept",
    } as const;
    const err = new ApiError(init);
    expect(err).toMatchObject({
      name: "ApiError",
      operation: "getConnectionInfo",
      status: 502,
      requestId: "r-1",
      headers,
      body: "x",
    });
    expect(err.errorCode).toBeUndefined();
    expect(err.errorReason).toBeUndefined();
    expect(err.message).toBe("getConnectionInfo failed with HTTP 502 [request id r-1]");
    expect("extra" in err).toBe(false);
    expect(new ApiError({ operation: "tokenByAkSk", status: 200, errorCode: 7, errorReason: "no" }).message).toBe(
      "tokenByAkSk failed with HTTP 200 (errorCode 7): no",
    );
    expect(new ApiError({ operation: "tokenByAkSk", status: 200 }, "custom").message).toBe("custom");
  });
});
