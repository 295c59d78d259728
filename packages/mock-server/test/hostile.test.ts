// The hostile answers a real gateway (or something in front of it) can give, as faults: an
// echoed bearer token, a redirect to another origin, a flood (1 GiB, or a gzip bomb) that the
// mock streams with bounded memory and stops when the client goes, and a trickled body.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { createGunzip } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FaultSpecError, type MockServer, type RequestRecord } from "../src/index.js";
import { expectConforms, INFO_PATH, infoHeaders, issueToken, post, start, TOKEN_PATH, until } from "./helpers.js";

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };
let mock: MockServer;
let token: string;
beforeAll(async () => {
  mock = await start();
  token = await issueToken(mock);
});
beforeEach(() => mock.faults.clear());
afterAll(() => mock.close());

const lastRecord = (): RequestRecord => mock.requests.list(mock.requests.last() - 1)[0]!;
const MiB = 1024 * 1024;

/** Sends a token request and hands the raw answer (not decoded) to `onResponse`. */
function rawTokenCall(onResponse: (res: IncomingMessage, destroy: () => void) => void, base = mock.url): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      base + TOKEN_PATH,
      { method: "POST", headers: { "content-type": "application/json" } },
      (res) => {
        res.once("end", resolve);
        res.once("close", resolve);
        onResponse(res, () => req.destroy());
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" ? resolve() : reject(e)));
    req.end(JSON.stringify(creds));
  });
}

describe("echoToken", () => {
  it("ends the errorReason with the Authorization header as received and sends it back in X-Echo-Authorization", async () => {
    mock.faults.inject({ operationId: "getConnectionInfo", status: 401, echoToken: true });
    const answer = await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token));
    expect(answer.status).toBe(401);
    expectConforms("getConnectionInfo", answer);
    expect((answer.body as { errorReason: string }).errorReason).toBe(
      `injected fault: HTTP 401 (token: Bearer ${token})`,
    );
    expect(answer.headers.get("x-echo-authorization")).toBe(`Bearer ${token}`);
  });

  it("adds nothing when the request carried no Authorization header", async () => {
    mock.faults.inject({ status: 503, echoToken: true });
    const answer = await post(mock.url + TOKEN_PATH, creds);
    expect((answer.body as { errorReason: string }).errorReason).toBe(
      "service unavailable (injected fault); retry later",
    );
    expect(answer.headers.get("x-echo-authorization")).toBeNull();
  });
});

describe("redirect", () => {
  it.each([
    ["other-origin", "127.0.0.1", "localhost"],
    ["other-origin", "localhost", "127.0.0.1"],
    ["same-origin", "127.0.0.1", "127.0.0.1"],
  ] as const)(
    "%s from %s answers 307 with an empty body and Location at %s, same port, path and query",
    async (to, from, at) => {
      mock.faults.inject({ operationId: "tokenByAkSk", redirect: to });
      const base = `http://${from}:${mock.port}`;
      const res = await fetch(`${base}${TOKEN_PATH}?x=1&y=two`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(creds),
        redirect: "manual",
      });
      expect(res.status).toBe(307);
      expect(res.headers.get("location")).toBe(`http://${at}:${mock.port}${TOKEN_PATH}?x=1&y=two`);
      expect(res.headers.get("x-request-id")).toBeTruthy();
      expect(await res.text()).toBe("");
      expect(lastRecord()).toMatchObject({ operationId: "tokenByAkSk", status: 307 });
    },
  );

  it("takes any 3xx status and extra headers; a client that follows it reaches this mock again (two records)", async () => {
    const since = mock.requests.last();
    mock.faults.inject({
      operationId: "tokenByAkSk",
      redirect: "other-origin",
      status: 308,
      headers: { "X-Hop": "1" },
    });
    const res = await fetch(mock.url + TOKEN_PATH, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(creds),
    });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`http://localhost:${mock.port}${TOKEN_PATH}`);
    expect(mock.requests.list(since).map((r) => r.status)).toEqual([308, 200]);
  });
});

