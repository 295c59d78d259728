import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCobrowseClient as createBrowserClient } from "../src/browser.js";
import { ConfigurationError, createCobrowseClient } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

/** A client that takes its tokens from `tokenProvider`, over the mock's checked fetch. */
const providerClient = (tokenProvider: Parameters<typeof createCobrowseClient>[0]["tokenProvider"]) =>
  createCobrowseClient({
    baseUrl: mock.url,
    appKey: mock.creds.appKey,
    tenantSpaceId: mock.creds.tenantSpaceId,
    tokenProvider,
    fetch: mock.fetch,
  });

describe("tokenProvider", () => {
  it("takes tokens from the provider, once for many concurrent calls, and never calls tokenByAkSk", async () => {
    const backend = clientFor(mock); // the backend that holds the secret
    const provider = vi.fn(() => backend.getToken());
    const client = providerClient(provider);
    await Promise.all(Array.from({ length: 100 }, () => client.getConnectionInfo({ role: "recorder" })));
    expect(provider).toHaveBeenCalledTimes(1);
    expect(mock.count(TOKEN)).toBe(1); // the backend's, not the provider client's
    expect(mock.count(INFO)).toBe(100);
  });

  it("asks the provider again after a 401, and replays once", async () => {
    const backend = clientFor(mock);
    const provider = vi.fn(() => backend.getToken());
    const client = providerClient(provider);
    await client.getConnectionInfo({ role: "recorder" });
    mock.fault({ operationId: INFO, status: 401 }); // the token is refused, as after a revocation
    backend.invalidateToken();
    await client.getConnectionInfo({ role: "recorder" });
    expect(provider).toHaveBeenCalledTimes(2);
    expect(mock.answersTo(INFO).map((a) => a.status)).toEqual([200, 401, 200]);
    expect(mock.count(TOKEN)).toBe(2);
  });

  it("honours expiresIn and accepts a bare string", async () => {
    const backend = clientFor(mock);
    const { accessToken } = await backend.getToken();
    const withLife = vi.fn(async () => ({ accessToken, expiresIn: 0 }));
    const a = providerClient(withLife);
    await a.getConnectionInfo({ role: "recorder" });
    await a.getConnectionInfo({ role: "recorder" });
    expect(withLife).toHaveBeenCalledTimes(2); // a zero lifetime is never reused
    const bare = vi.fn(() => accessToken);
    const b = providerClient(bare);
    await b.getConnectionInfo({ role: "recorder" });
    await b.getConnectionInfo({ role: "recorder" });
    expect(bare).toHaveBeenCalledTimes(1); // no lifetime: kept until a 401
  });

  it("refuses a provider answer without a token", async () => {
    const client = createCobrowseClient({
      baseUrl: mock.url,
      appKey: "k",
      tenantSpaceId: "t",
      tokenProvider: async () => ({}) as never,
    });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(ConfigurationError);
    expect(mock.arrivals).toHaveLength(0);
  });
});

describe("browser entry", () => {
  it("refuses the app secret and requires a tokenProvider", () => {
    expect(() =>
      createBrowserClient({
        baseUrl: "https://x.example.com",
        appKey: "k",
        appSecret: "s",
        tenantSpaceId: "t",
        tokenProvider: () => "x",
      }),
    ).toThrow(/appSecret: the browser build never takes the app secret/);
    expect(() => createBrowserClient({ baseUrl: "https://x.example.com", appKey: "k", tenantSpaceId: "t" })).toThrow(
      /tokenProvider: missing/,
    );
  });

  it("works over globalThis.fetch with a provider", async () => {
    const backend = clientFor(mock);
    const spy = vi.spyOn(globalThis, "fetch");
    try {
      const client = createBrowserClient({
        baseUrl: mock.url,
        appKey: mock.creds.appKey,
        tenantSpaceId: mock.creds.tenantSpaceId,
        tokenProvider: () => backend.getToken(),
      });
      const r = await client.getConnectionInfo({ roomId: "web", role: "recorder" });
      expect(r.data.roomId).toBe("web");
      expect(r.requestId).toBe(mock.answersTo(INFO).at(-1)!.requestId);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
