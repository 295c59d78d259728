// Options, results and the checks made before anything is sent. Every rule of the API they
// keep (the body's fields and their limits, the token lifetime range) is the spec's, read from
// the generated constants.
import type { ConnectionInfo, GetConnectionInfoRequest, Role } from "@cec-cobrowse/types";
import { ConfigurationError, ValidationError } from "./errors.js";
import { getConnectionInfoBody, tokenLifetime } from "./generated/spec.js";
import { MAX_RETRIES_LIMIT } from "./internal/constants.js";
import type { Hooks } from "./internal/hooks.js";
import { suffixProblem } from "./internal/identify.js";
import { LOG_LEVELS, type Logger, type LogLevel, parseLogLevel } from "./internal/log.js";
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
export type TokenProvider = (context: { signal: AbortSignal | undefined }) => Promise<string | AccessToken> | string | AccessToken;

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

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const EXAMPLE = "such as https://service.besclouds.com";

/** Throws a ConfigurationError naming the field. @internal */
export type Fail = (field: keyof CobrowseClientOptions, message: string) => never;

/**
 * Checks the options; answers the base URL without a trailing slash. `credentials` checks the
 * entry's own rules (the app secret or a tokenProvider). @internal
 */
export function checkOptions(
  o: CobrowseClientOptions,
  credentials: (o: CobrowseClientOptions, fail: Fail) => void,
  name: (field: string) => string,
): string {
  const fail: Fail = (field, message) => {
    throw new ConfigurationError(name(field), message);
  };
  if (!o || typeof o !== "object") fail("options" as never, "pass an options object");
  const need = (field: keyof CobrowseClientOptions, what: string) => {
    const v = o[field];
    if (typeof v !== "string" || !v.trim()) fail(field, `missing; set it to ${what}`);
  };
  need("baseUrl", `the gateway URL, ${EXAMPLE}`);
  need("appKey", "your app key");
  need("tenantSpaceId", "your tenant space id");
  let url: URL | undefined;
  try {
    url = new URL(o.baseUrl);
  } catch {}
  const protocol = url?.protocol;
  if (protocol !== "https:" && protocol !== "http:") fail("baseUrl", `must be the gateway's https:// URL, ${EXAMPLE}`);
  if (protocol === "http:" && !LOOPBACK.test(url!.hostname) && !o.allowInsecureHttp) {
    fail("baseUrl", "plain http:// sends tokens in clear; use https://, or allowInsecureHttp: true on a trusted network");
  }
  for (const f of ["tokenProvider", "fetch"] as const) if (o[f] !== undefined && typeof o[f] !== "function") fail(f, "must be a function");
  credentials(o, fail);
  checkObservability(o, fail);
  const int = (field: keyof CobrowseClientOptions, min: number, max = 2 ** 31 - 1) => {
    const v = o[field] as number;
    if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max)) fail(field, `must be a whole number from ${min} to ${max}`);
  };
  int("tokenExpire", tokenLifetime.minimum, tokenLifetime.maximum);
  int("maxRetries", 0, MAX_RETRIES_LIMIT);
  const max = o.maxResponseBytes;
  if (max !== undefined && max !== Infinity && !(Number.isSafeInteger(max) && max >= 1)) fail("maxResponseBytes", "must be a whole number of bytes, at least 1 (or Infinity)");
  int("timeoutMs", 1);
  for (const f of ["tokenSafetyMarginMs", "tokenRefreshAheadMs", "retryBaseDelayMs", "retryMaxDelayMs", "maxRetryAfterMs"] as const) int(f, 0);
  return o.baseUrl.replace(/\/+$/, "");
}

const HOOKS = ["beforeRequest", "afterResponse", "onError"] as const;

