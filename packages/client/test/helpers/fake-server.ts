// A small programmable fake of the two endpoints, on a real node:http server (127.0.0.1:0).
import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

export type Op = "tokenByAkSk" | "getConnectionInfo";

/** One scripted misbehaviour, consumed by the next matching request. */
export interface Fault {
  op?: Op;
  status?: number;
  retryAfter?: string;
  /** Wait this long before answering (ms). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Body to answer with (JSON-encoded unless a string). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Hit {
  op: Op;
  at: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface FakeOptions {
  appKey?: string;
  appSecret?: string;
  tenantSpaceId?: string;
  /** Token lifetime when X-Token-Expire is absent (s). */
  defaultExpires?: number;
  /** CreateTime to answer, given the server's time in ms (default: whole seconds of now). */
  createTime?: (nowMs: number) => number;
  /** Token value to issue for the n-th token (default: tok-n-<uuid>). */
  tokenValue?: (n: number) => string;
  /** Serve HTTPS with this key and certificate (the URL is then https://127.0.0.1:port). */
  tls?: { key: string; cert: string };
}

export interface FakeServer {
  url: string;
  port: number;
  creds: { appKey: string; appSecret: string; tenantSpaceId: string };
  hits: Hit[];
  count(op: Op): number;
  faults: Fault[];
  /** Refuse every token issued so far (as a server restart would). */
  revokeAll(): void;
  /** Answer 401 to getConnectionInfo whatever the token. */
  alwaysUnauthorized: boolean;
  close(): Promise<void>;
}

export async function startFakeServer(options: FakeOptions = {}): Promise<FakeServer> {
  const creds = {
    appKey: options.appKey ?? "fake-app-key",
    appSecret: options.appSecret ?? "fake-app-secret",
    tenantSpaceId: options.tenantSpaceId ?? "fake-tenant",
  };
  const tokens = new Map<string, number>(); // token -> expiry (ms)
  const hits: Hit[] = [];
  const faults: Fault[] = [];
  let issued = 0;
  let requestSeq = 0;
  const sockets = new Set<import("node:net").Socket>();

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "x-request-id": `req-${++requestSeq}`,
      ...headers,
    });
    res.end(text);
  };
  const fail = (res: http.ServerResponse, status: number, reason: string, details?: unknown) =>
    send(res, status, { success: false, errorCode: status * 100, errorReason: reason, ...(details ? { details } : {}) });

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const op: Op | undefined =
        req.url === "/apigovernance/api/oauth/tokenByAkSk"
          ? "tokenByAkSk"
          : req.url === "/apiaccess/api/cobrowse/getConnectionInfo"
            ? "getConnectionInfo"
            : undefined;
      if (!op || req.method !== "POST") return fail(res, 404, `no route ${req.method} ${req.url}`);
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return fail(res, 400, "body: not JSON");
      }
      fake.hits.push({ op, at: Date.now(), headers: req.headers, body });
      const i = faults.findIndex((f) => !f.op || f.op === op);
      const fault = i >= 0 ? faults.splice(i, 1)[0] : undefined;
      const answer = () => {
        if (fault?.reset) return req.socket.destroy();
        if (fault?.status !== undefined || fault?.body !== undefined) {
          const status = fault.status ?? 200;
          const headers = { ...(fault.retryAfter ? { "retry-after": fault.retryAfter } : {}), ...fault.headers };
          return send(res, status, fault.body ?? { success: false, errorCode: status * 100, errorReason: `scripted ${status}` }, headers);
        }
        return op === "tokenByAkSk" ? token(req, res, body as Record<string, unknown>) : info(req, res, body as Record<string, unknown>);
      };
      if (fault?.delayMs) setTimeout(answer, fault.delayMs);
      else answer();
    });
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);

  function token(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, unknown>) {
    if (body.app_key !== creds.appKey || body.app_secret !== creds.appSecret) {
      return fail(res, 401, "app_key or app_secret is wrong");
    }
    const h = req.headers["x-token-expire"];
    const expires = h === undefined ? (options.defaultExpires ?? 600) : Number(h);
    if (!Number.isInteger(expires) || expires < 1 || expires > 86400) return fail(res, 400, "X-Token-Expire: must be 1..86400");
    const now = Date.now();
    const value = options.tokenValue?.(++issued) ?? `tok-${++issued}-${randomUUID()}`;
    tokens.set(value, now + expires * 1000);
    send(res, 200, {
      AccessToken: value,
      ApplyType: "Bearer",
      CreateTime: String(options.createTime?.(now) ?? Math.floor(now / 1000)),
      Expires: String(expires),
      Scope: "default",
      AppKey: creds.appKey,
      UserID: "Anonymous",
    });
  }

  function info(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, unknown>) {
    const auth = req.headers.authorization ?? "";
    const t = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    const exp = tokens.get(t);
    if (fake.alwaysUnauthorized || exp === undefined) return fail(res, 401, "Authorization: unknown token");
    if (Date.now() >= exp) return fail(res, 401, "Authorization: token expired; request a new one with tokenByAkSk");
    if (req.headers["x-app-key"] !== creds.appKey) return fail(res, 401, "x-app-key: not the token's app");
    const tenant = req.headers["x-tenantspaceid"];
    if (!tenant) return fail(res, 400, "X-TenantSpaceID: missing");
    if (tenant !== creds.tenantSpaceId) return fail(res, 404, `X-TenantSpaceID: tenant space "${tenant}" does not exist`);
    if (body.role !== "recorder" && body.role !== "replayer") {
      return fail(res, 400, 'body /role: must be one of "recorder", "replayer"', [
        { in: "body", name: "/role", message: 'must be one of "recorder", "replayer"' },
      ]);
    }
    const roomId = typeof body.roomId === "string" ? body.roomId : randomUUID();
    const ws = `ws://127.0.0.1:${port}/ws/cobrowse/${roomId}`;
    send(res, 200, {
      success: true,
      data: { roomId, wssUrl: ws, wssUrlOut: ws, connectParam: Buffer.from(`${roomId}|${body.role}`).toString("base64url") },
      errorCode: null,
      errorReason: null,
    });
  }

  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const fake: FakeServer = {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    creds,
    hits,
    count: (op) => hits.filter((h) => h.op === op).length,
    faults,
    revokeAll: () => tokens.clear(),
    alwaysUnauthorized: false,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return fake;
}
