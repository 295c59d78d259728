// The main job and the contract suite against the sandbox (`pnpm sandbox`: Redis, two replicas
// of the mock and nginx on loopback), as a team would point them at it: COBROWSE_BASE_URL and
// the demo credentials. Needs redis-server and nginx (apt-get install redis-server nginx-light).
import { fileURLToPath } from "node:url";
import { type Sandbox, startSandbox } from "@cec-cobrowse/mock-server/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "./helpers.js";

const main = fileURLToPath(new URL("../dist/main.mjs", import.meta.url));
const contract = fileURLToPath(new URL("../../contract-tests/scripts/contract.mjs", import.meta.url));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ replicas: 2 });
}, 60_000);
afterAll(() => sandbox?.stop());

describe("against the sandbox (two replicas behind nginx, Redis)", () => {
  it("pnpm start (the main job) runs and exits 0", async () => {
    const { code, stdout, stderr } = await runNode([main], sandbox.env);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`target     ${sandbox.url} (from COBROWSE_BASE_URL)`);
    expect(stdout).toMatch(/^\[4\/7\] agent .* joined the same room/m);
  }, 60_000);

  it("pnpm contract (the contract suite) passes every check, the room's WebSocket and the injected statuses included, with full coverage", async () => {
    const { code, stdout, stderr } = await runNode(
      [contract, "--websocket", "--fault-control", "/__mock/faults", "--min-coverage", "100", "--cases", "50"],
      sandbox.env,
    );
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toMatch(/^\d+ passed, 0 vendor failures, 0 decision failures, 0 skipped/m);
    expect(stdout + stderr).not.toContain(sandbox.controlToken);
  }, 120_000);
});
