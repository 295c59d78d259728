// The docs server under hostile requests: no request stops it (the targets and paths that used
// to throw in its handlers answer a 4xx ErrorResponse), nothing reaches the mock's control API
// through it (an upgrade is forwarded only when it is a real WebSocket handshake, and only the
// handshake), and the playground's token route answers only the portal's own pages: another
// site's page, marked cross-site by the browser or rebound to 127.0.0.1 by DNS, gets nothing.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { join } from "node:path";
import { specValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DocsServer, docsOptionsFromEnv, startDocsServer, TOKEN_PATH } from "../src/server.js";
import { launchChromium } from "./helpers/browser.js";
import { exchange, exchangeText, parseAnswers, type RawAnswer } from "./helpers/raw-http.js";
import { DOCS } from "./helpers/samples.js";

const spec = specValidator();
const tokenOp = spec.tokenSource().operation;
const roomOp = [...spec.operations.values()].find((o) => o.room)!;
const KEY = "dGhlIHNhbXBsZSBub25jZQ==";

function expectErrorResponse(answer: RawAnswer | undefined, status?: number): void {
  expect(answer, "an answer").toBeDefined();
  if (status !== undefined) expect(answer!.status).toBe(status);
  expect(answer!.status).toBeGreaterThanOrEqual(400);
  expect(answer!.status).toBeLessThan(500);
  expect(spec.validateSchema("ErrorResponse", JSON.parse(answer!.body))).toEqual([]);
}

