// Every file under samples/ runs here against the reference mock (127.0.0.1, a free port, its
// control API on behind a token, as `cobrowse-mock exec` would give it), with its output and the
// requests it made (the mock's request log) asserted. A file without an expectation fails: the
// portal shows no sample that this test did not run.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MockServer, type RequestRecord, startMockServer } from "@cec-cobrowse/mock-server";
import { formatIssues, specValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS, prepareToolchains, runSample, type SampleRun, sampleFiles, type Toolchains } from "./helpers/samples.js";

const spec = specValidator();
const tokenOp = spec.tokenSource().operation.operationId;
const roomOp = [...spec.operations.values()].find((o) => o.room)!.operationId;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let mock: MockServer;
let tools: Toolchains;
let env: Record<string, string>;
let scratch: string;

beforeAll(async () => {
  const controlToken = randomBytes(24).toString("hex");
  [mock, tools] = await Promise.all([startMockServer({ port: 0, control: true, controlToken }), prepareToolchains()]);
  // The environment a user's shell would have, less any proxy: the mock is on this machine.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !/_proxy$/i.test(k)),
  ) as Record<string, string>;
  env = {
    ...base,
    PATH: `${join(DOCS, "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
    COBROWSE_BASE_URL: mock.url,
    COBROWSE_APP_KEY: mock.credentials.appKey,
    COBROWSE_APP_SECRET: mock.credentials.appSecret,
    COBROWSE_TENANT_SPACE_ID: mock.credentials.tenantSpaceId,
    COBROWSE_MOCK_CONTROL_URL: `${mock.url}/__mock`,
    COBROWSE_MOCK_CONTROL_TOKEN: controlToken,
  };
  scratch = mkdtempSync(join(tmpdir(), "docs-samples-"));
}, 300_000);

afterAll(async () => {
  await mock?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

type Log = RequestRecord[];
const calls = (log: Log, op: string) => log.filter((r) => r.operationId === op);
const lines = (run: SampleRun) => run.stdout.trimEnd().split("\n");

function validJson(op: string, text: string): Record<string, unknown> {
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(formatIssues(spec.validateResponse(op, 200, body))).toBe("");
  return body;
}

/** Both sides of one room: the room the sample printed, and each side's public WebSocket URL on the mock. */
function expectRoom(run: SampleRun, log: Log) {
  const [room, customer, agent, own] = lines(run);
  const roomId = /^room: (.+)$/.exec(room ?? "")?.[1];
  expect(roomId).toMatch(UUID);
  const url = `ws://${new URL(mock.url).host}/ws/cobrowse/${roomId}`;
  expect([customer, agent, own]).toEqual([
    `customer connects to: ${url}`,
    `agent connects to: ${url}`,
    "own connectParams: true",
  ]);
  expect(calls(log, tokenOp).map((r) => r.status)).toEqual([200]);
  expect(calls(log, roomOp).map((r) => [r.status, r.roomId])).toEqual([
    [200, roomId],
    [200, roomId],
  ]);
}

function expectToken(run: SampleRun, log: Log, withLifetime: boolean) {
  const [line] = lines(run);
  const m = /^token: (\d+) characters(?:, used for (\d+) s)?$/.exec(line ?? "");
  expect(m, run.stdout).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThan(0);
  if (withLifetime) expect(Number(m![2])).toBeGreaterThan(0);
  expect(calls(log, tokenOp).map((r) => r.status)).toEqual([200]);
  expect(calls(log, roomOp)).toEqual([]);
}

function expectErrors(run: SampleRun, log: Log) {
  const [refused, auth] = lines(run);
  expect(refused).toMatch(/^not sent: .*role/i);
  expect(refused).toContain("viewer");
  const m = /^authentication failed: 401 (\d+) \(request id (.+)\)$/.exec(auth ?? "");
  expect(m, run.stdout).not.toBeNull();
  expect(Number(m![1])).toBe(spec.errorCode(401));
  // 401 is not retried, and the refused body never left the client.
  expect(calls(log, tokenOp).map((r) => r.status)).toEqual([401]);
  expect(calls(log, roomOp)).toEqual([]);
}

/** What each sample must print and do, by file. */
const EXPECT: Record<string, (run: SampleRun, log: Log) => void> = {
  "curl/tokenByAkSk.sh": (run, log) => {
    const body = validJson(tokenOp, run.stdout);
    expect(body[spec.tokenSource().fields.lifetime]).toBe("600");
    expect(calls(log, tokenOp).map((r) => r.status)).toEqual([200]);
  },
  "curl/getConnectionInfo.sh": (run, log) => {
    const [a, b] = lines(run).map((l) => validJson(roomOp, l));
    const [da, db] = [a!.data as Record<string, string>, b!.data as Record<string, string>];
    expect([a!.success, b!.success, da.roomId, db.roomId]).toEqual([true, true, "1001202404", "1001202404"]);
    expect(da.connectParam).not.toBe(db.connectParam);
    expect(calls(log, roomOp).map((r) => [r.status, r.roomId])).toEqual([
      [200, "1001202404"],
      [200, "1001202404"],
    ]);
  },
  "curl/faults.sh": (run, log) => {
    const [fault, first, second] = lines(run);
    expect(JSON.parse(fault!)).toMatchObject({ fault: { status: 503 } });
    expect([first, second]).toEqual(["attempt 1: 503", "attempt 2: 200"]);
    expect(calls(log, tokenOp).map((r) => r.status)).toEqual([503, 200]);
  },
  "shell/contract.sh": (run) => {
    expect(run.stdout).toMatch(/<testsuite [^>]*failures="0"/);
  },
  "shell/proxy.sh": (run, log) => {
    const [status, suite, validated] = lines(run);
    expect(status).toBe("proxy exit status: 0 (0: no violation)");
    expect(suite).toMatch(/^<testsuite name="contract: http:\/\/127\.0\.0\.1:\d+" tests="\d+" failures="0" /);
    expect(validated).toMatch(/^\d+ passed, 0 vendor failures, 0 decision failures, 0 skipped \(profile spec\)$/);
    // the proxy relayed every request to the mock, once
    expect(calls(log, tokenOp).map((r) => r.status)).toEqual([200]);
    expect(calls(log, roomOp).map((r) => r.status)).toEqual([200, 200]);
  },
  "typescript/tokenByAkSk.ts": (run, log) => expectToken(run, log, true),
  "python/token_by_ak_sk.py": (run, log) => expectToken(run, log, true),
  "go/tokenByAkSk/main.go": (run, log) => expectToken(run, log, true),
  "java/TokenByAkSk.java": (run, log) => expectToken(run, log, false),
  "typescript/getConnectionInfo.ts": expectRoom,
  "python/get_connection_info.py": expectRoom,
  "go/getConnectionInfo/main.go": expectRoom,
  "java/GetConnectionInfo.java": expectRoom,
  "typescript/errors.ts": expectErrors,
  "python/errors.py": expectErrors,
  "go/errors/main.go": expectErrors,
  "java/Errors.java": expectErrors,
  "typescript/connect.ts": (run, log) => {
    expect(lines(run)).toEqual([
      `agent received: ${JSON.stringify({ type: "click", selector: "#checkout" })}`,
      `customer received: ${JSON.stringify({ type: "highlight", selector: "#checkout" })}`,
    ]);
    expect(calls(log, roomOp).map((r) => r.status)).toEqual([200, 200]);
  },
  "typescript/tokenProvider.ts": (run, log) => {
    const m = /^browser client joined room (\S+) with a token from the backend$/.exec(lines(run)[0] ?? "");
    expect(m?.[1]).toMatch(UUID);
    expect(calls(log, tokenOp).map((r) => r.status)).toEqual([200]);
    expect(calls(log, roomOp).map((r) => [r.status, r.roomId])).toEqual([[200, m![1]]]);
  },
  "typescript/tokenLifecycle.ts": (run, log) => {
    const [shared, usedFor, renewed] = lines(run);
    expect(shared).toBe("three concurrent callers, one token: true");
    expect(usedFor).toMatch(/^used for [\d.]+ s \(/);
    expect(renewed).toBe("after it expired, a new token: true");
    expect(calls(log, tokenOp).map((r) => r.status)).toEqual([200, 200]);
  },
  "typescript/msw.ts": (run, log) => {
    expect(lines(run)).toEqual(["room 1001202404 after an expired token: 2 tokens asked"]);
    expect(log, "MSW answers in the process: nothing reaches the mock").toEqual([]);
  },
  "typescript/trace.ts": (run, log) => {
    expect(lines(run)).toEqual([
      "getConnectionInfo cec_cobrowse.attempts=3",
      "  tokenByAkSk cec_cobrowse.attempts=1",
      "    POST /apigovernance/api/oauth/tokenByAkSk http.response.status_code=200",
      "  POST /apiaccess/api/cobrowse/getConnectionInfo http.response.status_code=503",
      "  POST /apiaccess/api/cobrowse/getConnectionInfo http.response.status_code=401 http.request.resend_count=1",
      "  tokenByAkSk cec_cobrowse.attempts=1",
      "    POST /apigovernance/api/oauth/tokenByAkSk http.response.status_code=200",
      "  POST /apiaccess/api/cobrowse/getConnectionInfo http.response.status_code=200 http.request.resend_count=2",
    ]);
    expect(log.map((r) => `${r.operationId} ${r.status}`)).toEqual([
      `${tokenOp} 200`,
      `${roomOp} 503`,
      `${roomOp} 401`,
      `${tokenOp} 200`,
      `${roomOp} 200`,
    ]);
    expect(
      log.every((r) => r.traceparent),
      "every attempt carries the trace context",
    ).toBe(true);
  },
  "typescript/faults.ts": (run, log) => {
    expect(lines(run)[0]).toMatch(/^room [0-9a-f-]{36}: getConnectionInfo answered 503, 503, 200$/);
    expect(calls(log, roomOp).map((r) => r.status)).toEqual([503, 503, 200]);
  },
};

describe("every sample file has an expectation", () => {
  it("lists them all", () => {
    const files = sampleFiles();
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(
      files.filter((f) => !(f in EXPECT)),
      "samples without an expectation in test/samples.test.ts",
    ).toEqual([]);
    expect(
      Object.keys(EXPECT).filter((f) => !files.includes(f)),
      "expectations without a sample",
    ).toEqual([]);
  });
});

describe.each(sampleFiles())("sample %s", (file) => {
  it("runs against the mock with the output and requests expected", async () => {
    const since = mock.requests.last();
    const run = await runSample(file, tools, env, scratch);
    expect(run.code, `exit status\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`).toBe(0);
    const log = mock.requests.list(since);
    EXPECT[file]?.(run, log);
    // No sample prints the app secret.
    expect(run.stdout + run.stderr).not.toContain(mock.credentials.appSecret);
  }, 120_000);
});
