// OpenTelemetry, optional: a span per call, a child span per attempt (and per token fetch, a
// call of its own), named and attributed by the HTTP client semantic conventions, and the trace
// context propagated in each attempt's headers by the application's propagator (W3C
// `traceparent` with the SDK's defaults). The client never depends on @opentelemetry/api: it
// takes the API module (passed in, or loaded by the Node entry when installed) through the small
// structural types below, which the real module satisfies. @internal
import type { CobrowseError, OperationId } from "../errors.js";

/** An OpenTelemetry `Context` (opaque here). */
export type OtelContext = object;
type AttributeValue = string | number | boolean | string[];

/** The part of an OpenTelemetry `Span` the client uses. */
export interface OtelSpan {
  spanContext(): { traceId: string };
  isRecording(): boolean;
  setAttribute(key: string, value: AttributeValue): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error): void;
  end(): void;
}

/** The part of an OpenTelemetry `Tracer` the client uses. */
export interface OtelTracer {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: Record<string, AttributeValue> },
    context?: OtelContext,
  ): OtelSpan;
}

/** An OpenTelemetry `TracerProvider` (the SDK's, or any other). */
export interface TracerProviderLike {
  getTracer(name: string, version?: string): OtelTracer;
}

/** The part of the `@opentelemetry/api` module the client uses: pass the module itself (`import * as otel from "@opentelemetry/api"`). */
export interface OpenTelemetryApi {
  trace: {
    getTracer(name: string, version?: string): OtelTracer;
    setSpan(context: OtelContext, span: OtelSpan): OtelContext;
  };
  context: { active(): OtelContext };
  propagation: { inject(context: OtelContext, carrier: Record<string, string>): void };
}

/** The `openTelemetry` option: the API module (required in browsers; on Node the installed one by default) and a tracer provider (default: the API's global one). */
export interface OpenTelemetryOptions {
  api?: OpenTelemetryApi | undefined;
  tracerProvider?: TracerProviderLike | undefined;
}

// The API's enums, by value (SpanKind.INTERNAL, SpanKind.CLIENT, SpanStatusCode.ERROR).
const INTERNAL = 0;
const CLIENT = 2;
const ERROR = 2;
/** The trace id of no trace (the API's INVALID_TRACEID). */
const INVALID_TRACE_ID = "00000000000000000000000000000000";

/** The instrumentation scope's name (the package's). */
export const TRACER_NAME = "@cec-cobrowse/client";

/** A call's span and the context its attempts and its token fetch are children of. */
export interface CallTrace {
  span: OtelSpan;
  context: OtelContext;
}

/** What the attempt span's attributes say of its URL: `url.full` (no user info, query values redacted) and the server. */
interface Target {
  full: string;
  path: string;
  address: string;
  port: number;
}

export class Tracing {
  readonly #api: OpenTelemetryApi;
  readonly #tracer: OtelTracer;
  readonly #targets = new Map<string, Target>();

  constructor(api: OpenTelemetryApi, tracer: OtelTracer) {
    this.#api = api;
    this.#tracer = tracer;
  }

  /**
   * Starts a call's span (`getConnectionInfo`, `tokenByAkSk`), a child of `parent` or of the
   * active context. Undefined when there is no trace at all (the API without an SDK, and no trace
   * to carry on): the call then costs no more spans. A span the SDK sampled out still has a trace,
   * whose context the attempts carry.
   */
  call(op: OperationId, tokenRequest: boolean, parent: OtelContext | undefined): CallTrace | undefined {
    const api = this.#api;
    const context = parent ?? api.context.active();
    const attributes: Record<string, AttributeValue> = { "cec_cobrowse.operation": op };
    if (tokenRequest) attributes["cec_cobrowse.token_request"] = true;
    const span = this.#tracer.startSpan(op, { kind: INTERNAL, attributes }, context);
    if (!span.isRecording() && span.spanContext().traceId === INVALID_TRACE_ID) return undefined;
    return { span, context: api.trace.setSpan(context, span) };
  }

  /** Ends a call's span: how many attempts it made, the last request id, and its error. */
  endCall(call: CallTrace, attempts: number, requestId: string | undefined, error: unknown): void {
    const { span } = call;
    span.setAttribute("cec_cobrowse.attempts", attempts);
    if (requestId !== undefined) span.setAttribute("cec_cobrowse.request_id", requestId);
    if (error !== undefined) fail(span, error as CobrowseError, undefined);
    span.end();
  }

  /**
   * Starts an attempt's span (`POST /apiaccess/…`, kind CLIENT) under its call, and writes the
   * trace context into the attempt's headers with the application's propagator.
   */
  attempt(call: CallTrace, op: OperationId, tokenRequest: boolean, n: number, request: Request): OtelSpan {
    const target = this.#target(request.url);
    const path = target.path;
    const attributes: Record<string, AttributeValue> = {
      "http.request.method": request.method,
      "url.full": target.full,
      "url.template": path,
      "server.address": target.address,
      "server.port": target.port,
      "cec_cobrowse.operation": op,
      "cec_cobrowse.attempt": n,
    };
    // The semantic conventions' resend count: absent on the first attempt, 1 on the second…
    if (n > 1) attributes["http.request.resend_count"] = n - 1;
    if (tokenRequest) attributes["cec_cobrowse.token_request"] = true;
    const span = this.#tracer.startSpan(`${request.method} ${path}`, { kind: CLIENT, attributes }, call.context);
    const carrier: Record<string, string> = {};
    this.#api.propagation.inject(this.#api.trace.setSpan(call.context, span), carrier);
    for (const k in carrier) request.headers.set(k, carrier[k]!);
    return span;
  }

  /** Ends an attempt's span with its answer's status and request id, or its error. */
  static endAttempt(
    span: OtelSpan,
    status: number | undefined,
    requestId: string | undefined,
    requestIdHeader: string,
    error: unknown,
  ): void {
    if (status !== undefined) span.setAttribute("http.response.status_code", status);
    if (requestId !== undefined)
      span.setAttribute(`http.response.header.${requestIdHeader.toLowerCase()}`, [requestId]);
    if (error !== undefined) fail(span, error as CobrowseError, status);
    span.end();
  }

  #target(url: string): Target {
    let t = this.#targets.get(url);
    if (!t) {
      const u = new URL(url);
      u.username = "";
      u.password = "";
      for (const k of new Set(u.searchParams.keys())) u.searchParams.set(k, "REDACTED");
      const port = u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
      t = { full: u.href, path: u.pathname, address: u.hostname.replace(/^\[|\]$/g, ""), port };
      // A client has two URLs (one per operation): the map stays that small.
      if (this.#targets.size > 16) this.#targets.clear();
      this.#targets.set(url, t);
    }
    return t;
  }
}

/** Marks a span failed: `error.type` (the HTTP status of a 4xx/5xx answer, else the error's class), its status and the error (scrubbed: every CobrowseError is). */
function fail(span: OtelSpan, error: CobrowseError, status: number | undefined): void {
  span.setAttribute("error.type", status !== undefined && status >= 400 ? String(status) : (error?.name ?? "Error"));
  span.setStatus({ code: ERROR, message: String(error?.message ?? error) });
  if (error instanceof Error) span.recordException(error);
}

/** The tracing of a client, from its `openTelemetry` option and the API module found. */
export const tracingOf = (api: OpenTelemetryApi, provider: TracerProviderLike | undefined, version: string): Tracing =>
  new Tracing(api, (provider ?? api.trace).getTracer(TRACER_NAME, version));
