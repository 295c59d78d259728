// Real client traffic through `cobrowse-contract proxy` (the built bin, --preserve-host so the
// mock's WebSocket URLs name the proxy) to the reference mock: the main job (packages/demo), the
// TypeScript client's flow with both WebSockets and the faults it handles, and the Python, Go
// and Java clients' scenario runners pointed at the proxy. The proxy sees
// zero violations; its recording, judged again by `validate`, gives the same judgement.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type CobrowseClient, connectUrl, createCobrowseClient, createNodeFetch } from "@cec-cobrowse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Report } from "../src/index.js";
import { cli } from "./support/cli.js";
import { type RunningProxy, startProxyCli } from "./support/proxy.js";
import { CONTROL_TOKEN, mock, packageDir } from "./support/servers.js";

const dir = mkdtempSync(join(tmpdir(), "contract-proxy-traffic-"));
const har = join(dir, "traffic.har");
const jsonOut = join(dir, "report.json");
let server: Awaited<ReturnType<typeof mock>>;
let proxy: RunningProxy;
let stopped: { code: number; stdout: string; stderr: string };

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd = dir,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? "", ...env },
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const client = (extra: Partial<Parameters<typeof createCobrowseClient>[0]> = {}): CobrowseClient =>
  createCobrowseClient({
    baseUrl: proxy.url,
    appKey: server.target.appKey,
    appSecret: server.target.appSecret,
    tenantSpaceId: server.target.tenantSpaceId,
    fetch: createNodeFetch({ proxy: false }),
    ...extra,
  });

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_q, res) => reject(new Error(`refused: ${res.statusCode}`)));
    ws.once("error", reject);
  });
}
const next = (ws: WebSocket) => new Promise<string>((resolve) => ws.once("message", (d) => resolve(String(d))));

const PYTHON = join(packageDir, "..", "client-python");
const python = join(PYTHON, ".venv", "bin", "python");

beforeAll(async () => {
  server = await mock();
  proxy = await startProxyCli(
    [
      "--target",
      server.target.baseUrl,
      "--preserve-host",
      "--record",
      har,
      "--reporter",
      "json",
      "--output",
      jsonOut,
      "--reporter",
      "pretty",
    ],
    {},
    dir,
  );
}, 60_000);

