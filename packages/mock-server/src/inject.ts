// What a fault taken from the queue does to the request it caught.
import type { Duplex } from "node:stream";
import type { PendingFault } from "./faults.js";
import type { Exchange, Responder } from "./respond.js";

const sleep = (ms: number, x: Exchange): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    x.res.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Resets the request's connection (TCP RST where the platform can). */
function reset(x: Exchange): void {
  const socket = x.req.socket as Duplex & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Applies a fault: waits its delay, then resets the connection or answers what the fault says.
 * Resolves to true when the fault answered (or dropped) the request, false when the request
 * goes on to be served normally (a delay alone, or resetAfterAnswer, which drops the answer).
 */
export async function applyFault(x: Exchange, fault: PendingFault, respond: Responder): Promise<boolean> {
  if (fault.delayMs) await sleep(fault.delayMs, x);
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
