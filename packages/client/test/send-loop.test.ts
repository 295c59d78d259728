// The send loop (packages/scenarios/README.md, The send loop) against a scripted server: a fetch
// that answers each request from a script and records the token it carried, and a tokenProvider
// that hands out token-1, token-2, … So each rule shows exactly: the token taken per attempt,
// compare-and-drop, the replay, the superseded 401 and the attempt budget.
import { describe, expect, it, vi } from "vitest";
import { AuthenticationError, createCobrowseClient, InternalServerError, TimeoutError } from "../src/browser.js";

const OK = {
  success: true,
  errorCode: null,
  errorReason: null,
  data: { roomId: "r", wssUrl: "wss://x.example/ws", wssUrlOut: "wss://y.example/ws", connectParam: "p" },
};
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": "req-1", ...headers },
  });
const refused = () => json(401, { success: false, errorCode: 40100, errorReason: "token refused", data: null });
const unavailable = (retryAfter = "0") =>
  json(503, { success: false, errorCode: 50300, errorReason: "busy", data: null }, { "retry-after": retryAfter });

type Answer = (token: string) => Response | Promise<Response>;

/**
 * A browser-build client over a scripted fetch: each request takes the next answer of `script`
 * (a function of the token it carried), then 200s. `lifeMs` is each token's lifetime.
 */
function scripted(script: Answer[], options: { maxRetries?: number; lifeMs?: number } = {}) {
  const sent: string[] = [];
  let issued = 0;
  const provider = vi.fn(() => ({
    accessToken: `token-${++issued}`,
    ...(options.lifeMs ? { expiresAt: Date.now() + options.lifeMs } : {}),
  }));
  const client = createCobrowseClient({
    baseUrl: "https://gateway.example",
    appKey: "key",
    tenantSpaceId: "tenant",
    tokenProvider: provider,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 2,
    maxRetries: options.maxRetries,
    fetch: async (request) => {
      const token = request.headers.get("authorization")!.replace(/^Bearer /, "");
      sent.push(token);
      const next = script.shift();
      return next ? next(token) : json(200, OK);
    },
  });
  return { client, sent, provider };
}

const body = { role: "recorder" as const, roomId: "r" };

describe("the send loop", () => {
  it("makes at most maxRetries + 2 attempts: the replay does not start a fresh retry budget", async () => {
    const { client, sent } = scripted([unavailable, unavailable, refused, unavailable, unavailable, unavailable]);
    const err = await client.getConnectionInfo(body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(sent).toEqual(["token-1", "token-1", "token-1", "token-2"]);
  });

  it("with maxRetries 0: one attempt for a retryable failure, plus the one replay for a refused token", async () => {
    const a = scripted([unavailable], { maxRetries: 0 });
    await expect(a.client.getConnectionInfo(body)).rejects.toBeInstanceOf(InternalServerError);
    expect(a.sent).toEqual(["token-1"]);
    const b = scripted([refused], { maxRetries: 0 });
    await expect(b.client.getConnectionInfo(body)).resolves.toMatchObject({ data: { roomId: "r" } });
    expect(b.sent).toEqual(["token-1", "token-2"]);
  });

  it("drops the replay's refused token too: the call fails, the next call gets a new token", async () => {
    const { client, sent, provider } = scripted([refused, refused]);
    const err = await client.getConnectionInfo(body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    await client.getConnectionInfo(body);
    expect(sent).toEqual(["token-1", "token-2", "token-3"]);
    expect(provider).toHaveBeenCalledTimes(3);
  });

  it("sends a 401 on a superseded token again at once with the current one, spending neither the replay nor a retry", async () => {
    // Two calls on token-1, both refused. The first drops it and replays with token-2; the
    // second finds token-1 gone (superseded), and retries with token-2 without spending its
    // replay: a later 401 on token-2, the current token, still gets its one replay.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const { client, sent, provider } = scripted([
      refused,
      async () => {
        await held; // the second call's 401 arrives once the first call has replayed
        return refused();
      },
      () => json(200, OK), // the first call's replay, token-2
      refused, // the second call's retry on token-2: refused while current
    ]);
    const first = client.getConnectionInfo(body);
    const second = client.getConnectionInfo(body);
    await first;
    release();
    await expect(second).resolves.toMatchObject({ data: { roomId: "r" } });
    expect(sent).toEqual(["token-1", "token-1", "token-2", "token-2", "token-3"]);
    expect(provider).toHaveBeenCalledTimes(3);
  });

  it("makes one token request for 50 callers refused at once", async () => {
    const script = Array.from({ length: 50 }, () => refused);
    const { client, sent, provider } = scripted(script);
    await client.getToken();
    const rs = await Promise.all(Array.from({ length: 50 }, () => client.getConnectionInfo(body)));
    expect(rs).toHaveLength(50);
    expect(provider).toHaveBeenCalledTimes(2);
    expect(sent.filter((t) => t === "token-1")).toHaveLength(50);
    expect(sent.filter((t) => t === "token-2")).toHaveLength(50);
  });

  it("takes the token for every attempt: a retry after a Retry-After that outlived the token carries a new one", async () => {
    // Tokens live 100 ms (usable for 90); the 503 asks for 150 ms.
    const { client, sent } = scripted([() => unavailable("0.15")], { lifeMs: 100 });
    await client.getConnectionInfo(body);
    expect(sent).toEqual(["token-1", "token-2"]);
  });

  it("takes the cached token for every attempt: a retry carries the token that replaced the call's first one", async () => {
    const { client, sent } = scripted([
      () => {
        client.invalidateToken(); // another caller's 401, say, while this attempt waits
        return unavailable();
      },
    ]);
    await client.getConnectionInfo(body);
    expect(sent).toEqual(["token-1", "token-2"]);
  });

  it("calls fetch with { signal } as an own property, which a fetch that copies the init keeps, and the timeout aborts", async () => {
    const inits: RequestInit[] = [];
    const client = createCobrowseClient({
      baseUrl: "https://gateway.example",
      appKey: "key",
      tenantSpaceId: "tenant",
      tokenProvider: () => "token-1",
      timeoutMs: 50,
      maxRetries: 0,
      // Never answers: only the attempt's signal, read from a copy of the init, ends the wait.
      fetch: (_request, init) => {
        inits.push(init!);
        const { signal } = { ...init };
        return new Promise((_resolve, reject) =>
          signal!.addEventListener("abort", () => reject(signal!.reason), { once: true }),
        );
      },
    });
    await expect(client.getConnectionInfo(body)).rejects.toBeInstanceOf(TimeoutError);
    expect(Object.keys(inits[0]!)).toEqual(["signal"]);
    expect(inits[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(inits[0]!.signal!.aborted).toBe(true);
  }, 10_000);
});
