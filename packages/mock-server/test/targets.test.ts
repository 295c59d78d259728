// Request targets and pipelining at the edges: a WebSocket upgrade to a target no URL parser
// takes (`//[`, an out-of-range port) is a 4xx, never a 500; absolute-form targets are served
// (RFC 9112, section 3.2.2), their authority standing in for Host; and a request pipelined
// before an upgrade gets its answer first, whether the upgrade is refused, declined or taken.
import { specValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, parseRequestTarget } from "../src/index.js";
import { connectUrl, INFO_PATH, infoHeaders, issueToken, post, start, TOKEN_PATH } from "./helpers.js";
import { exchangeText, exchangeWith, type Parsed } from "./raw-http.js";

let mock: MockServer;
let token: string;
beforeAll(async () => {
  mock = await start({ control: true });
  token = await issueToken(mock, 3600);
});
afterAll(() => mock.close());

const exchange = (data: string) => exchangeWith(mock.port, data);
const tokenBody = JSON.stringify({ app_key: "demo-app-key", app_secret: "demo-app-secret" });
const tokenRequest = (target = TOKEN_PATH, extra: string[] = []) =>
  [
    `POST ${target} HTTP/1.1`,
    "Host: 127.0.0.1",
    "Content-Type: application/json",
    `Content-Length: ${tokenBody.length}`,
    ...extra,
    "",
    tokenBody,
  ].join("\r\n");
const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const upgrade = (target: string, close = false) =>
  [
    `GET ${target} HTTP/1.1`,
    "Host: 127.0.0.1",
    `Connection: Upgrade${close ? ", close" : ""}`,
    "Upgrade: websocket",
    "Sec-WebSocket-Version: 13",
    `Sec-WebSocket-Key: ${KEY}`,
    "",
    "",
  ].join("\r\n");

async function roomTarget(role: "recorder" | "replayer" = "recorder"): Promise<string> {
  const info = (await post(mock.url + INFO_PATH, { role }, infoHeaders(mock, token))).body as {
    data: { wssUrl: string; connectParam: string };
  };
  const url = new URL(connectUrl(info.data));
  return url.pathname + url.search;
}

function expectClientError(answer: Parsed | undefined): void {
  expect(answer, "an answer").toBeDefined();
  expect(answer!.status).toBeGreaterThanOrEqual(400);
  expect(answer!.status).toBeLessThan(500);
  expect(specValidator().validateSchema("ErrorResponse", JSON.parse(answer!.body))).toEqual([]);
  expect(answer!.headers["x-request-id"]).toBeDefined();
}

describe("a WebSocket upgrade to a malformed target", () => {
  it.each([
    "//[",
    "//a:99999/ws/cobrowse/x",
    "//[::1/ws/cobrowse/x",
    "http://a:99999/ws/cobrowse/x",
    "http://[/ws/cobrowse/x",
    "*",
    "mailto:x",
  ])("%s: a 4xx ErrorResponse, not a 500", async (target) => {
    const [answer] = await exchange(upgrade(target));
    expectClientError(answer);
  });

  it("a plain request to the same targets: a 4xx too", async () => {
    for (const target of ["//[", "//a:99999/", "http://a:99999/x", "http://[/x", "*"])
      expectClientError((await exchange(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`))[0]);
  });
});

describe("absolute-form request targets (RFC 9112, section 3.2.2)", () => {
  it("are served: an operation, the control API, a WebSocket room", async () => {
    const [answer] = await exchange(tokenRequest(`http://127.0.0.1:${mock.port}${TOKEN_PATH}`, ["Connection: close"]));
    expect(answer!.status).toBe(200);
    expect(specValidator().validateResponse("tokenByAkSk", 200, JSON.parse(answer!.body))).toEqual([]);
    const [health] = await exchange(
      `GET http://127.0.0.1:${mock.port}/__mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    );
    expect(health!.status).toBe(200);
    const text = await exchangeText(mock.port, upgrade(`http://127.0.0.1:${mock.port}${await roomTarget()}`), 300);
    expect(text).toMatch(/^HTTP\/1\.1 101 /);
  });

  it("take their authority for the Host (the room's wssUrl names it)", async () => {
    const body = JSON.stringify({ role: "recorder" });
    const headers = Object.entries(infoHeaders(mock, token)).map(([k, v]) => `${k}: ${v}`);
    const request = [
      `POST http://portal.example:8443${INFO_PATH} HTTP/1.1`,
      "Host: ignored.example",
      "Content-Type: application/json",
      `Content-Length: ${body.length}`,
      "Connection: close",
      ...headers,
      "",
      body,
    ].join("\r\n");
    const [answer] = await exchange(request);
    expect(answer!.status).toBe(200);
    expect((JSON.parse(answer!.body) as { data: { wssUrl: string } }).data.wssUrl).toMatch(
      /^ws:\/\/portal\.example:8443\/ws\/cobrowse\//,
    );
  });

  it("parseRequestTarget reads each form without a URL parser", () => {
    expect(parseRequestTarget("/a/b?c=d")).toEqual({ path: "/a/b", query: "c=d" });
    expect(parseRequestTarget("//[")).toEqual({ path: "//[", query: "" });
    expect(parseRequestTarget("http://h:8080")).toEqual({ path: "/", query: "", authority: "h:8080" });
    expect(parseRequestTarget("HTTP://[::1]:1/x?y")).toEqual({ path: "/x", query: "y", authority: "[::1]:1" });
    for (const bad of [
      "http://a:99999/",
      "http://[/",
      "http://a:/",
      "*",
      "example.com:443",
      "ftp://h/x",
      "http://u@h/x",
      "http://h:1x/",
    ]) {
      expect(parseRequestTarget(bad), bad).toHaveProperty("problem");
    }
  });
});

describe("a request pipelined before an upgrade", () => {
  it("gets its answer before a refused WebSocket upgrade (no connectParam)", async () => {
    const answers = await exchange(tokenRequest() + upgrade("/ws/cobrowse/x"));
    expect(answers.map((a) => a.status)).toEqual([200, 401]);
  });

  it("gets its answer before a refused upgrade when it offered h2c itself", async () => {
    const answers = await exchange(
      tokenRequest(TOKEN_PATH, [
        "Connection: Upgrade, HTTP2-Settings",
        "Upgrade: h2c",
        "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA",
      ]) + upgrade("/ws/cobrowse/x"),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 401]);
  });

  it("gets its answer before an admitted WebSocket's 101", async () => {
    const text = await exchangeText(mock.port, tokenRequest() + upgrade(await roomTarget()), 300);
    expect(text).toMatch(/^HTTP\/1\.1 200 [\s\S]*}HTTP\/1\.1 101 /);
  });

  it("nothing pipelined after a refused upgrade is served", async () => {
    const answers = await exchange(
      `${upgrade("/ws/cobrowse/x")}POST /__mock/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n{"status":503}`,
    );
    expect(answers.map((a) => a.status)).toEqual([401]);
    expect(mock.faults.list()).toEqual([]);
  });
});
