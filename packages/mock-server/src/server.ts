import { isUtf8 } from "node:buffer";
import { randomUUID } from "node:crypto";
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { formatIssues, specValidator, type Issue, type Operation } from "@cec-cobrowse/spec";
import { FaultQueue, FaultSpecError, type Faults, type PendingFault } from "./faults.js";
import { RoomHub, type Role, type Rooms } from "./room.js";
import { Signer, constantTimeEqual, signingKeyFrom } from "./signing.js";

/** The app the mock knows: the credentials `tokenByAkSk` accepts and the tenant space it serves. */
export interface Credentials {
  appKey: string;
  appSecret: string;
  tenantSpaceId: string;
}

/** Demo credentials used when none are configured. Not secret: never use them for a real deployment. */
export const DEMO_CREDENTIALS: Readonly<Credentials> = Object.freeze({
  appKey: "demo-app-key",
  appSecret: "demo-app-secret",
  tenantSpaceId: "demo-tenant",
});

export interface MockServerOptions {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Port to bind (default 0: any free port; the CLI defaults to 4010). */
  port?: number;
  /** The app's credentials; each missing field takes its demo value. */
  credentials?: Partial<Credentials>;
  /**
   * Key that signs tokens and connectParams. Replicas given the same key accept each other's
   * tokens. Default: `COBROWSE_MOCK_SIGNING_KEY` from the environment, else random per process.
   */
  signingKey?: string | Buffer;
  /**
   * Public base URL (`https://cobrowse.example.com`) for `wssUrlOut`. Default: the URL the
   * request reached (its `Host` header), the same as `wssUrl`.
   */
  publicUrl?: string;
  /** Largest request body accepted, in bytes (default 1 MiB = 1048576); larger: 413. */
  maxBodyBytes?: number;
  /** Lifetime of a connectParam in seconds (default 600). */
  connectParamTtlSeconds?: number;
  /** Serve the `/__mock/faults` control endpoint (default true). */
  control?: boolean;
  /**
   * Answer CORS preflights and allow any origin (default false), for pages that call the mock
   * from a browser. Off, an `OPTIONS` request answers 405 like any other wrong method.
   */
  cors?: boolean;
  /** Time a client has to send a whole request, in ms, before a 408 (default 30000). */
  requestTimeoutMs?: number;
  /** Largest WebSocket message relayed, in bytes (default 1 MiB). */
  wsMaxPayloadBytes?: number;
  /** WebSocket ping interval in ms; a connection that misses a pong is dropped (default 30000). */
  wsHeartbeatMs?: number;
  /** Receives notes meant for people (startup facts, warnings). Never sees secrets or tokens. */
  log?: (line: string) => void;
  /** Clock in ms since the epoch (default `Date.now`); tests use it to age tokens. */
  now?: () => number;
  /**
   * Called once per answered HTTP request (not for WebSocket traffic), after the answer is sent.
   * Carries no headers or bodies, so no secret or token. The CLI prints these with `MOCK_ACCESS_LOG=on`.
   */
  onResponse?: (entry: AccessLogEntry) => void;
}

/** One answered request, as `onResponse` receives it. */
export interface AccessLogEntry {
  method: string;
  /** The path without the query string. */
  path: string;
  status: number;
  /** Milliseconds from the request's arrival to the answer's end. */
  durationMs: number;
  requestId: string;
}

/** Formats an access-log entry as one line: `POST /apigovernance/api/oauth/tokenByAkSk 200 1.3ms id=...`. */
export function formatAccessLog(entry: AccessLogEntry): string {
  return `${entry.method} ${entry.path} ${entry.status} ${entry.durationMs.toFixed(1)}ms id=${entry.requestId}`;
}

