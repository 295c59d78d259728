import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigurationError, fromEnv } from "../src/index.js";
import { type FakeServer, startFakeServer } from "./helpers/fake-server.js";

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeServer();
});
afterEach(() => fake.close());

const envOf = (f: FakeServer) => ({
  COBROWSE_BASE_URL: f.url,
  COBROWSE_APP_KEY: f.creds.appKey,
  COBROWSE_APP_SECRET: f.creds.appSecret,
  COBROWSE_TENANT_SPACE_ID: f.creds.tenantSpaceId,
});

describe("fromEnv", () => {
  it("reads the four COBROWSE_ variables", async () => {
    const client = fromEnv(envOf(fake));
    expect(client.baseUrl).toBe(fake.url);
    const r = await client.getConnectionInfo({ roomId: "env-room", role: "replayer" });
    expect(r.data.roomId).toBe("env-room");
  });

  it("reads process.env by default", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, envOf(fake));
    try {
      await expect(fromEnv().getConnectionInfo({ role: "recorder" })).resolves.toBeDefined();
    } finally {
      for (const k of Object.keys(envOf(fake))) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  it("names the missing variable", () => {
    for (const name of ["COBROWSE_BASE_URL", "COBROWSE_APP_KEY", "COBROWSE_APP_SECRET", "COBROWSE_TENANT_SPACE_ID"]) {
      const env: Record<string, string | undefined> = envOf(fake);
      delete env[name];
      let err: unknown;
      try {
        fromEnv(env);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigurationError);
      expect((err as ConfigurationError).field).toBe(name);
      expect((err as Error).message).toMatch(new RegExp(`^${name}: missing`));
    }
    expect(fake.hits).toHaveLength(0);
  });

  it("lets overrides win, including a tokenProvider instead of the secret", async () => {
    const env: Record<string, string | undefined> = { ...envOf(fake), COBROWSE_APP_SECRET: undefined, COBROWSE_BASE_URL: "https://unused.example.com" };
    const client = fromEnv(env, { baseUrl: fake.url, tokenProvider: async () => "external-token", maxRetries: 0 });
    expect(client.baseUrl).toBe(fake.url);
    // The fake does not know that token: one 401, one more provider call, one replay.
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toMatchObject({ name: "AuthenticationError" });
    expect(fake.count("tokenByAkSk")).toBe(0);
    expect(fake.count("getConnectionInfo")).toBe(2);
  });
});
