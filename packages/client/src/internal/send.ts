// The send loop (packages/scenarios/README.md, The send loop): every call of an operation, the
// token request's included, goes through `send`. Each attempt takes the current token at the
// moment it is sent, is bounded in time and size, and never follows a redirect; the attempt
// budget, the replay after a refused token and the waits between attempts are decided here. @internal
import {
  ApiError,
  AuthenticationError,
  type CobrowseError,
  NetworkError,
  type OperationId,
  ResponseTooLargeError,
  TimeoutError,
} from "../errors.js";
import { clientHeaders, responseHeaders, securitySchemes, tokenSource } from "../generated/spec.js";
import type { CobrowseClientOptions, RequestOptions } from "../options.js";
import { abortable, listen, type Signals, sleep, throwIfAborted } from "./abort.js";
import { apiError, isRedirect, redirectError, Unusable } from "./answer.js";
import { bounded, type LimitedFetch, type Reading, readText, TOO_LARGE } from "./body.js";
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  REDACTED,
} from "./constants.js";
import { type AttemptInfo, beforeRequest, type Hooks, notify } from "./hooks.js";
import type { Log } from "./log.js";
import type { Redactor } from "./redact.js";
import { parseRetryAfter } from "./retry-after.js";
import { attemptBudget, backoffMs, isRetryableStatus } from "./retry-policy.js";
import type { CachedToken, TokenCache } from "./token-cache.js";
import { type CallTrace, type OtelContext, type OtelSpan, Tracing } from "./tracing.js";

const UA = clientHeaders.userAgent.header;
const ATTEMPT = clientHeaders.attempt.header;
const BEARER = securitySchemes[tokenSource.scheme];
const REQUEST_ID = responseHeaders.requestId;

/** What every call of one client shares. */
export interface Sender {
  options: CobrowseClientOptions;
  fetch: LimitedFetch;
  /** The largest answer accepted, as received and once decoded. */
  maxResponseBytes: number;
  /** True when `fetch` enforces a limit no larger itself (the Node transport): its error answers need no second read. */
  fetchBounded: boolean;
  redactor: Redactor;
  /** The User-Agent (Node); undefined in browsers, which send their own. */
  userAgent: string | undefined;
  /** Whether each attempt carries the attempt header. */
  attemptHeader: boolean;
  hooks: Hooks | undefined;
  /** Headers a hook may not change (the credentials, the attempt header), in lower case. */
  fixed: ReadonlySet<string>;
  log: Log;
  /** OpenTelemetry, when the client traces. */
  tracing: Tracing | undefined;
  /** Until the Node entry knows whether @opentelemetry/api is installed: calls wait for it once. */
  tracingReady: Promise<void> | undefined;
  /** A traced call's context while it asks the token cache: the token request that starts is its child. */
  parent: OtelContext | undefined;
}

/** What a call's attempts report to its span: how many there were, the last request id. */
interface Progress {
  attempts: number;
  requestId: string | undefined;
}

/** One attempt, observed (for hooks, spans or the debug log): what was sent and what came of it. */
interface Observed {
  start: number;
  info: AttemptInfo | undefined;
  /** The answer, once its status and headers arrived. */
  response: Response | undefined;
  /** Its request id, scrubbed. */
  requestId: string | undefined;
  span: OtelSpan | undefined;
}

/**
 * One attempt's exchange: sends the operation with `token` through `fetch` (openapi-fetch's
 * `request()` with `parseAs: "stream"`; the client's openapi-fetch asks for `redirect: "manual"`)
 * and answers what it answers.
 */
