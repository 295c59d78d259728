// The relay of `cobrowse-contract proxy`: what passes through it is not changed (byte for byte,
// measured at a raw TCP target and a raw TCP client), nothing waits on it (each part of a body is
// passed on before the next exists), and it keeps working when a message is invalid.

import type { AddressInfo } from "node:net";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type ContractProxy, startContractProxy } from "../src/index.js";
import { mock } from "./support/servers.js";

/** A raw TCP target: hands each connection to `onConnection` with what it received so far. */
async function rawTarget(
  onConnection: (socket: Socket, received: () => Buffer, wait: (n: number | string) => Promise<void>) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((socket) => {
    const chunks: Buffer[] = [];
    const waiters: Array<() => void> = [];
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      for (const w of waiters.splice(0)) w();
    });
    const received = () => Buffer.concat(chunks);
    /** Resolves once `n` bytes (or the text) arrived. */
    const wait = (n: number | string) =>
      new Promise<void>((resolve) => {
        const check = () =>
          (typeof n === "number" ? received().length >= n : received().includes(n)) ? resolve() : waiters.push(check);
        check();
      });
    onConnection(socket, received, wait);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A raw TCP client of the proxy. */
async function rawClient(url: string): Promise<{
  socket: Socket;
  received: () => Buffer;
  wait: (n: number | string) => Promise<void>;
  ended: Promise<void>;
}> {
  const u = new URL(url);
  const socket = connect(Number(u.port), u.hostname);
  await new Promise<void>((r) => socket.once("connect", () => r()));
  const chunks: Buffer[] = [];
  const waiters: Array<() => void> = [];
  socket.on("data", (c: Buffer) => {
    chunks.push(c);
    for (const w of waiters.splice(0)) w();
  });
  const received = () => Buffer.concat(chunks);
  const wait = (n: number | string) =>
    new Promise<void>((resolve) => {
      const check = () =>
        (typeof n === "number" ? received().length >= n : received().includes(n)) ? resolve() : waiters.push(check);
      check();
    });
  const ended = new Promise<void>((r) => socket.on("close", () => r()));
  return { socket, received, wait, ended };
}

const GCI = "/apiaccess/api/cobrowse/getConnectionInfo";
let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function proxyTo(target: string, preserveHost = true): Promise<ContractProxy> {
  const proxy = await startContractProxy({ target, port: 0, preserveHost });
  cleanup.push(() => proxy.stop(500));
  return proxy;
}

describe("the proxy changes nothing that passes through it", () => {
  const body = Buffer.from(JSON.stringify({ role: "recorder", roomId: "room ü 1" }), "utf8");
  const answer = Buffer.from(
    JSON.stringify({ success: true, data: { roomId: "room ü 1" }, errorCode: null, errorReason: null }),
    "utf8",
  );
  const response = Buffer.concat([
    Buffer.from(
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nX-Request-Id: req-1\r\nx-LOWER-upper: v\r\nContent-Length: ${answer.length}\r\nConnection: close\r\n\r\n`,
    ),
    answer,
  ]);
  const request = (host: string) =>
    Buffer.concat([
      Buffer.from(
        `POST ${GCI}?trace=1 HTTP/1.1\r\nHost: ${host}\r\nX-Custom-CASE: MiXeD value\r\naccept: */*\r\nX-Dup: a\r\nX-Dup: b\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n`,
      ),
      body,
    ]);

  it("forwards the request byte for byte (with --preserve-host) and the answer byte for byte: no header added, dropped, re-cased or reordered", async () => {
    let atTarget: Buffer = Buffer.alloc(0);
    const target = await rawTarget((socket, received, wait) => {
      void wait("\r\n\r\n").then(async () => {
        await wait(received().indexOf("\r\n\r\n") + 4 + body.length);
        atTarget = received();
        socket.end(response);
      });
    });
    cleanup.push(target.close);
    const proxy = await proxyTo(target.url);
    const client = await rawClient(proxy.url);
    const sent = request(new URL(proxy.url).host);
    client.socket.write(sent);
    await client.ended;
    expect(atTarget.toString("latin1")).toBe(sent.toString("latin1"));
    expect(client.received().toString("latin1")).toBe(response.toString("latin1"));
  });

  it("without --preserve-host, Host is the target's and nothing else changes", async () => {
    let atTarget: Buffer = Buffer.alloc(0);
    const target = await rawTarget((socket, received, wait) => {
      void wait("\r\n\r\n").then(async () => {
        await wait(received().indexOf("\r\n\r\n") + 4 + body.length);
        atTarget = received();
        socket.end(response);
      });
    });
    cleanup.push(target.close);
    const proxy = await proxyTo(target.url, false);
    const client = await rawClient(proxy.url);
    client.socket.write(request(new URL(proxy.url).host));
    await client.ended;
    expect(atTarget.toString("latin1")).toBe(request(new URL(target.url).host).toString("latin1"));
    expect(client.received().toString("latin1")).toBe(response.toString("latin1"));
  });

  it("a chunked body arrives as the same message: the same headers in the same order, the same bytes", async () => {
    let atTarget: Buffer = Buffer.alloc(0);
    const target = await rawTarget((socket, received, wait) => {
      void wait("0\r\n\r\n").then(() => {
        atTarget = received();
        socket.end(response);
      });
    });
    cleanup.push(target.close);
    const proxy = await proxyTo(target.url);
    const client = await rawClient(proxy.url);
    const head = `POST ${GCI} HTTP/1.1\r\nHost: ${new URL(proxy.url).host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    client.socket.write(`${head}5\r\n{"rol\r\n`);
    client.socket.write(`${(body.length - 5).toString(16)}\r\n`);
    client.socket.write(Buffer.concat([body.subarray(5), Buffer.from("\r\n0\r\n\r\n")]));
    await client.ended;
    const text = atTarget.toString("latin1");
    expect(text.slice(0, text.indexOf("\r\n\r\n") + 4)).toBe(head);
    const chunks = text
      .slice(text.indexOf("\r\n\r\n") + 4)
      .split("\r\n")
      .filter((_, i) => i % 2 === 1)
      .join("");
    expect(Buffer.from(chunks, "latin1").equals(body)).toBe(true);
    expect(client.received().toString("latin1")).toBe(response.toString("latin1"));
  });
});

describe("the proxy holds nothing longer than the target does", () => {
  it("passes each part of a request body and of an answer on before the next part exists", async () => {
    const target = await rawTarget((socket, received, wait) => {
      void (async () => {
        await wait("first-part");
        // the second part of the request is only sent once the first reached the target
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        await wait("second-part");
        socket.end("5\r\nworld\r\n0\r\n\r\n");
        void received;
      })();
    });
    cleanup.push(target.close);
    const proxy = await proxyTo(target.url);
    const client = await rawClient(proxy.url);
    client.socket.write(`POST /anything HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\na\r\nfirst-part\r\n`);
    // deadlocks (and times out) if the proxy waited for the whole request or the whole answer
    await client.wait("hello");
    client.socket.write("b\r\nsecond-part\r\n0\r\n\r\n");
    await client.wait("world");
    client.socket.end();
  }, 20_000);
});

describe("the proxy keeps working when a message is invalid", () => {
  it("answers 400 to bytes that are not HTTP, 502 when the target's answer is not HTTP, relays a malformed JSON body (judging it), and goes on relaying", async () => {
    const upstream = await mock();
    cleanup.push(upstream.close);
    const proxy = await startContractProxy({ target: upstream.target.baseUrl, port: 0 });
    let stopped = false;
    cleanup.push(async () => {
      if (!stopped) await proxy.stop(500);
    });
    const garbage = await rawClient(proxy.url);
    garbage.socket.write("\x16\x03\x01 this is not HTTP\r\n\r\n");
    await garbage.ended;
    expect(garbage.received().toString("latin1")).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);

    const malformed = await fetch(`${proxy.url}${GCI}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer x",
        "x-app-key": "k",
        "X-TenantSpaceID": "t",
      },
      body: '{"role": ',
    });
    expect(malformed.status).toBe(401); // the mock's answer (authentication is checked before the body), relayed
    const token = await fetch(`${proxy.url}/apigovernance/api/oauth/tokenByAkSk`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ app_key: upstream.target.appKey, app_secret: upstream.target.appSecret }),
    });
    expect(token.status).toBe(200);

    // a target whose answer is not HTTP: 502 from the proxy, a violation of the target, and the proxy goes on
    const broken = await rawTarget(
      (socket, _received, wait) => void wait("\r\n\r\n").then(() => socket.end("NOT HTTP AT ALL\r\n\r\n")),
    );
    cleanup.push(broken.close);
    const second = await startContractProxy({ target: broken.url, port: 0 });
    const notHttp = await fetch(`${second.url}${GCI}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(notHttp.status).toBe(502);
    expect(await notHttp.text()).toMatch(/the target's answer is not HTTP/);
    const report2 = await second.stop(500);
    expect(
      report2.results.flatMap((r) => r.failures).some((f) => f.rule === "network" && /not HTTP/.test(f.message)),
    ).toBe(true);

    stopped = true;
    const report = await proxy.stop(500);
    const request = report.results.find((r) => r.id === "traffic.request")!;
    expect(request.failures.map((f) => f.message)).toContainEqual(
      expect.stringMatching(
        /#\d+ POST \/apiaccess\/api\/cobrowse\/getConnectionInfo: the client sent a request that breaks the spec: the body is not JSON/,
      ),
    );
    expect(report.traffic).toMatchObject({ mode: "proxy", exchanges: 2 });
    // the token the proxy saw never shows in its report
    expect(JSON.stringify(report)).not.toContain(upstream.target.appSecret);
  });
});
