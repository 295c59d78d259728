// The hermetic wrapper of pnpm test, test:soak and bench: the shell's deployment and mock
// settings never reach the servers the tests start.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hermetic } from "../hermetic.mjs";

const SCRIPT = path.join(import.meta.dirname, "..", "hermetic.mjs");
const SHELL = {
  COBROWSE_BASE_URL: "https://gateway.example.com",
  COBROWSE_APP_KEY: "shell-app-key",
  COBROWSE_APP_SECRET: "shell-app-secret",
  COBROWSE_TENANT_SPACE_ID: "shell-tenant",
  COBROWSE_MOCK_SIGNING_KEY: "shell-signing-key",
  COBROWSE_MOCK_CHAOS: "seed=7",
  MOCK_CONTROL: "on",
};

describe("scripts/hermetic.mjs", () => {
  it("leaves out a deployment's and a mock's settings, and keeps everything else", () => {
    const { env, left } = hermetic({
      ...SHELL,
      PATH: "/usr/bin",
      COBROWSE_LOG: "debug",
      COBROWSE_DOCS_URL: "https://docs.example.com/",
      COBROWSE_SCENARIOS: "/tmp/s.json",
    });
    expect(env).toEqual({
      PATH: "/usr/bin",
      COBROWSE_LOG: "debug",
      COBROWSE_DOCS_URL: "https://docs.example.com/",
      COBROWSE_SCENARIOS: "/tmp/s.json",
    });
    expect(left).toEqual(Object.keys(SHELL).sort());
  });

  it("runs the command without them, says which it left out, and passes its exit code on", () => {
    const print =
      "process.stdout.write(JSON.stringify(Object.keys(process.env).filter((k) => /COBROWSE|MOCK/.test(k)))); process.exit(3)";
    const r = spawnSync(process.execPath, [SCRIPT, process.execPath, "-e", print], {
      env: { ...process.env, ...SHELL, COBROWSE_LOG: "warn" },
      encoding: "utf8",
    });
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual(["COBROWSE_LOG"]);
    expect(r.stderr).toContain("hermetic: COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_BASE_URL");
    expect(r.stderr).not.toContain("shell-app-secret");
  });

  it("says nothing when the shell holds none, and refuses no command", () => {
    const clean = hermetic(process.env).env;
    const r = spawnSync(process.execPath, [SCRIPT, process.execPath, "-e", "0"], { env: clean, encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(spawnSync(process.execPath, [SCRIPT], { env: clean, encoding: "utf8" }).status).toBe(2);
  });
});
