import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { specValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../src/index.js";
import { INFO_PATH, infoHeaders, issueToken, post, start, TOKEN_PATH } from "./helpers.js";

let mock: MockServer;
let token: string;
beforeAll(async () => {
  mock = await start({ requestTimeoutMs: 1500 });
  token = await issueToken(mock);
});
afterAll(() => mock.close());

interface RawAnswer {
  status: number;
  head: string;
  body: unknown;
}

/** Writes raw bytes to the server, optionally half-closes, and parses whatever comes back. */
function send(
  data: Buffer | string,
  options: { end?: boolean; destroyAfterMs?: number } = {},
): Promise<RawAnswer | "closed"> {
  return new Promise((resolve, reject) => {
    const socket = connect(mock.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error("no answer within 10 s (hang)"));
    }, 10_000);
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("utf8");
      if (text === "") return resolve("closed");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const bodyText = rest.join("\r\n\r\n");
      let body: unknown;
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
      resolve({ status, head, body });
    });
    socket.write(data);
    if (options.end) socket.end();
    if (options.destroyAfterMs !== undefined) setTimeout(() => socket.destroy(), options.destroyAfterMs);
  });
}

const request = (body: string | Buffer, headers: Record<string, string | number> = {}, path = TOKEN_PATH): Buffer => {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const lines = [`POST ${path} HTTP/1.1`, "Host: 127.0.0.1", "Content-Type: application/json", "Connection: close"];
  if (!("Content-Length" in headers)) lines.push(`Content-Length: ${bytes.length}`);
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), bytes]);
};

function expectClientError(answer: RawAnswer | "closed"): void {
  expect(answer).not.toBe("closed");
  const a = answer as RawAnswer;
  expect(a.status).toBeGreaterThanOrEqual(400);
  expect(a.status).toBeLessThan(500);
  expect(specValidator().validateSchema("ErrorResponse", a.body)).toEqual([]);
  expect(a.head.toLowerCase()).toContain("x-request-id:");
}

describe("garbage never yields a 5xx, a hang or a crash", () => {
  it.each([
    ["random bytes", () => randomBytes(2048)],
    ["a bad request line", () => Buffer.from("HELLO WORLD\r\n\r\n")],
    ["a bad header line", () => Buffer.from(`POST ${TOKEN_PATH} HTTP/1.1\r\nHost x\r\n\r\n`)],
    ["a header with a control character", () => Buffer.from(`POST ${TOKEN_PATH} HTTP/1.1\r\nX-A: a\u0001b\r\n\r\n`)],
    [
      "huge headers",
      () => Buffer.from(`POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(64 * 1024)}\r\n\r\n`),
    ],
    ["a huge URL", () => Buffer.from(`GET /${"a".repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`)],
    ["a bad Content-Length", () => request("{}", { "Content-Length": "abc" })],
    ["a negative Content-Length", () => request("{}", { "Content-Length": "-1" })],
    ["both Content-Length and chunked", () => request("{}", { "Transfer-Encoding": "chunked" })],
    ["a broken chunk", () => request("zz\r\nxx\r\n", { "Transfer-Encoding": "chunked", "Content-Length": "" })],
  ])("answers %s with a 4xx ErrorResponse", async (_name, make) => {
    expectClientError(await send(make(), { end: true }));
  });

  it.each([
    ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])],
    ["a lone surrogate escape", Buffer.from('{"app_key":"\\ud800","app_secret":"x"}')],
    ["NUL bytes", Buffer.from('{"app_key":"\u0000","app_secret":"\u0000"}')],
    ["deep nesting", Buffer.from(`{"app_key":${"[".repeat(200_000)}${"]".repeat(200_000)},"app_secret":"x"}`)],
    ["deeply nested objects", Buffer.from(`${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`)],
    ["a huge number", Buffer.from(`{"app_key":1e999999,"app_secret":"x"}`)],
    ["a BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"app_key":"a","app_secret":"b"}')])],
    ["duplicate keys and __proto__", Buffer.from('{"__proto__":{"x":1},"app_key":"a","app_key":"b","app_secret":"c"}')],
    ["only whitespace", Buffer.from("   \n\t ")],
  ])("answers a body with %s with a 4xx", async (_name, body) => {
    const answer = await send(request(body));
    expectClientError(answer);
  });

  it("answers garbage bodies to getConnectionInfo with a 4xx", async () => {
    for (const body of ["[", "null", "[]", '"s"', "0", "false", '{"role":{"role":"recorder"}}', "{}".repeat(1000)]) {
      expectClientError(await send(request(body, infoHeaders(mock, token), INFO_PATH)));
    }
  });

  it("answers a truncated body followed by a half-close with a 400", async () => {
    const whole = request('{"app_key":"demo-app-key","app_secret":"demo-app-secret"}');
    expectClientError(await send(whole.subarray(0, whole.length - 10), { end: true }));
  });

  it("answers a truncated body left hanging with a 408 once the request timeout passes", async () => {
    const whole = request('{"app_key":"demo-app-key","app_secret":"demo-app-secret"}');
    const answer = await send(whole.subarray(0, whole.length - 10));
    expectClientError(answer);
    expect((answer as RawAnswer).status).toBe(408);
  });

  it("survives connections aborted at every stage, then still answers", async () => {
    const whole = request('{"app_key":"demo-app-key","app_secret":"demo-app-secret"}');
    const cuts = [1, 10, 40, whole.length - 30, whole.length - 1, whole.length];
    await Promise.all(cuts.map((cut) => send(whole.subarray(0, cut), { destroyAfterMs: 5 }).catch(() => "closed")));
    // Aborted mid-body with a big declared body.
    await send(request("{", { "Content-Length": 500_000 }), { destroyAfterMs: 5 }).catch(() => "closed");
    const answer = await post(mock.url + TOKEN_PATH, { app_key: "demo-app-key", app_secret: "demo-app-secret" });
    expect(answer.status).toBe(200);
  });

  it("serves a request that offers an h2c upgrade as plain HTTP/1.1 (curl --http2)", async () => {
    const body = JSON.stringify({ app_key: "demo-app-key", app_secret: "demo-app-secret" });
    const answer = await send(
      request(body, {
        Connection: "Upgrade, HTTP2-Settings",
        Upgrade: "h2c",
        "HTTP2-Settings": "AAMAAABkAAQCAAAAAAIAAAAA",
      })
        .toString()
        .replace("Connection: close\r\n", ""),
      { end: true },
    );
    expect(answer).not.toBe("closed");
    expect((answer as RawAnswer).status).toBe(200);
    expect(specValidator().validateResponse("tokenByAkSk", 200, (answer as RawAnswer).body)).toEqual([]);
  });

  it("keeps answering after all of the above", async () => {
    const answer = await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token));
    expect(answer.status).toBe(200);
  });
});
