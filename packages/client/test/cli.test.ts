// The `cobrowse` CLI (dist/cli.mjs) against the reference mock: JSON out, a distinct exit code
// per error class, the secret never printed (the token only when asked), --help.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envOf, INFO, startMock, type TestMock } from "./helpers/mock.js";

const CLI = path.join(__dirname, "..", "dist", "cli.mjs");
let mock: TestMock;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cobrowse(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const base = { PATH: process.env.PATH, ...envOf(mock) };
  const child = spawn(process.execPath, [CLI, ...args], {
    env: Object.fromEntries(
      Object.entries({ ...base, ...env }).filter(([, v]) => v !== undefined),
    ) as NodeJS.ProcessEnv,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("cobrowse CLI", () => {
  it("shows --help with the commands, the environment and the exit codes", async () => {
    const r = await cobrowse(["--help"]);
    expect(r.code).toBe(0);
    for (const text of [
      "cobrowse token",
      "cobrowse connection-info --role",
      "COBROWSE_APP_SECRET",
      "5 AuthenticationError",
      "9 TimeoutError",
    ])
      expect(r.stdout).toContain(text);
  });

  it("token: prints the lifetime and a masked token; the full token only with --show-token; never the secret", async () => {
    const r = await cobrowse(["token"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; accessToken: string; expiresIn: number };
    expect(out.ok).toBe(true);
    expect(out.expiresIn).toBeGreaterThan(0);
    expect(out.accessToken).toMatch(/characters; --show-token prints it/);
    const shown = await cobrowse(["token", "--show-token"]);
    const full = JSON.parse(shown.stdout).accessToken as string;
    expect(full).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(out.accessToken).toContain(`(${full.length} characters`);
    expect(out.accessToken.length).toBeLessThan(full.length);
    expect(r.stdout + r.stderr + shown.stdout + shown.stderr).not.toContain(mock.creds.appSecret);
  });

  it("connection-info: prints the room's connection information as JSON", async () => {
    const r = await cobrowse(["connection-info", "--role", "replayer", "--room-id", "cli-room", "--work-no", "667"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      roomId: "cli-room",
      wssUrl: expect.stringMatching(/^ws:/),
      connectParam: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it.each([
    ["a usage error", ["frobnicate"], {}, 2, undefined],
    ["a missing variable", ["token"], { COBROWSE_APP_SECRET: undefined }, 3, "ConfigurationError"],
    ["a role outside the enum", ["connection-info", "--role", "agent"], {}, 4, "ValidationError"],
    ["a wrong secret", ["token"], { COBROWSE_APP_SECRET: "wrong-cli-secret-51f0" }, 5, "AuthenticationError"],
  ] as const)("exits with its own code for %s", async (_what, args, env, code, error) => {
    const r = await cobrowse([...args], env);
    expect(r.code).toBe(code);
    if (error) expect(JSON.parse(r.stderr)).toMatchObject({ ok: false, error });
    expect(r.stdout + r.stderr).not.toContain("wrong-cli-secret-51f0");
  });

  it("exits 8 for a server error after the retries, and 7 for rate limiting", async () => {
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0, count: 3 });
    const failed = await cobrowse(["connection-info", "--role", "recorder", "--max-retries", "2"]);
    expect(failed.code).toBe(8);
    expect(JSON.parse(failed.stderr)).toMatchObject({
      error: "InternalServerError",
      status: 503,
      requestId: expect.any(String),
    });
    mock.fault({ operationId: INFO, status: 429, retryAfter: 0 });
    expect((await cobrowse(["connection-info", "--role", "recorder", "--max-retries", "0"])).code).toBe(7);
  });

  it("exits 11 for an answer over the cap (16 MiB)", async () => {
    mock.fault({ operationId: INFO, flood: { bytes: 20 * 1024 * 1024 } });
    const r = await cobrowse(["connection-info", "--role", "recorder"]);
    expect(r.code).toBe(11);
    expect(JSON.parse(r.stderr)).toMatchObject({ ok: false, error: "ResponseTooLargeError" });
  });
});
