import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tokenLifetime } from "../src/generated/spec.js";
import { schedule, tokenDeadline } from "../src/internal/token-cache.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(async () => {
  vi.useRealTimers();
  await mock.close();
});

/** Date faked (the mock's clock reads it too), set to a whole second, as CreateTime is. */
function fakeDate(): number {
  vi.useFakeTimers({ toFake: ["Date"] });
  const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
  vi.setSystemTime(t0);
  return t0;
}

const authorizations = () => mock.arrivals.filter((a) => a.operationId === INFO).map((a) => a.headers.authorization);

describe("token lifecycle", () => {
  it("fetches a token on first need, not before, and caches it", async () => {
    const client = clientFor(mock);
    expect(mock.count(TOKEN)).toBe(0);
    for (let i = 0; i < 5; i++) await client.getConnectionInfo({ roomId: "r1", role: "recorder" });
    expect(mock.count(TOKEN)).toBe(1);
    expect(mock.count(INFO)).toBe(5);
  });

  it("sends tokenExpire as X-Token-Expire", async () => {
    const client = clientFor(mock, { tokenExpire: 42 });
    const t = await client.getToken();
    expect(mock.arrivals[0]!.headers[tokenLifetime.header.toLowerCase()]).toBe("42");
    // 42 s lifetime less a margin of a tenth of it.
    expect(t.expiresIn).toBeGreaterThanOrEqual(36);
    expect(t.expiresIn).toBeLessThanOrEqual(42);
    expect(t.expiresAt! - Date.now()).toBeLessThanOrEqual(42_000);
  });

  it("gets a new token once a 1-second token has expired", async () => {
    const t0 = fakeDate();
    const client = clientFor(mock, { tokenExpire: 1 });
    await client.getConnectionInfo({ role: "recorder" });
    expect(mock.count(TOKEN)).toBe(1);
    vi.setSystemTime(t0 + 1300);
    // The old token has expired on the mock too (its clock is the faked Date); the client must not send it.
    const old = authorizations()[0]!;
    const stale = await client.raw.POST("/apiaccess/api/cobrowse/getConnectionInfo", {
      body: { role: "recorder" },
      headers: { Authorization: old },
    });
    expect(stale.response.status).toBe(401);
    await client.getConnectionInfo({ role: "recorder" });
    expect(mock.count(TOKEN)).toBe(2);
    expect(mock.answersTo(INFO).map((a) => a.status)).toEqual([200, 401, 200]);
    const [a, , b] = authorizations();
    expect(a).not.toBe(b);
  });

  it("keeps, refreshes ahead, then drops a 1-second token at the right moments (fake clock)", async () => {
    const t0 = fakeDate();
    const client = clientFor(mock, { tokenExpire: 1 });
    const first = await client.getToken();
    // Deadline t0+1000; safety margin 100 ms (a tenth); refresh ahead from t0+700 (30%).
    expect(first.expiresAt).toBe(t0 + 900);
    vi.setSystemTime(t0 + 500);
    expect((await client.getToken()).accessToken).toBe(first.accessToken);
    expect(mock.count(TOKEN)).toBe(1);
    // Refresh window: the cached token is still used, and one background refresh starts.
    vi.setSystemTime(t0 + 750);
    expect((await client.getToken()).accessToken).toBe(first.accessToken);
    expect((await client.getToken()).accessToken).toBe(first.accessToken);
    // Once the refresh is in, the client hands out the new token (asking does not start another).
    const second = await vi.waitFor(
      async () => {
        const t = await client.getToken();
        expect(t.accessToken).not.toBe(first.accessToken);
        return t;
      },
      { timeout: 10_000 },
    );
    expect(mock.tokens).toEqual([first.accessToken, second.accessToken]);
    expect(mock.count(TOKEN)).toBe(2);
  });

  it("waits for a new token once past the safety margin", async () => {
    const t0 = fakeDate();
    const client = clientFor(mock, { tokenExpire: 1 });
    const first = await client.getToken();
    vi.setSystemTime(t0 + 950);
    const second = await client.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(mock.count(TOKEN)).toBe(2);
  });

  it("makes exactly one token request for 1000 concurrent calls on a cold client", async () => {
    const client = clientFor(mock);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        client.getConnectionInfo({ roomId: `room-${i % 10}`, role: i % 2 ? "recorder" : "replayer" }),
      ),
    );
    expect(results).toHaveLength(1000);
    expect(mock.count(TOKEN)).toBe(1);
    expect(mock.count(INFO)).toBe(1000);
    expect(new Set(authorizations()).size).toBe(1);
  });

  it("shares one token request among concurrent getToken() calls, and forceRefresh gets a new one", async () => {
    const client = clientFor(mock);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => client.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(mock.count(TOKEN)).toBe(1);
    const fresh = await client.getToken({ forceRefresh: true });
    expect(fresh.accessToken).not.toBe(tokens[0]!.accessToken);
    expect(mock.count(TOKEN)).toBe(2);
    client.invalidateToken();
    await client.getToken();
    expect(mock.count(TOKEN)).toBe(3);
  });

  it("retries a failed token request, and a failed one does not poison the cache", async () => {
    const client = clientFor(mock, { maxRetries: 0 });
    mock.fault({ operationId: TOKEN, status: 503 });
    await expect(client.getToken()).rejects.toMatchObject({ name: "InternalServerError", status: 503 });
    const t = await client.getToken();
    expect(mock.tokens).toEqual([t.accessToken]);
    await expect(client.getConnectionInfo({ role: "recorder" })).resolves.toBeDefined();
  });

  it("trusts its own clock when the server's CreateTime is far off (clock skew)", async () => {
    await mock.close();
    // The mock's clock runs an hour behind: CreateTime + Expires is already past here.
    mock = await startMock({ clockOffsetMs: -3_600_000 });
    const client = clientFor(mock, { tokenExpire: 600 });
    const t = await client.getToken();
    expect(t.expiresIn).toBeGreaterThan(500);
    await client.getConnectionInfo({ role: "recorder" });
    await client.getConnectionInfo({ role: "recorder" });
    expect(mock.count(TOKEN)).toBe(1);
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
