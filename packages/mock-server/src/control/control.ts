// The control API under /__mock/: the fault queue and the chaos mode of the caller's scope,
// the request log, the leak scan (routes.ts), and a health check. It is
// the mock's own, not the API's: its bodies are the mock's. Off unless enabled; when on, it
// answers only a caller with the control token (or, with no token configured, a loopback
// caller), never a browser (a request with an Origin header), and never carries CORS headers.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIPv4 } from "node:net";
import { SCOPE_HEADER, scopeOf } from "../faults/model.js";
import type { Exchange, Failure, Responder } from "../http/respond.js";
import type { RequestLog } from "../log/requests.js";
import type { Stores } from "../stores/stores.js";
import type { ScanResult } from "../tokens/scan.js";
import { constantTimeEqual } from "../tokens/signing.js";
import { controlRoutes } from "./routes.js";

export const CONTROL_PREFIX = "/__mock/";
export const CONTROL_METHODS = ["GET", "POST", "DELETE"];
const HEALTH = `${CONTROL_PREFIX}health`;
/** The control paths besides the health check (endpoints in routes.ts). */
const ROUTES = ["faults", "chaos", "requests", "scan"];

/** Whether the control API is served, and to whom. */
export interface ControlAccess {
  enabled: boolean;
  /** The token a caller sends as `Authorization: Bearer <token>`; undefined: loopback callers only. */
  token: string | undefined;
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback addresses. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return address === "::1" || (isIPv4(v4) && v4.startsWith("127."));
}

/** Why `req` may not use the control API; undefined when it may. Never echoes the token. */
export function accessProblem(req: IncomingMessage, access: ControlAccess): Failure | undefined {
  if (req.headers.origin !== undefined) {
    return {
      status: 403,
      reason:
        "Origin: the control API does not answer browsers; call it from a test process (without an Origin header)",
    };
  }
  if (access.token === undefined) {
    if (isLoopback(req.socket.remoteAddress)) return undefined;
    return {
      status: 403,
      reason: "control: without a control token (COBROWSE_MOCK_CONTROL_TOKEN) only loopback callers may use it",
    };
  }
  const auth = req.headers.authorization;
  const challenge = { "WWW-Authenticate": 'Bearer realm="cobrowse-mock control"' };
  if (typeof auth !== "string" || !/^Bearer /i.test(auth)) {
    return {
      status: 401,
      reason: "Authorization: send Bearer <control token> (the mock's COBROWSE_MOCK_CONTROL_TOKEN)",
      headers: challenge,
    };
  }
  if (!constantTimeEqual(auth.slice(7).trim(), access.token)) {
    return {
      status: 401,
      reason: "Authorization: the control token does not match this mock's COBROWSE_MOCK_CONTROL_TOKEN",
      headers: challenge,
    };
  }
  return undefined;
}

export function controlHandler(
  respond: Responder,
  stores: Stores,
  access: ControlAccess,
  requests: RequestLog,
  scan: (texts: unknown) => ScanResult,
): (x: Exchange, path: string) => Promise<void> {
  const fail = (x: Exchange, status: number, reason: string, headers?: Record<string, string>) =>
    respond.fail(x, { status, reason, headers });
  /** This server among replicas, as the health check names it (drawn at start). */
  const replica = randomUUID();
  const routes = controlRoutes(respond, {
    faults: stores.shared,
    chaos: stores.chaos,
    chaosChecker: stores.chaosChecker,
    requests,
    scan,
  });
  return async (x, path) => {
    const { req } = x;
    x.noCors = true;
    if (path === HEALTH && req.headers.origin === undefined) {
      if (req.method !== "GET") return fail(x, 405, "method: use GET", { Allow: "GET" });
      return respond.send(
        x,
        200,
        JSON.stringify({ ok: true, rooms: stores.rooms.list().length, replica, relay: stores.rooms.stats() }),
      );
    }
    if (!access.enabled)
      return fail(
        x,
        404,
        `path ${path.slice(0, 200)}: not found; the control API is off (start the mock with control: true or MOCK_CONTROL=on)`,
      );
    const denied = accessProblem(req, access);
    if (denied) {
      req.resume();
      return respond.fail(x, denied);
    }
    const name = path.slice(CONTROL_PREFIX.length);
    if (!ROUTES.includes(name))
      return fail(
        x,
        404,
        `path ${path.slice(0, 200)}: not found; control paths are ${ROUTES.map((r) => CONTROL_PREFIX + r).join(", ")} and ${HEALTH}`,
      );
    // The faults and the chaos mode act on the caller's scope; the log and the scan on everything.
    const scope = name === "faults" || name === "chaos" ? scopeOf(req.headers[SCOPE_HEADER.toLowerCase()]) : "";
    if (scope === undefined)
      return fail(
        x,
        400,
        `${SCOPE_HEADER}: must be 1 to 64 letters, digits or ._~- (or left out for the default scope)`,
      );
    return routes[name as keyof typeof routes](x, scope);
  };
}
