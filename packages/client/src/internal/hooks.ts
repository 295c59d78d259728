// Hooks (the `hooks` option): called once per attempt, the token request's included (and marked),
// with what the attempt was and what came of it. A hook never sees the app secret or a token in
// clear: the headers it is shown are scrubbed (the Authorization header reads `Bearer
// [REDACTED]`), the token request's body (which holds the secret) is not shown at all, and every
// error is scrubbed already. A hook that throws (or rejects) is logged and ignored: it never
// changes the call, its retries or its result. @internal
import type { CobrowseError, OperationId } from "../errors.js";
import type { Log } from "./log.js";

/** What every hook is told of the attempt. */
export interface AttemptInfo {
  /** The operation: `getConnectionInfo`, or `tokenByAkSk` for the token request. */
  operationId: OperationId;
  /** True for the token request the client makes itself (with the app key and secret). */
  tokenRequest: boolean;
  /** The attempt's number within its call: 1 for the first, then 2, 3 … for each retry or replay. */
  attempt: number;
  /** The HTTP method (`POST`). */
  method: string;
  /** The URL the attempt goes to. */
  url: string;
}

/** What `beforeRequest` is given. */
export interface BeforeRequestContext extends AttemptInfo {
  /**
   * The attempt's headers as they will be sent, with the credentials shown as `[REDACTED]`. Set
   * (or append) a header here to send it; a change to the credential headers or to the attempt
   * header is ignored (and logged).
   */
  headers: Headers;
}

/** What `afterResponse` is given: the attempt got an HTTP answer (whatever its status). */
export interface AfterResponseContext extends AttemptInfo {
  status: number;
  /** The answer's request id (the spec's request id header), when it carried one. */
  requestId: string | undefined;
  /** From the start of the attempt to its end (the answer read), in milliseconds. */
  durationMs: number;
  /** The answer's headers, scrubbed. */
  headers: Headers;
}

/** What `onError` is given: the attempt failed (an error status, an answer the client cannot use, a timeout, a network error). */
export interface ErrorContext extends AttemptInfo {
  /** The attempt's error, as the call would throw it (scrubbed). */
  error: CobrowseError;
  /** The answer's status, when an answer came. */
  status: number | undefined;
  requestId: string | undefined;
  durationMs: number;
}

/**
 * Functions called once per attempt. `beforeRequest` may add headers and may be async (it is
 * awaited, within the attempt's timeout); `afterResponse` and `onError` are called as the
 * attempt ends and not awaited. A hook that throws or rejects is logged (warn) and ignored.
 */
export interface Hooks {
  /** Before each attempt is sent: may add headers. */
  beforeRequest?: ((context: BeforeRequestContext) => void | Promise<void>) | undefined;
  /** After each attempt that got an HTTP answer, whatever its status. */
  afterResponse?: ((context: AfterResponseContext) => void) | undefined;
  /** After each attempt that failed (a failed attempt that got an answer gets `afterResponse` first). */
  onError?: ((context: ErrorContext) => void) | undefined;
}

const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Logs a hook's failure (warn): the hook is ignored, the call goes on. */
function hookFailed(log: Log, info: AttemptInfo, hook: keyof Hooks, e: unknown): void {
  log.warn?.(`${info.operationId}: attempt ${info.attempt}: the ${hook} hook threw (${describe(e)}); ignored`);
}

/** Calls a hook that is not awaited; a throw or a rejection is logged. */
export function notify<C extends AttemptInfo>(
  hook: ((c: C) => unknown) | undefined,
  name: keyof Hooks,
  context: C,
  log: Log,
): void {
  if (!hook) return;
  try {
    const r = hook(context) as PromiseLike<unknown> | undefined;
    if (r && typeof r.then === "function") r.then(undefined, (e) => hookFailed(log, context, name, e));
  } catch (e) {
    hookFailed(log, context, name, e);
  }
}

/** A promise that rejects when `signal` aborts (the attempt's timeout, or the caller's signal). */
const aborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });

/**
 * Runs `beforeRequest` on a scrubbed copy of the request's headers, then copies what it added or
 * changed onto the request, except the `fixed` headers (credentials, the attempt header). A hook
 * that throws changes nothing. `signal` ends the wait for an async hook (the attempt's timeout).
 */
export async function beforeRequest(
  hook: NonNullable<Hooks["beforeRequest"]>,
  info: AttemptInfo,
  request: Request,
  shown: Headers,
  fixed: ReadonlySet<string>,
  signal: AbortSignal,
  log: Log,
): Promise<void> {
  const before = new Map<string, string>();
  shown.forEach((v, k) => {
    before.set(k, v);
  });
  try {
    const r = hook({ ...info, headers: shown }) as PromiseLike<void> | undefined;
    if (r && typeof r.then === "function") await Promise.race([r, aborted(signal)]);
  } catch (e) {
    if (signal.aborted) throw e;
    hookFailed(log, info, "beforeRequest", e);
    return;
  }
  shown.forEach((v, k) => {
    if (before.get(k) === v) return;
    if (fixed.has(k))
      log.warn?.(
        `${info.operationId}: attempt ${info.attempt}: the beforeRequest hook changed ${k}, which the client sets; ignored`,
      );
    else request.headers.set(k, v);
  });
}
