import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getConnectionInfo, tokenLifetime } from "../src/generated/spec.js";
import { CobrowseClient, ConfigurationError, createCobrowseClient, ValidationError } from "../src/index.js";
import { checkBody } from "../src/internal/check-body.js";
import { clientFor } from "./helpers/client.js";
import { startMock, type TestMock } from "./helpers/mock.js";

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

/** The ValidationError checkBody throws for `body`, or undefined when it passes. */
function refusal(body: unknown): ValidationError | undefined {
  try {
    checkBody(body as never);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  return undefined;
}

const base = { baseUrl: "https://cobrowse.example.com", appKey: "k", appSecret: "s", tenantSpaceId: "t" };

function configError(options: object): ConfigurationError {
  try {
    createCobrowseClient(options as never);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return e as ConfigurationError;
  }
  throw new Error("expected a ConfigurationError");
}

describe("configuration checks", () => {
  it.each(["baseUrl", "appKey", "appSecret", "tenantSpaceId"])("names a missing %s and the fix", (field) => {
    const err = configError({ ...base, [field]: undefined });
    expect(err.field).toBe(field);
    expect(err.message).toMatch(new RegExp(`^${field}: missing; set it to `));
    expect(configError({ ...base, [field]: "  " }).field).toBe(field);
  });

  it("refuses bad values", () => {
    expect(configError({ ...base, baseUrl: "not a url" }).field).toBe("baseUrl");
    expect(configError({ ...base, baseUrl: "ftp://example.com" }).field).toBe("baseUrl");
    expect(configError({ ...base, tokenExpire: tokenLifetime.minimum - 1 }).field).toBe("tokenExpire");
    expect(configError({ ...base, tokenExpire: tokenLifetime.maximum + 1 }).message).toBe(
      `tokenExpire: must be a whole number from ${tokenLifetime.minimum} to ${tokenLifetime.maximum}`,
    );
    expect(() => createCobrowseClient({ ...base, tokenExpire: tokenLifetime.maximum })).not.toThrow();
    expect(configError({ ...base, tokenExpire: 1.5 }).field).toBe("tokenExpire");
    expect(configError({ ...base, maxRetries: -1 }).field).toBe("maxRetries");
    expect(configError({ ...base, timeoutMs: 0 }).field).toBe("timeoutMs");
    expect(configError({ ...base, tokenProvider: "x" }).field).toBe("tokenProvider");
    expect(configError({ ...base, tokenProvider: () => "t" }).message).toContain("either appSecret or tokenProvider");
    expect(configError(undefined as never).field).toBe("options");
    expect(() => new CobrowseClient(base, undefined as never)).toThrow(/createCobrowseClient\(\)/);
  });

  it("refuses plain http to a host that is not loopback, unless allowed", () => {
    const err = configError({ ...base, baseUrl: "http://cobrowse.example.com" });
    expect(err.field).toBe("baseUrl");
    expect(err.message).toContain("allowInsecureHttp");
    expect(configError({ ...base, baseUrl: "http://10.0.0.8:8080" }).field).toBe("baseUrl");
    expect(configError({ ...base, baseUrl: "http://localhost.example.com" }).field).toBe("baseUrl");
    for (const url of [
      "http://127.0.0.1:1",
      "http://127.1.2.3",
      "http://localhost:8080",
      "http://[::1]:9000",
      "https://cobrowse.example.com/prefix/",
    ]) {
      expect(() => createCobrowseClient({ ...base, baseUrl: url })).not.toThrow();
    }
    const c = createCobrowseClient({ ...base, baseUrl: "http://cobrowse.example.com/", allowInsecureHttp: true });
    expect(c.baseUrl).toBe("http://cobrowse.example.com");
  });
});

describe("request checks", () => {
  it("refuses a role outside the enum before anything is sent", async () => {
    const client = clientFor(mock);
    for (const role of ["agent", undefined, "", 42]) {
      const err = await client.getConnectionInfo({ role } as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).field).toBe("/role");
      expect((err as Error).message).toContain('must be one of "recorder", "replayer"');
    }
    await expect(client.getConnectionInfo(null as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(client.getConnectionInfo({ role: "recorder", roomId: 5 } as never)).rejects.toMatchObject({
      field: "/roomId",
    });
    expect(mock.arrivals).toHaveLength(0);
  });

  it("holds every field to the spec's limits, naming the field and the fix", () => {
    expect(refusal({ role: "recorder", userName: "x".repeat(257) })?.message).toBe(
      "body /userName: must be a string of 1 to 256 characters, got a string of 257 characters",
    );
    expect(refusal({ role: "recorder", workNo: "" })?.message).toBe(
      'body /workNo: must be a string of 1 to 64 characters, got ""',
    );
    expect(refusal({ role: "recorder", roomId: "bell\u0007" })?.message).toBe(
      'body /roomId: must be a string of 1 to 128 characters matching ^[^\\x00-\\x1F\\x7F-\\x9F]*$, got "bell\\u0007"',
    );
    expect(refusal({ role: "recorder", roomid: "r-1" })?.message).toBe(
      "body /roomid: is not a known field; remove it (the fields are roomId, userId, userName, workNo, role)",
    );
    expect(refusal({})?.message).toBe('body /role: is missing; it must be one of "recorder", "replayer"');
    expect(refusal([])?.message).toBe('body : pass an object such as {"role":"replayer"}');
    // At the limits, and with fields left undefined (JSON drops them), bodies pass.
    expect(
      refusal({
        role: "replayer",
        roomId: "a".repeat(128),
        userId: "u",
        userName: "n".repeat(256),
        workNo: "w".repeat(64),
        extra: undefined,
      }),
    ).toBeUndefined();
    // Lengths count characters (code points), as the server's JSON Schema does: 256 emoji fit.
    expect(refusal({ role: "recorder", userName: "😀".repeat(256) })).toBeUndefined();
    expect(refusal({ role: "recorder", userName: "😀".repeat(257) })?.field).toBe("/userName");
  });

  it("refuses what the mock refuses and passes what it takes (the same rules, from the same spec)", async () => {
    const client = clientFor(mock, { maxRetries: 0 });
    const { accessToken } = await client.getToken();
    const bodies: unknown[] = [
      { role: "recorder" },
      { role: "viewer" },
      { role: "replayer", roomId: "1001202404", userId: "u-1", userName: "Alex Doe", workNo: "667" },
      { role: "replayer", roomId: "a".repeat(128) },
      { role: "replayer", roomId: "a".repeat(129) },
      { role: "replayer", roomId: "room 1" },
      { role: "replayer", roomId: "room:1.a_b-c" },
      { role: "recorder", userName: "" },
      { role: "recorder", userName: "😀".repeat(256) },
      { role: "recorder", userName: "😀".repeat(257) },
      { role: "recorder", workNo: "w".repeat(65) },
      { role: "recorder", workNo: 667 },
      { role: "recorder", nickname: "Al" },
      { roomId: "r-1" },
    ];
    for (const body of bodies) {
      // Sent as is through the raw client (no pre-send check): the mock's verdict.
      const { response, error } = await client.raw.request(getConnectionInfo.method, getConnectionInfo.path, {
        body: body as never,
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      const server =
        response.status === 400 ? (error as { details: Array<{ name: string }> }).details.map((d) => d.name) : [];
      expect([response.status, body]).toEqual([server.length > 0 ? 400 : 200, body]);
      const local = refusal(body);
      expect([local?.field, body]).toEqual([server[0], body]);
    }
  });
});