export interface MockServer {
  /** `http://HOST:PORT`, no trailing slash. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly credentials: Credentials;
  /** Fault injection: `faults.inject({ count, status, retryAfter, delayMs, reset, operationId })`. */
  readonly faults: Faults;
  /** The co-browsing rooms with open WebSocket connections. */
  readonly rooms: Rooms;
  /** True when no signing key was given and a random one is in use (tokens die with the process). */
  readonly signingKeyRandom: boolean;
  /** The underlying node:http server. */
  readonly server: Server;
  /** Closes WebSocket connections (1001), then the HTTP server and its connections. */
  close(): Promise<void>;
}

/** The security headers whose values the mock checks against the spec's `x-cobrowse-value-schema`. */
const TENANT_HEADER = "X-TenantSpaceID";
const APP_KEY_HEADER = "x-app-key";
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
const ROOM_PATH = "/ws/cobrowse/";
const CORS_HEADERS = ["Access-Control-Allow-Origin", "*", "Access-Control-Expose-Headers", "X-Request-Id, Retry-After"];
const CORS_PREFLIGHT = [
  ...CORS_HEADERS,
  "Access-Control-Allow-Methods",
  "GET, POST, DELETE",
  "Access-Control-Allow-Headers",
  "Authorization, Content-Type, x-app-key, X-TenantSpaceID, X-Token-Expire, X-Request-Id",
  "Access-Control-Max-Age",
  "600",
];
const DEFAULT_TOKEN_TTL = 600;

type Json = Record<string, unknown>;

interface Context {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
}

function errorPayload(status: number, reason: string, details?: Issue[]): string {
  const body: Json = { success: false, errorCode: status * 100, errorReason: reason };
  if (details && details.length > 0) body.details = details;
  return JSON.stringify(body);
}

