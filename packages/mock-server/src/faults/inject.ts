// What a fault does to the request it caught, whether it came from a queue or from the chaos
// mode's schedule.
import type { Duplex } from "node:stream";
import type { ChaosDraw } from "../chaos/draw.js";
import { chaosHoldKey } from "../chaos/store.js";
import type { CheckedRequest } from "../checks/checks.js";
import type { Responder } from "../http/respond.js";
import { echoOf, flood, redirect, redirectLocation, trickle } from "./hostile.js";
import type { PendingFault } from "./model.js";
import type { HeldRequests } from "./queue.js";

/** What applying a fault needs besides the request. */
export interface FaultContext {
  respond: Responder;
  held: HeldRequests;
  /** Revokes the bearer token the request carries, if any; resolves once every replica was told. */
  revoke(request: CheckedRequest): void | Promise<void>;
  /** The port this server listens on (for a redirect's Location when the Host has none). */
  port(): number;
}

/** Resets the request's connection (TCP RST where the platform can). */
function reset(x: CheckedRequest): void {
  const socket = x.req.socket as Duplex & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

/** The fault a chaos draw stands for (it holds requests under the scope's chaos key, not its faults'). */
export function chaosFault(draw: ChaosDraw, scope: string, retryAfter: number): PendingFault {
  const fault: PendingFault = { id: 0, scope: chaosHoldKey(scope), remaining: 0 };
  if (draw.kind === "unavailable") Object.assign(fault, { status: 503, retryAfter });
  else if (draw.kind === "slow") fault.delayMs = draw.delayMs;
  else if (draw.kind) fault[draw.kind] = true;
  return fault;
}

/**
 * Applies a fault: revokes the request's token (when it says so), waits its delay, then resets
 * the connection or answers what the fault says. Resolves to true when the fault answered (or
 * dropped) the request, false when the request goes on to be served normally: a delay alone,
 * a revocation (its check then answers 401), a token lifetime cap, a trickle, a delay its
 * scope's clearing released (a cleared fault no longer applies), or resetAfterAnswer (served,
 * but the answer is dropped).
 */
export async function applyFault(x: CheckedRequest, fault: PendingFault, context: FaultContext): Promise<boolean> {
  const { respond, held } = context;
  if (fault.revoke) await context.revoke(x);
  if (fault.delayMs) {
    const outcome = await held.hold(fault.scope, fault.delayMs, (listener) => x.res.once("close", listener));
    if (outcome === "released") return false;
  }
  if (x.res.destroyed) return true;
  if (fault.reset) {
    reset(x);
    return true;
  }
  if (fault.tokenLifetime !== undefined) x.lifetimeCap = Math.min(x.lifetimeCap ?? Infinity, fault.tokenLifetime);
  if (fault.trickle) trickle(x, fault.trickle.bytesPerSecond);
  if (fault.resetAfterAnswer) {
    // Served as usual, but the answer never leaves: its end resets the connection instead
    // (writeHead only stores the headers; nothing reaches the socket before end).
    x.res.end = (() => {
      reset(x);
      return x.res;
    }) as typeof x.res.end;
    return false;
  }
  if (fault.redirect) {
    redirect(x, respond, fault.status ?? 307, redirectLocation(x.req, fault.redirect, context.port()), fault.headers);
    return true;
  }
  if (fault.flood) {
    flood(x, respond, fault.status ?? 200, fault.flood, fault.headers, x.record);
    return true;
  }
  if (fault.applicationError) {
    const { errorCode, errorReason } = fault.applicationError;
    respond.send(x, 200, JSON.stringify({ success: false, errorCode, errorReason }));
    return true;
  }
  const status = fault.status;
  if (status === undefined) return false;
  const retryAfter = fault.retryAfter ?? (status === 429 || status === 503 ? 1 : undefined);
  const headers: Record<string, string> = {
    ...(retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) }),
    ...fault.headers,
  };
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
    // A leaky gateway: the bearer token as received, in the reason and a header.
    const echo = fault.echoToken ? echoOf(x.req) : { suffix: "", headers: {} };
    respond.fail(x, { status, reason: reason + echo.suffix, headers: { ...headers, ...echo.headers } });
  }
  return true;
}
