// The shared test harness (helpers/mock.ts) checks every normal answer the client gets from the
// mock against the spec, and every test's afterEach fails on a violation. These show the check
// can fail: answers injected without the fault marker stand for a mock that broke the spec.
import { describe, expect, it } from "vitest";
import { clientFor } from "./helpers/client.js";
import { FAULT_HEADER, INFO, startMock, TOKEN } from "./helpers/mock.js";

describe("the mock harness", () => {
  it("flags an answer whose body or headers break the spec, and fails close()", async () => {
    const mock = await startMock();
    const client = clientFor(mock, { maxRetries: 0 });
    mock.mock.faults.inject({ operationId: TOKEN, status: 200, body: { AccessToken: "t", Expires: 600 } });
    // The client takes it (a number for Expires, no ApplyType or CreateTime); the spec does not.
    await expect(client.getToken()).resolves.toMatchObject({ accessToken: "t" });
    mock.mock.faults.inject({ operationId: INFO, status: 503, headers: { "X-Request-Id": "r".repeat(129) } });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toMatchObject({ status: 503 });
    expect(mock.violations).toEqual([
      "tokenByAkSk answered 200, against the spec: body /ApplyType: is required; body /CreateTime: is required; body /Expires: must be of type string",
      "getConnectionInfo answered 503, against the spec: header X-Request-Id: must NOT have more than 128 characters",
    ]);
    await expect(mock.close()).rejects.toThrow("the mock's answers broke the spec");
  });

  it("skips the answers of faults (marked), checks the mock's own, and records what was sent and issued", async () => {
    const mock = await startMock();
    const client = clientFor(mock, { maxRetries: 0 });
    mock.fault({ operationId: INFO, status: 502, rawBody: "Bad Gateway" });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toMatchObject({ status: 502 });
    await expect(client.getConnectionInfo({ role: "recorder" })).resolves.toMatchObject({
      data: { roomId: expect.any(String) },
    });
    await expect(
      clientFor(mock, { tenantSpaceId: "unknown-tenant" }).getConnectionInfo({ role: "recorder" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(mock.violations).toEqual([]);
    expect(mock.sent.map((s) => s.operationId)).toEqual([TOKEN, INFO, INFO, TOKEN, INFO]);
    expect(mock.tokens).toHaveLength(2);
    expect(mock.answersTo(INFO).map((a) => a.status)).toEqual([502, 200, 404]);
    expect(FAULT_HEADER).toBe("x-test-fault");
    await mock.close();
  });
});