/** GET with any headers (Host included, which fetch will not set). */
function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("no request stops the docs server (pnpm docs:serve, its own process)", () => {
  let child: ChildProcess;
  let port: number;
  beforeAll(async () => {
    child = spawn(process.execPath, [join(DOCS, "lib", "serve.mjs")], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout!.on("data", (d) => (stdout += d));
    while (!stdout.includes("\n")) await once(child.stdout!, "data");
    port = Number(/:(\d+)\s*$/.exec(stdout.trim())![1]);
  });
  afterAll(() => void child?.kill("SIGKILL"));

  const upgrade = (target: string) =>
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${KEY}\r\n\r\n`;
  const plain = (target: string) => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;
  it.each([
    ["a NUL in the path", plain("/%00")],
    ["a NUL in a guide's name", plain("/guides/%00.html")],
    ["the target //[", plain("//[")],
    ["the target //a:99999/", plain("//a:99999/")],
    ["an absolute-form target with an out-of-range port", plain("http://a:99999/")],
    ["a file's name used as a directory (ENOTDIR)", plain("/index.html/x")],
    ["a name too long for the file system (ENAMETOOLONG)", plain(`/${"a".repeat(5000)}.html`)],
    ["bad percent-encoding", plain("/%zz")],
    ["a WebSocket upgrade to //[", upgrade("//[")],
    ["a WebSocket upgrade to //a:99999/ws/cobrowse/x", upgrade("//a:99999/ws/cobrowse/x")],
    ["a WebSocket upgrade to http://[/ws/cobrowse/x", upgrade("http://[/ws/cobrowse/x")],
    ["garbage", "\u0001\u0002 nothing like HTTP\r\n\r\n"],
  ])("%s: a 4xx ErrorResponse, and it keeps serving", async (_name, data) => {
    const [answer] = await exchange(port, data);
    expectErrorResponse(answer);
    expect(child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });
});

describe("the docs server forwards only WebSocket handshakes, never what follows them", () => {
  let docs: DocsServer;
  beforeAll(async () => {
    // The mock's control API on, as with MOCK_CONTROL=on: the docs server is a loopback caller to it.
    docs = await startDocsServer({ mock: { control: true } });
  });
  afterAll(() => docs?.close());
  const host = () => `127.0.0.1:${docs.port}`;
  const faultRequest = () => {
    const body = JSON.stringify({ status: 503, count: 5 });
    return `POST /__mock/faults HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  };
  const expectNoFault = async () => {
    expect(docs.mock.faults.list()).toEqual([]);
    const res = await fetch(`${docs.url}${tokenOp.path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ app_key: docs.mock.credentials.appKey, app_secret: docs.mock.credentials.appSecret }),
    });
    expect(res.status).toBe(200);
  };

  it("an h2c offer on the rooms' path is a plain request, and a request pipelined behind it is the docs server's own", async () => {
    const text = await exchangeText(
      docs.port,
      `GET /ws/cobrowse/x HTTP/1.1\r\nHost: ${host()}\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\nGET /__mock/health HTTP/1.1\r\nHost: ${host()}\r\n\r\n`,
    );
    expect(text).not.toContain('"ok":true');
    const answers = parseAnswers(text);
    expect(answers.map((a) => a.status)).toEqual([404, 404]);
    for (const a of answers) expectErrorResponse(a);
    // The same with a fault for the mock's control API (MOCK_CONTROL=on): the docs server answers it (405: no POST for a page).
    const faulted = await exchange(
      docs.port,
      `GET /ws/cobrowse/x HTTP/1.1\r\nHost: ${host()}\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n${faultRequest()}`,
    );
    expect(faulted.map((a) => a.status)).toEqual([404, 405]);
    await expectNoFault();
  });

  it("a control request pipelined behind a refused WebSocket handshake never reaches the mock", async () => {
    const answers = await exchange(
      docs.port,
      `GET /ws/cobrowse/x HTTP/1.1\r\nHost: ${host()}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${KEY}\r\n\r\n${faultRequest()}`,
    );
    expect(answers.map((a) => a.status)).toEqual([401]);
    await expectNoFault();
  });

  it("a control request pipelined behind an admitted WebSocket handshake reaches the mock as frames, not HTTP", async () => {
    const bearer = ((await (await fetch(`${docs.url}${TOKEN_PATH}`)).json()) as { accessToken: string }).accessToken;
    const headers: Record<string, string> = { "content-type": "application/json" };
    for (const h of roomOp.securityHeaders)
      headers[h.header] =
        h.kind === "bearer"
          ? `Bearer ${bearer}`
          : h.header.toLowerCase().includes("tenant")
            ? docs.mock.credentials.tenantSpaceId
            : docs.mock.credentials.appKey;
    const info = (
      (await (
        await fetch(`${docs.url}${roomOp.path}`, {
          method: "POST",
          headers,
          body: JSON.stringify({ role: "recorder" }),
        })
      ).json()) as { data: { wssUrlOut: string; connectParam: string } }
    ).data;
    const target = `${new URL(info.wssUrlOut).pathname}?connectParam=${encodeURIComponent(info.connectParam)}`;
    const text = await exchangeText(
      docs.port,
      `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${KEY}\r\n\r\n${faultRequest()}`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 101 /);
    expect(text).not.toMatch(/HTTP\/1\.1 201/);
    await expectNoFault();
  });

  it("an upgrade that is not a WebSocket handshake, or has a body, is refused", async () => {
    const base = `Host: ${host()}\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${KEY}`;
    expectErrorResponse(
      (
        await exchange(
          docs.port,
          `POST /ws/cobrowse/x HTTP/1.1\r\n${base}\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n`,
        )
      )[0],
      405,
    );
    expectErrorResponse(
      (
        await exchange(
          docs.port,
          `GET /ws/cobrowse/x HTTP/1.1\r\n${base}\r\nConnection: Upgrade\r\nContent-Length: 5\r\n\r\nhello`,
        )
      )[0],
      400,
    );
    expectErrorResponse(
      (await exchange(docs.port, `GET /elsewhere HTTP/1.1\r\n${base}\r\nConnection: Upgrade\r\n\r\n`))[0],
      404,
    );
  });
});

describe("the token route answers only the portal's own pages", () => {
  let docs: DocsServer;
  let named: DocsServer;
  beforeAll(async () => {
    [docs, named] = await Promise.all([startDocsServer(), startDocsServer({ allowedHosts: ["docs.example.com"] })]);
  });
  afterAll(() => Promise.all([docs?.close(), named?.close()]));

  it("answers the portal's own names, same-origin requests and typed-in URLs", async () => {
    const own = `127.0.0.1:${docs.port}`;
    const variants: Array<Record<string, string>> = [
      {},
      { host: `localhost:${docs.port}` },
      { origin: `http://${own}`, "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "none" },
    ];
    for (const headers of variants) {
      const answer = await get(docs.port, TOKEN_PATH, { host: own, ...headers });
      expect(answer.status, JSON.stringify(headers)).toBe(200);
      expect(Object.keys(JSON.parse(answer.body)).sort()).toEqual(["accessToken", "expiresIn"]);
    }
    expect(
      (await get(named.port, TOKEN_PATH, { host: "docs.example.com", origin: "https://docs.example.com" })).status,
    ).toBe(200);
  });

  it.each([
    ["another site's Origin", { origin: "http://evil.example" }, 403],
    ["Origin: null", { origin: "null" }, 403],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }, 403],
    ["Sec-Fetch-Site: same-site (another port of localhost)", { "sec-fetch-site": "same-site" }, 403],
    [
      "a Host the portal is not served under (DNS rebinding)",
      { host: "rebind.example:PORT", "sec-fetch-site": "same-origin", origin: "http://rebind.example:PORT" },
      421,
    ],
    ["its own name on another port", { host: "127.0.0.1:1" }, 421],
  ])("refuses %s", async (_name, given, status) => {
    const headers = Object.fromEntries(
      Object.entries(given).map(([k, v]) => [k, v.replace("PORT", String(docs.port))]),
    );
    const answer = await get(docs.port, TOKEN_PATH, { host: `127.0.0.1:${docs.port}`, ...headers });
    expect(answer.status).toBe(status);
    expect(answer.body).not.toContain("accessToken");
    expect(spec.validateSchema("ErrorResponse", JSON.parse(answer.body))).toEqual([]);
  });

  it("refuses the API and the rooms under a Host it is not served under", async () => {
    expect((await get(docs.port, "/", { host: "rebind.example" })).status).toBe(421);
    const answers = await exchange(
      docs.port,
      `POST ${roomOp.path} HTTP/1.1\r\nHost: rebind.example:${docs.port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expectErrorResponse(answers[0], 421);
    expectErrorResponse(
      (
        await exchange(
          docs.port,
          `GET /ws/cobrowse/x HTTP/1.1\r\nHost: rebind.example\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${KEY}\r\n\r\n`,
        )
      )[0],
      421,
    );
  });

  it("takes more names from DOCS_ALLOWED_HOSTS, and refuses a malformed one naming it", () => {
    expect(docsOptionsFromEnv({ DOCS_ALLOWED_HOSTS: "docs.example.com, docs.example.com:8443" }).allowedHosts).toEqual([
      "docs.example.com",
      "docs.example.com:8443",
    ]);
    expect(docsOptionsFromEnv({}).allowedHosts).toBeUndefined();
    expect(() => docsOptionsFromEnv({ DOCS_ALLOWED_HOSTS: "http://x/" })).toThrow(/^DOCS_ALLOWED_HOSTS: /);
  });

  it("a page of another site rebound to 127.0.0.1 (Chromium, the name mapped by its resolver) reads no token and no room", async () => {
    // Chromium's own Private Network Access blocks a page it took for public from reaching
    // loopback; browsers without it (and a page it takes for local) do not, so it is turned off:
    // the server must refuse on its own. Over plain HTTP no Sec-Fetch-* header is sent either.
    const chromium = await launchChromium([
      "--host-resolver-rules=MAP rebind.test 127.0.0.1",
      "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests",
    ]);
    try {
      const context = await chromium.browser.newContext();
      const page = await context.newPage();
      const origin = `http://rebind.test:${docs.port}`;
      // The attacker's page, as its own server sent it before the name was rebound.
      await page.route(`${origin}/attack.html`, (route) =>
        route.fulfill({ contentType: "text/html", body: "<!doctype html><title>attack</title>" }),
      );
      await page.goto(`${origin}/attack.html`);
      const stolen = await page.evaluate(
        async ({ tokenPath, infoPath }) => {
          const tokenRes = await fetch(tokenPath);
          const tokenText = await tokenRes.text();
          const infoRes = await fetch(infoPath, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: "Bearer x" },
            body: JSON.stringify({ role: "replayer", roomId: "any" }),
          });
          return { tokenStatus: tokenRes.status, tokenText, infoStatus: infoRes.status };
        },
        { tokenPath: TOKEN_PATH, infoPath: roomOp.path },
      );
      expect(stolen.tokenStatus).toBe(421);
      expect(stolen.tokenText).not.toContain("accessToken");
      expect(stolen.infoStatus).toBe(421);
    } finally {
      await chromium.close();
    }
  });
});
