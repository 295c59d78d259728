// The client: the token lifecycle, retries, timeouts and typed errors around openapi-fetch.
import type { GetConnectionInfoRequest, paths } from "@cec-cobrowse/types";
import createClient, { type Client } from "openapi-fetch";
import {
  AbortError,
  ApiError,
  AuthenticationError,
  type CobrowseError,
  ConfigurationError,
  NetworkError,
  type OperationId,
  TimeoutError,
  apiErrorClass,
} from "./errors.js";
import {
  type AccessToken,
  type CobrowseClientOptions,
  type ConnectionInfoResult,
  type Fail,
  type FetchLike,
  type RequestOptions,
  checkBody,
  checkOptions,
} from "./options.js";
import { getConnectionInfo as INFO, securitySchemes, tokenSource } from "./generated/spec.js";
import { newRoomId } from "./room-id.js";
import { type CachedToken, TokenCache, schedule } from "./token.js";

// The spec's operations, paths and security headers (the generated constants).
const BEARER = securitySchemes[tokenSource.scheme];
const APP_KEY = securitySchemes.appKey.header;
const TENANT = securitySchemes.tenantSpaceId.header;

/** How the entry points differ. @internal */
export interface Platform {
  defaultFetch: () => FetchLike;
  /** Checks the entry's credential rules (app secret or tokenProvider). */
  credentials: (o: CobrowseClientOptions, fail: Fail) => void;
  /** Names a field in errors (fromEnv names the environment variable instead). */
  name?: (field: string) => string;
  /** Gets a token with the app key and secret (absent from the browser build). */
  akSk?: (context: AkSkContext) => Promise<CachedToken>;
}

/** What the app key/secret token loader needs from the client. @internal */
export interface AkSkContext {
  options: CobrowseClientOptions;
  raw: Client<paths>;
  send: (op: OperationId, options: RequestOptions | undefined, attempt: Attempt) => Promise<Answer>;
  apiError: (op: OperationId, response: Response, body: unknown, problem?: string) => ApiError;
  schedule: (token: string, receivedAt: number, deadline: number) => CachedToken;
}

/** @internal */
export interface Answer {
  json: unknown;
  response: Response;
  sentAt: number;
}

/** One attempt; `fetch` sends the Request with the attempt's signal. @internal */
export type Attempt = (fetch: (request: Request) => Promise<Response>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

type Signals = (AbortSignal | undefined)[];

const abortedOf = (signals: Signals) => signals.find((s) => s?.aborted);

/** Calls `f` with the reason when a signal aborts; answers the function that stops listening. */
function listen(signals: Signals, f: (reason: unknown) => void): () => void {
  const onAbort = (ev: Event) => f((ev.target as AbortSignal).reason);
  for (const s of signals) s?.addEventListener("abort", onAbort);
  return () => {
    for (const s of signals) s?.removeEventListener("abort", onAbort);
  };
}

/**
 * A promise of what `start` resolves, which rejects with an AbortError as soon as a signal
 * aborts (at once when one already has). `start` answers its own clean-up.
 */
function abortable<T>(op: OperationId, signals: Signals, start: (resolve: (v: T) => void, reject: (e: unknown) => void) => () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const aborted = abortedOf(signals);
    if (aborted) return reject(new AbortError(op, aborted.reason));
    const settle =
      <V>(f: (v: V) => void) =>
      (v: V) => {
        stop();
        end();
        f(v);
      };
    const stop = listen(signals, (reason) => settle(reject)(new AbortError(op, reason)));
    const end = start(settle(resolve), settle(reject));
  });
}

/**
 * A client of the co-browsing API. Create it with `createCobrowseClient()` (or `fromEnv()` on
 * Node). It gets and caches tokens, retries what is safe to retry, and throws typed errors.
 */
export class CobrowseClient {
  /** The gateway URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The app key (sent as `x-app-key`; not a secret). */
  readonly appKey: string;
  /** The tenant space id (sent as `X-TenantSpaceID`). */
  readonly tenantSpaceId: string;

  /** The options, the app secret among them: private, so never shown or serialised. */
  readonly #options: CobrowseClientOptions;
  readonly #raw: Client<paths>;
  readonly #tokens: TokenCache;
  readonly #fetch: FetchLike;
  /** The last tokens seen, to scrub from server strings. */
  #seen: string[] = [];

