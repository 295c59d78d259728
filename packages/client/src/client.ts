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
  type FetchLike,
  type RequestOptions,
  checkBody,
  checkOptions,
} from "./options.js";
import { type CachedToken, TokenCache, schedule } from "./token.js";

const INFO_PATH = "/apiaccess/api/cobrowse/getConnectionInfo";
const REDACTED = "[REDACTED]";

/** How the entry points differ. @internal */
export interface Platform {
  browser: boolean;
  defaultFetch: () => FetchLike;
  /** Names a field in errors (fromEnv names the environment variable instead). */
  name?: (field: string) => string;
  /** Gets a token with the app key and secret (absent from the browser build). */
  akSk?: (context: AkSkContext) => Promise<CachedToken>;
}

/** What the app key/secret token loader needs from the client. @internal */
export interface AkSkContext {
  appKey: string;
  secret: string;
  tokenExpire: number | undefined;
  raw: Client<paths>;
  send(op: OperationId, options: RequestOptions | undefined, attempt: Attempt): Promise<Answer>;
  parse(op: OperationId, answer: Answer): unknown;
  apiError(op: OperationId, response: Response, body: unknown, problem?: string): ApiError;
  schedule(token: string, receivedAt: number, deadline: number): CachedToken;
}

/** @internal */
export interface Answer {
  text: string;
  response: Response;
  sentAt: number;
}

