// Hostile answers (packages/scenarios/README.md, Each attempt bounded), against a gateway on
// loopback that misbehaves on purpose, through both transports a Node user has: the default
// Node transport, and `fetch: globalThis.fetch` (undici), which follows redirects and reads
// any answer whole unless the client stops it. Each attempt must stay bounded in time and
// size, and credentials must never leave the origin.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { inspect } from "node:util";
import zlib from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCobrowseClient as createBrowserClient } from "../src/browser.js";
import { getConnectionInfo, tokenAnswer, tokenByAkSk } from "../src/generated/spec.js";
import {
  ApiError,
  type CobrowseClientOptions,
  createCobrowseClient,
  ResponseTooLargeError,
  TimeoutError,
} from "../src/index.js";
import { renderings } from "./helpers/render.js";

type Op = "token" | "info";
type Behaviour = (op: Op, req: http.IncomingMessage, res: http.ServerResponse) => boolean;

const SECRET = "hostile-test-secret-7a1f";
const OK = {
  success: true,
  errorCode: null,
  errorReason: null,
  data: { roomId: "r", wssUrl: "wss://x.example/ws", wssUrlOut: "wss://y.example/ws", connectParam: "p" },
};

interface Server {
  port: number;
  /** Requests by operation (or path, for the other origin). */
  requests: { op: Op | string; authorization?: string; body: string }[];
  /** Body bytes written by floods and trickles. */
  written: number;
  close(): Promise<void>;
}

/** A server on 127.0.0.1:0 answering both operations normally, unless `behaviour()` answers first. */
async function serve(behaviour: () => Behaviour | undefined): Promise<Server> {
  let issued = 0;
  const state: Server = { port: 0, requests: [], written: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const op: Op | string =
        req.url === tokenByAkSk.path ? "token" : req.url === getConnectionInfo.path ? "info" : (req.url ?? "");
      state.requests.push({ op, authorization: req.headers.authorization, body: Buffer.concat(chunks).toString() });
      if ((op === "token" || op === "info") && behaviour()?.(op, req, res)) return;
      const body =
        op === "token"
          ? {
              [tokenAnswer.token]: `hostile-token-${++issued}-${"x".repeat(20)}`,
              [tokenAnswer.lifetime]: "600",
              [tokenAnswer.createTime]: String(Math.floor(Date.now() / 1000)),
            }
          : OK;
      res
        .writeHead(200, { "content-type": "application/json", "x-request-id": `req-${state.requests.length}` })
        .end(JSON.stringify(body));
    });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.port = (server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return state;
}

/** Streams `chunk` until the client stops reading (a flood), counting what was written. */
function flood(server: Server, res: http.ServerResponse, chunk: Buffer, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(200, { "content-type": "application/json", ...headers });
  let open = true;
  res.on("close", () => (open = false));
  const more = () => {
    while (open) {
      server.written += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", more);
    }
  };
  more();
}

let gateway: Server;
let other: Server;
let behaviour: Behaviour | undefined;
beforeAll(async () => {
  gateway = await serve(() => behaviour);
  other = await serve(() => undefined);
});
afterAll(async () => {
  await gateway.close();
  await other.close();
});
beforeEach(() => {
  behaviour = undefined;
  gateway.requests.length = 0;
  other.requests.length = 0;
  gateway.written = 0;
});

const GZIP_BOMB = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024)); // 8 MiB of zeros in about 8 KiB
const MiB = 1024 * 1024;

const transports = [
  ["the Node transport", undefined],
  ["globalThis.fetch", (input: Request, init?: RequestInit) => globalThis.fetch(input, init)],
] as const;

