// The client: the public class. The machinery lives in internal/: the send loop (send.ts), the
// token cache (token-cache.ts), redaction (redact.ts), bounded answers (body.ts), the retry
// policy and Retry-After parsing, the abort plumbing, and every default (constants.ts).
import type { GetConnectionInfoRequest, paths } from "@cec-cobrowse/types";
import createClient, { type Client } from "openapi-fetch";
import { ConfigurationError, type OperationId } from "./errors.js";
import {
  clientHeaders,
  getConnectionInfo as INFO,
  responseHeaders,
  securitySchemes,
  tokenSource,
} from "./generated/spec.js";
import { Unusable, unusable } from "./internal/answer.js";
import { bounded, type LimitedFetch, RESPONSE_LIMIT } from "./internal/body.js";
import { checkBody } from "./internal/check-body.js";
import { checkOptions, type Fail } from "./internal/check-options.js";
import {
  DEFAULT_LOG_LEVEL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TOKEN_REFRESH_AHEAD_MS,
  DEFAULT_TOKEN_SAFETY_MARGIN_MS,
} from "./internal/constants.js";
import { SDK_VERSION } from "./internal/identify.js";
import { createLog, type Logger, type LogLevel, parseLogLevel } from "./internal/log.js";
import { Redactor } from "./internal/redact.js";
import { newRoomId } from "./internal/room-id.js";
import { type Call, type Sender, send, waitForToken } from "./internal/send.js";
import { type CachedToken, schedule, TokenCache } from "./internal/token-cache.js";
import { type OpenTelemetryApi, tracingOf } from "./internal/tracing.js";
import type { AccessToken, CobrowseClientOptions, ConnectionInfoResult, FetchLike, RequestOptions } from "./options.js";

// The spec's operations, paths and security headers (the generated constants).
const BEARER = securitySchemes[tokenSource.scheme];
const APP_KEY = securitySchemes.appKey.header;
const TENANT = securitySchemes.tenantSpaceId.header;
/** The headers a hook may not change: every security scheme's, the content type, the identification and attempt headers. */
const FIXED: ReadonlySet<string> = new Set(
  [
    ...Object.values(securitySchemes).map((s) => s.header),
    "Content-Type",
    clientHeaders.userAgent.header,
    clientHeaders.attempt.header,
  ].map((h) => h.toLowerCase()),
);

/** How the entry points differ. @internal */
export interface Platform {
  /** The transport when the caller gives none, for answers of at most `maxResponseBytes`. */
  defaultFetch: (maxResponseBytes: number) => FetchLike;
  /** Checks the entry's own rules: its credentials (app secret or tokenProvider), the options it does not take. */
  credentials: (o: CobrowseClientOptions, fail: Fail) => void;
  /** Names a field in errors (fromEnv names the environment variable instead). */
  name?: (field: string) => string;
  /** Gets a token with the app key and secret (absent from the browser build). */
  akSk?: (context: AkSkContext) => Promise<CachedToken>;
  /** The User-Agent with the caller's suffix (absent from the browser build: browsers send their own). */
  userAgent?: (suffix: string | undefined) => string;
  /** Whether attempts carry the attempt header when the `attemptHeader` option does not say. */
  attemptHeader: boolean;
  /** The log level the environment asks for (COBROWSE_LOG), and the name to blame when it is wrong. */
  logLevel?: { value: string | undefined; name: string };
  /** Where log lines go when the `logger` option names nothing. */
  logger: Logger;
  /** Loads @opentelemetry/api when it is installed (the Node entry; browsers take it only as an option). */
  openTelemetry?: () => Promise<OpenTelemetryApi | undefined>;
}

/** What the app key/secret token loader needs from the client. @internal */
export interface AkSkContext {
  options: CobrowseClientOptions;
  raw: Client<paths>;
  /** Runs a call of the token operation through the send loop. */
  send: <T>(call: Call<T>) => Promise<T>;
  /** Caches a token the token operation issued. */
  schedule: (token: string, receivedAt: number, deadline: number) => CachedToken;
}

/** The log level: the `logLevel` option, else the environment's (COBROWSE_LOG on Node), else warn. */
function logLevelOf(o: CobrowseClientOptions, platform: Platform): LogLevel {
  if (o.logLevel !== undefined) return o.logLevel;
  const env = platform.logLevel;
  if (env?.value === undefined || env.value.trim() === "") return DEFAULT_LOG_LEVEL;
  const level = parseLogLevel(env.value);
  if (!level)
    throw new ConfigurationError(
      env.name,
      `is ${JSON.stringify(env.value.slice(0, 40))}; set it to one of debug, info, warn, off`,
    );
  return level;
}

