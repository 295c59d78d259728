import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCobrowseClient as createBrowserClient } from "../src/browser.js";
import { ConfigurationError, createCobrowseClient } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { type FakeServer, startFakeServer } from "./helpers/fake-server.js";

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeServer();
});
afterEach(() => fake.close());

describe("tokenProvider", () => {
  it("takes tokens from the provider, once for many concurrent calls, and never calls tokenByAkSk", async () => {
    const backend = clientFor(fake); // the backend that holds the secret
    const provider = vi.fn(() => backend.getToken());
    const client = createCobrowseClient({ baseUrl: fake.url, appKey: fake.creds.appKey, tenantSpaceId: fake.creds.tenantSpaceId, tokenProvider: provider });
    await Promise.all(Array.from({ length: 100 }, () => client.getConnectionInfo({ role: "recorder" })));
    expect(provider).toHaveBeenCalledTimes(1);
    expect(fake.count("tokenByAkSk")).toBe(1); // the backend's, not the provider client's
    expect(fake.count("getConnectionInfo")).toBe(100);
  });

  it("asks the provider again after a 401, and replays once", async () => {
    const backend = clientFor(fake);
    const provider = vi.fn(() => backend.getToken());
    const client = createCobrowseClient({ baseUrl: fake.url, appKey: fake.creds.appKey, tenantSpaceId: fake.creds.tenantSpaceId, tokenProvider: provider });
    await client.getConnectionInfo({ role: "recorder" });
    fake.revokeAll();
    backend.invalidateToken();
    await client.getConnectionInfo({ role: "recorder" });
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it("honours expiresIn and accepts a bare string", async () => {
    const backend = clientFor(fake);
    const { accessToken } = await backend.getToken();
    const withLife = vi.fn(async () => ({ accessToken, expiresIn: 0 }));
    const a = createCobrowseClient({ baseUrl: fake.url, appKey: fake.creds.appKey, tenantSpaceId: fake.creds.tenantSpaceId, tokenProvider: withLife });
    await a.getConnectionInfo({ role: "recorder" });
    await a.getConnectionInfo({ role: "recorder" });
    expect(withLife).toHaveBeenCalledTimes(2); // a zero lifetime is never reused
    const bare = vi.fn(() => accessToken);
    const b = createCobrowseClient({ baseUrl: fake.url, appKey: fake.creds.appKey, tenantSpaceId: fake.creds.tenantSpaceId, tokenProvider: bare });
    await b.getConnectionInfo({ role: "recorder" });
    await b.getConnectionInfo({ role: "recorder" });
    expect(bare).toHaveBeenCalledTimes(1); // no lifetime: kept until a 401
  });

  it("refuses a provider answer without a token", async () => {
    const client = createCobrowseClient({ baseUrl: fake.url, appKey: "k", tenantSpaceId: "t", tokenProvider: async () => ({}) as never });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(ConfigurationError);
    expect(fake.hits).toHaveLength(0);
  });
});

describe("browser entry", () => {
  it("refuses the app secret and requires a tokenProvider", () => {
    expect(() => createBrowserClient({ baseUrl: "https://x.example.com", appKey: "k", appSecret: "s", tenantSpaceId: "t", tokenProvider: () => "x" })).toThrow(
      /appSecret: the browser build never takes the app secret/,
    );
    expect(() => createBrowserClient({ baseUrl: "https://x.example.com", appKey: "k", tenantSpaceId: "t" })).toThrow(/tokenProvider: missing/);
  });

  it("works over globalThis.fetch with a provider", async () => {
    const backend = clientFor(fake);
    const spy = vi.spyOn(globalThis, "fetch");
    try {
      const client = createBrowserClient({
        baseUrl: fake.url,
        appKey: fake.creds.appKey,
        tenantSpaceId: fake.creds.tenantSpaceId,
        tokenProvider: () => backend.getToken(),
      });
      const r = await client.getConnectionInfo({ roomId: "web", role: "recorder" });
      expect(r.data.roomId).toBe("web");
      expect(r.requestId).toMatch(/^req-/);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
