// The reference mock in a process of its own (its CLI, `cobrowse-mock`, on 127.0.0.1:0), driven
// through its control API over HTTP, as the Python, Go and Java runners drive it. The shared
// scenarios run against it: with the mock in this process, a burst of concurrent calls queues
// behind the client's own work in one event loop, and on a busy machine an attempt sent before a
// revocation could reach the mock (and be stamped) long after it, which the judge reads as a
// revoked token sent again.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { FaultSpec, RequestRecord } from "@cec-cobrowse/mock-server";
import { specValidator } from "@cec-cobrowse/spec";
import { createNodeFetch, type FetchLike } from "../../src/index.js";
import { answerChecks, marked } from "./mock.js";

export interface ProcessMock {
  url: string;
  creds: { appKey: string; appSecret: string; tenantSpaceId: string };
  /** `createNodeFetch()` with every answer checked against the spec (faults' answers excepted). */
  fetch: FetchLike;
  /** Queues a fault (its answer marked when it answers on its own). */
  fault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  /** The seq of the newest request-log record. */
  last(): Promise<number>;
  /** The request log's records after `since`. */
  requests(since: number): Promise<RequestRecord[]>;
  /** The header each header-derived field of the log comes from (`hook`: the scenarios' before-request hook header). */
  loggedHeaders(): Promise<{ userAgent?: string; attempt?: string; traceparent: string; hook: string }>;
  chaos(settings: object | null): Promise<void>;
  /** The leak scan's findings for `texts`. */
  scan(texts: string[]): Promise<{ index: number; kind: string; tokenId?: string }[]>;
  /** Stops the mock; throws when an answer broke the spec. */
  close(): Promise<void>;
}

/** The mock's CLI in the workspace (built before the tests run, as the mock's library is). */
const CLI = path.join(import.meta.dirname, "..", "..", "..", "mock-server", "dist", "cli.mjs");

export async function startMockProcess(): Promise<ProcessMock> {
  const creds = {
    appKey: "scenario-app-key",
    appSecret: `scenario-secret-${randomBytes(12).toString("hex")}`,
    tenantSpaceId: "scenario-tenant",
  };
  const controlToken = randomBytes(24).toString("base64url");
  // Not the developer's proxy or mock settings: only what this mock needs.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(COBROWSE_|MOCK_)|_proxy$/i.test(k)));
  const child: ChildProcess = spawn(process.execPath, [CLI, "--host", "127.0.0.1", "--port", "0"], {
    env: {
      ...env,
      COBROWSE_APP_KEY: creds.appKey,
      COBROWSE_APP_SECRET: creds.appSecret,
      COBROWSE_TENANT_SPACE_ID: creds.tenantSpaceId,
      COBROWSE_MOCK_CONTROL_TOKEN: controlToken,
      MOCK_CONTROL: "on",
      MOCK_ACCESS_LOG: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.on("exit", (code) => reject(new Error(`the mock exited (${code}) before it listened:\n${output}`)));
  });
  const control = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}/__mock${route}`, {
      method,
      headers: { authorization: `Bearer ${controlToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /__mock${route}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as Record<string, any>;
  };
  const checks = answerChecks(specValidator());
  return {
    url,
    creds,
    fetch: checks.checked(createNodeFetch()),
    fault: async (spec) => void (await control("POST", "/faults", marked(spec))),
    clearFaults: async () => void (await control("DELETE", "/faults")),
    last: async () => (await control("GET", "/requests?since=999999999999999")).last as number,
    requests: async (since) => (await control("GET", `/requests?since=${since}`)).requests as RequestRecord[],
    loggedHeaders: async () => (await control("GET", "/requests?since=999999999999999")).headers,
    chaos: async (settings) =>
      void (await (settings === null ? control("DELETE", "/chaos") : control("POST", "/chaos", settings))),
    scan: async (texts) => (await control("POST", "/scan", { texts })).findings,
    async close() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(undefined)));
      if (checks.violations.length > 0)
        throw new Error(`the mock's answers broke the spec:\n${checks.violations.join("\n")}`);
    },
  };
}
