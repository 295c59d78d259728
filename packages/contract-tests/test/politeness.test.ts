// Politeness, measured at the server (a pass-through proxy in front of the mock, in a process of
// its own, that notes when each request, WebSocket handshakes included, arrives): --rate-limit keeps a full run under its
// rate, --max-requests under its budget; a 429's Retry-After is waited out and is no failure;
// every request names its check and case in X-Cobrowse-Contract-Case.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { allChecks, CASE_HEADER, parseRate } from "../src/index.js";
import { cli } from "./support/cli.js";
import { brokenServer, CONTROL_TOKEN, editJson, mock, packageDir } from "./support/servers.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

interface Arrival {
  at: number;
  path: string;
  caseHeader: string | undefined;
}

async function observed(breakage: Parameters<typeof brokenServer>[0] = {}) {
  const arrivals: Arrival[] = [];
  const server = await brokenServer({
    ...breakage,
    observe: (r) =>
      arrivals.push({ at: r.at, path: r.path, caseHeader: r.headers[CASE_HEADER.toLowerCase()] as string | undefined }),
  });
  close = server.close;
  const env = {
    COBROWSE_BASE_URL: server.target.baseUrl,
    COBROWSE_APP_KEY: server.target.appKey,
    COBROWSE_APP_SECRET: server.target.appSecret,
    COBROWSE_TENANT_SPACE_ID: server.target.tenantSpaceId,
    COBROWSE_MOCK_CONTROL_TOKEN: CONTROL_TOKEN,
  };
  return { arrivals, env };
}

/**
 * The mock, and in front of it a measuring point in a process of its own (test/support/arrivals.mjs),
 * so that nothing else delays the moment it notes a request's arrival.
 */
async function measured() {
  const server = await mock();
  const child = spawn(process.execPath, [join(packageDir, "test", "support", "arrivals.mjs"), server.target.baseUrl], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const arrivals: Arrival[] = [];
  let buffer = "";
  const url = await new Promise<string>((resolve) => {
    child.stdout!.on("data", (c: Buffer) => {
      buffer += c.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith("listening on ")) resolve(line.slice("listening on ".length));
        else arrivals.push(JSON.parse(line) as Arrival);
      }
    });
  });
  close = async () => {
    child.kill("SIGTERM");
    await server.close();
  };
  const t = server.target;
  return {
    arrivals,
    env: {
      COBROWSE_BASE_URL: url,
      COBROWSE_APP_KEY: t.appKey,
      COBROWSE_APP_SECRET: t.appSecret,
      COBROWSE_TENANT_SPACE_ID: t.tenantSpaceId,
      COBROWSE_MOCK_CONTROL_TOKEN: CONTROL_TOKEN,
    },
  };
}

/** The most requests that arrived within any one second. */
function busiestSecond(arrivals: Arrival[]): number {
  const at = arrivals.map((a) => a.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i]! - at[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("politeness", () => {
  it("parses rates", () => {
    expect(parseRate("5/s")).toBe(5);
    expect(parseRate("120/min")).toBe(2);
    expect(parseRate("2.5")).toBe(2.5);
    expect(() => parseRate("fast")).toThrow(/--rate-limit must be a positive rate such as 5\/s/);
    expect(() => parseRate("0/s")).toThrow(/positive/);
  });

  it("--rate-limit 5/s keeps a full run (WebSocket handshakes and the fault control included) under 5 requests in any second at the server; every request names its check and case", async () => {
    const { arrivals, env } = await measured();
    const started = performance.now();
    const r = await cli(
      [
        "--rate-limit",
        "5/s",
        "--cases",
        "3",
        "--seed",
        "11",
        "--websocket",
        "--fault-control",
        "/__mock/faults",
        "--no-save-failures",
      ],
      env,
    );
    const seconds = (performance.now() - started) / 1000;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^${allChecks().length} passed, 0 vendor failures, 0 decision failures, 0 skipped`, "m"),
    );
    const busiest = busiestSecond(arrivals);
    const span = (arrivals.at(-1)!.at - arrivals[0]!.at) / 1000;
    const rate = (arrivals.length - 1) / span;
    console.log(
      `--rate-limit 5/s, measured at the server: ${arrivals.length} requests in ${span.toFixed(1)} s (${rate.toFixed(2)}/s on average), at most ${busiest} in any one second; the run took ${seconds.toFixed(1)} s`,
    );
    expect(arrivals.length).toBeGreaterThan(100);
    expect(
      arrivals.some((a) => a.path.startsWith("/ws/cobrowse/")),
      "WebSocket handshakes reached the server",
    ).toBe(true);
    expect(
      arrivals.some((a) => a.path.startsWith("/__mock/faults")),
      "the fault control's requests reached the server",
    ).toBe(true);
    expect(busiest).toBeLessThanOrEqual(5);
    expect(rate).toBeLessThanOrEqual(5);
    const ids = new Set(allChecks().map((c) => c.id));
    const unnamed = arrivals.filter((a) => !a.caseHeader || !ids.has(a.caseHeader.split(";")[0]!));
    expect(unnamed.map((a) => a.path)).toEqual([]);
  }, 300_000);

  it("--max-requests stops sending at the budget: the checks left are skipped, saying so, and nothing fails", async () => {
    const { arrivals, env } = await observed();
    const r = await cli(["--max-requests", "25", "--cases", "5", "--seed", "3", "--no-save-failures"], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(arrivals.length).toBeLessThanOrEqual(25);
    expect(r.stdout).toMatch(/skipped: --max-requests 25 reached/);
    expect(r.stdout).toMatch(/0 vendor failures, 0 decision failures, [1-9]\d* skipped/);
  }, 120_000);

  it("waits out a 429's Retry-After and sends again: no failure", async () => {
    let tokens = 0;
    const { arrivals, env } = await observed({
      response: (res, req) => {
        if (req.path !== "/apigovernance/api/oauth/tokenByAkSk" || ++tokens > 2) return res;
        return editJson({ ...res, status: 429, headers: { ...res.headers, "retry-after": "1" } }, () => ({
          success: false,
          errorCode: 42900,
          errorReason: "too many requests: retry after 1 s",
          details: [],
        }));
      },
    });
    const started = performance.now();
    const r = await cli(["--only", "token.issue", "--no-save-failures"], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^✓ token\.issue /m);
    expect(arrivals.filter((a) => a.path.startsWith("/apigovernance")).length).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2000);
  }, 60_000);
});
