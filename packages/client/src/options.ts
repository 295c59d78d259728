// The options and results of the public API: their types, documented where a user reads them.
// The defaults are named in internal/constants.ts; the checks of options are in
// internal/check-options.ts, the check of a request body in internal/check-body.ts.
import type { ConnectionInfo, Role } from "@cec-cobrowse/types";
import { getConnectionInfoBody } from "./generated/spec.js";
import type { Hooks } from "./internal/hooks.js";
import type { Logger, LogLevel } from "./internal/log.js";
import type { OpenTelemetryOptions } from "./internal/tracing.js";

/** The two sides of a room, as the spec's `Role` enum lists them. */
export const ROLES = getConnectionInfoBody.fields.role.enum satisfies readonly Role[];
// Fails to compile when the spec adds a role that ROLES lacks.
const _allRoles: Role extends (typeof ROLES)[number] ? true : false = true;
void _allRoles;

/** A token, as `getToken()` answers it and as a `tokenProvider` may resolve it. */
export interface AccessToken {
  /** The bearer token. */
  accessToken: string;
  /** Seconds the client still treats the token as valid (its own estimate, margins included). */
  expiresIn?: number;
  /** When the client stops using the token, in epoch milliseconds of this machine's clock. */
  expiresAt?: number;
}

/**
 * Gets a token from elsewhere (a browser asks its own backend). Resolves to the token, or to
 * an object with `accessToken` and, when known, `expiresIn` (seconds) or `expiresAt` (epoch
 * ms). A token without a lifetime is used until the server answers 401.
 */
export type TokenProvider = (context: {
  signal: AbortSignal | undefined;
}) => Promise<string | AccessToken> | string | AccessToken;

/** A fetch-compatible function (`globalThis.fetch`, or `createNodeFetch()` on Node). */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** Options every call can override. */
export interface RequestOptions {
  /** Aborts the call (the wait for a token, every attempt and the delays between them). */
  signal?: AbortSignal | undefined;
  /** Time limit of each attempt in milliseconds (connect, headers and the whole body), fresh for each retry. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt (network errors, timeouts, 408, 429, 5xx). 0 turns retries off. A call makes at most `maxRetries + 2` attempts. */
  maxRetries?: number | undefined;
  /** Extra headers to send. */
  headers?: Record<string, string> | undefined;
}

/** Options of `createCobrowseClient`. */
export interface CobrowseClientOptions {
  /** The gateway's URL, such as `https://service.besclouds.com`. HTTPS unless loopback. */
  baseUrl: string;
  /** The app key configured on the API Fabric (sent as `x-app-key`). */
  appKey: string;
  /** The app secret. Server side only; never accepted by the browser build. */
  appSecret?: string | undefined;
  /** The tenant space id (sent as `X-TenantSpaceID`). */
  tenantSpaceId: string;
  /** Gets tokens elsewhere instead of calling tokenByAkSk with the app secret. */
  tokenProvider?: TokenProvider | undefined;
  /** Token lifetime to ask for, in seconds, sent as `X-Token-Expire`; within the range the spec gives that header (1 s to one day). */
  tokenExpire?: number | undefined;
  /** Stop using a token this long before it expires (ms; default 30 000, at most a tenth of its lifetime). */
  tokenSafetyMarginMs?: number | undefined;
  /** Start a background refresh this long before expiry (ms; default 60 000, at most 30% of the lifetime). */
  tokenRefreshAheadMs?: number | undefined;
  /** Time limit of each attempt in milliseconds (default 10 000): connect, headers and the whole body; fresh for each retry. */
  timeoutMs?: number | undefined;
  /**
   * Retries after the first attempt (default 2). 0 turns retries off. A call makes at most
   * `maxRetries + 2` attempts: `maxRetries + 1` that may end in a retryable failure, plus one
   * replay after a 401 on the token that was current.
   */
  maxRetries?: number | undefined;
  /** First backoff step in ms (default 500); doubles each retry, with full jitter. */
  retryBaseDelayMs?: number | undefined;
  /** Longest backoff in ms (default 8 000). */
  retryMaxDelayMs?: number | undefined;
  /** Longest `Retry-After` honoured, in ms (default 60 000); longer hints wait this long. */
  maxRetryAfterMs?: number | undefined;
  /**
   * Largest answer accepted, in bytes, as received and once decoded (gzip, deflate, br) (default
   * 16 MiB; `Infinity` for no limit), whatever the transport. A larger answer is a
   * ResponseTooLargeError, not retried.
   */
  maxResponseBytes?: number | undefined;
  /** Aborts every call of this client. */
  signal?: AbortSignal | undefined;
  /** A fetch-compatible function. Default: Node's keep-alive transport (Node), `globalThis.fetch` (browser). */
  fetch?: FetchLike | undefined;
  /** Allow plain `http://` to a host that is not loopback (insecure: tokens travel in clear). */
  allowInsecureHttp?: boolean | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /**
   * A product token of yours appended to the SDK's User-Agent (`acme-contact-center/4.2`), so the
   * gateway's operators can tell your application apart. Node only: a browser sends its own
   * User-Agent, and the browser build refuses this option.
   */
  userAgentSuffix?: string | undefined;
  /**
   * Send the attempt header (`X-Cobrowse-Attempt`: 1, then 2, 3 … for each retry or replay) on
   * every attempt. Default: true on Node; false in the browser build, where a header the
   * gateway's CORS policy does not allow would make the browser refuse the call.
   */
  attemptHeader?: boolean | undefined;
  /** Functions called once per attempt, the token request's included: see `Hooks`. */
  hooks?: Hooks | undefined;
  /**
   * OpenTelemetry tracing: a span per call, per attempt and per token request. On Node the
   * installed `@opentelemetry/api` is used by default (nothing happens without it); in a browser
   * pass `{ api }` (the module). `false` turns tracing off.
   */
  openTelemetry?: OpenTelemetryOptions | false | undefined;
  /** Where log lines go (default: the console, on stderr in Node). Any object with `debug`, `info` and `warn` will do. */
  logger?: Logger | undefined;
  /** The least important lines logged: `debug`, `info`, `warn` or `off`. Default: COBROWSE_LOG on Node, else `warn`. */
  logLevel?: LogLevel | undefined;
}

/** What `getConnectionInfo` resolves to. */
export interface ConnectionInfoResult {
  /** The connection information: `roomId`, `wssUrl`, `wssUrlOut`, `connectParam`. */
  data: ConnectionInfo;
  /** The server's `X-Request-Id`, when it sent one. */
  requestId: string | undefined;
}