/** Checks the options of identification, hooks, tracing and logging. */
function checkObservability(o: CobrowseClientOptions, fail: Fail): void {
  if (o.userAgentSuffix !== undefined) {
    const problem = suffixProblem(o.userAgentSuffix);
    if (problem) fail("userAgentSuffix", problem);
  }
  if (o.attemptHeader !== undefined && typeof o.attemptHeader !== "boolean") fail("attemptHeader", "must be true or false");
  const hooks = o.hooks as Record<string, unknown> | undefined;
  if (hooks !== undefined) {
    if (!hooks || typeof hooks !== "object") fail("hooks", `must be an object with any of ${HOOKS.join(", ")}`);
    for (const k of Object.keys(hooks)) {
      if (!(HOOKS as readonly string[]).includes(k)) fail("hooks", `has no hook ${JSON.stringify(k)}; the hooks are ${HOOKS.join(", ")}`);
      if (hooks[k] !== undefined && typeof hooks[k] !== "function") fail("hooks", `${k} must be a function`);
    }
  }
  const otel = o.openTelemetry;
  if (otel !== undefined && otel !== false) {
    if (!otel || typeof otel !== "object") fail("openTelemetry", "must be { api?, tracerProvider? } or false");
    const api = otel.api as unknown as Record<string, Record<string, unknown> | undefined> | undefined;
    if (api !== undefined && (typeof api?.trace?.getTracer !== "function" || typeof api?.propagation?.inject !== "function" || typeof api?.context?.active !== "function")) {
      fail("openTelemetry", 'api must be the @opentelemetry/api module (import * as api from "@opentelemetry/api")');
    }
    if (otel.tracerProvider !== undefined && typeof otel.tracerProvider?.getTracer !== "function") fail("openTelemetry", "tracerProvider must have getTracer()");
  }
  const logger = o.logger as unknown as Record<string, unknown> | undefined;
  if (logger !== undefined && !(logger && ["debug", "info", "warn"].every((m) => typeof logger[m] === "function"))) {
    fail("logger", "must have debug(), info() and warn() methods, as console does");
  }
  if (o.logLevel !== undefined && parseLogLevel(o.logLevel) !== o.logLevel) fail("logLevel", `must be one of ${LOG_LEVELS.join(", ")}`);
}

/** One body field's constraints, as the generated constants state them. */
interface FieldRule {
  type?: string;
  required?: boolean;
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

const BODY: { fields: Readonly<Record<string, FieldRule>>; additionalProperties: boolean; example: object } = getConnectionInfoBody;
const compiled = new Map<string, RegExp>();

/** What a field must be: `one of "a", "b"`, or `a string of 1 to 128 characters matching ^…$`. */
const expected = ({ enum: values, type, minLength: min = 0, maxLength: max, pattern }: FieldRule): string =>
  values
    ? `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`
    : `a ${type}${min || max !== undefined ? ` of ${min} to ${max ?? "any number of"} characters` : ""}${pattern ? ` matching ${pattern}` : ""}`;

/** The value sent, short: `"Alex"`, `42`, or `a string of 300 characters`. */
const got = (v: unknown): string => (typeof v === "string" && v.length > 40 ? `a string of ${[...v].length} characters` : String(JSON.stringify(v)).slice(0, 40));

/** Whether `v` keeps the field's rules (lengths in code points, as JSON Schema counts them). */
function keeps(f: FieldRule, v: unknown): boolean {
  if (f.enum) return f.enum.includes(v);
  if (typeof v !== f.type) return false;
  if (typeof v !== "string") return true;
  const min = f.minLength ?? 0;
  const max = f.maxLength ?? Infinity;
  // A string has at most as many code points as UTF-16 units, and at least half as many:
  // count them only when that leaves the answer open.
  if (v.length > max || v.length < 2 * min) {
    const n = [...v].length;
    if (n < min || n > max) return false;
  }
  let re = f.pattern && compiled.get(f.pattern);
  if (f.pattern && !re) compiled.set(f.pattern, (re = new RegExp(f.pattern, "u")));
  return !re || re.test(v);
}

/**
 * Checks a getConnectionInfo body before it is sent, against the spec's schema of it (the
 * generated field table): no unknown field, the required ones present, each one's type, enum,
 * length and pattern. Throws a ValidationError naming the first field at fault and the fix. @internal
 */
export function checkBody(body: GetConnectionInfoRequest): void {
  const fail = (field: string, message: string) => {
    throw new ValidationError(field, message);
  };
  if (!body || typeof body !== "object" || Array.isArray(body)) fail("", `pass an object such as ${JSON.stringify(BODY.example)}`);
  const b = body as unknown as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (!BODY.additionalProperties && b[k] !== undefined && !(k in BODY.fields)) fail(`/${k}`, `is not a known field; remove it (the fields are ${Object.keys(BODY.fields).join(", ")})`);
  }
  for (const k in BODY.fields) {
    const f = BODY.fields[k]!;
    const v = b[k];
    if (v === undefined ? f.required : !keeps(f, v)) {
      fail(`/${k}`, v === undefined ? `is missing; it must be ${expected(f)}` : `must be ${expected(f)}, got ${got(v)}`);
    }
  }
}
