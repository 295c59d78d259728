import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { type FakeServer, startFakeServer } from "./helpers/fake-server.js";

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeServer();
});
afterEach(() => fake.close());

describe("401 from getConnectionInfo", () => {
  it("drops the token, gets one new token and replays once", async () => {
    const client = clientFor(fake);
    await client.getConnectionInfo({ role: "recorder" });
    fake.revokeAll(); // the server forgets every token, as after a restart
    const r = await client.getConnectionInfo({ roomId: "after-revoke", role: "replayer" });
    expect(r.data.roomId).toBe("after-revoke");
    expect(fake.count("tokenByAkSk")).toBe(2);
    expect(fake.count("getConnectionInfo")).toBe(3);
  });

  it("never loops: a server that always answers 401 sees exactly 2 attempts", async () => {
    const client = clientFor(fake);
    fake.alwaysUnauthorized = true;
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, errorCode: 40100, operation: "getConnectionInfo" });
    expect((err as AuthenticationError).requestId).toMatch(/^req-\d+$/);
    expect(fake.count("getConnectionInfo")).toBe(2);
    expect(fake.count("tokenByAkSk")).toBe(2);
  });

  it("does not retry 401 even with retries on, and concurrent 401s share one refresh", async () => {
    const client = clientFor(fake, { maxRetries: 2 });
    await client.getToken();
    fake.revokeAll();
    await Promise.all(Array.from({ length: 20 }, () => client.getConnectionInfo({ role: "recorder" })));
    expect(fake.count("tokenByAkSk")).toBe(2);
    expect(fake.count("getConnectionInfo")).toBe(40);
  });

  it("reports wrong credentials as an AuthenticationError of tokenByAkSk, without retries", async () => {
    const client = clientFor(fake, { appSecret: "not-the-secret" });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ operation: "tokenByAkSk", status: 401, errorReason: "app_key or app_secret is wrong" });
    expect(fake.count("tokenByAkSk")).toBe(1);
    expect(fake.count("getConnectionInfo")).toBe(0);
  });
});