/** A complete raw HTTP response, for sockets that have no ServerResponse (client errors, upgrades). */
function rawResponse(status: number, reason: string, requestId: string, extra = ""): string {
  const body = errorPayload(status, reason);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\nConnection: close\r\n${extra}\r\n${body}`
  );
}

function contentTypeProblem(header: string | undefined): string | undefined {
  if (header === "application/json") return undefined;
  if (header === undefined || header.trim() === "") return "Content-Type: is missing; send application/json";
  const [type, ...params] = header.split(";");
  if (type!.trim().toLowerCase() !== "application/json") return "Content-Type: must be application/json";
  for (const param of params) {
    const [name, value] = param.split("=");
    if (name?.trim().toLowerCase() === "charset") {
      const charset = (value ?? "").trim().replace(/^"|"$/g, "").toLowerCase();
      if (charset !== "utf-8" && charset !== "utf8") return "Content-Type: charset must be utf-8";
    }
  }
  return undefined;
}

/**
 * A `Content-Encoding` other than `identity` (absent, or only `identity`, is fine): the spec
 * answers it 415, and RFC 9110 §15.5.16 has the answer say with `Accept-Encoding` what would do.
 */
function contentEncodingProblem(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const codings = header.split(",").map((c) => c.trim().toLowerCase()).filter((c) => c !== "");
  if (codings.every((c) => c === "identity")) return undefined;
  const shown = header.length > 60 ? `${header.slice(0, 60)}…` : header;
  return `Content-Encoding: ${JSON.stringify(shown)} is not accepted; send the body uncompressed (no Content-Encoding, or identity)`;
}

/** The first operation whose security asks for `header`, to check values against its scheme. */
function securedBy(validator: ReturnType<typeof specValidator>, header: string): Operation {
  for (const op of validator.operations.values()) {
    if (op.securityHeaders.some((h) => h.header.toLowerCase() === header.toLowerCase())) return op;
  }
  throw new Error(`the spec has no operation secured by ${header}`);
}


/** Starts the mock server; resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const credentials: Credentials = {
    appKey: options.credentials?.appKey ?? DEMO_CREDENTIALS.appKey,
    appSecret: options.credentials?.appSecret ?? DEMO_CREDENTIALS.appSecret,
    tenantSpaceId: options.credentials?.tenantSpaceId ?? DEMO_CREDENTIALS.tenantSpaceId,
  };
  for (const [field, value] of Object.entries(credentials)) {
    if (typeof value !== "string" || value === "") throw new TypeError(`credentials.${field}: must be a non-empty string`);
  }
  const validator = specValidator();
  // The configured credentials must be values a client can send: checked against the spec's
  // x-cobrowse-value-schema of the header each one travels in.
  for (const [field, header] of [["tenantSpaceId", TENANT_HEADER], ["appKey", APP_KEY_HEADER]] as const) {
    const issues = validator.validateSecurityHeader(securedBy(validator, header).operationId, header, credentials[field]);
    if (issues.length > 0) {
      throw new TypeError(`credentials.${field} (sent as ${header}): ${issues.map((i) => i.message).join("; ")}`);
    }
  }
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError("port: must be an integer from 0 to 65535");
  const positive = (name: keyof MockServerOptions, fallback: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${name}: must be a whole number of at least 1, got ${String(value)}`);
    }
    return value;
  };
  const maxBodyBytes = positive("maxBodyBytes", 1024 * 1024);
  const connectTtl = positive("connectParamTtlSeconds", 600);
  const requestTimeoutMs = positive("requestTimeoutMs", 30_000);
  const wsMaxPayloadBytes = positive("wsMaxPayloadBytes", 1024 * 1024);
  const wsHeartbeatMs = positive("wsHeartbeatMs", 30_000);
  const control = options.control ?? true;
  const cors = options.cors ?? false;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  let publicBase: string | undefined;
  if (options.publicUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(options.publicUrl);
    } catch {
      throw new TypeError(`publicUrl: is not a URL, got ${JSON.stringify(options.publicUrl)}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:" && parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
      throw new TypeError("publicUrl: must be an http(s) or ws(s) URL");
    }
    const scheme = parsed.protocol === "https:" || parsed.protocol === "wss:" ? "wss" : "ws";
    publicBase = `${scheme}://${parsed.host}${parsed.pathname.replace(/\/+$/, "")}${ROOM_PATH}`;
  }

  const signing = signingKeyFrom(options.signingKey ?? process.env.COBROWSE_MOCK_SIGNING_KEY);
  const tokens = new Signer(signing.key, "token");
  const connectParams = new Signer(signing.key, "connectParam");
  if (signing.random) {
    log("signing key: random for this process (set COBROWSE_MOCK_SIGNING_KEY so replicas and restarts accept the same tokens)");
  }

  const routes = new Map<string, Map<string, Operation>>();
  for (const op of validator.operations.values()) {
    const byMethod = routes.get(op.path) ?? new Map<string, Operation>();
    byMethod.set(op.method, op);
    routes.set(op.path, byMethod);
  }
  const faults = new FaultQueue([...validator.operations.keys()]);
  const rooms = new RoomHub({
    maxPayloadBytes: wsMaxPayloadBytes,
    heartbeatMs: wsHeartbeatMs,
    maxBufferedBytes: 16 * 1024 * 1024,
  });

  const idPrefix = randomUUID().slice(0, 8);
  let idCounter = 0;
  const requestIdOf = (req: IncomingMessage): string => {
    const given = req.headers["x-request-id"];
    if (typeof given === "string" && REQUEST_ID_PATTERN.test(given)) return given;
    idCounter = (idCounter + 1) % Number.MAX_SAFE_INTEGER;
    return `${idPrefix}-${idCounter.toString(36)}`;
  };

  let listening: AddressInfo | undefined;

  // ---------------------------------------------------------------- responses

  const send = (ctx: Context, status: number, payload: string, headers?: Record<string, string>): void => {
    const { res } = ctx;
    if (res.headersSent || res.destroyed) return;
    const list = ["Content-Type", "application/json", "Content-Length", String(Buffer.byteLength(payload)), "X-Request-Id", ctx.requestId];
    if (headers) for (const name in headers) list.push(name, headers[name]!);
    if (cors) list.push(...CORS_HEADERS);
    res.writeHead(status, list);
    res.end(payload);
  };
  const fail = (ctx: Context, status: number, reason: string, details?: Issue[], headers?: Record<string, string>): void =>
    send(ctx, status, errorPayload(status, reason, details), headers);

  // ---------------------------------------------------------------- body reading

  /** Reads the body up to the limit; calls back with it, or answers 413 itself and calls back with undefined. */
  const readBody = (ctx: Context, done: (body: Buffer | undefined) => void): void => {
    const { req } = ctx;
    const tooLarge = (): void => {
      // Answer now, then discard (never buffer) what the client still sends, up to a bound.
      fail(ctx, 413, `body is larger than ${maxBodyBytes} bytes; send a smaller body`);
      let discarded = 0;
      req.removeAllListeners("data");
      req.on("data", (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > 16 * maxBodyBytes + 1024 * 1024) req.socket.destroy();
      });
      req.resume();
      done(undefined);
    };
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > maxBodyBytes) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        over = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!over) done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
  };

  /** Parses a JSON body; answers 400 itself and returns undefined when it is not JSON. */
  const parseJson = (ctx: Context, body: Buffer): { value: unknown } | undefined => {
    if (body.length === 0) {
      fail(ctx, 400, "body: is required; send a JSON object", [{ in: "body", name: "", message: "is required" }]);
      return undefined;
    }
    if (!isUtf8(body)) {
      fail(ctx, 400, "body: is not valid UTF-8; send UTF-8 encoded JSON", [{ in: "body", name: "", message: "is not valid UTF-8" }]);
      return undefined;
    }
    try {
      return { value: JSON.parse(body.toString("utf8")) as unknown };
    } catch (error) {
      const message = `is not valid JSON (${(error as Error).message.slice(0, 200)})`;
      fail(ctx, 400, `body: ${message}; send a JSON object`, [{ in: "body", name: "", message }]);
      return undefined;
    }
  };

  // ---------------------------------------------------------------- operations

  /** The spec's header parameters of the operation (`X-Token-Expire`), checked by the spec validator. */
  const headerIssues = (op: Operation, req: IncomingMessage): Issue[] =>
    op.headers.length === 0 ? [] : validator.validateRequestHeaders(op.operationId, req.headers as Record<string, string | undefined>);

  /**
   * Verified tokens, so a token in use is verified once, not on every request (expiry is still
   * checked every time). Bounded: cleared when full.
   */
  const verifiedTokens = new Map<string, { a: string; exp: number }>();
  const verifyToken = (token: string): { a: string; exp: number } | "malformed" | "unknown" => {
    const cached = verifiedTokens.get(token);
    if (cached) return cached;
    const verified = tokens.verify(token);
    if (verified === "malformed") return "malformed";
    if (verified === "forged" || typeof verified.a !== "string" || typeof verified.exp !== "number") return "unknown";
    const entry = { a: verified.a, exp: verified.exp };
    if (verifiedTokens.size >= 10_000) verifiedTokens.clear();
    verifiedTokens.set(token, entry);
    return entry;
  };

  const tokenByAkSk = (ctx: Context, op: Operation, body: Buffer): void => {
    const parsed = parseJson(ctx, body);
    if (!parsed) return;
    const issues = [
      ...validator.validateRequestBody(op.operationId, parsed.value),
      ...headerIssues(op, ctx.req),
    ];
    if (issues.length > 0) return fail(ctx, 400, formatIssues(issues), issues);
    const { app_key: appKey, app_secret: appSecret } = parsed.value as { app_key: string; app_secret: string };
    // Both comparisons always run, so timing says nothing about which one failed.
    const keyOk = constantTimeEqual(appKey, credentials.appKey);
    const secretOk = constantTimeEqual(appSecret, credentials.appSecret);
    if (!(keyOk && secretOk)) {
      return fail(ctx, 401, "app_key or app_secret: wrong credentials; use the app key and secret configured on the API Fabric");
    }
    const raw = ctx.req.headers["x-token-expire"];
    const ttl = raw === undefined ? DEFAULT_TOKEN_TTL : Number(String(raw).trim());
    const nowMs = now();
    const createTime = Math.floor(nowMs / 1000);
    // Valid until at least CreateTime + Expires (it runs from the exact creation instant).
    const token = tokens.sign({ a: credentials.appKey, iat: createTime, exp: nowMs + ttl * 1000, jti: randomUUID() });
    send(
      ctx,
      200,
      JSON.stringify({
        AccessToken: token,
        ApplyType: "Bearer",
        CreateTime: String(createTime),
        Expires: String(ttl),
        Scope: "default",
        AppKey: credentials.appKey,
        UserID: "Anonymous",
      }),
    );
  };

  /** Checks Authorization and x-app-key; answers 401 itself and returns false when they fail. */
  const authenticate = (ctx: Context): boolean => {
    const { headers } = ctx.req;
    const authorization = headers.authorization;
    if (authorization === undefined || authorization === "") {
      fail(ctx, 401, "Authorization: is missing; send `Bearer <AccessToken>` with a token from tokenByAkSk");
      return false;
    }
    if (!authorization.startsWith("Bearer ")) {
      fail(ctx, 401, "Authorization: must be `Bearer <AccessToken>` (the word Bearer, one space, the token)");
      return false;
    }
    const verified = verifyToken(authorization.slice(7));
    if (verified === "malformed") {
      fail(ctx, 401, "Authorization: the token is malformed; send the AccessToken from tokenByAkSk as is");
      return false;
    }
    if (verified === "unknown") {
      fail(ctx, 401, "Authorization: the token is unknown to this server; request a new one with tokenByAkSk");
      return false;
    }
    if (now() >= verified.exp) {
      fail(ctx, 401, "Authorization: token expired; request a new one with tokenByAkSk");
      return false;
    }
    if (verified.a !== credentials.appKey) {
      fail(ctx, 401, "Authorization: the token's app is unknown to this server; request a new one with tokenByAkSk");
      return false;
    }
    const appKey = headers["x-app-key"];
    if (appKey === undefined || appKey === "") {
      fail(ctx, 401, "x-app-key: is missing; send the app key the token was issued to");
      return false;
    }
    if (appKey !== verified.a) {
      fail(ctx, 401, "x-app-key: is not the app the token was issued to; send that app's key");
      return false;
    }
    return true;
  };

  const wsBaseCache = new Map<string, string>();
  const wsBase = (req: IncomingMessage): string => {
    const hostHeader = req.headers.host;
    const key = hostHeader ?? "";
    let base = wsBaseCache.get(key);
    if (base === undefined) {
      const hostPart =
        hostHeader !== undefined && HOST_PATTERN.test(hostHeader)
          ? hostHeader
          : `${listening!.family === "IPv6" ? `[${listening!.address}]` : listening!.address}:${listening!.port}`;
      base = `ws://${hostPart}${ROOM_PATH}`;
      if (wsBaseCache.size < 64) wsBaseCache.set(key, base);
    }
    return base;
  };

  const getConnectionInfo = (ctx: Context, op: Operation, body: Buffer): void => {
    if (!authenticate(ctx)) return;
    const parsed = parseJson(ctx, body);
    if (!parsed) return;
    const issues = validator.validateRequestBody(op.operationId, parsed.value);
    const tenantHeader = ctx.req.headers["x-tenantspaceid"];
    const tenant = tenantHeader === undefined ? undefined : String(tenantHeader);
    // Missing or breaking the spec's x-cobrowse-value-schema: a 400 with the body's issues.
    for (const issue of validator.validateSecurityHeader(op.operationId, TENANT_HEADER, tenant)) {
      issues.push(issue.message === "is required" ? { ...issue, message: "is required; send your tenant space ID" } : issue);
    }
    issues.push(...headerIssues(op, ctx.req));
    if (issues.length > 0) return fail(ctx, 400, formatIssues(issues), issues);
    if (tenant !== credentials.tenantSpaceId) {
      return fail(ctx, 404, `X-TenantSpaceID: tenant space "${tenant}" does not exist; use the tenant space of your app`);
    }
    const request = parsed.value as { roomId?: string; role: Role };
    const roomId = request.roomId ?? randomUUID();
    const expiry = Math.floor(now() / 1000) + connectTtl;
    const connectParam = connectParams.sign({ r: roomId, o: request.role, a: credentials.appKey, t: tenant, e: expiry });
    const path = encodeURIComponent(roomId);
    const wssUrl = wsBase(ctx.req) + path;
    send(
      ctx,
      200,
      JSON.stringify({
        success: true,
        data: { roomId, wssUrl, wssUrlOut: publicBase === undefined ? wssUrl : publicBase + path, connectParam },
        errorCode: null,
        errorReason: null,
      }),
    );
  };

  const handlers: Record<string, (ctx: Context, op: Operation, body: Buffer) => void> = { tokenByAkSk, getConnectionInfo };

  // ---------------------------------------------------------------- the request pipeline

  const runOperation = (ctx: Context, op: Operation): void => {
    readBody(ctx, (body) => {
      if (body === undefined) return;
      const problem = contentTypeProblem(ctx.req.headers["content-type"]);
      if (problem !== undefined) return fail(ctx, 415, problem);
      const encoding = contentEncodingProblem(ctx.req.headers["content-encoding"]);
      if (encoding !== undefined) return fail(ctx, 415, encoding, undefined, { "Accept-Encoding": "identity" });
      const handler = handlers[op.operationId];
      if (!handler) return fail(ctx, 500, `internal error: ${op.operationId} is not implemented; retry later`);
      handler(ctx, op, body);
    });
  };

  const applyFault = (ctx: Context, op: Operation, fault: PendingFault): void => {
    const act = (): void => {
      if (ctx.res.destroyed) return;
      if (fault.reset) {
        const socket = ctx.req.socket as Duplex & { resetAndDestroy?: () => void };
        if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
        else socket.destroy();
        return;
      }
      if (fault.applicationError) {
        ctx.req.resume();
        const { errorCode, errorReason } = fault.applicationError;
        return send(ctx, 200, JSON.stringify({ success: false, errorCode, errorReason }));
      }
      if (fault.status === undefined) return runOperation(ctx, op);
      const status = fault.status;
      const retryAfter = fault.retryAfter ?? (status === 429 || status === 503 ? 1 : undefined);
      const reason =
        status === 429
          ? `too many requests (injected fault); retry after ${retryAfter ?? 1} second(s)`
          : status === 503
            ? "service unavailable (injected fault); retry later"
            : status === 500
              ? "internal error (injected fault); retry later"
              : `injected fault: HTTP ${status}`;
      ctx.req.resume();
      fail(ctx, status, reason, undefined, retryAfter === undefined ? undefined : { "Retry-After": String(retryAfter) });
    };
    if (fault.delayMs) {
      const timer = setTimeout(act, fault.delayMs);
      ctx.res.once("close", () => clearTimeout(timer));
    } else act();
  };

  const controlEndpoint = (ctx: Context, path: string): void => {
    const { req } = ctx;
    if (path === "/__mock/health") {
      if (req.method !== "GET") return fail(ctx, 405, "method: use GET", undefined, { Allow: "GET" });
      return send(ctx, 200, JSON.stringify({ ok: true, rooms: rooms.list().length }));
    }
    if (path !== "/__mock/faults") return fail(ctx, 404, `path ${path.slice(0, 200)}: not found; control paths are /__mock/faults and /__mock/health`);
    switch (req.method) {
      case "GET":
        return send(ctx, 200, JSON.stringify({ faults: faults.list() }));
      case "DELETE":
        faults.clear();
        return send(ctx, 200, JSON.stringify({ faults: [] }));
      case "POST":
        return readBody(ctx, (body) => {
          if (body === undefined) return;
          const problem = contentTypeProblem(req.headers["content-type"]);
          if (problem !== undefined) return fail(ctx, 415, problem);
          const parsed = parseJson(ctx, body);
          if (!parsed) return;
          try {
            const fault = faults.inject(parsed.value as never);
            send(ctx, 201, JSON.stringify({ fault }));
          } catch (error) {
            if (!(error instanceof FaultSpecError)) throw error;
            fail(ctx, 400, error.message);
          }
        });
      default:
        return fail(ctx, 405, `method ${req.method}: use GET, POST or DELETE`, undefined, { Allow: "GET, POST, DELETE" });
    }
  };

  const onResponse = options.onResponse;
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const ctx: Context = { req, res, requestId: requestIdOf(req) };
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    if (onResponse) {
      const started = performance.now();
      res.once("finish", () =>
        onResponse({
          method: req.method ?? "",
          path: path.length > 200 ? `${path.slice(0, 200)}…` : path,
          status: res.statusCode,
          durationMs: performance.now() - started,
          requestId: ctx.requestId,
        }),
      );
    }
    try {
      if (cors && req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
        res.writeHead(204, ["X-Request-Id", ctx.requestId, ...CORS_PREFLIGHT]);
        return void res.end();
      }
      if (control && path.startsWith("/__mock/")) return controlEndpoint(ctx, path);
      const byMethod = routes.get(path);
      if (!byMethod) {
        return fail(ctx, 404, `path ${JSON.stringify(path.slice(0, 200))}: not found; the operations are POST ${[...routes.keys()].join(" and POST ")}`);
      }
      const op = byMethod.get(req.method ?? "");
      if (!op) {
        const allow = [...byMethod.keys()].join(", ");
        return fail(ctx, 405, `method ${req.method}: not allowed on ${path}; use ${allow}`, undefined, { Allow: allow });
      }
      const fault = faults.take(op.operationId);
      if (fault) return applyFault(ctx, op, fault);
      runOperation(ctx, op);
    } catch (error) {
      log(`internal error: ${(error as Error).message}`);
      fail(ctx, 500, "internal error; retry later");
    }
  };

  // ---------------------------------------------------------------- server

  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(requestTimeoutMs, 20_000),
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeoutMs / 4))),
      keepAliveTimeout: 5_000,
    },
    onRequest,
  );

  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const code = error.code ?? "";
    const [status, reason] =
      code === "HPE_HEADER_OVERFLOW"
        ? [431, "headers: are too large; send fewer or shorter headers"]
        : code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, "request: not received in time; send the whole request promptly"]
          : [400, `request: is not valid HTTP (${code || "parse error"}); send a well-formed HTTP/1.1 request`];
    socket.end(rawResponse(status, reason, `${idPrefix}-e${(idCounter++).toString(36)}`));
    socket.once("finish", () => socket.destroy());
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (String(req.headers.upgrade ?? "").toLowerCase() !== "websocket") {
      // Not a WebSocket (`curl --http2` offers `Upgrade: h2c`): ignore the offer, as RFC 9110
      // allows, and serve the request as plain HTTP/1.1 by handing the connection back to the
      // HTTP parser with the request rebuilt minus its upgrade headers.
      const lines = [`${req.method ?? "GET"} ${req.url ?? "/"} HTTP/1.1`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i]!;
        if (/^(upgrade|connection|http2-settings)$/i.test(name)) continue;
        lines.push(`${name}: ${req.rawHeaders[i + 1]!}`);
      }
      socket.unshift(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), head]));
      server.emit("connection", socket);
      return;
    }
    socket.on("error", () => socket.destroy());
    const requestId = requestIdOf(req);
    const refuse = (status: number, reason: string, extra?: string): void => {
      if (!socket.writable) return void socket.destroy();
      socket.end(rawResponse(status, reason, requestId, extra));
      socket.once("finish", () => socket.destroy());
    };
    if (rooms.closing) return refuse(503, "server: shutting down; connect again to a running server", "Retry-After: 1\r\n");
    try {
      const url = new URL(req.url ?? "/", "http://mock.invalid");
      if (!url.pathname.startsWith(ROOM_PATH)) return refuse(404, `path: no WebSocket endpoint here; rooms are at ${ROOM_PATH}<roomId>`);
      let roomId: string;
      try {
        roomId = decodeURIComponent(url.pathname.slice(ROOM_PATH.length));
      } catch {
        return refuse(400, "path: the room id is not valid percent-encoding");
      }
      const admission = admit(roomId, url.searchParams.get("connectParam"), url.searchParams.get("role"));
      if (!admission.ok) return refuse(admission.status, admission.reason);
      rooms.accept(req, socket, head, admission);
    } catch (error) {
      log(`internal error on upgrade: ${(error as Error).message}`);
      refuse(500, "internal error; retry later");
    }
  });

  /** Decides whether a WebSocket connection may join a room. */
  const admit = (
    roomId: string,
    connectParam: string | null,
    role: string | null,
  ): { ok: true; roomId: string; role: Role } | { ok: false; status: number; reason: string } => {
    if (roomId === "" || roomId.includes("/")) return { ok: false, status: 404, reason: "path: give the room id: /ws/cobrowse/<roomId>" };
    if (connectParam === null || connectParam === "") {
      return { ok: false, status: 401, reason: "connectParam: is missing; add ?connectParam=<connectParam from getConnectionInfo>" };
    }
    const payload = connectParams.verify(connectParam);
    if (payload === "malformed") return { ok: false, status: 401, reason: "connectParam: is malformed; send it as getConnectionInfo gave it" };
    if (payload === "forged") return { ok: false, status: 401, reason: "connectParam: signature does not verify; get a new one from getConnectionInfo" };
    const { r, o, a, t, e } = payload;
    if (typeof r !== "string" || (o !== "recorder" && o !== "replayer") || typeof e !== "number") {
      return { ok: false, status: 401, reason: "connectParam: is malformed; send it as getConnectionInfo gave it" };
    }
    if (Math.floor(now() / 1000) >= e) return { ok: false, status: 401, reason: "connectParam: expired; get a new one from getConnectionInfo" };
    if (r !== roomId) return { ok: false, status: 403, reason: "connectParam: was issued for another room; connect to its own wssUrl" };
    if (role !== null && role !== o) return { ok: false, status: 403, reason: `role: the connectParam was issued for the ${o}` };
    if (a !== credentials.appKey || t !== credentials.tenantSpaceId) {
      return { ok: false, status: 403, reason: "connectParam: was issued for another app or tenant space" };
    }
    return { ok: true, roomId, role: o };
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  listening = server.address() as AddressInfo;
  const urlHost = listening.family === "IPv6" ? `[${listening.address}]` : listening.address;
  const url = `http://${host === "localhost" ? "localhost" : urlHost}:${listening.port}`;
  if (control) log(`fault injection: POST/GET/DELETE ${url}/__mock/faults (turn off with control: false or MOCK_CONTROL=off)`);

  let closing: Promise<void> | undefined;
  return {
    url,
    host: listening.address,
    port: listening.port,
    credentials: { ...credentials },
    faults,
    rooms,
    signingKeyRandom: signing.random,
    server,
    close() {
      closing ??= (async () => {
        faults.clear();
        verifiedTokens.clear();
        await rooms.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

/** The URL a side connects its WebSocket to: `wssUrl` (or `wssUrlOut`) with `?connectParam=`. */
export function connectUrl(
  info: { wssUrl?: string; wssUrlOut?: string; connectParam?: string },
  options: { out?: boolean } = {},
): string {
  const base = options.out ? info.wssUrlOut : info.wssUrl;
  if (!base) throw new TypeError(`connectUrl: ${options.out ? "wssUrlOut" : "wssUrl"} is missing from the connection info`);
  if (!info.connectParam) throw new TypeError("connectUrl: connectParam is missing from the connection info");
  const sep = base.includes("?") ? "&" : "?";
  return `${base}${sep}connectParam=${encodeURIComponent(info.connectParam)}`;
}
