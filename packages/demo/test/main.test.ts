import { fileURLToPath } from "node:url";
import { type MockServer, startMockServer } from "@cec-cobrowse/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "./helpers.js";

const main = fileURLToPath(new URL("../dist/main.mjs", import.meta.url));

/** Runs the built demo with `env` on top of a clean environment; resolves with its output. */
const runDemo = (env: Record<string, string>) => runNode([main], env);

describe("pnpm start (embedded mock)", () => {
  it("runs every step and exits 0", async () => {
    const { code, stdout, stderr } = await runDemo({});
    expect(stderr).toBe("");
    expect(code).toBe(0);
    for (const label of ["mock", "token", "customer", "agent", "sockets", "event", "control"]) {
      expect(stdout).toMatch(new RegExp(`^\\[\\d/7\\] ${label} `, "m"));
    }
    const room = /created room ([0-9a-f-]{36})/.exec(stdout)?.[1];
    expect(room, stdout).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stdout).toContain(`roomId=${room}) joined the same room`);
    expect(stdout).not.toContain("demo-app-secret");
  }, 30_000);
});

describe("pnpm start against a deployment (COBROWSE_BASE_URL)", () => {
  const secret = "s3cret-never-printed-Zq9";
  let deployment: MockServer;
  beforeAll(async () => {
    deployment = await startMockServer({
      port: 0,
      credentials: { appKey: "team-app", appSecret: secret, tenantSpaceId: "team-tenant" },
    });
  });
  afterAll(() => deployment.close());

  const env = () => ({
    COBROWSE_BASE_URL: deployment.url,
    COBROWSE_APP_KEY: "team-app",
    COBROWSE_APP_SECRET: secret,
    COBROWSE_TENANT_SPACE_ID: "team-tenant",
  });

  it("runs the HTTP part against it and exits 0", async () => {
    const { code, stdout, stderr } = await runDemo(env());
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`target     ${deployment.url} (from COBROWSE_BASE_URL)`);
    expect(stdout).toMatch(/^\[4\/7\] agent /m);
    expect(stdout).not.toMatch(/^\[5\/7\]/m);
    expect(stdout).not.toContain(secret);
  }, 30_000);

  it("fails with exit 1 and a clear message on a wrong secret, without printing it", async () => {
    const wrong = "wrong-secret-also-hidden-Xy7";
    const { code, stdout, stderr } = await runDemo({ ...env(), COBROWSE_APP_SECRET: wrong });
    expect(code).toBe(1);
    expect(stderr).toMatch(/demo failed: .*(401|authentic)/i);
    expect(stdout + stderr).not.toContain(wrong);
    expect(stdout + stderr).not.toContain(secret);
  }, 30_000);

  it("names the missing variable when the configuration is incomplete", async () => {
    const { code, stderr } = await runDemo({ COBROWSE_BASE_URL: deployment.url, COBROWSE_APP_KEY: "team-app" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/COBROWSE_(APP_SECRET|TENANT_SPACE_ID)/);
  }, 30_000);
});
