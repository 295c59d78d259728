// Fault injection: what a fault is, its limits, and the scopes that keep one caller's faults
// from another's. Its JSON Schema is in schema.ts (checked by checker.ts); the queues in
// queue.ts (in memory) and redis-queue.ts (shared by replicas); what a fault does in inject.ts
// and hostile.ts.

/** What an injected fault does to the requests it catches. */
export interface FaultSpec {
  /** How many requests this fault catches (default 1). */
  count?: number;
  /** Only requests of this operation (`tokenByAkSk`, `getConnectionInfo`); any operation when absent. */
  operationId?: string;
  /** Answer this HTTP status (200..599): with an ErrorResponse body, or `body` / `rawBody` when given (needed below 400). */
  status?: number;
  /** `Retry-After` sent with `status`: seconds, or a string sent as is (an HTTP date, or something malformed). 429 and 503 send 1 when absent. */
  retryAfter?: number | string;
  /** Wait this many milliseconds first (alone: then answer normally). */
  delayMs?: number;
  /** Reset the connection (TCP RST) instead of answering. */
  reset?: boolean;
  /**
   * Serve the request as usual (the operation runs: a room is created), then reset the
   * connection instead of sending the answer: the answer is lost after the server acted.
   */
  resetAfterAnswer?: boolean;
  /**
   * Answer `200` with `success: false` and this `errorCode` / `errorReason`, the failure the spec
   * allows inside a 200 of an operation whose answer has `success` (getConnectionInfo).
   */
  applicationError?: { errorCode?: number; errorReason?: string };
  /** Answer this JSON value as the body, with `status`. */
  body?: unknown;
  /** Answer this text as the body, as is, with `status` (set its Content-Type in `headers`). */
  rawBody?: string;
  /** Extra response headers sent with `status`, `redirect` or `flood` (not Content-Length, Transfer-Encoding or Connection). */
  headers?: Record<string, string>;
  /**
   * Revoke the bearer token the request carries (when the fault takes it, before any delay),
   * then serve the request: its authentication check answers 401, and the token stays refused
   * until it expires, on every replica. Only for operations with a bearer token.
   */
  revoke?: boolean;
  /** The gateway's cap on token lifetimes (tokenByAkSk only): the token lives min(asked or the default, this) seconds. */
  tokenLifetime?: number;
  /** With a `status` of 400 or more: the ErrorResponse's errorReason ends with the Authorization header as received, also sent back as `X-Echo-Authorization` (a leaky gateway). */
  echoToken?: boolean;
  /** Answer `status` (default 307) with `Location` = this request's path at the other loopback origin (127.0.0.1 ↔ localhost) or at the same one. */
  redirect?: "other-origin" | "same-origin";
  /** Answer `status` (default 200) with `bytes` filler bytes as JSON, streamed with backpressure; gzip-compressed with `gzip: true` (a gzip bomb). */
  flood?: { bytes: number; gzip?: boolean };
  /** Serve the answer (normal or the fault's) with its body written `bytesPerSecond` bytes a second, headers at once. */
  trickle?: { bytesPerSecond: number };
}

/** A fault waiting in the queue, as `list()` and the control endpoint show it. */
export interface PendingFault extends Omit<FaultSpec, "count" | "applicationError"> {
  id: number;
  /** The scope whose requests it catches (`X-Mock-Scope`); "" for requests without one. */
  scope: string;
  remaining: number;
  applicationError?: { errorCode: number; errorReason: string };
}

/** Which caller's faults: the `scope` whose requests (those sending `X-Mock-Scope: <scope>`) they catch. */
export interface ScopeOption {
  /** Default "": the requests that send no `X-Mock-Scope`. */
  scope?: string;
}

/** The fault-injection handle: `mock.faults`. */
export interface Faults {
  /**
   * Queues a fault; the next `count` matching requests of the scope take it. Throws a
   * FaultSpecError naming the field on an invalid spec, a FaultLimitError when the queue is full.
   */
  inject(spec: FaultSpec, options?: ScopeOption): PendingFault;
  /** Drops the queued faults (of one scope, or of all when none is given) and releases the requests they hold. */
  clear(options?: ScopeOption): void;
  /** The queued faults (of one scope, or of all), oldest first. */
  list(options?: ScopeOption): PendingFault[];
}

/** Why a fault spec is refused, naming the field: `count: must be an integer from 1 to 1000`. */
export class FaultSpecError extends Error {
  override name = "FaultSpecError";
}

/** A fault refused because its scope's queue, or all queues together, hold as many as allowed. */
export class FaultLimitError extends Error {
  override name = "FaultLimitError";
}

/** The bounds on faults; each has a documented default and an environment variable. */
export interface FaultLimits {
  /** Largest `count` (default 1000). */
  maxCount: number;
  /** Largest `delayMs` (default 60000). */
  maxDelayMs: number;
  /** Faults queued at once in one scope (default 100). */
  maxQueuedPerScope: number;
  /** Faults queued at once in all scopes (default 1000). */
  maxQueued: number;
}

export const DEFAULT_FAULT_LIMITS: Readonly<FaultLimits> = Object.freeze({
  maxCount: 1000,
  maxDelayMs: 60_000,
  maxQueuedPerScope: 100,
  maxQueued: 1000,
});

/** The request header naming the caller's scope. */
export const SCOPE_HEADER = "X-Mock-Scope";
const SCOPE = /^[A-Za-z0-9._~-]{1,64}$/;

/** The scope a request names in X-Mock-Scope ("" when it sends none), or undefined when the value is not a scope. */
export function scopeOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return "";
  return typeof header === "string" && SCOPE.test(header) ? header : undefined;
}

/** Checks a scope given to the library handle; throws naming it. */
export function checkScope(options: ScopeOption | undefined): string {
  const scope = options?.scope ?? "";
  if (scope !== "" && !SCOPE.test(scope))
    throw new FaultSpecError(
      `scope: must be 1 to 64 letters, digits or ._~-, got ${JSON.stringify(String(scope).slice(0, 80))}`,
    );
  return scope;
}