export type Exchange = (
  token: string | undefined,
  fetch: (request: Request) => Promise<Response>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** A call of an operation. */
export interface Call<T> {
  op: OperationId;
  /** The token cache, for an operation that needs a token. */
  tokens?: TokenCache | undefined;
  exchange: Exchange;
  /** The result of a 2xx JSON answer; throws Unusable when the answer cannot be used. */
  accept: (json: unknown, response: Response, sentAt: number) => T;
}

/** Waits for the cache's single-flight load, giving up when a signal aborts (the load goes on for the others). */
export const waitForToken = (op: OperationId, signals: Signals, tokens: TokenCache): Promise<CachedToken> =>
  abortable(op, signals, (resolve, reject) => {
    tokens.acquire().then(resolve, reject);
    return () => {};
  });

/** Whether another attempt may get past this failure (network errors, timeouts, 408, 429, 5xx). */
const retryable = (e: CobrowseError): boolean =>
  e instanceof NetworkError || e instanceof TimeoutError || (e instanceof ApiError && isRetryableStatus(e.status));

/** Runs a call through the loop: at most `maxRetries + 2` attempts; answers the result or throws the last error. */
export async function send<T>(s: Sender, call: Call<T>, options: RequestOptions | undefined): Promise<T> {
  // Read before any await: a token request started by a traced call's wait for a token.
  const parent = s.parent;
  if (s.tracingReady) await s.tracingReady;
  const tracing = s.tracing;
  const trace = tracing?.call(call.op, call.op === tokenSource.operationId, parent);
  if (!trace) return loop(s, call, options, undefined, undefined);
  const progress: Progress = { attempts: 0, requestId: undefined };
  try {
    const result = await loop(s, call, options, trace, progress);
    tracing!.endCall(trace, progress.attempts, progress.requestId, undefined);
    return result;
  } catch (e) {
    tracing!.endCall(trace, progress.attempts, progress.requestId, e);
    throw e;
  }
}

async function loop<T>(
  s: Sender,
  call: Call<T>,
  options: RequestOptions | undefined,
  trace: CallTrace | undefined,
  progress: Progress | undefined,
): Promise<T> {
  const o = s.options;
  const { op, tokens } = call;
  const log = s.log;
  const maxRetries = options?.maxRetries ?? o.maxRetries ?? DEFAULT_MAX_RETRIES;
  const timeoutMs = options?.timeoutMs ?? o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const budget = attemptBudget(maxRetries);
  const signals = [o.signal, options?.signal];
  const observing = trace !== undefined || s.hooks !== undefined || log.debug !== undefined;
  let attempts = 0;
  let retries = 0;
  let replayed = false;
  for (;;) {
    throwIfAborted(op, signals);
    // The token is taken for every attempt, at the moment it is sent: an expired token, or one a
    // newer token has replaced in the cache, is never sent.
    let token: string | undefined;
    if (tokens) {
      if (trace) s.parent = trace.context;
      let t: CachedToken | Promise<CachedToken>;
      try {
        t = tokens.current() ?? waitForToken(op, signals, tokens);
      } finally {
        s.parent = undefined;
      }
      token = ("token" in t ? t : await t).token;
    }
    attempts++;
    const seen: Observed | undefined = observing
      ? { start: Date.now(), info: undefined, response: undefined, requestId: undefined, span: undefined }
      : undefined;
    let error: CobrowseError;
    try {
      const result = await attempt(s, call, token, timeoutMs, signals, attempts, seen, trace);
      if (seen) observe(seen, s, false, undefined, progress);
      return result;
    } catch (e) {
      error = e as CobrowseError;
    }
    if (seen) observe(seen, s, true, error, progress);
    if (tokens && token !== undefined && error instanceof AuthenticationError) {
      // A refused token is dropped on every path. Dropped here: it was the current one, and
      // this is the one replay. Not dropped: another caller had already dropped or replaced it
      // (superseded), so the next attempt at once, with the current token, spending nothing.
      if (tokens.drop(token)) {
        if (replayed || attempts >= budget) {
          log.debug?.(`${op}: attempt ${attempts}: token refused (401) again; giving up`);
          throw error;
        }
        replayed = true;
        log.info?.(`${op}: attempt ${attempts}: token refused (401); dropped it, replaying once with a new token`);
      } else if (attempts >= budget) {
        log.debug?.(`${op}: attempt ${attempts}: superseded token refused (401); attempt budget (${budget}) spent`);
        throw error;
      } else
        log.debug?.(`${op}: attempt ${attempts}: superseded token refused (401); sending again with the current one`);
      continue;
    }
    if (!retryable(error)) throw error;
    if (retries >= maxRetries || attempts >= budget) {
      log.debug?.(`${op}: attempt ${attempts} failed (${error.message}); retries spent`);
      throw error;
    }
    retries++;
    const hinted =
      error instanceof ApiError ? parseRetryAfter(error.headers?.get(responseHeaders.retryAfter)) : undefined;
    const wait =
      hinted === undefined
        ? backoffMs(
            retries,
            o.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
            o.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS,
          )
        : Math.min(hinted, o.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
    log.info?.(
      `${op}: attempt ${attempts} failed (${error.message}); retry ${retries} of ${maxRetries} in ${(wait / 1000).toFixed(2)} s`,
    );
    await sleep(op, signals, wait);
  }
}

/** An attempt's answer arrived (its status and headers): noted, and `afterResponse` called. */
function answered(s: Sender, seen: Observed, response: Response, token: string | undefined): void {
  seen.response = response;
  const id = response.headers.get(REQUEST_ID);
  if (id !== null) seen.requestId = s.redactor.scrubber(token).text(id);
  const hook = s.hooks?.afterResponse;
  if (hook && seen.info) {
    const headers = s.redactor.scrubber(token).headers(response.headers);
    notify(
      hook,
      "afterResponse",
      {
        ...seen.info,
        status: response.status,
        requestId: seen.requestId,
        durationMs: Date.now() - seen.start,
        headers,
      },
      s.log,
    );
  }
}

/**
 * An attempt's end, reported: its span ended, `onError` called when it failed, a debug line
 * written, the call's progress updated. Every string is scrubbed: errors are already, the
 * answer's request id was when it arrived.
 */
function observe(
  seen: Observed,
  s: Sender,
  failed: boolean,
  error: CobrowseError | undefined,
  progress: Progress | undefined,
): void {
  const info = seen.info;
  // Nothing was sent (the request was never built): no attempt to report.
  if (!info) return;
  const durationMs = Date.now() - seen.start;
  const e = error as { status?: number; requestId?: string } | undefined;
  const status = seen.response?.status ?? e?.status;
  const requestId = seen.requestId ?? e?.requestId;
  if (progress) {
    progress.attempts = info.attempt;
    if (requestId !== undefined) progress.requestId = requestId;
  }
  if (seen.span) Tracing.endAttempt(seen.span, status, requestId, REQUEST_ID, failed ? error : undefined);
  if (failed) notify(s.hooks?.onError, "onError", { ...info, error: error!, status, requestId, durationMs }, s.log);
  s.log.debug?.(
    `${info.operationId}: attempt ${info.attempt}: ${status !== undefined ? `HTTP ${status}` : (error?.name ?? "failed")} in ${durationMs} ms${requestId !== undefined ? ` (request id ${requestId})` : ""}`,
  );
}

/** What a `beforeRequest` hook is shown of an attempt's headers: scrubbed, the Authorization header's token redacted whatever its length. */
function shownHeaders(s: Sender, request: Request, token: string | undefined): Headers {
  const shown = s.redactor.scrubber(token).headers(request.headers);
  if (token !== undefined && shown.has(BEARER.header)) shown.set(BEARER.header, BEARER.prefix + REDACTED);
  return shown;
}

/**
 * What an attempt gives fetch, `{ signal }`: the attempt's signal, made when fetch reads it
 * (Node's AbortController makes its signal on first use). `signal` is an own, enumerable
 * property, as in an object literal, so a fetch that copies the init (`{ ...init }`) keeps it;
 * its getter is one function for every attempt, defined in a third of the time an object literal
 * with a getter takes to make (V8 builds that one slowly, every time).
 */
class AttemptInit {
  static readonly #signal: PropertyDescriptor = {
    enumerable: true,
    get(this: AttemptInit): AbortSignal {
      return this.#ac.signal;
    },
  };
  readonly #ac: AbortController;
  declare readonly signal: AbortSignal;
  constructor(ac: AbortController) {
    this.#ac = ac;
    Object.defineProperty(this, "signal", AttemptInit.#signal);
  }
}

/**
 * One attempt, bounded: `timeoutMs` for connect, headers and the whole body; the answer capped
 * at `maxResponseBytes`; a redirect an error. Answers the result, or throws a CobrowseError.
 */
async function attempt<T>(
  s: Sender,
  call: Call<T>,
  token: string | undefined,
  timeoutMs: number,
  signals: Signals,
  n: number,
  seen: Observed | undefined,
  trace: CallTrace | undefined,
): Promise<T> {
  const { op } = call;
  const max = s.maxResponseBytes;
  const ac = new AbortController();
  const reading: Reading = { cancel: undefined };
  let timedOut: TimeoutError | undefined;
  const abort = (reason: unknown) => {
    ac.abort(reason);
    reading.cancel?.();
  };
  const stop = listen(signals, abort);
  const timer = setTimeout(() => abort((timedOut = new TimeoutError(op, timeoutMs))), timeoutMs);
  const sentAt = Date.now();
  try {
    // The signal goes to fetch, not into the Request: an AbortSignal in a Request costs undici
    // (Node's fetch) more than the rest of the call. It is made when fetch reads it.
    const init = new AttemptInit(ac);
    const { data, error, response } = await call.exchange(token, async (request) => {
      // The SDK's own headers (the spec's x-cobrowse-client-headers); a User-Agent the caller set in `headers` stays.
      const h = request.headers;
      if (s.userAgent !== undefined && !h.has(UA)) h.set(UA, s.userAgent);
      if (s.attemptHeader) h.set(ATTEMPT, String(n));
      if (seen) {
        const info: AttemptInfo = (seen.info = {
          operationId: op,
          tokenRequest: op === tokenSource.operationId,
          attempt: n,
          method: request.method,
          url: request.url,
        });
        if (trace) seen.span = s.tracing!.attempt(trace, op, info.tokenRequest, n, request);
        const hook = s.hooks?.beforeRequest;
        if (hook) await beforeRequest(hook, info, request, shownHeaders(s, request, token), s.fixed, ac.signal, s.log);
      }
      const r = await s.fetch(request, init);
      if (seen) answered(s, seen, r, token);
      return r.ok || s.fetchBounded || r.type === "opaqueredirect" ? r : bounded(op, r, max, reading);
    });
    if (isRedirect(response)) throw redirectError(op, response, s.redactor.scrubber(token));
    if (!response.ok) throw apiError(op, response, error, s.redactor.scrubber(token));
    const text = await readText(op, response, data as ReadableStream<Uint8Array> | undefined, max, reading);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const scrub = s.redactor.scrubber(token);
      throw apiError(op, response, scrub.text(text), scrub, "the answer is not JSON");
    }
    try {
      return call.accept(json, response, sentAt);
    } catch (e) {
      if (e instanceof Unusable) throw apiError(op, response, json, s.redactor.scrubber(token), e.message || undefined);
      throw e;
    }
  } catch (e) {
    if (e instanceof ApiError || e instanceof ResponseTooLargeError) throw e;
    throwIfAborted(op, signals);
    if (timedOut) throw timedOut;
    const cause = (
      e as
        | { cause?: { code?: unknown; limit?: number; decoded?: boolean; status?: number; requestId?: string } }
        | undefined
    )?.cause;
    if (cause?.code === TOO_LARGE) {
      const { limit = max, decoded, status, requestId } = cause;
      throw new ResponseTooLargeError({ operation: op, maxResponseBytes: limit, decoded, status, requestId }, e);
    }
    throw new NetworkError(op, e);
  } finally {
    clearTimeout(timer);
    stop();
  }
}
