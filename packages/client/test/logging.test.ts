// Logging: COBROWSE_LOG (debug, info, warn, off) or the logLevel option picks the level, the
// logger option (console on stderr by default) takes the lines, and no line shows the secret or
// a token, whatever a server echoes.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCobrowseClient as createBrowserClient } from "../src/browser.js";
import { ConfigurationError, createCobrowseClient, fromEnv, type Logger } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { envOf, INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

const SECRET = "S3CRET-logs-pangolin-5e07";

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock({ credentials: { appSecret: SECRET } });
});
afterEach(() => {
  vi.restoreAllMocks();
  return mock.close();
});

/** A logger that keeps its lines as `<level> <line>`. */
function kept(): { out: string[]; logger: Logger } {
  const out: string[] = [];
  return {
    out,
    logger: {
      debug: (m) => out.push(`debug ${m}`),
      info: (m) => out.push(`info ${m}`),
      warn: (m) => out.push(`warn ${m}`),
    },
  };
}

/** The faults of one call that retries and replays: a 503 on the token request, a 503 and a 401 on the call. */
const troubled = () => {
  mock.fault({ operationId: TOKEN, status: 503, retryAfter: 0 });
  mock.fault({ operationId: INFO, status: 503, retryAfter: 0 });
  mock.fault({ operationId: INFO, status: 401 });
};

