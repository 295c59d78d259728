import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AbortError, TimeoutError } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { type FakeServer, startFakeServer } from "./helpers/fake-server.js";

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeServer();
});
afterEach(() => fake.close());

describe("timeouts", () => {
  it("times out an attempt, retries, and reports a TimeoutError when every attempt is too slow", async () => {
    const client = clientFor(fake, { timeoutMs: 300, maxRetries: 1 });
    await client.getToken();
    fake.faults.push({ op: "getConnectionInfo", delayMs: 5000 }, { op: "getConnectionInfo", delayMs: 5000 });
    const started = Date.now();
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ timeoutMs: 300, operation: "getConnectionInfo" });
    expect(fake.count("getConnectionInfo")).toBe(2);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("gives each retry a fresh timeout", async () => {
    const client = clientFor(fake, { timeoutMs: 1500, maxRetries: 1 });
    await client.getToken();
    // Attempt 1 times out at 1.5 s; attempt 2 answers after 800 ms, in all 2.3 s or more,
    // which only a fresh timeout per attempt allows.
    fake.faults.push({ op: "getConnectionInfo", delayMs: 10_000 }, { op: "getConnectionInfo", delayMs: 800, status: 200, body: {
      success: true, data: { roomId: "slow" }, errorCode: null, errorReason: null } });
    const started = Date.now();
    const r = await client.getConnectionInfo({ role: "recorder" });
    expect(r.data.roomId).toBe("slow");
    expect(Date.now() - started).toBeGreaterThanOrEqual(2200);
    expect(fake.count("getConnectionInfo")).toBe(2);
  });

  it("takes a per-call timeout over the client's", async () => {
    const client = clientFor(fake, { timeoutMs: 10_000, maxRetries: 0 });
    await client.getToken();
    fake.faults.push({ op: "getConnectionInfo", delayMs: 5000 });
    await expect(client.getConnectionInfo({ role: "recorder" }, { timeoutMs: 200 })).rejects.toMatchObject({ name: "TimeoutError", timeoutMs: 200 });
  });

  it("times out the token request too", async () => {
    const client = clientFor(fake, { timeoutMs: 200, maxRetries: 0 });
    fake.faults.push({ op: "tokenByAkSk", delayMs: 5000 });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toMatchObject({ name: "TimeoutError", operation: "tokenByAkSk" });
    expect(fake.count("getConnectionInfo")).toBe(0);
  });
});

describe("abort", () => {
  it("sends nothing when the signal is already aborted", async () => {
    const client = clientFor(fake);
    const err = await client.getConnectionInfo({ role: "recorder" }, { signal: AbortSignal.abort("stop") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toBe("stop");
    expect(fake.hits).toHaveLength(0);
  });

  it("aborts a request in flight, without retrying it", async () => {
    const client = clientFor(fake);
    await client.getToken();
    fake.faults.push({ op: "getConnectionInfo", delayMs: 5000 });
    const ac = new AbortController();
    const started = Date.now();
    const p = client.getConnectionInfo({ role: "recorder" }, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error("user left")), 200);
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(((err as AbortError).cause as Error).message).toBe("user left");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.count("getConnectionInfo")).toBe(1);
  });

  it("aborts every call through the client's signal", async () => {
    const ac = new AbortController();
    const client = clientFor(fake, { signal: ac.signal });
    await client.getConnectionInfo({ role: "recorder" });
    ac.abort();
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(AbortError);
    expect(fake.count("getConnectionInfo")).toBe(1);
  });

  it("aborts the wait between retries", async () => {
    const client = clientFor(fake);
    await client.getToken();
    fake.faults.push({ op: "getConnectionInfo", status: 503, retryAfter: "30" });
    const ac = new AbortController();
    const p = client.getConnectionInfo({ role: "recorder" }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    const started = Date.now();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fake.count("getConnectionInfo")).toBe(1);
  });

  it("aborts the wait for a token, while the shared token request goes on for others", async () => {
    const client = clientFor(fake);
    fake.faults.push({ op: "tokenByAkSk", delayMs: 3000 });
    const ac = new AbortController();
    const aborted = client.getConnectionInfo({ role: "recorder" }, { signal: ac.signal });
    const other = client.getConnectionInfo({ role: "replayer" });
    setTimeout(() => ac.abort(), 100);
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    await expect(other).resolves.toMatchObject({ data: { roomId: expect.any(String) } });
    expect(fake.count("tokenByAkSk")).toBe(1);
    expect(fake.count("getConnectionInfo")).toBe(1);
  });
});
