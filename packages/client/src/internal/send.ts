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
import { responseHeaders } from "../generated/spec.js";
import type { CobrowseClientOptions, RequestOptions } from "../options.js";
import { abortable, listen, type Signals, sleep, throwIfAborted } from "./abort.js";
import { apiError, isRedirect, redirectError, Unusable } from "./answer.js";
import { bounded, type LimitedFetch, type Reading, readText, TOO_LARGE } from "./body.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER_MS, DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS, DEFAULT_TIMEOUT_MS } from "./constants.js";
import type { Redactor } from "./redact.js";
import { parseRetryAfter } from "./retry-after.js";
import { attemptBudget, backoffMs, isRetryableStatus } from "./retry-policy.js";
import type { CachedToken, TokenCache } from "./token-cache.js";

/** What every call of one client shares. */
export interface Sender {
  options: CobrowseClientOptions;
  fetch: LimitedFetch;
  /** The largest answer accepted, as received and once decoded. */
  maxResponseBytes: number;
  /** True when `fetch` enforces a limit no larger itself (the Node transport): its error answers need no second read. */
  fetchBounded: boolean;
  redactor: Redactor;
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
  const o = s.options;
  const { op, tokens } = call;
  const maxRetries = options?.maxRetries ?? o.maxRetries ?? DEFAULT_MAX_RETRIES;
  const timeoutMs = options?.timeoutMs ?? o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const budget = attemptBudget(maxRetries);
  const signals = [o.signal, options?.signal];
  let attempts = 0;
  let retries = 0;
  let replayed = false;
  for (;;) {
    throwIfAborted(op, signals);
    // The token is taken for every attempt, at the moment it is sent: an expired token, or one a
    // newer token has replaced in the cache, is never sent.
    const token = tokens ? (tokens.current() ?? (await waitForToken(op, signals, tokens))).token : undefined;
    attempts++;
    let error: CobrowseError;
    try {
      return await attempt(s, call, token, timeoutMs, signals);
    } catch (e) {
      error = e as CobrowseError;
    }
    if (tokens && token !== undefined && error instanceof AuthenticationError) {
      // A refused token is dropped on every path. Dropped here: it was the current one, and
      // this is the one replay. Not dropped: another caller had already dropped or replaced it
      // (superseded), so the next attempt at once, with the current token, spending nothing.
      if (tokens.drop(token)) {
        if (replayed || attempts >= budget) throw error;
        replayed = true;
      } else if (attempts >= budget) throw error;
      continue;
    }
    if (!retryable(error) || retries >= maxRetries || attempts >= budget) throw error;
    retries++;
    const hinted = error instanceof ApiError ? parseRetryAfter(error.headers?.get(responseHeaders.retryAfter)) : undefined;
    const wait =
      hinted === undefined
        ? backoffMs(retries, o.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS, o.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS)
        : Math.min(hinted, o.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
    await sleep(op, signals, wait);
  }
}

/**
 * One attempt, bounded: `timeoutMs` for connect, headers and the whole body; the answer capped
 * at `maxResponseBytes`; a redirect an error. Answers the result, or throws a CobrowseError.
 */
async function attempt<T>(s: Sender, call: Call<T>, token: string | undefined, timeoutMs: number, signals: Signals): Promise<T> {
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
    const init = {
      get signal() {
        return ac.signal;
      },
    };
    const { data, error, response } = await call.exchange(token, async (request) => {
      const r = await s.fetch(request, init);
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
    const cause = (e as { cause?: { code?: unknown; limit?: number; decoded?: boolean; status?: number; requestId?: string } } | undefined)?.cause;
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