describe.each(transports)("hostile answers through %s", (_name, fetch) => {
  const client = (options: Partial<CobrowseClientOptions> = {}) =>
    createCobrowseClient({
      baseUrl: `http://127.0.0.1:${gateway.port}`,
      appKey: "key",
      appSecret: SECRET,
      tenantSpaceId: "tenant",
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 2,
      ...(fetch ? { fetch } : {}),
      ...options,
    });
  const ops = (op: Op) => gateway.requests.filter((r) => r.op === op).length;
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => expect.unreachable("should fail"),
      (e: unknown) => e as Error & Record<string, any>,
    );

  it("refuses a redirect of the token request to another origin: an ApiError naming it, the secret never sent there", async () => {
    behaviour = (op, req, res) =>
      op === "token" && !!res.writeHead(307, { location: `http://localhost:${other.port}${req.url}?steal=1` }).end();
    const e = await failure(client().getConnectionInfo({ role: "recorder", roomId: "r" }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ name: "ApiError", status: 307, operation: "tokenByAkSk" });
    expect(e.errorReason).toContain(`http://localhost:${other.port}${tokenByAkSk.path}?steal=1`);
    expect(other.requests).toEqual([]);
    expect(ops("token")).toBe(1); // not retried
  });

  it("refuses a redirect of getConnectionInfo: the token and app key never leave the origin", async () => {
    behaviour = (op, req, res) =>
      op === "info" && !!res.writeHead(308, { location: `http://localhost:${other.port}${req.url}` }).end("moved");
    const e = await failure(client().getConnectionInfo({ role: "recorder", roomId: "r" }));
    expect(e).toMatchObject({ name: "ApiError", status: 308, operation: "getConnectionInfo" });
    expect(other.requests).toEqual([]);
    expect(ops("info")).toBe(1);
  });

  it("keeps raw callers within the same bounds: no redirect followed, no answer read past the cap", async () => {
    const c = client({ maxResponseBytes: MiB });
    const { accessToken } = await c.getToken();
    behaviour = (op, req, res) =>
      op === "info" && !!res.writeHead(307, { location: `http://localhost:${other.port}${req.url}` }).end();
    const moved = await c.raw.POST(getConnectionInfo.path, {
      body: { role: "recorder" },
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    expect(moved.response.status).toBe(307);
    expect(other.requests).toEqual([]);
    behaviour = (op, _req, res) => {
      if (op !== "info") return false;
      flood(gateway, res, Buffer.alloc(64 * 1024, 32));
      return true;
    };
    const e = await failure(
      c.raw.POST(getConnectionInfo.path, {
        body: { role: "recorder" },
        headers: { Authorization: `Bearer ${accessToken}` },
      }),
    );
    expect(e).toBeInstanceOf(fetch ? ResponseTooLargeError : TypeError); // the Node transport's own failure, as raw callers get it
  });

  it("cuts a huge answer off at maxResponseBytes: a ResponseTooLargeError, not retried, the stream closed", async () => {
    const chunk = Buffer.alloc(64 * 1024, 32);
    behaviour = (op, _req, res) => {
      if (op !== "info") return false;
      flood(gateway, res, chunk);
      return true;
    };
    const e = await failure(client({ maxResponseBytes: MiB }).getConnectionInfo({ role: "recorder", roomId: "r" }));
    expect(e).toBeInstanceOf(ResponseTooLargeError);
    expect(e).toMatchObject({ operation: "getConnectionInfo", maxResponseBytes: MiB, decoded: false, status: 200 });
    expect(e.message).toContain(`maxResponseBytes (${MiB} bytes)`);
    expect(ops("info")).toBe(1);
    // The client stopped reading: the gateway could write little more than the cap (and the sockets' buffers).
    await expect.poll(() => gateway.written).toBeGreaterThan(MiB);
    expect(gateway.written).toBeLessThan(32 * MiB);
  });

  it("holds the default cap (16 MiB) on a token answer declared larger", async () => {
    behaviour = (op, _req, res) =>
      op === "token" &&
      !!res.writeHead(200, { "content-type": "application/json", "content-length": String(1024 * MiB) }).end();
    const e = await failure(client().getToken());
    expect(e).toMatchObject({ name: "ResponseTooLargeError", operation: "tokenByAkSk", maxResponseBytes: 16 * MiB });
    expect(ops("token")).toBe(1);
  });

  it("counts a gzip bomb once decoded, on a success and on an error answer alike", async () => {
    behaviour = (op, _req, res) =>
      op === "info" &&
      !!res
        .writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "x-request-id": "req-bomb" })
        .end(GZIP_BOMB);
    const e = await failure(client({ maxResponseBytes: MiB }).getConnectionInfo({ role: "recorder", roomId: "r" }));
    expect(e).toBeInstanceOf(ResponseTooLargeError);
    expect(e).toMatchObject({ maxResponseBytes: MiB, decoded: true, status: 200, requestId: "req-bomb" });
    expect(e.message).toBe(
      `getConnectionInfo failed: the answer exceeds maxResponseBytes (${MiB} bytes once decoded) [request id req-bomb]`,
    );
    behaviour = (op, _req, res) =>
      op === "info" &&
      !!res.writeHead(503, { "content-type": "application/json", "content-encoding": "gzip" }).end(GZIP_BOMB);
    await expect(
      client({ maxResponseBytes: MiB }).getConnectionInfo({ role: "recorder", roomId: "r" }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(ops("info")).toBe(2); // neither retried
  });

  it("bounds the whole attempt, body included: a trickled answer is a TimeoutError after timeoutMs", async () => {
    behaviour = (op, _req, res) => {
      if (op !== "info") return false;
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write("     "), 1000); // 5 bytes a second
      res.on("close", () => clearInterval(timer));
      return true;
    };
    const c = client({ timeoutMs: 500, maxRetries: 0 });
    await c.getToken();
    const started = Date.now();
    const e = await failure(c.getConnectionInfo({ role: "recorder", roomId: "r" }));
    expect(e).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5000); // generous: the machine may be busy
  });

  it("makes invalid JSON on a 200 an ApiError with the status and the request id, not retried", async () => {
    behaviour = (op, _req, res) =>
      op === "info" &&
      !!res.writeHead(200, { "content-type": "application/json", "x-request-id": "req-json" }).end('{"success": tru');
    const e = await failure(client().getConnectionInfo({ role: "recorder", roomId: "r" }));
    expect(e).toMatchObject({
      name: "ApiError",
      status: 200,
      requestId: "req-json",
      errorReason: "the answer is not JSON",
      body: '{"success": tru',
    });
    expect(ops("info")).toBe(1);
  });

  it("makes a success without connectParam or a WebSocket URL an ApiError naming what is missing", async () => {
    behaviour = (op, _req, res) =>
      op === "info" &&
      !!res
        .writeHead(200, { "content-type": "application/json", "x-request-id": "req-empty" })
        .end('{"success":true,"errorCode":null,"errorReason":null,"data":{}}');
    const e = await failure(client().getConnectionInfo({ role: "recorder", roomId: "r" }));
    expect(e).toMatchObject({ name: "ApiError", status: 200, requestId: "req-empty" });
    expect(e.errorReason).toContain("connectParam");
    behaviour = (op, _req, res) =>
      op === "info" &&
      !!res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ ...OK, data: { roomId: "r", connectParam: "p", wssUrl: "" } }));
    expect((await failure(client().getConnectionInfo({ role: "recorder", roomId: "r" }))).errorReason).toContain(
      "wssUrl, wssUrlOut",
    );
    expect(ops("info")).toBe(2);
  });

  it("redacts the token each attempt sent when a gateway echoes it, in every rendering of the error", async () => {
    behaviour = (op, req, res) => {
      if (op !== "info") return false;
      const auth = req.headers.authorization ?? "";
      const body = JSON.stringify({
        success: false,
        errorCode: 50300,
        errorReason: `busy (token: ${auth}; secret ${SECRET})`,
        data: null,
      });
      res
        .writeHead(503, { "content-type": "application/json", "retry-after": "0", "x-echo-authorization": auth })
        .end(body);
      return true;
    };
    const c = client();
    const e = await failure(c.getConnectionInfo({ role: "recorder", roomId: "r" }));
    expect(e.errorReason).toBe("busy (token: Bearer [REDACTED]; secret [REDACTED])");
    const sent = gateway.requests.filter((r) => r.op === "info").map((r) => r.authorization!.replace("Bearer ", ""));
    expect(sent).toHaveLength(3);
    for (const text of [...renderings(e), inspect(c, { showHidden: true, depth: Infinity })]) {
      for (const t of sent) expect(text).not.toContain(t);
      expect(text).not.toContain(SECRET);
    }
  });
});

