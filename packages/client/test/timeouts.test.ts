// Timeouts and cancellation against the reference mock. The client's timers and the mock's
// delays run on fake timers (helpers/clock.ts): a slow answer never comes unless the test moves
// the clock that far, so what ends a call can only be the client's own timeout or the abort.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AbortError, TimeoutError } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { type FakeClock, fakeTimers, until } from "./helpers/clock.js";
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

const arrived = (operationId: string, n: number) =>
  until(() => mock.count(operationId) >= n, `request ${n} of ${operationId}`);

/** Waits for the client's backoff (the one timer whose delay is not among `others`), then lets it pass. */
async function backoff(others: number[]) {
  const ms = await clock!.nextDelay("the wait before the retry", (d) => others.includes(d));
  expect(ms).toBe(50); // 0.5 × retryBaseDelayMs
  await clock!.advance(ms);
}
/** Backoffs of 50 ms (Math.random() is 0.5), so each one's timer can be told from the others. */
const jitter = () => vi.spyOn(Math, "random").mockReturnValue(0.5);

describe("timeouts", () => {
  it("times out an attempt, retries, and reports a TimeoutError when every attempt is too slow", async () => {
    const client = clientFor(mock, { timeoutMs: 300, maxRetries: 1, retryBaseDelayMs: 100, retryMaxDelayMs: 100 });
    await client.getToken();
    mock.fault({ operationId: INFO, delayMs: 5000, count: 2 });
    jitter();
    clock = fakeTimers();
    const p = client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    await arrived(INFO, 1);
    await clock.advance(300);
    await backoff([300, 5000]);
    await arrived(INFO, 2);
    await clock.advance(300);
    const err = await p;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ timeoutMs: 300, operation: INFO });
    expect(mock.count(INFO)).toBe(2);
    expect(mock.answersTo(INFO)).toEqual([]); // 650 ms of the mock's 5 s delays passed: it answered neither
  });

  it("gives each retry a fresh timeout", async () => {
    const client = clientFor(mock, { timeoutMs: 1500, maxRetries: 1, retryBaseDelayMs: 100, retryMaxDelayMs: 100 });
    await client.getToken();
    mock.fault({ operationId: INFO, delayMs: 10_000 });
    mock.fault({
      operationId: INFO,
      delayMs: 800,
      status: 200,
      body: {
        success: true,
        data: { roomId: "slow", wssUrl: "wss://slow.example/ws", connectParam: "p" },
        errorCode: null,
        errorReason: null,
      },
    });
    jitter();
    clock = fakeTimers();
    const p = client.getConnectionInfo({ role: "recorder" });
    await arrived(INFO, 1);
    await clock.advance(1500); // attempt 1 times out
    await backoff([1500, 10_000]);
    await arrived(INFO, 2);
    // Attempt 2 is answered 800 ms after it left, 2350 ms after the call began: only a timeout
    // that starts afresh with each attempt lets it through.
    await clock.advance(800);
    const r = await p;
    expect(r.data.roomId).toBe("slow");
    expect(mock.count(INFO)).toBe(2);
  });

  it("takes a per-call timeout over the client's", async () => {
    const client = clientFor(mock, { timeoutMs: 10_000, maxRetries: 0 });
    await client.getToken();
    mock.fault({ operationId: INFO, delayMs: 5000 });
    clock = fakeTimers();
    const p = client.getConnectionInfo({ role: "recorder" }, { timeoutMs: 200 }).catch((e: unknown) => e);
    await arrived(INFO, 1);
    await clock.advance(200);
    expect(await p).toMatchObject({ name: "TimeoutError", timeoutMs: 200 });
  });

  it("times out the token request too", async () => {
    const client = clientFor(mock, { timeoutMs: 200, maxRetries: 0 });
    mock.fault({ operationId: TOKEN, delayMs: 5000 });
    clock = fakeTimers();
    const p = client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    await arrived(TOKEN, 1);
    await clock.advance(200);
    expect(await p).toMatchObject({ name: "TimeoutError", operation: TOKEN });
    expect(mock.count(INFO)).toBe(0);
  });
});

describe("abort", () => {
  it("sends nothing when the signal is already aborted", async () => {
    const client = clientFor(mock);
    const err = await client
      .getConnectionInfo({ role: "recorder" }, { signal: AbortSignal.abort("stop") })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toBe("stop");
    expect(mock.arrivals).toHaveLength(0);
  });

  it("aborts a request in flight, without retrying it", async () => {
    const client = clientFor(mock);
    await client.getToken();
    mock.fault({ operationId: INFO, delayMs: 5000 });
    clock = fakeTimers();
    const ac = new AbortController();
    const p = client.getConnectionInfo({ role: "recorder" }, { signal: ac.signal }).catch((e: unknown) => e);
    await arrived(INFO, 1);
    ac.abort(new Error("user left"));
    const err = await p;
    expect(err).toBeInstanceOf(AbortError);
    expect(((err as AbortError).cause as Error).message).toBe("user left");
    expect(mock.count(INFO)).toBe(1);
    expect(mock.answersTo(INFO)).toEqual([]); // the mock's delay never passed: only the abort ended the call
  });

  it("aborts every call through the client's signal", async () => {
    const ac = new AbortController();
    const client = clientFor(mock, { signal: ac.signal });
    await client.getConnectionInfo({ role: "recorder" });
    ac.abort();
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(AbortError);
    expect(mock.count(INFO)).toBe(1);
  });

  it("aborts the wait between retries", async () => {
    const client = clientFor(mock);
    await client.getToken();
    mock.fault({ operationId: INFO, status: 503, retryAfter: 30 });
    clock = fakeTimers();
    const ac = new AbortController();
    const p = client.getConnectionInfo({ role: "recorder" }, { signal: ac.signal }).catch((e: unknown) => e);
    // Abort once the client waits its 30 s (the attempts' timers are the 10 s ones).
    expect(await clock.nextDelay("the wait after the 503", (ms) => ms === 10_000)).toBe(30_000);
    ac.abort();
    expect(await p).toBeInstanceOf(AbortError);
    expect(mock.count(INFO)).toBe(1);
  });

  it("aborts the wait for a token, while the shared token request goes on for others", async () => {
    const client = clientFor(mock);
    mock.fault({ operationId: TOKEN, delayMs: 3000 });
    clock = fakeTimers();
    const ac = new AbortController();
    const aborted = client.getConnectionInfo({ role: "recorder" }, { signal: ac.signal }).catch((e: unknown) => e);
    const other = client.getConnectionInfo({ role: "replayer" });
    await arrived(TOKEN, 1);
    ac.abort();
    expect(await aborted).toBeInstanceOf(AbortError);
    await clock.advance(3000); // the mock answers the token request
    await expect(other).resolves.toMatchObject({ data: { roomId: expect.any(String) } });
    expect(mock.count(TOKEN)).toBe(1);
    expect(mock.count(INFO)).toBe(1);
  });
});
