// The sandbox's replicas and its clients share one set of credentials whatever the shell
// exports: with a deployment's COBROWSE_* set to other values (as the README suggests for
// `pnpm start` against a deployment), the replicas still accept what sandbox.env names, and not
// the shell's. Needs redis-server and nginx, as the other sandbox tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../sandbox/sandbox.mjs";
import { post, TOKEN_PATH } from "./helpers.js";

const SHELL = {
  COBROWSE_APP_KEY: "shell-app-key",
  COBROWSE_APP_SECRET: "shell-app-secret",
  COBROWSE_TENANT_SPACE_ID: "shell-tenant",
};

let sandbox: Sandbox;
const saved: Record<string, string | undefined> = {};
beforeAll(async () => {
  for (const [name, value] of Object.entries(SHELL)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  try {
    sandbox = await startSandbox({ replicas: 2 });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}, 60_000);
afterAll(() => sandbox?.stop());

describe("the sandbox under a shell that exports other credentials", () => {
  it("names the demo credentials in sandbox.env, and every replica accepts them", async () => {
    expect(sandbox.env).toMatchObject({
      COBROWSE_APP_KEY: "demo-app-key",
      COBROWSE_APP_SECRET: "demo-app-secret",
      COBROWSE_TENANT_SPACE_ID: "demo-tenant",
    });
    for (const replica of sandbox.replicas) {
      const answer = await post(replica.url + TOKEN_PATH, {
        app_key: sandbox.env.COBROWSE_APP_KEY,
        app_secret: sandbox.env.COBROWSE_APP_SECRET,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
  });

  it("refuses the shell's credentials: the replicas never read them", async () => {
    const answer = await post(sandbox.url + TOKEN_PATH, {
      app_key: SHELL.COBROWSE_APP_KEY,
      app_secret: SHELL.COBROWSE_APP_SECRET,
    });
    expect(answer.status).toBe(401);
  });
});
