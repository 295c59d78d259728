// What an answer that is not a usable success becomes: an ApiError of the right class, every
// server string in it scrubbed (redact.ts). @internal
import { ApiError, apiErrorClass, type OperationId } from "../errors.js";
import { responseHeaders } from "../generated/spec.js";
import type { Scrubber } from "./redact.js";

/**
 * Thrown by a call's `accept` for a 2xx answer it cannot use; the send loop makes it an ApiError
 * whose errorReason is the message (or, without one, the body's errorReason: `success: false`).
 */
export class Unusable extends Error {}

/** An ApiError of the class of the status (plain ApiError when `problem` names what makes a 2xx unusable). */
export function apiError(
  op: OperationId,
  response: Response,
  body: unknown,
  scrub: Scrubber,
  problem?: string,
): ApiError {
  const clean = scrub.deep(body);
  const headers = scrub.headers(response.headers);
  const b = (clean && typeof clean === "object" ? clean : {}) as {
    errorCode?: unknown;
    errorReason?: unknown;
    details?: unknown;
  };
  const status = response.status;
  return new (problem || status < 300 ? ApiError : apiErrorClass(status))({
    operation: op,
    status,
    errorCode: typeof b.errorCode === "number" ? b.errorCode : undefined,
    errorReason: problem ?? (typeof b.errorReason === "string" ? b.errorReason : undefined),
    details: Array.isArray(b.details) ? (b.details as ApiError["details"]) : undefined,
    requestId: headers.get(responseHeaders.requestId) ?? undefined,
    headers,
    body: clean,
  });
}

/** Whether an answer is a redirect: a 3xx, or (a browser's fetch with `redirect: "manual"`) an opaque one, status 0. */
export const isRedirect = (response: Response): boolean =>
  response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400);

/**
 * A redirect, never followed: credentials (the secret, the token, the app key) never go to
 * another URL. The error names the Location (scrubbed); a browser hides it.
 */
export function redirectError(op: OperationId, response: Response, scrub: Scrubber): ApiError {
  const location = response.headers.get("location");
  const to = location ? `to ${scrub.text(location)}` : "(its Location hidden by the browser)";
  return apiError(
    op,
    response,
    undefined,
    scrub,
    `the server answered a redirect ${to}, which the client does not follow: set baseUrl to the gateway's final URL`,
  );
}

/** The fields a usable answer's `data` must carry: every one of `all`, and at least one of `oneOf`, as non-empty strings. */
export interface Usable {
  readonly all: readonly string[];
  readonly oneOf: readonly string[];
}

/** What makes `data` unusable, or undefined when it is usable. */
export function unusable(data: unknown, rule: Usable): string | undefined {
  if (!data || typeof data !== "object") return "success: true but no data";
  const d = data as Record<string, unknown>;
  const has = (f: string) => typeof d[f] === "string" && d[f] !== "";
  const missing = rule.all.find((f) => !has(f));
  if (missing) return `success: true but data.${missing} is missing or empty: nothing to connect with`;
  if (!rule.oneOf.some(has))
    return `success: true but data has none of ${rule.oneOf.join(", ")}: nothing to connect with`;
  return undefined;
}
