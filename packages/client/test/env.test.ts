import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigurationError, fromEnv } from "../src/index.js";
import { envOf, INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

describe("fromEnv", () => {
  it("reads the four COBROWSE_ variables", async () => {
    const client = fromEnv(envOf(mock));
    expect(client.baseUrl).toBe(mock.url);
    const r = await client.getConnectionInfo({ roomId: "env-room", role: "replayer" });
    expect(r.data.roomId).toBe("env-room");
  });

  it("reads process.env by default", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, envOf(mock));
    try {
      await expect(fromEnv().getConnectionInfo({ role: "recorder" })).resolves.toBeDefined();
    } finally {
      for (const k of Object.keys(envOf(mock))) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  it("names the missing variable", () => {
    for (const name of ["COBROWSE_BASE_URL", "COBROWSE_APP_KEY", "COBROWSE_APP_SECRET", "COBROWSE_TENANT_SPACE_ID"]) {
      const env: Record<string, string | undefined> = envOf(mock);
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
    expect(mock.arrivals).toHaveLength(0);
  });

  it("lets overrides win, including a tokenProvider instead of the secret", async () => {
    const env: Record<string, string | undefined> = {
      ...envOf(mock),
      COBROWSE_APP_SECRET: undefined,
      COBROWSE_BASE_URL: "https://unused.example.com",
    };
    const client = fromEnv(env, {
      baseUrl: mock.url,
      tokenProvider: async () => "external-token",
      maxRetries: 0,
      fetch: mock.fetch,
    });
    expect(client.baseUrl).toBe(mock.url);
    // The mock did not sign that token: one 401, one more provider call, one replay.
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toMatchObject({ name: "AuthenticationError" });
    expect(mock.count(TOKEN)).toBe(0);
    expect(mock.count(INFO)).toBe(2);
    expect(mock.answersTo(INFO).map((a) => a.status)).toEqual([401, 401]);
  });
});
