import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BadRequestError, InternalServerError, NetworkError, RateLimitError } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { type FakeServer, startFakeServer } from "./helpers/fake-server.js";

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeServer();
});
afterEach(() => fake.close());

const infoHits = () => fake.hits.filter((h) => h.op === "getConnectionInfo");

describe("retries", () => {
  it.each([500, 502, 503, 504, 408, 429])("retries %i and then succeeds", async (status) => {
    const client = clientFor(fake);
    await client.getToken();
    fake.faults.push({ op: "getConnectionInfo", status, retryAfter: "0" }, { op: "getConnectionInfo", status, retryAfter: "0" });
    const r = await client.getConnectionInfo({ roomId: "r", role: "recorder" });
    expect(r.data.roomId).toBe("r");
    expect(fake.count("getConnectionInfo")).toBe(3);
  });

  it("gives up after maxRetries (default 2): 3 attempts, then the typed error", async () => {
    const client = clientFor(fake);
    await client.getToken();
    for (let i = 0; i < 5; i++) fake.faults.push({ op: "getConnectionInfo", status: 503 });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err).toMatchObject({ status: 503, errorCode: 50300 });
    expect(fake.count("getConnectionInfo")).toBe(3);
  });

  it("is configurable per client and per call, and off with maxRetries: 0", async () => {
    const client = clientFor(fake, { maxRetries: 4 });
    await client.getToken();
    for (let i = 0; i < 10; i++) fake.faults.push({ op: "getConnectionInfo", status: 500 });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(InternalServerError);
    expect(fake.count("getConnectionInfo")).toBe(5);
    await expect(client.getConnectionInfo({ role: "recorder" }, { maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(fake.count("getConnectionInfo")).toBe(6);
    const off = clientFor(fake, { maxRetries: 0 });
    fake.faults.push({ op: "getConnectionInfo", status: 500 });
    await expect(off.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(InternalServerError);
  });

  it("honours Retry-After in seconds", async () => {
    const client = clientFor(fake, { retryBaseDelayMs: 0, retryMaxDelayMs: 0 });
    await client.getToken();
    fake.faults.push({ op: "getConnectionInfo", status: 429, retryAfter: "1" });
    await client.getConnectionInfo({ role: "recorder" });
    const [a, b] = infoHits();
    // The wait is 1 s at least; a loaded machine may add to it, never take from it.
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const client = clientFor(fake, { retryBaseDelayMs: 0, retryMaxDelayMs: 0 });
    await client.getToken();
    const when = new Date(Date.now() + 2000).toUTCString(); // whole seconds: 1 to 2 s from now
    fake.faults.push({ op: "getConnectionInfo", status: 503, retryAfter: when });
    await client.getConnectionInfo({ role: "recorder" });
    const [a, b] = infoHits();
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(900);
  });

  it.each(["-1", "abc 3", "1, 2", "1.5.2"])("ignores a malformed Retry-After (%j) and backs off instead of retrying at once", async (retryAfter) => {
    const client = clientFor(fake, { retryBaseDelayMs: 300, retryMaxDelayMs: 300 });
    await client.getToken();
    const random = vi.spyOn(Math, "random").mockReturnValue(0.999);
    try {
      fake.faults.push({ op: "getConnectionInfo", status: 503, retryAfter });
      await client.getConnectionInfo({ role: "recorder" });
    } finally {
      random.mockRestore();
    }
    const [a, b] = infoHits();
    // Not an HTTP date (V8's Date.parse reads these as dates in 2001): the backoff's ~300 ms.
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(290);
  });

  it("caps Retry-After at maxRetryAfterMs", async () => {
    const client = clientFor(fake, { maxRetryAfterMs: 50 });
    await client.getToken();
    fake.faults.push({ op: "getConnectionInfo", status: 429, retryAfter: "3600" });
    const started = Date.now();
    await client.getConnectionInfo({ role: "recorder" });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.count("getConnectionInfo")).toBe(2);
  });

  it("backs off exponentially with full jitter, within the cap", async () => {
    const client = clientFor(fake, { retryBaseDelayMs: 300, retryMaxDelayMs: 300, maxRetries: 3 });
    await client.getToken();
    const random = vi.spyOn(Math, "random");
    try {
      // The top of the jitter range: waits of 300, 300 (capped, not 600) and 300 (not 1200).
      random.mockReturnValue(0.999);
      for (let i = 0; i < 3; i++) fake.faults.push({ op: "getConnectionInfo", status: 500 });
      await client.getConnectionInfo({ role: "recorder" });
      let hits = infoHits();
      const waits = hits.slice(1).map((h, i) => h.at - hits[i]!.at);
      expect(waits[0]).toBeGreaterThanOrEqual(290);
      expect(waits[1]).toBeGreaterThanOrEqual(290);
      expect(waits[2]).toBeGreaterThanOrEqual(290);
      expect(waits[2]).toBeLessThan(1100); // uncapped, it would be 1200 at least
      // The bottom of the range: no wait at all (far below the 900 ms above).
      random.mockReturnValue(0);
      for (let i = 0; i < 3; i++) fake.faults.push({ op: "getConnectionInfo", status: 500 });
      await client.getConnectionInfo({ role: "recorder" });
      hits = infoHits().slice(4);
      expect(hits).toHaveLength(4);
      expect(hits[3]!.at - hits[0]!.at).toBeLessThan(600);
    } finally {
      random.mockRestore();
    }
  });

  it("retries a reset connection, and reports a NetworkError with its cause when they persist", async () => {
    const client = clientFor(fake);
    await client.getToken();
    fake.faults.push({ op: "getConnectionInfo", reset: true });
    await client.getConnectionInfo({ role: "recorder" });
    expect(fake.count("getConnectionInfo")).toBe(2);
    for (let i = 0; i < 3; i++) fake.faults.push({ op: "getConnectionInfo", reset: true });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).cause).toBeDefined();
    expect(fake.count("getConnectionInfo")).toBe(5);
  });

  it("does not retry what retrying cannot fix (400)", async () => {
    const client = clientFor(fake);
    await client.getToken();
    fake.faults.push({ op: "getConnectionInfo", status: 400 });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toBeInstanceOf(BadRequestError);
    expect(fake.count("getConnectionInfo")).toBe(1);
  });

  it("retries the token request too", async () => {
    const client = clientFor(fake);
    fake.faults.push({ op: "tokenByAkSk", status: 429, retryAfter: "0" });
    await client.getConnectionInfo({ role: "recorder" });
    expect(fake.count("tokenByAkSk")).toBe(2);
  });

  it("reports a 429 that outlasts the retries as a RateLimitError", async () => {
    const client = clientFor(fake, { maxRetries: 1 });
    await client.getToken();
    fake.faults.push({ op: "getConnectionInfo", status: 429, retryAfter: "0" }, { op: "getConnectionInfo", status: 429, retryAfter: "0" });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).headers?.get("retry-after")).toBe("0");
  });
});