describe("the browser build", () => {
  it("takes an opaque redirect (fetch's redirect: manual in a browser, status 0) for the redirect it hides: an ApiError, not retried", async () => {
    let calls = 0;
    const opaque = () => {
      calls++;
      // What a browser's fetch answers for a redirect with redirect: "manual".
      return {
        type: "opaqueredirect",
        status: 0,
        ok: false,
        statusText: "",
        headers: new Headers(),
        body: null,
        text: async () => "",
      } as unknown as Response;
    };
    const client = createBrowserClient({
      baseUrl: "https://gateway.example",
      appKey: "k",
      tenantSpaceId: "t",
      tokenProvider: () => "browser-token",
      fetch: async () => opaque(),
    });
    const e = (await client.getConnectionInfo({ role: "recorder", roomId: "r" }).catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 0, operation: "getConnectionInfo" });
    expect(e.errorReason).toMatch(/redirect \(its Location hidden by the browser\)/);
    expect(calls).toBe(1);
  });

  it("asks fetch not to follow redirects (redirect: manual on the Request)", async () => {
    const modes: RequestRedirect[] = [];
    const client = createBrowserClient({
      baseUrl: "https://gateway.example",
      appKey: "k",
      tenantSpaceId: "t",
      tokenProvider: () => "browser-token",
      fetch: async (request) => {
        modes.push(request.redirect);
        return new Response(JSON.stringify(OK), { status: 200, headers: { "content-type": "application/json" } });
      },
    });
    await client.getConnectionInfo({ role: "recorder", roomId: "r" });
    expect(modes).toEqual(["manual"]);
  });
});
