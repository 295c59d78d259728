import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { connect as tcpConnect } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { connectUrl, INFO_PATH, post, TOKEN_PATH } from "./helpers.js";

const CLI = fileURLToPath(new URL("../dist/cli.mjs", import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string | undefined> = {}): Run {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exit = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function listening(r: Run): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const match = /^listening on (http:\/\/\S+)\n/.exec(r.stdout());
    if (match) return match[1]!;
    if (r.child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`no listening line; stderr: ${r.stderr()}`);
}

describe("cobrowse-mock", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("prints one listening line, serves, and exits 0 on %s", async (signal) => {
    const r = run([], { PORT: "0", COBROWSE_APP_SECRET: "cli-secret-value" });
    const url = await listening(r);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await post(url + TOKEN_PATH, { app_key: "demo-app-key", app_secret: "cli-secret-value" });
    expect(answer.status).toBe(200);
    r.child.kill(signal);
    expect(await r.exit).toEqual({ code: 0, signal: null });
    expect(r.stdout()).toBe(`listening on ${url}\n`);
    expect(r.stderr()).toMatch(/signing key: random/);
    expect(r.stderr() + r.stdout()).not.toContain("cli-secret-value");
    expect(r.stderr() + r.stdout()).not.toContain((answer.body as { AccessToken: string }).AccessToken);
  });

  it("closes WebSocket clients (1001) and exits 0 on SIGTERM", async () => {
    const r = run([], { PORT: "0" });
    const url = await listening(r);
    const token = (await post(url + TOKEN_PATH, { app_key: "demo-app-key", app_secret: "demo-app-secret" })).body as {
      AccessToken: string;
    };
    const answer = await post(
      url + INFO_PATH,
      { role: "recorder" },
      {
        Authorization: `Bearer ${token.AccessToken}`,
        "x-app-key": "demo-app-key",
        "X-TenantSpaceID": "demo-tenant",
      },
    );
    const ws = new WebSocket(connectUrl((answer.body as { data: { wssUrl: string; connectParam: string } }).data));
    await new Promise((res, rej) => ws.once("open", res).once("error", rej));
    const closed = new Promise<number>((res) => ws.once("close", (code: number) => res(code)));
    r.child.kill("SIGTERM");
    expect(await closed).toBe(1001);
    expect(await r.exit).toEqual({ code: 0, signal: null });
  });

  it("logs each request to stderr with MOCK_ACCESS_LOG=on, without secrets or tokens", async () => {
    const r = run([], { PORT: "0", MOCK_ACCESS_LOG: "on" });
    const url = await listening(r);
    const answer = await post(
      url + TOKEN_PATH,
      { app_key: "demo-app-key", app_secret: "demo-app-secret" },
      { "X-Request-Id": "trace-1" },
    );
    await post(
      url + INFO_PATH,
      { role: "recorder" },
      { Authorization: `Bearer ${(answer.body as { AccessToken: string }).AccessToken}` },
    );
    r.child.kill("SIGTERM");
    await r.exit;
    expect(r.stderr()).toMatch(new RegExp(`POST ${TOKEN_PATH} 200 [0-9.]+ms id=trace-1\n`));
    expect(r.stderr()).toMatch(new RegExp(`POST ${INFO_PATH} 401 [0-9.]+ms id=\\S+\n`));
    expect(r.stderr()).not.toContain("demo-app-secret");
    expect(r.stderr()).not.toContain((answer.body as { AccessToken: string }).AccessToken);
  });

  it("honours HOST, PORT and --port", async () => {
    const probe = run(["--port", "0"], { HOST: "127.0.0.1", PORT: "1" });
    const url = await listening(probe);
    expect(url).not.toMatch(/:1$/);
    probe.child.kill("SIGTERM");
    await probe.exit;
  });

  it("prints its version and usage, and refuses unknown options with exit status 2", async () => {
    const version = run(["--version"]);
    expect((await version.exit).code).toBe(0);
    expect(version.stdout()).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = run(["--help"]);
    expect((await help.exit).code).toBe(0);
    expect(help.stdout()).toContain("cobrowse-mock exec [--chaos SETTINGS] -- <command>");
    const bad = run(["--bogus"]);
    expect((await bad.exit).code).toBe(2);
    expect(bad.stderr()).toContain("--bogus");
  });

  it("refuses a bad PORT naming it, with exit status 1", async () => {
    const r = run([], { PORT: "http" });
    expect((await r.exit).code).toBe(1);
    expect(r.stderr()).toContain("PORT");
  });

  it("takes the payload limit, the heartbeat and the request timeout from the environment", async () => {
    const r = run([], {
      PORT: "0",
      COBROWSE_MOCK_WS_MAX_PAYLOAD_BYTES: "1024",
      COBROWSE_MOCK_WS_HEARTBEAT_MS: "500",
      COBROWSE_MOCK_REQUEST_TIMEOUT_MS: "800",
    });
    const url = await listening(r);
    try {
      const token = (await post(url + TOKEN_PATH, { app_key: "demo-app-key", app_secret: "demo-app-secret" })).body as {
        AccessToken: string;
      };
      const info = async () =>
        (
          (
            await post(
              url + INFO_PATH,
              { role: "recorder" },
              {
                Authorization: `Bearer ${token.AccessToken}`,
                "x-app-key": "demo-app-key",
                "X-TenantSpaceID": "demo-tenant",
              },
            )
          ).body as {
            data: { wssUrl: string; connectParam: string };
          }
        ).data;
      const big = new WebSocket(connectUrl(await info()));
      await new Promise((res, rej) => big.once("open", res).once("error", rej));
      const tooBig = new Promise<number>((res) => big.once("close", (code: number) => res(code)));
      big.send("x".repeat(2048));
      expect(await tooBig).toBe(1009);
      const deaf = new WebSocket(connectUrl(await info()), { autoPong: false });
      await new Promise((res, rej) => deaf.once("open", res).once("error", rej));
      const t0 = performance.now();
      await new Promise((res) => deaf.once("close", res));
      expect(performance.now() - t0).toBeLessThan(5000); // the default heartbeat is 30 s
      const { port } = new URL(url);
      const slow = await new Promise<string>((resolve) => {
        const socket = tcpConnect(Number(port), "127.0.0.1");
        let text = "";
        socket.on("data", (c: Buffer) => (text += c.toString()));
        socket.on("close", () => resolve(text));
        socket.write(
          `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
        );
      });
      expect(slow).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      r.child.kill("SIGTERM");
      await r.exit;
    }
  });

  it("does not mention the random signing key when one is configured", async () => {
    const r = run([], { PORT: "0", COBROWSE_MOCK_SIGNING_KEY: "k" });
    await listening(r);
    r.child.kill("SIGTERM");
    await r.exit;
    expect(r.stderr()).not.toMatch(/signing key: random/);
  });
});

describe("cobrowse-mock --chaos", () => {
  it("turns the chaos mode on for the default scope (also from COBROWSE_MOCK_CHAOS), and refuses bad settings naming the flag", async () => {
    const r = run(["--chaos", "seed=4,rate=1,kinds=unavailable"], { PORT: "0", MOCK_CONTROL: "on" });
    const url = await listening(r);
    expect((await post(url + TOKEN_PATH, { app_key: "demo-app-key", app_secret: "demo-app-secret" })).status).toBe(503);
    expect(await (await fetch(`${url}/__mock/chaos`)).json()).toMatchObject({
      scope: "",
      active: true,
      settings: { seed: 4, rate: 1 },
      requests: 1,
      faults: { unavailable: 1 },
    });
    expect(r.stderr()).toMatch(/chaos: on in the default scope \(seed 4, rate 1\)/);
    r.child.kill("SIGTERM");
    await r.exit;

    const env = run([], { PORT: "0", MOCK_CONTROL: "on", COBROWSE_MOCK_CHAOS: '{"seed":8}' });
    const envUrl = await listening(env);
    expect(await (await fetch(`${envUrl}/__mock/chaos`)).json()).toMatchObject({
      active: true,
      settings: { seed: 8, rate: 0.3 },
    });
    env.child.kill("SIGTERM");
    await env.exit;

    for (const [args, vars, message] of [
      [
        ["--chaos", "seed=1,rate=2"],
        {},
        /cannot start: chaos \(COBROWSE_MOCK_CHAOS, --chaos\): rate: must be a number from 0 to 1/,
      ],
      [["--chaos", "seed"], {}, /cannot start: --chaos: "seed" is not key=value/],
      [[], { COBROWSE_MOCK_CHAOS: "{oops" }, /cannot start: COBROWSE_MOCK_CHAOS: is not valid JSON/],
    ] as const) {
      const bad = run([...args], { PORT: "0", ...vars });
      expect((await bad.exit).code).toBe(1);
      expect(bad.stderr()).toMatch(message);
    }
  });

  it("works through exec: exec --chaos <settings> -- <command>", async () => {
    const probe = `
      const token = process.env.COBROWSE_MOCK_CONTROL_TOKEN;
      const res = await fetch(process.env.COBROWSE_BASE_URL + "${TOKEN_PATH}", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ app_key: process.env.COBROWSE_APP_KEY, app_secret: process.env.COBROWSE_APP_SECRET }) });
      const chaos = await (await fetch(process.env.COBROWSE_MOCK_CONTROL_URL + "/chaos", { headers: { authorization: "Bearer " + token } })).json();
      console.log(JSON.stringify({ status: res.status, chaos }));`;
    for (const args of [
      ["exec", "--chaos", '{"seed":6,"rate":1,"kinds":["unavailable"]}', "--"],
      ["exec", "--chaos=seed=6,rate=1,kinds=unavailable", "--"],
    ]) {
      const r = run([...args, process.execPath, "--input-type=module", "-e", probe]);
      expect((await r.exit).code).toBe(0);
      expect(JSON.parse(r.stdout().trim())).toMatchObject({
        status: 503,
        chaos: { active: true, settings: { seed: 6 }, requests: 1 },
      });
    }
    const missing = run(["exec", "--chaos"]);
    expect((await missing.exit).code).toBe(2);
    expect(missing.stderr()).toMatch(/--chaos needs settings/);
  });
});

describe("cobrowse-mock exec", () => {
  const script = `
    const base = process.env.COBROWSE_BASE_URL;
    const res = await fetch(base + "${TOKEN_PATH}", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ app_key: process.env.COBROWSE_APP_KEY, app_secret: process.env.COBROWSE_APP_SECRET }) });
    console.log(JSON.stringify({ base, status: res.status, tenant: process.env.COBROWSE_TENANT_SPACE_ID, control: process.env.COBROWSE_MOCK_CONTROL_URL ?? null }));
    process.exit(Number(process.argv[1] ?? 0));`;

  it("runs the command against the mock and exits with its status", async () => {
    const ok = run(["exec", "--", process.execPath, "--input-type=module", "-e", script, "0"]);
    expect((await ok.exit).code).toBe(0);
    const line = JSON.parse(ok.stdout().trim()) as { base: string; status: number; tenant: string };
    expect(line.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line.status).toBe(200);
    expect(line.tenant).toBe("demo-tenant");
    expect((line as { control?: string }).control).toBe(`${line.base}/__mock`);
    // The mock is gone once exec returns.
    await expect(fetch(line.base + TOKEN_PATH)).rejects.toThrow();

    const failing = run(["exec", "--", process.execPath, "--input-type=module", "-e", script, "3"]);
    expect((await failing.exit).code).toBe(3);
  });

  it("passes configured credentials to the command", async () => {
    const r = run(["exec", "--", process.execPath, "--input-type=module", "-e", script], {
      COBROWSE_APP_KEY: "exec-key",
      COBROWSE_APP_SECRET: "exec-secret",
      COBROWSE_TENANT_SPACE_ID: "exec-tenant",
    });
    expect((await r.exit).code).toBe(0);
    expect(JSON.parse(r.stdout().trim())).toMatchObject({ status: 200, tenant: "exec-tenant" });
  });

  it("enables the control API for the command, with a token and URL in its environment", async () => {
    const probe = `
      const url = process.env.COBROWSE_MOCK_CONTROL_URL, token = process.env.COBROWSE_MOCK_CONTROL_TOKEN;
      const inject = (headers) => fetch(url + "/faults", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ status: 503 }) });
      const without = await inject({});
      const withToken = await inject({ authorization: "Bearer " + token, "x-mock-scope": "exec-test" });
      const scoped = await fetch(process.env.COBROWSE_BASE_URL + "${TOKEN_PATH}", { method: "POST", headers: { "content-type": "application/json", "x-mock-scope": "exec-test" },
        body: JSON.stringify({ app_key: process.env.COBROWSE_APP_KEY, app_secret: process.env.COBROWSE_APP_SECRET }) });
      console.log(JSON.stringify({ url, tokenLength: token.length, without: without.status, withToken: withToken.status, scoped: scoped.status }));`;
    const r = run(["exec", "--", process.execPath, "--input-type=module", "-e", probe]);
    expect((await r.exit).code).toBe(0);
    const line = JSON.parse(r.stdout().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/__mock$/),
      without: 401,
      withToken: 201,
      scoped: 503,
    });
    expect(line.tokenLength).toBeGreaterThanOrEqual(32);
  });

  it("exits 127 for a command that does not exist", async () => {
    const r = run(["exec", "--", "definitely-not-a-command-xyz"]);
    expect((await r.exit).code).toBe(127);
    expect(r.stderr()).toContain("command not found");
  });

  it("exits 2 without a command", async () => {
    const r = run(["exec"]);
    expect((await r.exit).code).toBe(2);
  });
});
