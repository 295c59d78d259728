// Every answer is an ErrorResponse with X-Request-Id, those Node's HTTP parser and the
// WebSocket library would otherwise produce included; pipelined requests that offer an h2c
// upgrade are all answered. Raw sockets, so nothing between the test and the server helps.
import { specValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../src/index.js";
import { connectUrl, INFO_PATH, infoHeaders, issueToken, post, start, TOKEN_PATH } from "./helpers.js";
import { exchangeWith, type Parsed } from "./raw-http.js";

let mock: MockServer;
let token: string;
beforeAll(async () => {
  mock = await start();
  token = await issueToken(mock);
});
afterAll(() => mock.close());
const exchange = (data: string, quietMs?: number) => exchangeWith(mock.port, data, quietMs);

function expectErrorResponse(answer: Parsed | undefined, status: number, reason: RegExp): void {
  expect(answer, "an answer").toBeDefined();
  expect(answer!.status).toBe(status);
  expect(answer!.headers["x-request-id"], "X-Request-Id").toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  const body = JSON.parse(answer!.body) as { errorReason: string };
  expect(specValidator().validateSchema("ErrorResponse", body)).toEqual([]);
  expect(body.errorReason).toMatch(reason);
}

const tokenBody = JSON.stringify({ app_key: "demo-app-key", app_secret: "demo-app-secret" });

describe("answers Node's HTTP parser would give without a body", () => {
  it("a request without Host: 400 naming Host", async () => {
    const [answer] = await exchange(
      `POST ${TOKEN_PATH} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${tokenBody.length}\r\n\r\n${tokenBody}`,
    );
    expectErrorResponse(answer, 400, /^Host/);
  });

  it("an Expect other than 100-continue: 417 naming Expect", async () => {
    const [answer] = await exchange(
      `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nExpect: tea\r\nContent-Type: application/json\r\nContent-Length: ${tokenBody.length}\r\n\r\n${tokenBody}`,
    );
    expectErrorResponse(answer, 417, /^Expect/);
  });

  it("Expect: 100-continue still works", async () => {
    const answers = await exchange(
      `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${tokenBody.length}\r\n\r\n${tokenBody}`,
    );
    expect(answers.map((a) => a.status)).toContain(200);
  });
});

describe("answers the WebSocket library would give as plain text", () => {
  const handshake = async (headers: Record<string, string>, method = "GET") => {
    const info = (await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token))).body as {
      data: { wssUrl: string; connectParam: string };
    };
    const url = new URL(connectUrl(info.data));
    const lines = [
      `${method} ${url.pathname}${url.search} HTTP/1.1`,
      "Host: 127.0.0.1",
      "Connection: Upgrade",
      "Upgrade: websocket",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    return (await exchange(`${lines.join("\r\n")}\r\n\r\n`))[0];
  };
  const key = "dGhlIHNhbXBsZSBub25jZQ==";

  it("no Sec-WebSocket-Key: 400 naming it", async () => {
    expectErrorResponse(await handshake({ "Sec-WebSocket-Version": "13" }), 400, /^Sec-WebSocket-Key/);
  });

  it("a malformed Sec-WebSocket-Key: 400 naming it", async () => {
    expectErrorResponse(
      await handshake({ "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "short" }),
      400,
      /^Sec-WebSocket-Key/,
    );
  });

  it("an unknown Sec-WebSocket-Version: 400 naming it, with the versions served", async () => {
    const answer = await handshake({ "Sec-WebSocket-Version": "99", "Sec-WebSocket-Key": key });
    expectErrorResponse(answer, 400, /^Sec-WebSocket-Version/);
    expect(answer!.headers["sec-websocket-version"]).toBe("13, 8");
  });

  it("a malformed Sec-WebSocket-Protocol: 400 naming it", async () => {
    expectErrorResponse(
      await handshake({ "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": key, "Sec-WebSocket-Protocol": "a,,b" }),
      400,
      /^Sec-WebSocket-Protocol/,
    );
  });

  it("a POST upgrade: 405 naming the method", async () => {
    expectErrorResponse(
      await handshake({ "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": key }, "POST"),
      405,
      /^method/,
    );
  });
});

describe("pipelined requests offering an h2c upgrade", () => {
  const h2c = (close: boolean) =>
    [
      `POST ${TOKEN_PATH} HTTP/1.1`,
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      `Content-Length: ${tokenBody.length}`,
      `Connection: Upgrade, HTTP2-Settings${close ? ", close" : ""}`,
      "Upgrade: h2c",
      "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA",
      "",
      tokenBody,
    ].join("\r\n");

  it("are all answered, in order", async () => {
    const answers = await exchange(h2c(false) + h2c(false) + h2c(true));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    for (const a of answers)
      expect(specValidator().validateResponse("tokenByAkSk", 200, JSON.parse(a.body))).toEqual([]);
  });
});
