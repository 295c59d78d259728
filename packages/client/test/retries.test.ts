// Retries against the reference mock's faults. The waits between attempts run on fake timers
// (helpers/clock.ts): each test reads the delay the client set and shows that the next attempt
// leaves only when that much fake time has passed, whatever the machine's load.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BadRequestError, InternalServerError, NetworkError, RateLimitError } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { type FakeClock, fakeTimers } from "./helpers/clock.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

let mock: TestMock;
let clock: FakeClock | undefined;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(async () => {
  clock?.restore();
  clock = undefined;
  vi.restoreAllMocks();
  await mock.close();
});

/** The client's default attempt timeout: the timers of that delay are attempts, not waits. */
const ATTEMPT_MS = 10_000;
const isAttempt = (ms: number) => ms === ATTEMPT_MS;

/**
 * Shows that the next attempt waits exactly `ms` of fake time: none before, one right after.
 * Call it once the client has set the wait (`clock.nextDelay`).
 */
async function nextAttemptAfter(ms: number, attemptsBefore: number) {
  if (ms > 0) {
    await clock!.advance(ms - 1);
    expect(mock.count(INFO)).toBe(attemptsBefore);
  }
  await clock!.advance(ms > 0 ? 1 : 0);
}

describe("retries", () => {
  it.each([500, 502, 503, 504, 408, 429])("retries %i and then succeeds", async (status) => {
    const client = clientFor(mock);
    await client.getToken();
    mock.fault({ operationId: INFO, status, retryAfter: 0, count: 2 });
    const r = await client.getConnectionInfo({ roomId: "r", role: "recorder" });
    expect(r.data.roomId).toBe("r");
    expect(mock.count(INFO)).toBe(3);
    expect(mock.answersTo(INFO).map((a) => a.status)).toEqual([status, status, 200]);
  });

  it("gives up after maxRetries (default 2): 3 attempts, then the typed error", async () => {
    const client = clientFor(mock);
    await client.getToken();
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0, count: 5 });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err).toMatchObject({ status: 503, errorCode: mock.spec.errorCode(503) });
    expect(mock.count(INFO)).toBe(3);
    expect(mock.mock.faults.list()[0]!.remaining).toBe(2);
  });

  it("is configurable per client and per call, and off with maxRetries: 0", async () => {
    const client = clientFor(mock, { maxRetries: 4 });
    await client.getToken();
    mock.fault({ operationId: INFO, status: 500, count: 10 });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(InternalServerError);
    expect(mock.count(INFO)).toBe(5);
    await expect(client.getConnectionInfo({ role: "recorder" }, { maxRetries: 0 })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(mock.count(INFO)).toBe(6);
    const off = clientFor(mock, { maxRetries: 0 });
    await expect(off.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(InternalServerError);
    expect(mock.count(INFO)).toBe(7);
  });

  it("honours Retry-After in seconds", async () => {
    const client = clientFor(mock, { retryBaseDelayMs: 0, retryMaxDelayMs: 0 });
    await client.getToken();
    mock.fault({ operationId: INFO, status: 429, retryAfter: 1 });
    clock = fakeTimers();
    const p = client.getConnectionInfo({ role: "recorder" });
    expect(await clock.nextDelay("the wait after the 429", isAttempt)).toBe(1000);
    await nextAttemptAfter(1000, 1);
    await expect(p).resolves.toMatchObject({ data: { roomId: expect.any(String) } });
    expect(mock.count(INFO)).toBe(2);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const client = clientFor(mock, { retryBaseDelayMs: 0, retryMaxDelayMs: 0 });
    await client.getToken();
    const t0 = Math.ceil(Date.now() / 1000) * 1000; // a whole second, as HTTP dates are
    mock.fault({ operationId: INFO, status: 503, retryAfter: new Date(t0 + 2000).toUTCString() });
    clock = fakeTimers(t0); // Date too: the client measures the date from "now"
    const p = client.getConnectionInfo({ role: "recorder" });
    expect(await clock.nextDelay("the wait after the 503", isAttempt)).toBe(2000);
    await nextAttemptAfter(2000, 1);
    await expect(p).resolves.toBeDefined();
    expect(mock.count(INFO)).toBe(2);
  });

  it.each(["-1", "abc 3", "1, 2", "1.5.2"])(
    "ignores a malformed Retry-After (%j) and backs off instead of retrying at once",
    async (retryAfter) => {
      const client = clientFor(mock, { retryBaseDelayMs: 256, retryMaxDelayMs: 256 });
      await client.getToken();
      vi.spyOn(Math, "random").mockReturnValue(0.75);
      mock.fault({ operationId: INFO, status: 503, retryAfter });
      clock = fakeTimers();
      const p = client.getConnectionInfo({ role: "recorder" });
      // Not an HTTP date (V8's Date.parse reads these as dates in 2001): the backoff, 0.75 × 256 ms.
      expect(await clock.nextDelay("the wait after the 503", isAttempt)).toBe(192);
      await nextAttemptAfter(192, 1);
      await expect(p).resolves.toBeDefined();
      expect(mock.count(INFO)).toBe(2);
    },
  );

  it("caps Retry-After at maxRetryAfterMs", async () => {
    const client = clientFor(mock, { maxRetryAfterMs: 50 });
    await client.getToken();
    mock.fault({ operationId: INFO, status: 429, retryAfter: 3600 });
    clock = fakeTimers();
    const p = client.getConnectionInfo({ role: "recorder" });
    expect(await clock.nextDelay("the wait after the 429", isAttempt)).toBe(50);
    await nextAttemptAfter(50, 1);
    await expect(p).resolves.toBeDefined();
    expect(mock.count(INFO)).toBe(2);
  });

  it("backs off exponentially with full jitter, within the cap", async () => {
    const client = clientFor(mock, { retryBaseDelayMs: 100, retryMaxDelayMs: 300, maxRetries: 3 });
    await client.getToken();
    const random = vi.spyOn(Math, "random");
    clock = fakeTimers();
    // Three quarters up the jitter range: 0.75 × 100, × 200, then × 300 (capped; 400 uncapped).
    random.mockReturnValue(0.75);
    mock.fault({ operationId: INFO, status: 500, count: 3 });
    let p = client.getConnectionInfo({ role: "recorder" });
    for (const [n, wait] of [75, 150, 225].entries()) {
      expect(await clock.nextDelay(`wait ${n + 1}`, isAttempt)).toBe(wait);
      await nextAttemptAfter(wait, n + 1);
    }
    await expect(p).resolves.toBeDefined();
    expect(mock.count(INFO)).toBe(4);
    // The bottom of the range: no wait at all.
    random.mockReturnValue(0);
    mock.fault({ operationId: INFO, status: 500, count: 3 });
    p = client.getConnectionInfo({ role: "recorder" });
    for (let n = 0; n < 3; n++) {
      expect(await clock.nextDelay(`wait ${n + 1}`, isAttempt)).toBe(0);
      await nextAttemptAfter(0, 5 + n);
    }
    await expect(p).resolves.toBeDefined();
    expect(mock.count(INFO)).toBe(8);
  });

  it("retries a reset connection, and reports a NetworkError with its cause when they persist", async () => {
    const client = clientFor(mock);
    await client.getToken();
    mock.fault({ operationId: INFO, reset: true });
    await client.getConnectionInfo({ role: "recorder" });
    expect(mock.count(INFO)).toBe(2);
    mock.fault({ operationId: INFO, reset: true, count: 3 });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).cause).toBeDefined();
    expect(mock.count(INFO)).toBe(5);
    expect(mock.answersTo(INFO).map((a) => a.status)).toEqual([200]); // the resets answered nothing
  });

  it("does not retry what retrying cannot fix (400)", async () => {
    const client = clientFor(mock);
    await client.getToken();
    mock.fault({ operationId: INFO, status: 400 });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(BadRequestError);
    expect(mock.count(INFO)).toBe(1);
  });

  it("retries the token request too", async () => {
    const client = clientFor(mock);
    mock.fault({ operationId: TOKEN, status: 429, retryAfter: 0 });
    await client.getConnectionInfo({ role: "recorder" });
    expect(mock.count(TOKEN)).toBe(2);
  });

  it("reports a 429 that outlasts the retries as a RateLimitError", async () => {
    const client = clientFor(mock, { maxRetries: 1 });
    await client.getToken();
    mock.fault({ operationId: INFO, status: 429, retryAfter: 0, count: 2 });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).headers?.get("retry-after")).toBe("0");
  });
});