describe("logging", () => {
  it("writes the send loop's lines at their levels: every attempt at debug, retries, replays and tokens at info", async () => {
    const { out, logger } = kept();
    troubled();
    await fromEnv({ ...envOf(mock), COBROWSE_LOG: "debug" }, { logger, retryBaseDelayMs: 1 }).getConnectionInfo({
      role: "recorder",
      roomId: "room-logs",
    });
    const ms = String.raw`\d+ ms \(request id [^)]+\)`;
    const expected = [
      `debug ${TOKEN}: attempt 1: HTTP 503 in ${ms}`,
      String.raw`info ${TOKEN}: attempt 1 failed \(${TOKEN} failed with HTTP 503 \(errorCode 50300\): .*\); retry 1 of 2 in 0\.00 s`,
      String.raw`info ${TOKEN}: token issued, used for \d+ s`,
      `debug ${TOKEN}: attempt 2: HTTP 200 in ${ms}`,
      `debug ${INFO}: attempt 1: HTTP 503 in ${ms}`,
      String.raw`info ${INFO}: attempt 1 failed \(${INFO} failed with HTTP 503 \(errorCode 50300\): .*\); retry 1 of 2 in 0\.00 s`,
      `debug ${INFO}: attempt 2: HTTP 401 in ${ms}`,
      String.raw`info ${INFO}: attempt 2: token refused \(401\); dropped it, replaying once with a new token`,
      String.raw`info ${TOKEN}: token issued, used for \d+ s`,
      `debug ${TOKEN}: attempt 1: HTTP 200 in ${ms}`,
      `debug ${INFO}: attempt 3: HTTP 200 in ${ms}`,
    ];
    expect(out).toHaveLength(expected.length);
    out.forEach((line, i) => {
      expect(line).toMatch(new RegExp(`^${expected[i]}$`));
    });
  });

  it("writes the giving-up lines at debug, and nothing below the level", async () => {
    const info = kept();
    const client = createCobrowseClient({
      baseUrl: mock.url,
      ...mock.creds,
      fetch: mock.fetch,
      logger: info.logger,
      logLevel: "info",
      maxRetries: 0,
    });
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0 });
    await expect(client.getConnectionInfo({ role: "recorder" })).rejects.toThrow(/HTTP 503/);
    expect(info.out.map((l) => l.split(":")[0])).toEqual([`info ${TOKEN}`]);
    const debug = kept();
    mock.fault({ operationId: INFO, status: 401, count: 2 });
    await expect(
      clientFor(mock, { logger: debug.logger, logLevel: "debug" }).getConnectionInfo({ role: "recorder" }),
    ).rejects.toThrow(/HTTP 401/);
    expect(debug.out).toContain(`debug ${INFO}: attempt 2: token refused (401) again; giving up`);
    const off = kept();
    troubled();
    await clientFor(mock, {
      logger: off.logger,
      logLevel: "off",
      hooks: { beforeRequest: () => Promise.reject(new Error("x")) },
    }).getConnectionInfo({ role: "recorder" });
    expect(off.out).toEqual([]);
  });

  it("reads COBROWSE_LOG (the logLevel option wins) and refuses a level it does not know, naming the variable", async () => {
    vi.stubEnv("COBROWSE_LOG", " INFO ");
    const a = kept();
    await createCobrowseClient({ baseUrl: mock.url, ...mock.creds, fetch: mock.fetch, logger: a.logger }).getToken();
    expect(a.out).toEqual([expect.stringMatching(/^info tokenByAkSk: token issued, used for \d+ s$/)]);
    const b = kept();
    await createCobrowseClient({
      baseUrl: mock.url,
      ...mock.creds,
      fetch: mock.fetch,
      logger: b.logger,
      logLevel: "warn",
    }).getToken();
    expect(b.out).toEqual([]);
    vi.stubEnv("COBROWSE_LOG", "verbose");
    const refused = () => createCobrowseClient({ baseUrl: mock.url, ...mock.creds });
    expect(refused).toThrow(ConfigurationError);
    expect(refused).toThrow(/^COBROWSE_LOG: is "verbose"; set it to one of debug, info, warn, off$/);
    expect(() => fromEnv({ ...envOf(mock), COBROWSE_LOG: "trace" })).toThrow(/^COBROWSE_LOG: /);
    expect(() => clientFor(mock, { logLevel: "trace" as never })).toThrow(
      /^logLevel: must be one of debug, info, warn, off$/,
    );
    expect(() => clientFor(mock, { logger: { debug() {} } as never })).toThrow(
      /^logger: must have debug\(\), info\(\) and warn\(\) methods/,
    );
  });

  it("warns by default, on stderr, prefixed: a hook that threw", async () => {
    vi.stubEnv("COBROWSE_LOG", "");
    const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
    const stdout = vi.spyOn(console, "log").mockImplementation(() => {});
    await clientFor(mock, {
      hooks: {
        beforeRequest: () => {
          throw new Error("oops");
        },
      },
    }).getConnectionInfo({ role: "recorder" });
    expect(stderr.mock.calls.map((c) => c.join(" "))).toEqual([
      `[cec-cobrowse] warn: ${TOKEN}: attempt 1: the beforeRequest hook threw (Error: oops); ignored`,
      `[cec-cobrowse] warn: ${INFO}: attempt 1: the beforeRequest hook threw (Error: oops); ignored`,
    ]);
    expect(stdout).not.toHaveBeenCalled();
  });

  it("writes to the console's own levels in the browser build", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    const backend = clientFor(mock);
    const client = createBrowserClient({
      baseUrl: mock.url,
      appKey: mock.creds.appKey,
      tenantSpaceId: mock.creds.tenantSpaceId,
      tokenProvider: async () => (await backend.getToken()).accessToken,
      fetch: mock.fetch,
      logLevel: "debug",
      hooks: { afterResponse: () => Promise.reject(new Error("late")) as never },
    });
    await client.getConnectionInfo({ role: "recorder" });
    await new Promise((r) => setTimeout(r, 10));
    expect(debug.mock.calls.map((c) => c[0])).toEqual([
      expect.stringMatching(/^\[cec-cobrowse\] debug: getConnectionInfo: attempt 1: HTTP 200 in \d+ ms/),
    ]);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      `[cec-cobrowse] warn: ${INFO}: attempt 1: the afterResponse hook threw (Error: late); ignored`,
    ]);
  });

  it("never shows the secret or a token, whatever the server echoes", async () => {
    const { out, logger } = kept();
    const client = clientFor(mock, {
      logger,
      logLevel: "debug",
      hooks: { beforeRequest: () => Promise.reject(new Error(`no ${SECRET}`)) },
    });
    mock.fault({
      operationId: TOKEN,
      status: 503,
      retryAfter: 0,
      body: { success: false, errorCode: 50300, errorReason: `busy; your secret is ${SECRET}` },
    });
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0, echoToken: true, count: 2 });
    await client.getConnectionInfo({ role: "recorder" });
    expect(out.length).toBeGreaterThan(8);
    expect(out.some((l) => l.includes("[REDACTED]"))).toBe(true);
    expect(mock.tokens.length).toBeGreaterThan(0);
    for (const line of out) for (const t of [SECRET, ...mock.tokens]) expect(line).not.toContain(t);
  });
});