  /** @internal Use `createCobrowseClient()`. */
  constructor(options: CobrowseClientOptions, platform: Platform) {
    if (!platform) throw new ConfigurationError("CobrowseClient", "create clients with createCobrowseClient() or fromEnv()");
    this.baseUrl = checkOptions(options, platform.credentials, platform.name ?? ((f) => f));
    this.appKey = options.appKey;
    this.tenantSpaceId = options.tenantSpaceId;
    this.#options = { ...options };
    this.#fetch = options.fetch ?? platform.defaultFetch();
    const raw = (this.#raw = createClient<paths>({
      baseUrl: this.baseUrl,
      fetch: this.#fetch,
      headers: { ...options.headers, [APP_KEY]: this.appKey, [TENANT]: this.tenantSpaceId },
    }));
    const akSk = !options.tokenProvider && platform.akSk;
    this.#tokens = new TokenCache(
      akSk
        ? () =>
            akSk({
              options: this.#options,
              raw,
              send: (...a) => this.#send(...a),
              apiError: (...a) => this.#apiError(...a),
              schedule: (...a) => this.#schedule(...a),
            })
        : () => this.#provided(),
    );
  }

  /**
   * The underlying openapi-fetch client, typed by the spec's `paths`. It sends `x-app-key`
   * and `X-TenantSpaceID`; add `Authorization: Bearer ${(await client.getToken()).accessToken}`
   * yourself. Middleware added with `raw.use()` also sees this client's own calls.
   */
  get raw(): Client<paths> {
    return this.#raw;
  }

  /**
   * Connection information for one side of a room: call it with the customer's role (`recorder`)
   * and with the agent's (`replayer`), with the same `roomId`. The body is checked against the
   * spec's schema first: a ValidationError names the field at fault, and nothing is sent.
   *
   * Without `roomId` the client names a new room (a UUID) before the first attempt, so that a
   * retry after a lost answer asks for the same room instead of creating a second one.
   */
  async getConnectionInfo(request: GetConnectionInfoRequest, options?: RequestOptions): Promise<ConnectionInfoResult> {
    checkBody(request);
    const body = request.roomId === undefined ? { ...request, roomId: newRoomId() } : request;
    for (let replayed = false; ; replayed = true) {
      const token = (this.#tokens.peek() ?? (await this.#token(INFO.operationId, options?.signal))).token;
      const auth = BEARER.prefix + token;
      try {
        const { json, response } = await this.#send(INFO.operationId, options, (fetch) =>
          this.#raw.request(INFO.method, INFO.path, {
            body,
            headers: options?.headers ? { ...options.headers, [BEARER.header]: auth } : { [BEARER.header]: auth },
            fetch,
            parseAs: "text",
          }),
        );
        const j = json as { success?: unknown; data?: unknown } | null;
        if (j?.success !== true || !j.data || typeof j.data !== "object") {
          throw this.#apiError(INFO.operationId, response, json, j?.success === true ? "success: true but no data" : undefined);
        }
        return { data: j.data, requestId: response.headers.get("x-request-id") ?? undefined };
      } catch (e) {
        // A refused token: drop it, get one new token, replay once. Never more.
        if (!(e instanceof AuthenticationError) || replayed) throw e;
        this.#tokens.invalidate(token);
      }
    }
  }

  /**
   * A valid token: the cached one, or a new one (one request however many callers wait).
   * `forceRefresh` drops the cached token first. A backend can hand the result to a browser,
   * whose `tokenProvider` resolves to it.
   */
  async getToken(options?: { forceRefresh?: boolean; signal?: AbortSignal }): Promise<AccessToken> {
    if (options?.forceRefresh) this.invalidateToken();
    const t = this.#tokens.peek() ?? (await this.#token(this.#options.tokenProvider ? INFO.operationId : tokenSource.operationId, options?.signal));
    return { accessToken: t.token, expiresIn: Math.max(0, Math.floor((t.expiresAt - Date.now()) / 1000)), expiresAt: t.expiresAt };
  }

  /** Forgets the cached token; the next call gets a new one. */
  invalidateToken(): void {
    this.#tokens.invalidate();
  }

  /** Waits for a new token, giving up when a signal aborts (the shared fetch goes on for others). */
  #token(op: OperationId, signal: AbortSignal | undefined): Promise<CachedToken> {
    return abortable(op, [this.#options.signal, signal], (resolve, reject) => {
      this.#tokens.refresh().then(resolve, reject);
      return () => {};
    });
  }

  async #provided(): Promise<CachedToken> {
    const o = this.#options;
    const sentAt = Date.now();
    const r = await o.tokenProvider!({ signal: o.signal });
    const t = typeof r === "string" ? { accessToken: r } : r;
    if (typeof t?.accessToken !== "string" || !t.accessToken) {
      throw new ConfigurationError("tokenProvider", "must resolve to a token string or { accessToken, expiresIn? }");
    }
    const { expiresIn, expiresAt } = t;
    return this.#schedule(t.accessToken, Date.now(), typeof expiresIn === "number" ? sentAt + expiresIn * 1000 : typeof expiresAt === "number" ? expiresAt : Infinity);
  }

  #schedule(token: string, receivedAt: number, deadline: number): CachedToken {
    const o = this.#options;
    this.#seen = [token, ...this.#seen.slice(0, 2)];
    return schedule(token, receivedAt, deadline, o.tokenSafetyMarginMs ?? 30_000, o.tokenRefreshAheadMs ?? 60_000);
  }

  /**
   * One call with its retries: a fresh timeout for each attempt, backoff with full jitter
   * (or the server's Retry-After) between attempts, the caller's signals throughout.
   * Answers the parsed JSON of a 2xx answer.
   */
  async #send(op: OperationId, options: RequestOptions | undefined, attempt: Attempt): Promise<Answer> {
    const o = this.#options;
    const maxRetries = options?.maxRetries ?? o.maxRetries ?? 2;
    const timeoutMs = options?.timeoutMs ?? o.timeoutMs ?? 10_000;
    const signals = [o.signal, options?.signal];
    for (let n = 0; ; n++) {
      let aborted = abortedOf(signals);
      if (aborted) throw new AbortError(op, aborted.reason);
      const ac = new AbortController();
      const stop = listen(signals, (reason) => ac.abort(reason));
      let timedOut: TimeoutError | undefined;
      const timer = setTimeout(() => ac.abort((timedOut = new TimeoutError(op, timeoutMs))), timeoutMs);
      const sentAt = Date.now();
      let error: CobrowseError;
      let retryAfter: string | null = null;
      try {
        // The signal goes to fetch, not into the Request: an AbortSignal in a Request costs
        // undici (Node's fetch) more than the rest of the call. It is made when fetch reads it.
        const init = {
          get signal() {
            return ac.signal;
          },
        };
        const { data, error: body, response } = await attempt((request) => this.#fetch(request, init));
        if (response.ok) {
          let json: unknown;
          try {
            json = JSON.parse(data as string);
          } catch {
            throw this.#apiError(op, response, undefined, "the answer is not JSON");
          }
          return { json, response, sentAt };
        }
        error = this.#apiError(op, response, body);
        const status = response.status;
        if (status !== 408 && status !== 429 && status < 500) throw error;
        retryAfter = response.headers.get("retry-after");
      } catch (e) {
        if (e instanceof ApiError) throw e;
        aborted = abortedOf(signals);
        if (aborted) throw new AbortError(op, aborted.reason);
        error = timedOut ?? new NetworkError(op, e);
      } finally {
        clearTimeout(timer);
        stop();
      }
      if (n >= maxRetries) throw error;
      // The wait before the next attempt: the server's Retry-After (capped), else backoff with full jitter.
      const s = retryAfter?.trim() ?? "";
      // Seconds, or an HTTP date (a day name, then hh:mm:ss); anything else is ignored (Date.parse
      // alone reads "-1" or "abc 3" as dates in 2001, which would mean retrying at once).
      let ms = /^\d+(\.\d+)?$/.test(s) ? Number(s) * 1000 : /^[a-z]{3}.*\d\d:\d\d:\d\d/i.test(s) ? Date.parse(s) - Date.now() : NaN;
      ms = Number.isNaN(ms)
        ? Math.random() * Math.min(o.retryMaxDelayMs ?? 8_000, (o.retryBaseDelayMs ?? 500) * 2 ** n)
        : Math.min(Math.max(0, ms), o.maxRetryAfterMs ?? 60_000);
      await abortable(op, signals, (resolve) => {
        const timer = setTimeout(resolve, ms);
        return () => clearTimeout(timer);
      });
    }
  }

  /** An ApiError of the right class, with every server string scrubbed of the secret and tokens. */
  #apiError(op: OperationId, response: Response, body: unknown, problem?: string): ApiError {
    const secrets = [this.#options.appSecret, ...this.#seen].filter((s) => s && s.length >= 4) as string[];
    const scrub = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join("[REDACTED]"), s);
    // Each string of the parsed body on its own: in JSON text a secret with a quote, a
    // backslash or a control character is escaped, and would not be found.
    const deep = (v: unknown): unknown =>
      typeof v === "string"
        ? scrub(v)
        : Array.isArray(v)
          ? v.map(deep)
          : v && typeof v === "object"
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k), deep(x)]))
            : v;
    let clean: unknown;
    try {
      clean = deep(body);
    } catch {
      clean = undefined;
    }
    const headers = new Headers();
    response.headers.forEach((v, k) => headers.append(k, scrub(v)));
    const b = (clean && typeof clean === "object" ? clean : {}) as { errorCode?: unknown; errorReason?: unknown; details?: unknown };
    const status = response.status;
    return new (problem || status < 300 ? ApiError : apiErrorClass(status))({
      operation: op,
      status,
      errorCode: typeof b.errorCode === "number" ? b.errorCode : undefined,
      errorReason: typeof b.errorReason === "string" ? b.errorReason : problem,
      details: Array.isArray(b.details) ? (b.details as ApiError["details"]) : undefined,
      requestId: headers.get("x-request-id") ?? undefined,
      headers,
      body: clean,
    });
  }
}
