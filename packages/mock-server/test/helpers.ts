import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { specValidator } from "@cec-cobrowse/spec";
import { expect } from "vitest";
import WebSocket from "ws";
import { type MockServer, type MockServerOptions, startMockServer } from "../src/index.js";

export const TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk";
export const INFO_PATH = "/apiaccess/api/cobrowse/getConnectionInfo";

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Starts a mock on 127.0.0.1:0 and registers nothing: callers close it. */
export function start(options: MockServerOptions = {}): Promise<MockServer> {
  return startMockServer({ host: "127.0.0.1", port: 0, ...options });
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

export async function issueToken(mock: MockServer, expire?: number): Promise<string> {
  const answer = await post(
    mock.url + TOKEN_PATH,
    { app_key: mock.credentials.appKey, app_secret: mock.credentials.appSecret },
    expire === undefined ? {} : { "X-Token-Expire": String(expire) },
  );
  expect(answer.status).toBe(200);
  return (answer.body as { AccessToken: string }).AccessToken;
}

export function infoHeaders(mock: MockServer, token: string): Record<string, string> {
  return {
    Authorization: `Bearer ${token}`,
    "x-app-key": mock.credentials.appKey,
    "X-TenantSpaceID": mock.credentials.tenantSpaceId,
  };
}

/** Asserts an answer conforms to the spec for its operation and status, and carries X-Request-Id. */
export function expectConforms(operationId: string, answer: Answer): void {
  expect(answer.headers.get("x-request-id"), "X-Request-Id").toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  expect(specValidator().validateResponse(operationId, answer.status, answer.body)).toEqual([]);
  if (answer.status >= 400) {
    const body = answer.body as { errorCode: number; errorReason: string };
    expect(body.errorCode).toBe(answer.status * 100);
  }
}

/** A raw HTTP request (for bodies and headers fetch will not send); resolves with the parsed answer. */
export function raw(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string | number>; body?: Buffer | string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url + options.path,
      { method: options.method ?? "POST", headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: text === "" ? undefined : (JSON.parse(text) as unknown),
          });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/**
 * The URL a side connects its WebSocket to (`wssUrl` or `wssUrlOut` with `?connectParam=`).
 * The client's `connectUrl` does this for users; the mock's tests keep their own copy, as the
 * client's tests depend on this package.
 */
export function connectUrl(
  info: { wssUrl?: string; wssUrlOut?: string; connectParam?: string },
  options: { out?: boolean } = {},
): string {
  const base = options.out ? info.wssUrlOut : info.wssUrl;
  if (!base || !info.connectParam) throw new TypeError("connectUrl: wssUrl/wssUrlOut or connectParam is missing");
  return `${base}${base.includes("?") ? "&" : "?"}connectParam=${encodeURIComponent(info.connectParam)}`;
}

/**
 * Opens a WebSocket and resolves once the mock admits it; a refusal rejects with its status.
 * `track` collects the socket, for the test file to close afterwards.
 */
export function admitted(url: string, track?: WebSocket[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    track?.push(ws);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
  });
}

/** A WebSocket handshake the mock refused: its status, headers and JSON body. */
export interface Refusal {
  status: number;
  headers: IncomingHttpHeaders;
  body: { errorReason?: string } & Record<string, unknown>;
}

/** Opens a WebSocket expecting a refusal; rejects if the mock admits it. */
export function refused(url: string): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => {
      ws.close();
      reject(new Error("connection was admitted"));
    });
    ws.once("error", () => {});
    ws.once("unexpected-response", (_req, res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Refusal["body"] }),
      );
    });
  });
}

/** Polls `ok` every 10 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
