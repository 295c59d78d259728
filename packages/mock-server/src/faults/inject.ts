// What a fault taken from the queue does to the request it caught.
import type { Duplex } from "node:stream";
import type { IncomingMessage } from "node:http";
import type { FaultQueue, FaultStore, HeldRequests } from "./queue.js";
import { SCOPE_HEADER, scopeOf, type PendingFault } from "./model.js";
import type { Exchange, Responder } from "../respond.js";

const SCOPE = SCOPE_HEADER.toLowerCase();

/**
 * The fault a request takes: from this process's queue (the library handle's), else from the
 * shared store when replicas share one (Redis; asynchronous), for the scope the request names
 * in X-Mock-Scope. A request naming a malformed scope takes none (no fault can be queued for
 * it). When the shared store cannot be reached the request is served as if no fault were
 * queued, and that is logged.
 */
export function faultFor(req: IncomingMessage, operationId: string, local: FaultQueue, shared: FaultStore, log: (line: string) => void): PendingFault | undefined | Promise<PendingFault | undefined> {
  const scope = scopeOf(req.headers[SCOPE]);
  if (scope === undefined) return undefined;
  const own = local.take(scope, operationId);
  if (own || shared === local) return own;
  return Promise.resolve(shared.take(scope, operationId)).catch((error: Error) => {
    const now = Date.now();
    if (now - lastWarning >= 1000) {
      lastWarning = now;
      log(`faults: the shared store did not answer (${error.message.slice(0, 200)}); requests are served without faults until it does`);
    }
    return undefined;
  });
}

/** When the last warning about the shared store was logged: at most one a second. */
let lastWarning = 0;

/** Resets the request's connection (TCP RST where the platform can). */
function reset(x: Exchange): void {
  const socket = x.req.socket as Duplex & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Applies a fault: waits its delay, then resets the connection or answers what the fault says.
 * Resolves to true when the fault answered (or dropped) the request, false when the request
 * goes on to be served normally: a delay alone, a delay its scope's clearing released (a
 * cleared fault no longer applies), or resetAfterAnswer (served, but the answer is dropped).
 */
export async function applyFault(x: Exchange, fault: PendingFault, respond: Responder, held: HeldRequests): Promise<boolean> {
  if (fault.delayMs) {
    const outcome = await held.hold(fault.scope, fault.delayMs, (listener) => x.res.once("close", listener));
    if (outcome === "released") return false;
  }
  if (x.res.destroyed) return true;
  if (fault.reset) {
    reset(x);
    return true;
  }
  if (fault.resetAfterAnswer) {
    // Served as usual, but the answer never leaves: its end resets the connection instead
    // (writeHead only stores the headers; nothing reaches the socket before end).
    x.res.end = (() => {
      reset(x);
      return x.res;
    }) as typeof x.res.end;
    return false;
  }
  if (fault.applicationError) {
    x.req.resume();
    const { errorCode, errorReason } = fault.applicationError;
    respond.send(x, 200, JSON.stringify({ success: false, errorCode, errorReason }));
    return true;
  }
  const status = fault.status;
  if (status === undefined) return false;
  x.req.resume();
  const retryAfter = fault.retryAfter ?? (status === 429 || status === 503 ? 1 : undefined);
  const headers: Record<string, string> = { ...(retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) }), ...fault.headers };
  if (fault.rawBody !== undefined) {
    respond.send(x, status, fault.rawBody, { "Content-Type": "text/plain; charset=utf-8", ...headers });
  } else if (fault.body !== undefined) {
    respond.send(x, status, JSON.stringify(fault.body), headers);
  } else {
    const reason =
      status === 429
        ? `too many requests (injected fault); retry after ${retryAfter ?? 1} second(s)`
        : status === 503
          ? "service unavailable (injected fault); retry later"
          : status === 500
            ? "internal error (injected fault); retry later"
            : `injected fault: HTTP ${status}`;
    respond.fail(x, { status, reason, headers });
  }
  return true;
}
