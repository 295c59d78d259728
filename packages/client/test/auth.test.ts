import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

const statuses = (operationId: string) => mock.answersTo(operationId).map((a) => a.status);

describe("401 from getConnectionInfo", () => {
  it("drops the token, gets one new token and replays once", async () => {
    const client = clientFor(mock);
    await client.getConnectionInfo({ role: "recorder" });
    mock.fault({ operationId: INFO, status: 401 }); // the server refuses the token, as after a revocation
    const r = await client.getConnectionInfo({ roomId: "after-revoke", role: "replayer" });
    expect(r.data.roomId).toBe("after-revoke");
    expect(mock.count(TOKEN)).toBe(2);
    expect(mock.count(INFO)).toBe(3);
    expect(statuses(INFO)).toEqual([200, 401, 200]);
    const [, refused, replayed] = mock.arrivals
      .filter((a) => a.operationId === INFO)
      .map((a) => a.headers.authorization);
    expect(replayed).not.toBe(refused);
  });

  it("never loops: a server that always answers 401 sees exactly 2 attempts", async () => {
    const client = clientFor(mock);
    mock.fault({ operationId: INFO, status: 401, count: 100 });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, errorCode: mock.spec.errorCode(401), operation: INFO });
    expect((err as AuthenticationError).requestId).toBe(mock.answersTo(INFO).at(-1)!.requestId);
    expect(mock.count(INFO)).toBe(2);
    expect(mock.count(TOKEN)).toBe(2);
    expect(mock.mock.faults.list()[0]!.remaining).toBe(98);
  });

  it("does not retry 401 even with retries on, and concurrent 401s share one refresh", async () => {
    const client = clientFor(mock, { maxRetries: 2 });
    await client.getToken();
    mock.expireTokens(); // the mock's clock jumps: the cached token has expired there
    await Promise.all(Array.from({ length: 20 }, () => client.getConnectionInfo({ role: "recorder" })));
    expect(mock.count(TOKEN)).toBe(2);
    expect(mock.count(INFO)).toBe(40);
    expect(statuses(INFO).filter((s) => s === 401)).toHaveLength(20);
  });

  it("reports wrong credentials as an AuthenticationError of tokenByAkSk, without retries", async () => {
    const client = clientFor(mock, { appSecret: "not-the-secret" });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({
      operation: TOKEN,
      status: 401,
      errorReason: "app_key or app_secret: wrong credentials; use the app key and secret configured on the API Fabric",
    });
    expect(mock.count(TOKEN)).toBe(1);
    expect(mock.count(INFO)).toBe(0);
  });
});