afterAll(async () => {
  if (proxy && !stopped) await proxy.stop();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("client traffic through the proxy to the mock", () => {
  it("relays the main job (packages/demo against COBROWSE_BASE_URL)", async () => {
    // its build when there is one (`pnpm start` runs that), else its source through tsx: the demo is no dependency of this package
    const built = join(packageDir, "..", "demo", "dist", "main.mjs");
    const tsx = pathToFileURL(join(packageDir, "..", "..", "node_modules", "tsx", "dist", "loader.mjs")).href;
    const demo = existsSync(built) ? [built] : ["--import", tsx, join(packageDir, "..", "demo", "src", "main.ts")];
    const r = await run(process.execPath, demo, {
      COBROWSE_BASE_URL: proxy.url,
      COBROWSE_APP_KEY: server.target.appKey,
      COBROWSE_APP_SECRET: server.target.appSecret,
      COBROWSE_TENANT_SPACE_ID: server.target.tenantSpaceId,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[4\/7\] agent .* joined the same room with its own connectParam$/m);
  });

  it("relays the TypeScript client's flow: both sides of a room, both WebSockets through the proxy, an event each way", async () => {
    const c = client();
    const customer = await c.getConnectionInfo({ role: "recorder", userId: "customer-42" });
    const agent = await c.getConnectionInfo({ role: "replayer", roomId: customer.data.roomId!, workNo: "667" });
    expect(new URL(connectUrl(customer.data)).host).toBe(new URL(proxy.url).host);
    const [a, b] = [await open(connectUrl(customer.data)), await open(connectUrl(agent.data))];
    await server.mock.rooms.waitFor(customer.data.roomId!, { recorder: 1, replayer: 1 }, 10_000);
    const toAgent = next(b);
    a.send(JSON.stringify({ type: "click", selector: "#checkout" }));
    expect(await toAgent).toBe(JSON.stringify({ type: "click", selector: "#checkout" }));
    const toCustomer = next(a);
    b.send(JSON.stringify({ type: "highlight" }));
    expect(await toCustomer).toBe(JSON.stringify({ type: "highlight" }));
    a.close();
    b.close();
  });

  it("relays the faults a client handles: 503 and 429 retried, a 401 refreshed, an expired token replaced, a reset retried, an application error, wrong credentials", async () => {
    const gci = "getConnectionInfo";
    server.mock.faults.inject({ operationId: gci, status: 503, retryAfter: 0 });
    expect((await client().getConnectionInfo({ role: "recorder", roomId: "room-503" })).data.roomId).toBe("room-503");
    server.mock.faults.inject({ operationId: gci, status: 429, retryAfter: 0, count: 2 });
    expect((await client().getConnectionInfo({ role: "recorder", roomId: "room-429" })).data.roomId).toBe("room-429");
    const refreshed = client();
    await refreshed.getConnectionInfo({ role: "recorder", roomId: "room-401" });
    server.mock.faults.inject({ operationId: gci, status: 401 });
    expect((await refreshed.getConnectionInfo({ role: "replayer", roomId: "room-401" })).data.roomId).toBe("room-401");
    const short = client({ tokenExpire: 1 });
    await short.getConnectionInfo({ role: "recorder", roomId: "room-expiry" });
    await new Promise((r) => setTimeout(r, 1200));
    await short.getConnectionInfo({ role: "replayer", roomId: "room-expiry" });
    server.mock.faults.inject({ operationId: gci, reset: true });
    expect((await client().getConnectionInfo({ role: "recorder", roomId: "room-reset" })).data.roomId).toBe(
      "room-reset",
    );
    server.mock.faults.inject({
      operationId: gci,
      applicationError: { errorCode: 1001, errorReason: "room is closed" },
    });
    await expect(client().getConnectionInfo({ role: "replayer", roomId: "room-401" })).rejects.toThrow(
      /room is closed/,
    );
    await expect(
      client({ appSecret: "wrong-secret-4f1c9a" }).getConnectionInfo({ role: "recorder", roomId: "room-x" }),
    ).rejects.toMatchObject({ status: 401 });
  });

  // The scenarios the runners relay: scenarios.json without those whose answers break the spec on
  // purpose (`offSpec`: a redirect, a flood, a body that is not JSON, which the proxy rightly
  // judges), with the judge beside it as the runners expect.
  const scenarioCopy = (): string => {
    const from = join(packageDir, "..", "scenarios");
    const to = join(dir, "scenarios");
    mkdirSync(to, { recursive: true });
    const file = JSON.parse(readFileSync(join(from, "scenarios.json"), "utf8")) as {
      scenarios: Array<{ offSpec?: string }>;
    };
    file.scenarios = file.scenarios.filter((s) => s.offSpec === undefined);
    writeFileSync(join(to, "scenarios.json"), JSON.stringify(file));
    cpSync(join(from, "judge.mjs"), join(to, "judge.mjs"));
    return join(to, "scenarios.json");
  };

  /** What every language's scenario runner is given: the proxy as its gateway, the mock's fault control direct. */
  const runnerEnv = (): Record<string, string> => ({
    COBROWSE_BASE_URL: proxy.url,
    COBROWSE_APP_KEY: server.target.appKey,
    COBROWSE_APP_SECRET: server.target.appSecret,
    COBROWSE_TENANT_SPACE_ID: server.target.tenantSpaceId,
    COBROWSE_MOCK_CONTROL_URL: `${server.target.baseUrl}/__mock`,
    COBROWSE_MOCK_CONTROL_TOKEN: CONTROL_TOKEN,
    COBROWSE_SCENARIOS: scenarioCopy(),
  });

  // The Python client's scenario runner (pytest, from packages/client-python/tests) pointed at the
  // proxy; its fault control goes to the mock directly. Needs the client's venv (its install
  // script makes it); skipped, saying so, where Python is not there.
  const pythonThere = existsSync(join(PYTHON, "scripts", "install.sh"));
  (pythonThere ? it : it.skip)(
    "relays the Python client's scenarios (packages/client-python/tests/test_scenarios.py)",
    async () => {
      const install = await run(
        "bash",
        [join(PYTHON, "scripts", "install.sh")],
        { HOME: process.env.HOME ?? "/root" },
        PYTHON,
      );
      expect(install.code, install.stderr).toBe(0);
      // a copy of the tests, so its results file is written here and not over the package's
      const tests = join(dir, "python", "tests");
      cpSync(join(PYTHON, "tests"), tests, { recursive: true });
      const r = await run(
        python,
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", join(tests, "test_scenarios.py")],
        {
          PYTHONDONTWRITEBYTECODE: "1",
          ...runnerEnv(),
        },
        join(dir, "python"),
      );
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/passed/);
    },
    300_000,
  );

  // The Go client's scenario runner (packages/client-go/tests), its test binary run in a scratch
  // directory (so its results file is written there), pointed at the proxy. Skipped without Go.
  const goThere = run("go", ["version"], {}).then(
    (r) => r.code === 0,
    () => false,
  );
  it("relays the Go client's scenarios (packages/client-go/tests)", async (context) => {
    if (!(await goThere)) return context.skip("no go toolchain on PATH");
    const binary = join(dir, "go-scenarios.test");
    const env = {
      HOME: process.env.HOME ?? "/root",
      GOCACHE: process.env.GOCACHE ?? join(process.env.HOME ?? "/root", ".cache", "go-build"),
      GOPATH: process.env.GOPATH ?? join(process.env.HOME ?? "/root", "go"),
      GOFLAGS: process.env.GOFLAGS ?? "",
      GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local",
    };
    const build = await run("go", ["test", "-c", "-o", binary, "."], env, join(packageDir, "..", "client-go", "tests"));
    expect(build.code, build.stderr).toBe(0);
    const cwd = join(dir, "go", "tests");
    mkdirSync(cwd, { recursive: true });
    const r = await run(
      binary,
      ["-test.run", "TestScenarios", "-test.count", "1"],
      {
        ...runnerEnv(),
      },
      cwd,
    );
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/^PASS$/m);
  }, 300_000);

  // The Java client's scenario runner (packages/client-java/tests, JUnit), built by Maven from a
  // copy of the Maven project (so it never shares target/ with the package's own test, which turbo
  // may run at the same time), its results written here. Skipped without Maven.
  const mavenThere = run("mvn", ["-v"], {
    HOME: process.env.HOME ?? "/root",
    JAVA_HOME: process.env.JAVA_HOME ?? "",
  }).then(
    (r) => r.code === 0,
    () => false,
  );
  it("relays the Java client's scenarios (packages/client-java/tests)", async (context) => {
    if (!(await mavenThere)) return context.skip("no mvn on PATH");
    const project = join(dir, "java");
    cpSync(join(packageDir, "..", "client-java"), project, {
      recursive: true,
      filter: (from) => !/[\\/]target$/.test(from),
    });
    const r = await run(
      "mvn",
      [
        "-B",
        "-ntp",
        "-q",
        "-Dstyle.color=never",
        "-pl",
        "tests",
        "-am",
        "-Dtest=ScenariosTest",
        "-Dsurefire.failIfNoSpecifiedTests=false",
        "test",
      ],
      {
        HOME: process.env.HOME ?? "/root",
        JAVA_HOME: process.env.JAVA_HOME ?? "",
        MAVEN_OPTS: process.env.MAVEN_OPTS ?? "",
        ...runnerEnv(),
        COBROWSE_SCENARIO_RESULTS: join(dir, "java-results.json"),
      },
      project,
    );
    // The scenarios' own verdicts first (they name what failed), then Maven's exit status.
    const file = join(dir, "java-results.json");
    const results = existsSync(file)
      ? (JSON.parse(readFileSync(file, "utf8")) as { results: Record<string, { status: string; reason?: string }> })
      : { results: {} };
    const failed = Object.entries(results.results)
      .filter(([, v]) => v.status === "fail")
      .map(([k, v]) => `${k}: ${v.reason}`);
    expect(failed).toEqual([]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(Object.values(results.results).filter((v) => v.status === "pass").length).toBeGreaterThan(20);
  }, 600_000);
});

describe("the proxy's judgement of that traffic", () => {
  let report: Report;
  beforeAll(async () => {
    stopped = await proxy.stop();
    report = JSON.parse(readFileSync(jsonOut, "utf8")) as Report;
  }, 60_000);

  it("saw no violation: exit 0, no violation line, every check passed", () => {
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(0);
    expect(stopped.stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stopped.stdout + stopped.stderr).not.toMatch(/^[✗≠] /m);
    expect(
      report.results
        .filter((r) => r.failureCount > 0)
        .map((r) => `${r.id}: ${r.failures.map((f) => f.message).join("; ")}`),
    ).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.traffic!.exchanges).toBeGreaterThan(20);
    expect(report.websocket).toBe(true);
    expect(stopped.stdout).toMatch(/\d+ passed, 0 vendor failures, 0 decision failures, 0 skipped \(profile spec\)/);
  });

  it("recorded the traffic as HAR with the secret, tokens and connectParams as pseudonyms", () => {
    const text = readFileSync(har, "utf8");
    const log = JSON.parse(text) as {
      log: { entries: Array<{ _resourceType?: string; response: { status: number } }> };
    };
    expect(log.log.entries.length).toBe(report.traffic!.exchanges + report.traffic!.offSpec);
    expect(log.log.entries.filter((e) => e._resourceType === "websocket").map((e) => e.response.status)).toEqual([
      101, 101,
    ]);
    expect(text).not.toContain(server.target.appSecret);
    expect(text).not.toMatch(/"AccessToken":"(?!\[REDACTED:token-)/);
    expect(text).not.toMatch(/Bearer (?!\[REDACTED:)/);
    expect(text).not.toMatch(/connectParam=(?!\[REDACTED:connectParam-)/);
    expect(text).toMatch(/\[REDACTED:secret-1\]/);
  });

  it("judged the same way by validate, offline", async () => {
    const out = join(dir, "validate.json");
    const r = await cli(
      ["validate", har, "--reporter", "json", "--output", out, "--no-save-failures"],
      {},
      undefined,
      dir,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const offline = JSON.parse(readFileSync(out, "utf8")) as Report;
    expect(offline.summary).toEqual(report.summary);
    expect(offline.traffic).toMatchObject({
      mode: "validate",
      exchanges: report.traffic!.exchanges,
      offSpec: report.traffic!.offSpec,
      unanswered: report.traffic!.unanswered,
    });
    expect(offline.coverage.exercised).toBe(report.coverage.exercised);
  });
});
