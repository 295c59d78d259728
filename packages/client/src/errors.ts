// The client's error hierarchy. Every error the client throws is a CobrowseError.
// Errors never carry the app secret or a token: they hold no Request (whose headers carry
// the token), and strings that come from a server are scrubbed of both before use.
import type { ErrorDetail, operations } from "@cec-cobrowse/types";

/** The operations of the API, as named by their operationId (the spec's, through its generated types). */
export type OperationId = keyof operations;

/** Base class of every error this client throws. */
export class CobrowseError extends Error {
  override name = "CobrowseError";
}

/** The client was configured wrongly (a missing or invalid option). Nothing was sent. */
export class ConfigurationError extends CobrowseError {
  override name = "ConfigurationError";
  /** The option (or environment variable) at fault. */
  declare readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** A request body broke the API's rules (such as a `role` outside the enum). Nothing was sent. */
export class ValidationError extends CobrowseError {
  override name = "ValidationError";
  /** The field at fault, as a JSON pointer into the body (`/role`). */
  declare readonly field: string;
  constructor(field: string, message: string) {
    super(`body ${field}: ${message}`);
    this.field = field;
  }
}

/** Fields every ApiError is built from. */
export interface ApiErrorInit {
  operation: OperationId;
  status: number;
  errorCode?: number | null | undefined;
  errorReason?: string | null | undefined;
  details?: ErrorDetail[] | undefined;
  requestId?: string | undefined;
  headers?: Headers | undefined;
  body?: unknown;
}

/**
 * The server answered, but not with success: a non-2xx status, a 200 with
 * `success: false`, or an answer the client cannot use. Subclasses name the common statuses.
 */
export class ApiError extends CobrowseError {
  override name = "ApiError";
  /** The operation that failed. */
  declare readonly operation: OperationId;
  /** The HTTP status (200 for a `success: false` answer). */
  declare readonly status: number;
  /** The API's `errorCode`, when the body has one (the status times 100 for non-2xx answers). */
  declare readonly errorCode: number | undefined;
  /** The API's `errorReason`, when the body has one. */
  declare readonly errorReason: string | undefined;
  /** Each problem the server found, when it listed them. */
  declare readonly details: ErrorDetail[] | undefined;
  /** The server's `X-Request-Id`, to quote when reporting a problem. */
  declare readonly requestId: string | undefined;
  /** The response headers. */
  declare readonly headers: Headers | undefined;
  /** The parsed response body (or its text when it is not JSON). */
  declare readonly body: unknown;
  constructor(init: ApiErrorInit, message?: string) {
    const { operation, status, details, requestId, headers, body } = init;
    const errorCode = init.errorCode ?? undefined;
    const errorReason = init.errorReason ?? undefined;
    super(
      message ??
        `${operation} failed with HTTP ${status}${errorCode != null ? ` (errorCode ${errorCode})` : ""}${errorReason ? `: ${errorReason}` : ""}${requestId ? ` [request id ${requestId}]` : ""}`,
    );
    // Only these fields: an ApiError never carries what the caller's init may hold besides.
    Object.assign(this, { operation, status, errorCode, errorReason, details, requestId, headers, body });
  }
}

/** 400: the server found the request malformed; `details` names the fields. */
export class BadRequestError extends ApiError {
  override name = "BadRequestError";
}
/** 401: wrong app key or secret, or a token the server refused even after one refresh. */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}
/** 404: the resource does not exist, such as an unknown tenant space. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}
/** 413: the body is larger than the server accepts. */
export class PayloadTooLargeError extends ApiError {
  override name = "PayloadTooLargeError";
}
/** 415: the server refused the content type. */
export class UnsupportedMediaTypeError extends ApiError {
  override name = "UnsupportedMediaTypeError";
}
/** 429: too many requests, still after the retries (see `headers.get("retry-after")`). */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
}
/** 5xx: the server failed, still after the retries. */
export class InternalServerError extends ApiError {
  override name = "InternalServerError";
}

/** An attempt took longer than `timeoutMs` (after the retries, when there were any). */
export class TimeoutError extends CobrowseError {
  override name = "TimeoutError";
  declare readonly operation: OperationId;
  declare readonly timeoutMs: number;
  constructor(operation: OperationId, timeoutMs: number) {
    super(`${operation} timed out after ${timeoutMs} ms`);
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

/** The request never got an HTTP answer (connection refused or reset, DNS, TLS). See `cause`. */
export class NetworkError extends CobrowseError {
  override name = "NetworkError";
  declare readonly operation: OperationId;
  constructor(operation: OperationId, cause: unknown) {
    super(`${operation} failed: network error${describe(cause)}`, { cause });
    this.operation = operation;
  }
}

/**
 * An answer larger than `maxResponseBytes`, as received or once decoded (gzip, deflate, br): the
 * client stopped reading it and dropped the connection. Not retried (the next answer would be as
 * large). The API's answers are under 1 kB: this means a hostile or broken server.
 */
export class ResponseTooLargeError extends CobrowseError {
  override name = "ResponseTooLargeError";
  declare readonly operation: OperationId;
  /** The limit the answer broke, in bytes (`maxResponseBytes`). */
  declare readonly maxResponseBytes: number;
  /** Whether the decoded size broke it (a compressed answer), rather than the size received. */
  declare readonly decoded: boolean;
  /** The answer's HTTP status, when its headers came. */
  declare readonly status: number | undefined;
  /** The server's `X-Request-Id`, when its headers came with one. */
  declare readonly requestId: string | undefined;
  constructor(
    init: {
      operation: OperationId;
      maxResponseBytes: number;
      decoded?: boolean | undefined;
      status?: number | undefined;
      requestId?: string | undefined;
    },
    cause?: unknown,
  ) {
    const { operation, maxResponseBytes, decoded = false, status, requestId } = init;
    super(
      `${operation} failed: the answer exceeds maxResponseBytes (${maxResponseBytes} bytes${decoded ? " once decoded" : ""})${requestId ? ` [request id ${requestId}]` : ""}`,
      cause === undefined ? undefined : { cause },
    );
    Object.assign(this, { operation, maxResponseBytes, decoded, status, requestId });
  }
}

/** The caller aborted the request through an AbortSignal. `cause` is the signal's reason. */
export class AbortError extends CobrowseError {
  override name = "AbortError";
  constructor(operation: OperationId, cause: unknown) {
    super(`${operation} was aborted`, { cause });
  }
}

function describe(cause: unknown): string {
  const c = cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = c?.code ?? c?.cause?.code;
  return typeof code === "string" ? ` (${code})` : "";
}

/** Picks the ApiError subclass for an HTTP status. @internal */
export function apiErrorClass(status: number): typeof ApiError {
  return status >= 500
    ? InternalServerError
    : ((
        {
          400: BadRequestError,
          401: AuthenticationError,
          404: NotFoundError,
          413: PayloadTooLargeError,
          415: UnsupportedMediaTypeError,
          429: RateLimitError,
        } as Record<number, typeof ApiError>
      )[status] ?? ApiError);
}
