import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CobrowseError, createCobrowseClient } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { type FakeServer, startFakeServer } from "./helpers/fake-server.js";

const SECRET = "S3CRET-zebra-quartz-7f3a";
const TOKEN = "T0KEN-marmot-lantern-91bc";

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeServer({ appSecret: SECRET, tokenValue: (n) => `${TOKEN}-${n}` });
});
afterEach(() => fake.close());

/** Every way an error or a client can be turned into text. */
function renderings(value: unknown): string[] {
  let cloned: unknown;
  try {
    cloned = structuredClone(value);
  } catch (e) {
    cloned = e;
  }
  return [
    String(value),
    (value as Error).message ?? "",
    (value as Error).stack ?? "",
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(value) ?? "",
    JSON.stringify(value, Object.getOwnPropertyNames(value)) ?? "",
    inspect(cloned, { depth: Infinity, showHidden: true }),
  ];
}

function expectClean(value: unknown) {
  for (const text of renderings(value)) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  }
}

describe("redaction", () => {
  it("keeps the secret and tokens out of every error, whatever failed", async () => {
    const errors: unknown[] = [];
    const catchIt = (p: Promise<unknown>) => p.then(() => expect.unreachable("should fail"), (e: unknown) => errors.push(e));
    const client = clientFor(fake, { maxRetries: 0, timeoutMs: 300 });
    await client.getToken();
    for (const status of [400, 404, 413, 415, 429, 500, 503]) {
      fake.faults.push({ op: "getConnectionInfo", status });
      await catchIt(client.getConnectionInfo({ role: "recorder" }));
    }
    fake.faults.push({ op: "getConnectionInfo", status: 200, body: { success: false, errorCode: 1, errorReason: "no" } });
    await catchIt(client.getConnectionInfo({ role: "recorder" }));
    fake.faults.push({ op: "getConnectionInfo", delayMs: 3000 });
    await catchIt(client.getConnectionInfo({ role: "recorder" }));
    fake.faults.push({ op: "getConnectionInfo", reset: true });
    await catchIt(client.getConnectionInfo({ role: "recorder" }));
    await catchIt(client.getConnectionInfo({ role: "recorder" }, { signal: AbortSignal.abort() }));
    await catchIt(client.getConnectionInfo({ role: "boss" as never }));
    fake.alwaysUnauthorized = true;
    await catchIt(client.getConnectionInfo({ role: "recorder" }));
    fake.alwaysUnauthorized = false;
    await catchIt(clientFor(fake, { appSecret: `${SECRET}-wrong` }).getToken());
    try {
      createCobrowseClient({ baseUrl: "http://example.com", appKey: "k", appSecret: SECRET, tenantSpaceId: "t" });
    } catch (e) {
      errors.push(e);
    }
    expect(errors.length).toBe(15);
    for (const e of errors) {
      expect(e).toBeInstanceOf(CobrowseError);
      expectClean(e);
    }
  });

  it("scrubs the secret and the token when a server echoes them back", async () => {
    const client = clientFor(fake, { maxRetries: 0 });
    const { accessToken } = await client.getToken();
    fake.faults.push({
      op: "getConnectionInfo",
      status: 400,
      body: { success: false, errorCode: 40000, errorReason: `bad token ${accessToken} for secret ${SECRET}`, details: [{ in: "header", name: "Authorization", message: `Bearer ${accessToken}` }] },
      headers: { "x-echo": `Bearer ${accessToken}` },
    });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect((err as Error).message).toContain("bad token [REDACTED] for secret [REDACTED]");
    expectClean(err);
    fake.faults.push({ op: "tokenByAkSk", status: 401, body: { success: false, errorCode: 40100, errorReason: `wrong secret ${SECRET}` } });
    const tokenErr = await client.getToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect((tokenErr as Error).message).toContain("wrong secret [REDACTED]");
    expectClean(tokenErr);
  });

  it("scrubs a secret that JSON escapes (quotes, backslashes, control characters) when a server echoes it", async () => {
    const odd = 'Sec"ret\\quartz\n-7f3a';
    const special = await startFakeServer({ appSecret: odd });
    try {
      const client = clientFor(special, { maxRetries: 0 });
      special.faults.push({ op: "tokenByAkSk", status: 401, body: { success: false, errorCode: 40100, errorReason: `wrong secret ${odd}`, details: [{ in: "body", name: "/app_secret", message: odd }] } });
      const err = await client.getToken().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CobrowseError);
      expect((err as Error).message).toContain("wrong secret [REDACTED]");
      for (const text of renderings(err)) {
        expect(text).not.toContain(odd);
        expect(text).not.toContain(JSON.stringify(odd).slice(1, -1));
      }
      expect(JSON.stringify((err as { body: unknown }).body)).not.toContain(JSON.stringify(odd).slice(1, -1));
    } finally {
      await special.close();
    }
  });

  it("keeps the secret and tokens out of the client itself", async () => {
    const client = clientFor(fake);
    await client.getConnectionInfo({ role: "recorder" });
    expectClean(client);
    expect(inspect(client)).toContain(fake.creds.appKey); // the app key is not a secret
  });
});
