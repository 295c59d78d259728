import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  CobrowseError,
  ConfigurationError,
  createCobrowseClient,
  InternalServerError,
  NetworkError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  TimeoutError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

/** The error of a getConnectionInfo call that takes `fault` (each attempt of it: a 401 is replayed once). */
async function errorOf(fault: {
  status?: number;
  body?: unknown;
  rawBody?: string;
  applicationError?: { errorCode: number; errorReason: string };
}) {
  const client = clientFor(mock, { maxRetries: 0 });
  await client.getToken();
  mock.fault({ operationId: INFO, count: fault.status === 401 ? 2 : 1, ...fault });
  return client.getConnectionInfo({ role: "recorder" }).then(
    () => {
      throw new Error("expected an error");
    },
    (e: unknown) => e as Error,
  );
}

describe("error classes", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [404, NotFoundError],
    [405, ApiError],
    [413, PayloadTooLargeError],
    [415, UnsupportedMediaTypeError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ] as const)("maps HTTP %i to %o with status, errorCode, errorReason and request id", async (status, Class) => {
    const err = await errorOf({ status });
    expect(err).toBeInstanceOf(Class);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toBeInstanceOf(CobrowseError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe(Class.name);
    expect(err).toMatchObject({ status, errorCode: mock.spec.errorCode(status), operation: INFO });
    expect((err as ApiError).requestId).toBe(mock.answersTo(INFO).at(-1)!.requestId);
    expect((err as ApiError).errorReason).toEqual(expect.any(String));
    expect(err.message).toContain(`HTTP ${status}`);
    expect(err.message).toContain((err as ApiError).requestId);
  });

  it("carries the details of a 400 from the real server logic", async () => {
    const client = clientFor(mock);
    // The server's own checks: a tenant space it does not know (404), and one it cannot read (400, listed in details).
    const err = await clientFor(mock, { tenantSpaceId: "tenant-x" })
      .getConnectionInfo({ role: "recorder" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).errorReason).toBe(
      'X-TenantSpaceID: tenant space "tenant-x" does not exist; use the tenant space of your app',
    );
    const malformed = await clientFor(mock, { tenantSpaceId: "tenant\tx" })
      .getConnectionInfo({ role: "recorder" })
      .catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(BadRequestError);
    expect((malformed as BadRequestError).details).toEqual([
      { in: "header", name: "X-TenantSpaceID", message: expect.stringContaining("must match pattern") },
    ]);
    mock.fault({
      operationId: INFO,
      status: 400,
      body: {
        success: false,
        errorCode: 40000,
        errorReason: "body /roomId: too long",
        details: [{ in: "body", name: "/roomId", message: "too long" }],
      },
    });
    const bad = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BadRequestError);
    expect((bad as BadRequestError).details).toEqual([{ in: "body", name: "/roomId", message: "too long" }]);
  });

  it("treats a 200 with success: false as an ApiError", async () => {
    const err = await errorOf({ applicationError: { errorCode: 1234, errorReason: "room is closed" } });
    expect(err.constructor).toBe(ApiError);
    expect(err).toMatchObject({ status: 200, errorCode: 1234, errorReason: "room is closed" });
    expect(err.message).toContain("room is closed");
  });

  it("treats a 200 without data, or not JSON, as an ApiError", async () => {
    const noData = await errorOf({ status: 200, body: { success: true, errorCode: null, errorReason: null } });
    expect(noData).toBeInstanceOf(ApiError);
    expect((noData as ApiError).errorReason).toContain("no data");
    const notJson = await errorOf({ status: 200, rawBody: "<html>gateway</html>" });
    expect(notJson).toBeInstanceOf(ApiError);
    expect((notJson as ApiError).errorReason).toContain("not JSON");
  });

  it("keeps a non-JSON error body as text", async () => {
    const err = await errorOf({ status: 502, rawBody: "Bad Gateway" });
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as ApiError).body).toBe("Bad Gateway");
    expect((err as ApiError).errorCode).toBeUndefined();
  });

  it("rejects a token answer without AccessToken or Expires", async () => {
    const client = clientFor(mock, { maxRetries: 0 });
    mock.fault({ operationId: TOKEN, status: 200, body: { ApplyType: "Bearer", CreateTime: "1", Expires: "x" } });
    const err = await client.getToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ operation: TOKEN, status: 200 });
    expect((err as ApiError).errorReason).toBe("the answer lacks AccessToken or an Expires matching ^[0-9]{1,6}$");
    // An Expires the spec's pattern refuses (more than 6 digits) is refused too, token or not.
    mock.fault({
      operationId: TOKEN,
      status: 200,
      body: { AccessToken: "t.s", ApplyType: "Bearer", CreateTime: "1", Expires: "1234567" },
    });
    await expect(client.getToken()).rejects.toMatchObject({ operation: TOKEN, status: 200 });
  });

  it("reports a refused connection as a NetworkError with its cause", async () => {
    const port = mock.port;
    await mock.close();
    const client = createCobrowseClient({
      baseUrl: `http://127.0.0.1:${port}`,
      appKey: "k",
      appSecret: "s",
      tenantSpaceId: "t",
      maxRetries: 1,
      retryBaseDelayMs: 1,
    });
    const err = await client.getConnectionInfo({ role: "recorder" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ operation: TOKEN });
    expect(String((err as NetworkError).message)).toContain("ECONNREFUSED");
    expect(((err as NetworkError).cause as { cause?: { code?: string } }).cause?.code).toBe("ECONNREFUSED");
    mock = await startMock(); // for afterEach
  });

  it("names every error class distinctly", () => {
    const all = [
      CobrowseError,
      ConfigurationError,
      ValidationError,
      ApiError,
      BadRequestError,
      AuthenticationError,
      NotFoundError,
      PayloadTooLargeError,
      UnsupportedMediaTypeError,
      RateLimitError,
      InternalServerError,
      TimeoutError,
      NetworkError,
      AbortError,
    ];
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
    expect(new TimeoutError("getConnectionInfo", 5).name).toBe("TimeoutError");
    expect(new AbortError("getConnectionInfo", undefined)).toBeInstanceOf(CobrowseError);
  });
});