/** One attempt; `fetch` sends the Request with the attempt's signal. @internal */
export type Attempt = (fetch: (request: Request) => Promise<Response>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

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

  readonly #secret: string | undefined;
  readonly #options: CobrowseClientOptions;
  readonly #raw: Client<paths>;
  readonly #tokens: TokenCache;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #fetch: FetchLike;
  /** The last tokens seen, to scrub from server strings. */
  #seen: string[] = [];

  /** @internal Use `createCobrowseClient()`. */
  constructor(options: CobrowseClientOptions, platform: Platform) {
    if (!platform) throw new ConfigurationError("CobrowseClient", "create clients with createCobrowseClient() or fromEnv()");
    const name = platform.name ?? ((f: string) => f);
    this.baseUrl = checkOptions(options, platform.browser, name);
    this.appKey = options.appKey;
    this.tenantSpaceId = options.tenantSpaceId;
    this.#secret = options.appSecret;
    this.#options = { ...options, appSecret: undefined };
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxRetries = options.maxRetries ?? 2;
    this.#fetch = options.fetch ?? platform.defaultFetch();
    this.#raw = createClient<paths>({
      baseUrl: this.baseUrl,
      fetch: this.#fetch,
      headers: { ...options.headers, "x-app-key": this.appKey, "X-TenantSpaceID": this.tenantSpaceId },
    });
    const akSk = platform.akSk;
    const context: AkSkContext | undefined = akSk && {
      appKey: this.appKey,
      secret: options.appSecret as string,
      tokenExpire: options.tokenExpire,
      raw: this.#raw,
      send: (op, o, attempt) => this.#send(op, o, attempt),
      parse: (op, answer) => this.#parse(op, answer),
      apiError: (op, response, body, problem) => this.#apiError(op, response, body, problem),
      schedule: (token, receivedAt, deadline) => this.#schedule(token, receivedAt, deadline),
    };
    this.#tokens = new TokenCache(() => (options.tokenProvider || !akSk ? this.#provided() : akSk(context!)));
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
   * Connection information for one side of a room: call it with `role: "recorder"` for the
   * customer and `role: "replayer"` for the agent, with the same `roomId`.
   */
  async getConnectionInfo(body: GetConnectionInfoRequest, options?: RequestOptions): Promise<ConnectionInfoResult> {
    checkBody(body);
    const op = "getConnectionInfo";
    const signal = options?.signal;
    for (let replayed = false; ; replayed = true) {
      const token = this.#tokens.peek() ?? (await this.#token(op, signal)).token;
      let answer: Answer;
      try {
        answer = await this.#send(op, options, (fetch) =>
          this.#raw.POST(INFO_PATH, {
            body,
            headers: options?.headers ? { ...options.headers, Authorization: `Bearer ${token}` } : { Authorization: `Bearer ${token}` },
            fetch,
            parseAs: "text",
          }),
        );
      } catch (e) {
        // A refused token: drop it, get one new token, replay once. Never more.
        if (e instanceof AuthenticationError && !replayed) {
          this.#tokens.invalidate(token);
          continue;
        }
        throw e;
      }
      const json = this.#parse(op, answer) as { success?: unknown; data?: unknown; errorCode?: number | null; errorReason?: string | null };
      const requestId = answer.response.headers.get("x-request-id") ?? undefined;
      if (json?.success !== true || !json.data || typeof json.data !== "object") {
        const ok = json?.success === true;
        throw this.#apiError(op, answer.response, json, ok ? "the answer has success: true but no data" : undefined);
      }
      return { data: json.data, requestId };
    }
  }

  /**
   * A valid token: the cached one, or a new one (one request however many callers wait).
   * `forceRefresh` drops the cached token first. A backend can hand the result to a browser,
   * whose `tokenProvider` resolves to it.
   */
  async getToken(options?: { forceRefresh?: boolean; signal?: AbortSignal }): Promise<AccessToken> {
    if (options?.forceRefresh) this.#tokens.invalidate();
    return TokenCache.describe(await this.#token(this.#options.tokenProvider ? "getConnectionInfo" : "tokenByAkSk", options?.signal));
  }

  /** Forgets the cached token; the next call gets a new one. */
  invalidateToken(): void {
    this.#tokens.invalidate();
  }

  /** Waits for a token, giving up when a signal aborts (the shared fetch goes on for others). */
  #token(op: OperationId, signal: AbortSignal | undefined): Promise<CachedToken> {
    const t = this.#tokens.get();
    const signals = [this.#options.signal, signal];
    const aborted = signals.find((s) => s?.aborted);
    if (aborted) return Promise.reject(new AbortError(op, aborted.reason));
    if (!(t instanceof Promise)) return Promise.resolve(t);
    if (!signals[0] && !signals[1]) return t;
    return new Promise((resolve, reject) => {
      const onAbort = (ev: Event) => reject(new AbortError(op, (ev.target as AbortSignal).reason));
      for (const s of signals) s?.addEventListener("abort", onAbort, { once: true });
      t.then(resolve, reject).finally(() => {
        for (const s of signals) s?.removeEventListener("abort", onAbort);
      });
    });
  }

  async #provided(): Promise<CachedToken> {
    const sentAt = Date.now();
    const r = await this.#options.tokenProvider!({ signal: this.#options.signal });
    const t = typeof r === "string" ? { accessToken: r } : r;
    if (!t || typeof t.accessToken !== "string" || !t.accessToken) {
      throw new ConfigurationError("tokenProvider", "must resolve to a non-empty token string, or to { accessToken, expiresIn? }");
    }
    const deadline =
      typeof t.expiresIn === "number" ? sentAt + t.expiresIn * 1000 : typeof t.expiresAt === "number" ? t.expiresAt : Infinity;
    return this.#schedule(t.accessToken, Date.now(), deadline);
  }

  #schedule(token: string, receivedAt: number, deadline: number): CachedToken {
    const o = this.#options;
    this.#seen = [token, ...this.#seen.slice(0, 2)];
    return schedule(token, receivedAt, deadline, o.tokenSafetyMarginMs ?? 30_000, o.tokenRefreshAheadMs ?? 60_000);
  }

  /**
   * One call with its retries: a fresh timeout for each attempt, backoff with full jitter
   * (or the server's Retry-After) between attempts, the caller's signals throughout.
   */
  async #send(op: OperationId, options: RequestOptions | undefined, attempt: Attempt): Promise<Answer> {
    const o = this.#options;
    const maxRetries = options?.maxRetries ?? this.#maxRetries;
    const timeoutMs = options?.timeoutMs ?? this.#timeoutMs;
    const signals = [o.signal, options?.signal];
    for (let n = 0; ; n++) {
      const aborted = signals.find((s) => s?.aborted);
      if (aborted) throw new AbortError(op, aborted.reason);
      const ac = new AbortController();
      const onAbort = (ev: Event) => ac.abort((ev.target as AbortSignal).reason);
      for (const s of signals) s?.addEventListener("abort", onAbort);
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
        if (response.ok) return { text: typeof data === "string" ? data : "", response, sentAt };
        error = this.#apiError(op, response, body);
        const status = response.status;
        if (status !== 408 && status !== 429 && status < 500) throw error;
        retryAfter = response.headers.get("retry-after");
      } catch (e) {
        if (e instanceof ApiError) throw e;
        const user = signals.find((s) => s?.aborted);
        if (user) throw new AbortError(op, user.reason);
        error = timedOut ?? new NetworkError(op, e);
      } finally {
        clearTimeout(timer);
        for (const s of signals) s?.removeEventListener("abort", onAbort);
      }
      if (n >= maxRetries) throw error;
      await this.#sleep(op, this.#delay(n, retryAfter), signals);
    }
  }

  /** The wait before retry n+1: the server's Retry-After (capped), else backoff with full jitter. */
  #delay(n: number, retryAfter: string | null): number {
    const o = this.#options;
    if (retryAfter) {
      const s = retryAfter.trim();
      const ms = /^\d+(\.\d+)?$/.test(s) ? Number(s) * 1000 : Date.parse(s) - Date.now();
      if (!Number.isNaN(ms)) return Math.min(Math.max(0, ms), o.maxRetryAfterMs ?? 60_000);
    }
    return Math.random() * Math.min(o.retryMaxDelayMs ?? 8_000, (o.retryBaseDelayMs ?? 500) * 2 ** n);
  }

  #sleep(op: OperationId, ms: number, signals: (AbortSignal | undefined)[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        for (const s of signals) s?.removeEventListener("abort", onAbort);
      };
      const onAbort = (ev: Event) => {
        done();
        reject(new AbortError(op, (ev.target as AbortSignal).reason));
      };
      const timer = setTimeout(() => {
        done();
        resolve();
      }, ms);
      for (const s of signals) s?.addEventListener("abort", onAbort, { once: true });
    });
  }

  #parse(op: OperationId, answer: Answer): unknown {
    try {
      return JSON.parse(answer.text);
    } catch {
      throw this.#apiError(op, answer.response, undefined, "the answer is not JSON");
    }
  }

  /** An ApiError of the right class, with every server string scrubbed of the secret and tokens. */
  #apiError(op: OperationId, response: Response, body: unknown, problem?: string): ApiError {
    const secrets = [this.#secret, ...this.#seen].filter((s): s is string => !!s && s.length >= 4);
    const scrub = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join(REDACTED), s);
    let clean: unknown = body;
    if (body !== undefined && secrets.length) {
      try {
        clean = typeof body === "string" ? scrub(body) : JSON.parse(scrub(JSON.stringify(body)));
      } catch {
        clean = undefined;
      }
    }
    const headers = new Headers();
    response.headers.forEach((v, k) => headers.append(k, scrub(v)));
    const b = (clean && typeof clean === "object" ? clean : {}) as { errorCode?: unknown; errorReason?: unknown; details?: unknown };
    const status = response.status;
    const requestId = headers.get("x-request-id") ?? undefined;
    const init = {
      operation: op,
      status,
      errorCode: typeof b.errorCode === "number" ? b.errorCode : undefined,
      errorReason: typeof b.errorReason === "string" ? b.errorReason : problem,
      details: Array.isArray(b.details) ? b.details : undefined,
      requestId,
      headers,
      body: clean,
    };
    const Class = problem || status < 300 ? ApiError : apiErrorClass(status);
    return new Class(init);
  }
}