/** A getConnectionInfo answer's result, when its data is usable (the spec's x-cobrowse-room connectWith). */
function connection(json: unknown, response: Response): ConnectionInfoResult {
  const j = json as { success?: unknown; data?: unknown } | null;
  if (j?.success === true) {
    const problem = unusable(j.data, INFO.connectWith);
    if (problem) throw new Unusable(problem);
    return {
      data: j.data as ConnectionInfoResult["data"],
      requestId: response.headers.get(responseHeaders.requestId) ?? undefined,
    };
  }
  // success: false (an application error), or no success at all: the body's errorCode and errorReason.
  throw new Unusable();
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
  /** The send loop's shared state (the transport, the bounds, the Redactor with the last tokens). */
  readonly #sender: Sender;

  /** @internal Use `createCobrowseClient()`. */
  constructor(options: CobrowseClientOptions, platform: Platform) {
    if (!platform)
      throw new ConfigurationError("CobrowseClient", "create clients with createCobrowseClient() or fromEnv()");
    this.baseUrl = checkOptions(options, platform.credentials, platform.name ?? ((f) => f));
    this.appKey = options.appKey;
    this.tenantSpaceId = options.tenantSpaceId;
    const o = (this.#options = { ...options });
    const maxResponseBytes = o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const fetch: LimitedFetch = o.fetch ?? platform.defaultFetch(maxResponseBytes);
    const fetchBounded = (fetch[RESPONSE_LIMIT] ?? Infinity) <= maxResponseBytes;
    const redactor = new Redactor(o.appSecret);
    const sender: Sender = (this.#sender = {
      options: o,
      fetch,
      maxResponseBytes,
      fetchBounded,
      redactor,
      userAgent: platform.userAgent?.(o.userAgentSuffix),
      attemptHeader: o.attemptHeader ?? platform.attemptHeader,
      hooks: o.hooks,
      fixed: FIXED,
      log: createLog(o.logger ?? platform.logger, logLevelOf(o, platform), (line) => redactor.scrubber().text(line)),
      tracing: undefined,
      tracingReady: undefined,
      parent: undefined,
    });
    const otel = o.openTelemetry;
    if (otel !== false && otel?.api) sender.tracing = tracingOf(otel.api, otel.tracerProvider, SDK_VERSION);
    else if (otel !== false && platform.openTelemetry) {
      // Calls made before the module is found wait for it (once): none goes untraced.
      sender.tracingReady = platform.openTelemetry().then((api) => {
        if (api) sender.tracing = tracingOf(api, otel?.tracerProvider, SDK_VERSION);
        sender.tracingReady = undefined;
      });
    }
    const raw = (this.#raw = createClient<paths>({
      baseUrl: this.baseUrl,
      // What `raw` callers send goes through the same bounds: answers capped, and no redirect
      // followed (credentials stay at the origin). The client's own calls pass their attempt's fetch.
      fetch: fetchBounded
        ? fetch
        : async (request: Request, init?: RequestInit) => {
            const r = await fetch(request, init);
            const op = new URL(request.url).pathname === INFO.path ? INFO.operationId : tokenSource.operationId;
            return r.type === "opaqueredirect" ? r : bounded(op, r, maxResponseBytes, { cancel: undefined });
          },
      redirect: "manual",
      headers: { ...o.headers, [APP_KEY]: this.appKey, [TENANT]: this.tenantSpaceId },
    }));
    const akSk = !o.tokenProvider && platform.akSk;
    this.#tokens = new TokenCache(
      akSk
        ? () =>
            akSk({
              options: o,
              raw,
              send: (call) => send(this.#sender, call, undefined),
              schedule: (...a) => this.#issued(...a),
            })
        : () => this.#provided(),
    );
  }

  /**
   * The underlying openapi-fetch client, typed by the spec's `paths`. It sends `x-app-key`
   * and `X-TenantSpaceID`; add `Authorization: Bearer ${(await client.getToken()).accessToken}`
   * yourself. Middleware added with `raw.use()` also sees this client's own calls. It follows no
   * redirect (a 3xx comes back as it is) and reads no answer past `maxResponseBytes`; it does not
   * retry, time out, or check answers.
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
    const extra = options?.headers;
    return send(
      this.#sender,
      {
        op: INFO.operationId,
        tokens: this.#tokens,
        exchange: (token, fetch) => {
          const auth = BEARER.prefix + token;
          return this.#raw.request(INFO.method, INFO.path, {
            body,
            headers: extra ? { ...extra, [BEARER.header]: auth } : { [BEARER.header]: auth },
            fetch,
            parseAs: "stream",
          });
        },
        accept: connection,
      },
      options,
    );
  }

  /**
   * A valid token: the cached one, or a new one (one request however many callers wait).
   * `forceRefresh` drops the cached token first. A backend can hand the result to a browser,
   * whose `tokenProvider` resolves to it.
   */
  async getToken(options?: { forceRefresh?: boolean; signal?: AbortSignal }): Promise<AccessToken> {
    if (options?.forceRefresh) this.invalidateToken();
    const op: OperationId = this.#options.tokenProvider ? INFO.operationId : tokenSource.operationId;
    const t = this.#tokens.current() ?? (await waitForToken(op, [this.#options.signal, options?.signal], this.#tokens));
    return {
      accessToken: t.token,
      expiresIn: Math.max(0, Math.floor((t.expiresAt - Date.now()) / 1000)),
      expiresAt: t.expiresAt,
    };
  }

  /** Forgets the cached token; the next call gets a new one. */
  invalidateToken(): void {
    this.#tokens.clear();
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
    return this.#schedule(
      t.accessToken,
      Date.now(),
      typeof expiresIn === "number" ? sentAt + expiresIn * 1000 : typeof expiresAt === "number" ? expiresAt : Infinity,
    );
  }

  /** A token the token operation issued: cached, and logged (never the token itself). */
  #issued(token: string, receivedAt: number, deadline: number): CachedToken {
    const t = this.#schedule(token, receivedAt, deadline);
    this.#sender.log.info?.(
      `${tokenSource.operationId}: token issued, used for ${Math.round((t.expiresAt - Date.now()) / 1000)} s`,
    );
    return t;
  }

  #schedule(token: string, receivedAt: number, deadline: number): CachedToken {
    const o = this.#options;
    this.#sender.redactor.remember(token);
    return schedule(
      token,
      receivedAt,
      deadline,
      o.tokenSafetyMarginMs ?? DEFAULT_TOKEN_SAFETY_MARGIN_MS,
      o.tokenRefreshAheadMs ?? DEFAULT_TOKEN_REFRESH_AHEAD_MS,
    );
  }
}
