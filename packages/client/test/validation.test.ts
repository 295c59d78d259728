import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CobrowseClient, ConfigurationError, ValidationError, createCobrowseClient } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { type FakeServer, startFakeServer } from "./helpers/fake-server.js";

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeServer();
});
afterEach(() => fake.close());

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
    expect(configError({ ...base, tokenExpire: 0 }).field).toBe("tokenExpire");
    expect(configError({ ...base, tokenExpire: 86401 }).field).toBe("tokenExpire");
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
    for (const url of ["http://127.0.0.1:1", "http://127.1.2.3", "http://localhost:8080", "http://[::1]:9000", "https://cobrowse.example.com/prefix/"]) {
      expect(() => createCobrowseClient({ ...base, baseUrl: url })).not.toThrow();
    }
    const c = createCobrowseClient({ ...base, baseUrl: "http://cobrowse.example.com/", allowInsecureHttp: true });
    expect(c.baseUrl).toBe("http://cobrowse.example.com");
  });
});

describe("request checks", () => {
  it("refuses a role outside the enum before anything is sent", async () => {
    const client = clientFor(fake);
    for (const role of ["agent", undefined, "", 42]) {
      const err = await client.getConnectionInfo({ role } as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).field).toBe("/role");
      expect((err as Error).message).toContain('must be one of "recorder", "replayer"');
    }
    await expect(client.getConnectionInfo(null as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(client.getConnectionInfo({ role: "recorder", roomId: 5 } as never)).rejects.toMatchObject({ field: "/roomId" });
    expect(fake.hits).toHaveLength(0);
  });
});
