// Answers: request ids, JSON and error bodies (the spec's ErrorResponse, its errorCode by the
// spec's rule), raw answers for sockets that have no ServerResponse, and the CORS headers,
// whose lists are the spec's own request and response headers and the headers its clients add.
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { Issue, SpecValidator } from "@cec-cobrowse/spec";
import { TRACEPARENT_HEADER } from "../log/notes.js";
import type { RequestRecord } from "../log/requests.js";
import { describeError, guard } from "./guard.js";

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

/** Calls `report` with the access-log entry of `x` once its answer is sent; a throw of `report` is logged. */
export function reportWhenAnswered(
  x: Exchange,
  path: string,
  report: (entry: AccessLogEntry) => void,
  log: (line: string) => void,
): void {
  const started = performance.now();
  x.res.once("finish", () =>
    guard(
      () =>
        report({
          method: x.req.method ?? "",
          path: path.length > 200 ? `${path.slice(0, 200)}…` : path,
          status: x.res.statusCode,
          durationMs: performance.now() - started,
          requestId: x.requestId,
        }),
      (error) => log(describeError("onResponse", error)),
    ),
  );
}

/** A request being answered. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  /** The request log's record of it, once it reached an operation. */
  record?: RequestRecord;
  /** Set for the control API: its answers never carry CORS headers, whatever the `cors` option. */
  noCors?: boolean;
}

/** A failed check: the answer it gets. */
export interface Failure {
  status: number;
  reason: string;
  details?: Issue[];
  headers?: Record<string, string>;
}

// A caller's own X-Request-Id is echoed when it is printable ASCII without spaces and within
// the spec's RequestId schema; otherwise the mock makes one.
const PRINTABLE = /^[\x21-\x7e]+$/;
/** How long a browser may cache a CORS preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export class Responder {
  readonly #spec: SpecValidator;
  readonly #cors: string[] | undefined;
  readonly #preflight: string[] | undefined;
  readonly #requestIdSchema: Record<string, unknown> | undefined;
  readonly #idPrefix = randomUUID().slice(0, 8);
  #idCounter = 0;

  constructor(spec: SpecValidator, options: { cors: boolean; extraRequestHeaders: string[] }) {
    this.#spec = spec;
    const operations = [...spec.operations.values()];
    const requestHeaders = new Set(["Content-Type", "X-Request-Id", ...options.extraRequestHeaders]);
    // What the SDK's clients add (the spec's client headers; a browser's tracing its trace context).
    const client = spec.rules.clientHeaders;
    if (client) for (const h of [client.userAgent.header, client.attempt.header]) requestHeaders.add(h);
    for (const h of [TRACEPARENT_HEADER, "tracestate"]) requestHeaders.add(h);
    const responseHeaders = new Set<string>();
    for (const op of operations) {
      for (const h of [...op.securityHeaders.map((s) => s.header), ...op.headers.map((p) => p.name)])
        requestHeaders.add(h);
      for (const response of op.responses.values()) for (const h of response.headers) responseHeaders.add(h.name);
    }
    this.#requestIdSchema = operations
      .flatMap((op) => [...op.responses.values()])
      .flatMap((r) => r.headers)
      .find((h) => h.name.toLowerCase() === "x-request-id")?.schema;
    if (options.cors) {
      const methods = new Set(operations.map((op) => op.method));
      this.#cors = [
        "Access-Control-Allow-Origin",
        "*",
        "Access-Control-Expose-Headers",
        [...responseHeaders].join(", "),
      ];
      this.#preflight = [
        ...this.#cors,
        "Access-Control-Allow-Methods",
        [...methods].join(", "),
        "Access-Control-Allow-Headers",
        [...requestHeaders].join(", "),
        "Access-Control-Max-Age",
        String(PREFLIGHT_MAX_AGE_SECONDS),
      ];
    }
  }

  /** The caller's X-Request-Id when it is acceptable, else a new one. */
  requestIdOf(req: IncomingMessage): string {
    const given = req.headers["x-request-id"];
    if (
      typeof given === "string" &&
      PRINTABLE.test(given) &&
      (!this.#requestIdSchema || this.#spec.validateValue(this.#requestIdSchema, given).length === 0)
    ) {
      return given;
    }
    return this.newRequestId();
  }

  newRequestId(): string {
    this.#idCounter = (this.#idCounter + 1) % Number.MAX_SAFE_INTEGER;
    return `${this.#idPrefix}-${this.#idCounter.toString(36)}`;
  }

  /** The JSON text of an ErrorResponse. */
  errorPayload(status: number, reason: string, details?: Issue[]): string {
    const body: Record<string, unknown> = {
      success: false,
      errorCode: this.#spec.errorCode(status),
      errorReason: reason,
    };
    if (details && details.length > 0) body.details = details;
    return JSON.stringify(body);
  }

  /** Sends a JSON answer (or `payload` as is); a header in `headers` replaces the default of its name. */
  send(x: Exchange, status: number, payload: string, headers?: Record<string, string>): void {
    const { res } = x;
    if (res.headersSent || res.destroyed) return;
    const list = ["Content-Length", String(Buffer.byteLength(payload))];
    if (headers) {
      const given = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
      if (!given.has("content-type")) list.push("Content-Type", "application/json");
      if (!given.has("x-request-id")) list.push("X-Request-Id", x.requestId);
      for (const name in headers) list.push(name, headers[name]!);
    } else list.push("Content-Type", "application/json", "X-Request-Id", x.requestId);
    if (this.#cors && !x.noCors) list.push(...this.#cors);
    res.writeHead(status, list);
    res.end(payload);
  }

  /** Writes the head of an answer whose body the caller streams: `headers`, X-Request-Id and the CORS headers. */
  head(x: Exchange, status: number, headers: Record<string, string>): void {
    const list: string[] = [];
    if (!Object.keys(headers).some((name) => name.toLowerCase() === "x-request-id"))
      list.push("X-Request-Id", x.requestId);
    for (const name in headers) list.push(name, headers[name]!);
    if (this.#cors && !x.noCors) list.push(...this.#cors);
    x.res.writeHead(status, list);
  }

  fail(x: Exchange, failure: Failure): void {
    this.send(x, failure.status, this.errorPayload(failure.status, failure.reason, failure.details), failure.headers);
  }

  /** Answers a CORS preflight (true), or leaves the request alone (false) when CORS is off or it is none. */
  preflight(x: Exchange): boolean {
    if (!this.#preflight || x.req.method !== "OPTIONS" || x.req.headers["access-control-request-method"] === undefined)
      return false;
    x.res.writeHead(204, ["X-Request-Id", x.requestId, ...this.#preflight]);
    x.res.end();
    return true;
  }

  /** A complete raw HTTP answer with an ErrorResponse body, for sockets that have no ServerResponse. */
  raw(status: number, reason: string, requestId: string, extraHeaders = ""): string {
    const body = this.errorPayload(status, reason);
    return (
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\nConnection: close\r\n${extraHeaders}\r\n${body}`
    );
  }
}
