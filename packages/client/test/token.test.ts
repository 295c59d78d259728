import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { schedule, tokenDeadline } from "../src/token.js";
import { clientFor } from "./helpers/client.js";
import { type FakeServer, startFakeServer } from "./helpers/fake-server.js";

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeServer();
});
afterEach(async () => {
  vi.useRealTimers();
  await fake.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("token lifecycle", () => {
  it("fetches a token on first need, not before, and caches it", async () => {
    const client = clientFor(fake);
    expect(fake.count("tokenByAkSk")).toBe(0);
    for (let i = 0; i < 5; i++) await client.getConnectionInfo({ roomId: "r1", role: "recorder" });
    expect(fake.count("tokenByAkSk")).toBe(1);
    expect(fake.count("getConnectionInfo")).toBe(5);
  });

  it("sends tokenExpire as X-Token-Expire", async () => {
    const client = clientFor(fake, { tokenExpire: 42 });
    const t = await client.getToken();
    expect(fake.hits[0]!.headers["x-token-expire"]).toBe("42");
    // 42 s lifetime less a margin of a tenth of it.
    expect(t.expiresIn).toBeGreaterThanOrEqual(36);
    expect(t.expiresIn).toBeLessThanOrEqual(42);
    expect(t.expiresAt! - Date.now()).toBeLessThanOrEqual(42_000);
  });

  it("gets a new token once a 1-second token has expired", async () => {
    const client = clientFor(fake, { tokenExpire: 1 });
    await client.getConnectionInfo({ role: "recorder" });
    expect(fake.count("tokenByAkSk")).toBe(1);
    await sleep(1300);
    // The old token is expired on the server too; the client must not send it.
    await client.getConnectionInfo({ role: "recorder" });
    expect(fake.count("tokenByAkSk")).toBe(2);
    expect(fake.count("getConnectionInfo")).toBe(2);
    const [a, b] = fake.hits.filter((h) => h.op === "getConnectionInfo").map((h) => h.headers.authorization);
    expect(a).not.toBe(b);
  });

  it("keeps, refreshes ahead, then drops a 1-second token at the right moments (fake clock)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0); // a whole second, as CreateTime is
    vi.setSystemTime(t0);
    const client = clientFor(fake, { tokenExpire: 1 });
    const first = await client.getToken();
    // Deadline t0+1000; safety margin 100 ms (a tenth); refresh ahead from t0+700 (30%).
    expect(first.expiresAt).toBe(t0 + 900);
    vi.setSystemTime(t0 + 500);
    expect((await client.getToken()).accessToken).toBe(first.accessToken);
    expect(fake.count("tokenByAkSk")).toBe(1);
    // Refresh window: the cached token is still used, and one background refresh starts.
    vi.setSystemTime(t0 + 750);
    expect((await client.getToken()).accessToken).toBe(first.accessToken);
    expect((await client.getToken()).accessToken).toBe(first.accessToken);
    await vi.waitFor(() => expect(fake.count("tokenByAkSk")).toBe(2), { timeout: 10_000 });
    const second = await client.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(fake.count("tokenByAkSk")).toBe(2);
  });

  it("waits for a new token once past the safety margin", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    vi.setSystemTime(t0);
    const client = clientFor(fake, { tokenExpire: 1 });
    const first = await client.getToken();
    vi.setSystemTime(t0 + 950);
    const second = await client.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(fake.count("tokenByAkSk")).toBe(2);
  });

  it("makes exactly one token request for 1000 concurrent calls on a cold client", async () => {
    const client = clientFor(fake);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => client.getConnectionInfo({ roomId: `room-${i % 10}`, role: i % 2 ? "recorder" : "replayer" })),
    );
    expect(results).toHaveLength(1000);
    expect(fake.count("tokenByAkSk")).toBe(1);
    expect(fake.count("getConnectionInfo")).toBe(1000);
    expect(new Set(fake.hits.filter((h) => h.op === "getConnectionInfo").map((h) => h.headers.authorization)).size).toBe(1);
  });

  it("shares one token request among concurrent getToken() calls, and forceRefresh gets a new one", async () => {
    const client = clientFor(fake);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => client.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(fake.count("tokenByAkSk")).toBe(1);
    const fresh = await client.getToken({ forceRefresh: true });
    expect(fresh.accessToken).not.toBe(tokens[0]!.accessToken);
    expect(fake.count("tokenByAkSk")).toBe(2);
    client.invalidateToken();
    await client.getToken();
    expect(fake.count("tokenByAkSk")).toBe(3);
  });

  it("retries a failed token request, and a failed one does not poison the cache", async () => {
    const client = clientFor(fake, { maxRetries: 0 });
    fake.faults.push({ op: "tokenByAkSk", status: 503 });
    await expect(client.getToken()).rejects.toMatchObject({ name: "InternalServerError", status: 503 });
    const t = await client.getToken();
    expect(t.accessToken).toMatch(/^tok-/);
  });

  it("trusts its own clock when the server's CreateTime is far off (clock skew)", async () => {
    await fake.close();
    // The server's clock runs an hour behind: CreateTime + Expires is already past here.
    fake = await startFakeServer({ createTime: (now) => Math.floor((now - 3_600_000) / 1000) });
    const client = clientFor(fake, { tokenExpire: 600 });
    const t = await client.getToken();
    expect(t.expiresIn).toBeGreaterThan(500);
    await client.getConnectionInfo({ role: "recorder" });
    await client.getConnectionInfo({ role: "recorder" });
    expect(fake.count("tokenByAkSk")).toBe(1);
  });
});

describe("token expiry arithmetic", () => {
  it("uses CreateTime + Expires when CreateTime agrees with the local clock", () => {
    // Sent at 100.400 s, received at 100.450 s; CreateTime 100 (truncated): expires at 101.000.
    expect(tokenDeadline(100, 1, 100_400, 100_450)).toBe(101_000);
  });
  it("uses send time + Expires when CreateTime is ahead or far behind", () => {
    expect(tokenDeadline(200, 1, 100_400, 100_450)).toBe(101_400);
    expect(tokenDeadline(50, 600, 100_400, 100_450)).toBe(700_400);
  });
  it("caps the margins for short tokens and keeps them for long ones", () => {
    expect(schedule("t", 0, 1000, 30_000, 60_000)).toEqual({ token: "t", expiresAt: 900, refreshAt: 700 });
    expect(schedule("t", 0, 600_000, 30_000, 60_000)).toEqual({ token: "t", expiresAt: 570_000, refreshAt: 540_000 });
  });
});