describe("flood", () => {
  it("answers exactly N filler bytes as JSON with the status asked, and records the bytes sent", async () => {
    mock.faults.inject({
      operationId: "tokenByAkSk",
      flood: { bytes: 3 * MiB + 5 },
      status: 502,
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    let received = 0;
    let head: IncomingMessage | undefined;
    await rawTokenCall((res) => {
      head = res;
      res.on("data", (c: Buffer) => (received += c.length));
    });
    expect(head?.statusCode).toBe(502);
    expect(head?.headers["content-type"]).toBe("application/json; charset=utf-8"); // the fault's header replaces the default, in any case
    expect(received).toBe(3 * MiB + 5);
    expect(lastRecord()).toMatchObject({ status: 502, bytesSent: 3 * MiB + 5 });
  });

  it("with gzip: a small gzip member (Content-Encoding: gzip) that decodes to exactly N bytes: 256 MiB from about 256 KiB", async () => {
    const bytes = 256 * MiB;
    mock.faults.inject({ operationId: "tokenByAkSk", flood: { bytes, gzip: true } });
    let compressed = 0;
    let decoded = 0;
    let encoding: string | undefined;
    await rawTokenCall((res) => {
      encoding = res.headers["content-encoding"];
      const gunzip = createGunzip();
      res.on("data", (c: Buffer) => (compressed += c.length));
      gunzip.on("data", (c: Buffer) => (decoded += c.length));
      res.pipe(gunzip);
      res.once("end", () => undefined);
      return new Promise((r) => gunzip.once("end", r));
    });
    await until("decoded", () => decoded === bytes, 30_000);
    expect(encoding).toBe("gzip");
    expect(compressed).toBeLessThan(300 * 1024);
    expect(lastRecord().bytesSent).toBe(compressed);
    // fetch decodes it, as a client would.
    mock.faults.inject({ operationId: "tokenByAkSk", flood: { bytes: 5 * MiB + 3, gzip: true } });
    const res = await fetch(mock.url + TOKEN_PATH, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(creds),
    });
    expect((await res.arrayBuffer()).byteLength).toBe(5 * MiB + 3);
  });

  it("streams 512 MiB with backpressure: the mock's memory stays bounded", async () => {
    mock.faults.inject({ operationId: "tokenByAkSk", flood: { bytes: 512 * MiB } });
    const before = process.memoryUsage().rss;
    let peak = before;
    let received = 0;
    await rawTokenCall((res) => {
      res.on("data", (c: Buffer) => {
        received += c.length;
        if (received % (16 * MiB) < c.length) peak = Math.max(peak, process.memoryUsage().rss);
      });
    });
    expect(received).toBe(512 * MiB);
    // Client and server share this process: the flood must not have been buffered by either.
    expect(peak - before).toBeLessThan(128 * MiB);
  }, 120_000);

  it("stops when the client stops reading and closes: bytesSent stays well below N and the status is null", async () => {
    mock.faults.inject({ operationId: "tokenByAkSk", flood: { bytes: 1024 * MiB } });
    let received = 0;
    await rawTokenCall((res, destroy) => {
      res.on("data", (c: Buffer) => {
        received += c.length;
        if (received >= 2 * MiB) destroy();
      });
    });
    await new Promise((r) => setTimeout(r, 300));
    const record = lastRecord();
    const sent = record.bytesSent!;
    expect(sent).toBeGreaterThanOrEqual(2 * MiB - 64 * 1024);
    expect(sent).toBeLessThan(64 * MiB);
    expect(record.status).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(lastRecord().bytesSent).toBe(sent);
    expect((await post(mock.url + TOKEN_PATH, creds)).status).toBe(200);
  });

  it("waits on a client that stopped reading (backpressure), holding no more than the socket buffers", async () => {
    mock.faults.inject({ operationId: "tokenByAkSk", flood: { bytes: 1024 * MiB } });
    let received = 0;
    let stop: () => void = () => {};
    const done = rawTokenCall((res, destroy) => {
      stop = destroy;
      res.on("data", (c: Buffer) => {
        received += c.length;
        if (received >= MiB) res.pause();
      });
    });
    await until("the client paused", () => received >= MiB);
    await new Promise((r) => setTimeout(r, 400));
    const stalled = lastRecord().bytesSent!;
    await new Promise((r) => setTimeout(r, 400));
    expect(lastRecord().bytesSent).toBe(stalled);
    expect(stalled).toBeLessThan(64 * MiB);
    stop();
    await done;
  });
});

describe("trickle", () => {
  it("serves the normal answer with its body N bytes a second, the headers at once", async () => {
    mock.faults.inject({ operationId: "tokenByAkSk", trickle: { bytesPerSecond: 200 } });
    const t0 = performance.now();
    let headersAt = 0;
    const arrivals: Array<[number, number]> = [];
    let text = "";
    await rawTokenCall((res) => {
      headersAt = performance.now() - t0;
      res.on("data", (c: Buffer) => {
        arrivals.push([performance.now() - t0, c.length]);
        text += c.toString();
      });
    });
    const elapsed = performance.now() - t0;
    const length = Buffer.byteLength(text);
    expect(length).toBeGreaterThan(200);
    // Headers at once; the body over about length / 200 seconds, in many pieces.
    expect(headersAt).toBeLessThan(500);
    expect(elapsed).toBeGreaterThanOrEqual((length / 200) * 1000 - 150);
    expect(arrivals.length).toBeGreaterThan(3);
    expect(arrivals[0]![1]).toBeLessThan(length);
    expectConforms("tokenByAkSk", {
      status: 200,
      headers: new Headers({ "x-request-id": "r" }),
      body: JSON.parse(text) as unknown,
    });
  });

  it("trickles a fault's answer too, and stops when the client closes", async () => {
    mock.faults.inject({ operationId: "tokenByAkSk", status: 503, trickle: { bytesPerSecond: 10 } });
    let got = 0;
    await rawTokenCall((res, destroy) => {
      res.on("data", (c: Buffer) => {
        got += c.length;
        destroy();
      });
    });
    expect(got).toBeGreaterThan(0);
    expect(lastRecord()).toMatchObject({ status: null });
    expect((await post(mock.url + TOKEN_PATH, creds)).status).toBe(200);
  });
});

describe("fault schema: the hostile fields", () => {
  it.each([
    [{ status: 401, echoToken: "yes" }, /(^|; )echoToken: must be true or false/],
    [{ echoToken: true }, /^echoToken: goes with a status of 400 or more and no body or rawBody/],
    [{ status: 302, echoToken: true, body: {} }, /^echoToken: goes with a status of 400 or more/],
    [{ status: 500, echoToken: true, rawBody: "x" }, /^echoToken: goes with/],
    [
      { redirect: "elsewhere" },
      /(^|; )redirect: must be "other-origin" \(127\.0\.0\.1 ↔ localhost, same port\) or "same-origin"/,
    ],
    [{ redirect: "other-origin", status: 200 }, /^redirect: its status must be from 300 to 399 \(default 307\)/],
    [{ redirect: "same-origin", body: {} }, /^redirect: cannot go with body/],
    [{ redirect: "same-origin", flood: { bytes: 1 } }, /redirect: cannot go with .*flood/],
    [
      { flood: { bytes: 0 } },
      /(^|; )flood: must be \{"bytes": N\} or \{"bytes": N, "gzip": true\}, N a whole number from 1 to 1073741824 \(1 GiB\)/,
    ],
    [{ flood: { bytes: 1073741825 } }, /flood: must be/],
    [{ flood: { bytes: 10, zip: true } }, /flood: must be/],
    [{ flood: {} }, /flood: must be/],
    [{ flood: { bytes: 10 }, rawBody: "x", status: 200 }, /^flood: cannot go with body, rawBody/],
    [{ flood: { bytes: 10 }, trickle: { bytesPerSecond: 5 } }, /^flood: cannot go with .*trickle/],
    [
      { trickle: { bytesPerSecond: 0 } },
      /(^|; )trickle: must be \{"bytesPerSecond": N\}, N a whole number from 1 to 65536/,
    ],
    [{ trickle: { bytesPerSecond: 65537 } }, /trickle: must be/],
    [{ trickle: 5 }, /trickle: must be/],
    [{ trickle: { bytesPerSecond: 5 }, reset: true }, /^reset: cannot go with .*trickle/],
    [{ headers: { "X-A": "1" } }, /^body, rawBody and headers: go with status \(headers also with redirect or flood\)/],
    [{ status: 301 }, /^status: below 400 needs body or rawBody \(the answer to send\), or redirect or flood/],
  ])("refuses %j naming the field", (spec, message) => {
    expect(() => mock.faults.inject(spec as never)).toThrow(FaultSpecError);
    expect(() => mock.faults.inject(spec as never)).toThrow(message);
    expect(mock.faults.list()).toEqual([]);
  });

  it("takes headers with redirect and flood, a flood with any status, a trickle with status and echoToken", () => {
    expect(mock.faults.inject({ redirect: "other-origin", headers: { "X-A": "1" } })).toMatchObject({
      redirect: "other-origin",
    });
    expect(
      mock.faults.inject({ flood: { bytes: 5, gzip: false }, status: 500, headers: { "X-A": "1" } }),
    ).toMatchObject({ flood: { bytes: 5 } });
    expect(mock.faults.inject({ status: 401, echoToken: true, trickle: { bytesPerSecond: 3 } })).toMatchObject({
      echoToken: true,
    });
  });
});
