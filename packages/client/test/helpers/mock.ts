// The reference mock server (@cec-cobrowse/mock-server) on 127.0.0.1:0, as the client's tests
// use it: what reached it (every request, with its headers, in order), what it answered (its
// onResponse access log), scripted failures through its fault injection, its clock, and a
// `fetch` for the client that checks every normal answer against the spec.
import type { IncomingHttpHeaders } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import {
  type AccessLogEntry,
  type FaultSpec,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from "@cec-cobrowse/mock-server";
import { formatIssues, type SpecValidator, specValidator } from "@cec-cobrowse/spec";
import { getConnectionInfo, tokenAnswer, tokenByAkSk, tokenLifetime } from "../../src/generated/spec.js";
import { createNodeFetch, type FetchLike } from "../../src/index.js";

/** The operation ids, read from the generated constants. */
export const INFO = getConnectionInfo.operationId;
export const TOKEN = tokenByAkSk.operationId;

/** Marks the answers a fault makes: they break the spec on purpose, so the spec check skips them. */
export const FAULT_HEADER = "x-test-fault";

/** A request that reached the mock. */
export interface Arrival {
  operationId: string | undefined;
  path: string;
  /** When it arrived (Date.now(), fake or not). */
  at: number;
  headers: IncomingHttpHeaders;
}

/** A request the client sent through the checked fetch, with its body. */
export interface Sent {
  operationId: string | undefined;
  headers: Headers;
  body: unknown;
}

export interface TestMock {
  mock: MockServer;
  url: string;
  port: number;
  creds: { appKey: string; appSecret: string; tenantSpaceId: string };
  /** The spec the mock serves and answers are checked against. */
  spec: SpecValidator;
  /** Every request that reached the mock, in order of arrival (answered or not: resets and timeouts too). */
  arrivals: Arrival[];
  /** Every answer the mock finished (its onResponse log). */
  answers: AccessLogEntry[];
  /** Every request sent through `fetch` / `checked()`, with its body. */
  sent: Sent[];
  /** Every token the mock issued through `fetch` / `checked()`. */
  tokens: string[];
  /** Answers that broke the spec; `close()` fails when there are any. */
  violations: string[];
  /** How many requests of an operation reached the mock. */
  count(operationId: string): number;
  /** The mock's answers to an operation, from its access log. */
  answersTo(operationId: string): AccessLogEntry[];
  /** Injects a fault (its answers marked with FAULT_HEADER when it answers on its own: a status, a redirect, a flood). */
  fault(spec: FaultSpec): void;
  /** Moves the mock's clock past the longest token lifetime the spec allows: every token issued so far has expired there. */
  expireTokens(): void;
  /** A fetch over `inner` that records what it sends and checks each answer that is not a fault's against the spec. */
  checked(inner: FetchLike): FetchLike;
  /** `checked(createNodeFetch())`: the Node entry's own transport, checked. */
  fetch: FetchLike;
  /** Closes the mock; throws when an answer broke the spec. */
  close(): Promise<void>;
}

export interface TestMockOptions extends Omit<MockServerOptions, "host" | "port" | "now" | "onResponse"> {
  /** The mock's clock runs this far from this machine's (default 0). */
  clockOffsetMs?: number;
  /**
   * Serve https:// too: a TLS front on 127.0.0.1:0 with this key pair, relaying each connection
   * to the mock byte for byte (what a TLS-terminating gateway does); `url` and `port` are then
   * the front's.
   */
  tls?: { key: string; cert: string };
}

/** A TLS front before `port`: each TLS connection is relayed to it as plain TCP. */
async function tlsFront(
  port: number,
  keys: { key: string; cert: string },
): Promise<{ server: TlsServer; port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTlsServer(keys, (secure) => {
    const plain = connect(port, "127.0.0.1");
    for (const s of [secure, plain] as Socket[]) {
      sockets.add(s);
      s.on("error", () => {
        secure.destroy();
        plain.destroy();
      });
      s.on("close", () => sockets.delete(s));
    }
    secure.pipe(plain).pipe(secure);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const parse = (text: string): unknown => {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * What every answer a test gets through `checked(fetch)` is held to: the spec (answers that a
 * fault made, marked with FAULT_HEADER, excepted). Records what was sent, and the tokens issued.
 */
export function answerChecks(spec: SpecValidator) {
  const byPath = new Map([...spec.operations.values()].map((op) => [op.path, op.operationId]));
  const operationOf = (path: string) => byPath.get(path);
  const sent: Sent[] = [];
  const tokens: string[] = [];
  const violations: string[] = [];

  const check = async (operationId: string, response: Response) => {
    if (response.headers.has(FAULT_HEADER)) return;
    const body = parse(await response.clone().text());
    const issues = [
      ...spec.validateResponse(operationId, response.status, body),
      ...spec.validateResponseHeaders(operationId, response.status, Object.fromEntries(response.headers)),
    ];
    if (issues.length > 0)
      violations.push(`${operationId} answered ${response.status}, against the spec: ${formatIssues(issues)}`);
    const token = (body as Record<string, unknown> | undefined)?.[tokenAnswer.token];
    if (operationId === spec.tokenSource().operation.operationId && response.ok && typeof token === "string")
      tokens.push(token);
  };

  const checked =
    (inner: FetchLike): FetchLike =>
    async (request, init) => {
      const operationId = operationOf(new URL(request.url).pathname);
      const record = request
        .clone()
        .text()
        .then((text) => void sent.push({ operationId, headers: new Headers(request.headers), body: parse(text) }));
      const response = await inner(request, init);
      await record;
      if (operationId) await check(operationId, response);
      return response;
    };
  return { operationOf, sent, tokens, violations, checked };
}

/** A fault with FAULT_HEADER among its answer's headers when it answers on its own (a status, a redirect, a flood). */
export function marked(fault: FaultSpec): FaultSpec {
  const answers = ["status", "redirect", "flood"].some((k) => (fault as Record<string, unknown>)[k] !== undefined);
  return answers ? { ...fault, headers: { [FAULT_HEADER]: "1", ...fault.headers } } : fault;
}

export async function startMock(options: TestMockOptions = {}): Promise<TestMock> {
  const { clockOffsetMs = 0, tls, ...rest } = options;
  const spec = rest.spec ?? specValidator();
  let offset = clockOffsetMs;
  const answers: AccessLogEntry[] = [];
  const mock = await startMockServer({
    ...rest,
    host: "127.0.0.1",
    port: 0,
    // Read at each use, so a faked Date (vi.useFakeTimers) moves the mock's clock too.
    now: () => Date.now() + offset,
    onResponse: (entry) => void answers.push(entry),
  });
  const front = tls ? await tlsFront(mock.port, tls) : undefined;
  const { operationOf, sent, tokens, violations, checked } = answerChecks(spec);
  const arrivals: Arrival[] = [];
  mock.server.on("request", (req) => {
    const path = (req.url ?? "").split("?")[0]!;
    arrivals.push({ operationId: operationOf(path), path, at: Date.now(), headers: req.headers });
  });
  return {
    mock,
    url: front ? `https://127.0.0.1:${front.port}` : mock.url,
    port: front?.port ?? mock.port,
    creds: { ...mock.credentials },
    spec,
    arrivals,
    answers,
    sent,
    tokens,
    violations,
    count: (operationId) => arrivals.filter((a) => a.operationId === operationId).length,
    answersTo: (operationId) => answers.filter((a) => operationOf(a.path) === operationId),
    fault(fault) {
      mock.faults.inject(marked(fault));
    },
    expireTokens() {
      offset += (tokenLifetime.maximum + 1) * 1000;
    },
    checked,
    fetch: checked(createNodeFetch()),
    async close() {
      await front?.close();
      await mock.close();
      if (violations.length > 0) throw new Error(`the mock's answers broke the spec:\n${violations.join("\n")}`);
    },
  };
}

/** The COBROWSE_* environment of a client of `mock` (what `fromEnv` and the CLI read). */
export const envOf = (mock: TestMock): Record<string, string> => ({
  COBROWSE_BASE_URL: mock.url,
  COBROWSE_APP_KEY: mock.creds.appKey,
  COBROWSE_APP_SECRET: mock.creds.appSecret,
  COBROWSE_TENANT_SPACE_ID: mock.creds.tenantSpaceId,
});
