// The control API under /__mock/: the fault queue of the caller's scope (GET lists, POST
// queues, DELETE clears and releases the requests its faults hold) and a health check. It is
// the mock's own, not the API's: its bodies are the mock's. Off unless enabled; when on, it
// answers only a caller with the control token (or, with no token configured, a loopback
// caller), never a browser (a request with an Origin header), and never carries CORS headers.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIPv4 } from "node:net";
import { contentTypeProblem, parseJson, readBody } from "./body.js";
import type { FaultStore } from "./fault-queue.js";
import { FaultLimitError, FaultSpecError, SCOPE_HEADER, scopeOf } from "./faults.js";
import type { Exchange, Failure, Responder } from "./respond.js";
import type { RequestLog } from "./requests.js";
import type { RoomHub } from "./room.js";
import { constantTimeEqual } from "./signing.js";

export const CONTROL_PREFIX = "/__mock/";
export const CONTROL_METHODS = ["GET", "POST", "DELETE"];
const FAULTS = `${CONTROL_PREFIX}faults`;
const HEALTH = `${CONTROL_PREFIX}health`;
const REQUESTS = `${CONTROL_PREFIX}requests`;
/** A fault spec is small: its largest field (rawBody) is 64 KiB, JSON-escaped at most 6 bytes a character. */
const MAX_CONTROL_BODY = 512 * 1024;
const JSON_ONLY = ["application/json"];


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
    return { status: 403, reason: "Origin: the control API does not answer browsers; call it from a test process (without an Origin header)" };
  }
  if (access.token === undefined) {
    if (isLoopback(req.socket.remoteAddress)) return undefined;
    return { status: 403, reason: "control: without a control token (COBROWSE_MOCK_CONTROL_TOKEN) only loopback callers may use it" };
  }
  const auth = req.headers.authorization;
  const challenge = { "WWW-Authenticate": 'Bearer realm="cobrowse-mock control"' };
  if (typeof auth !== "string" || !/^Bearer /i.test(auth)) {
    return { status: 401, reason: "Authorization: send Bearer <control token> (the mock's COBROWSE_MOCK_CONTROL_TOKEN)", headers: challenge };
  }
  if (!constantTimeEqual(auth.slice(7).trim(), access.token)) {
    return { status: 401, reason: "Authorization: the control token does not match this mock's COBROWSE_MOCK_CONTROL_TOKEN", headers: challenge };
  }
  return undefined;
}

export function controlHandler(respond: Responder, store: FaultStore, rooms: RoomHub, access: ControlAccess, requests: RequestLog): (x: Exchange, path: string) => Promise<void> {
  const fail = (x: Exchange, status: number, reason: string, headers?: Record<string, string>) => respond.fail(x, { status, reason, headers });
  /** This server among replicas, as the health check names it (drawn at start). */
  const replica = randomUUID();
  const unavailable = (x: Exchange) => fail(x, 503, "faults: the shared fault store (Redis) is not reachable; retry later", { "Retry-After": "1" });
  return async (x, path) => {
    const { req } = x;
    x.noCors = true;
    if (path === HEALTH && req.headers.origin === undefined) {
      if (req.method !== "GET") return fail(x, 405, "method: use GET", { Allow: "GET" });
      return respond.send(x, 200, JSON.stringify({ ok: true, rooms: rooms.list().length, replica, relay: rooms.stats() }));
    }
    if (!access.enabled) return fail(x, 404, `path ${path.slice(0, 200)}: not found; the control API is off (start the mock with control: true or MOCK_CONTROL=on)`);
    const denied = accessProblem(req, access);
    if (denied) {
      req.resume();
      return respond.fail(x, denied);
    }
    if (path === REQUESTS) {
      // Read-only: the records newer than ?since=<seq>, and the newest seq to pass next time.
      if (req.method !== "GET") return fail(x, 405, "method: use GET", { Allow: "GET" });
      const since = new URL(req.url ?? "", "http://mock").searchParams.get("since") ?? "0";
      if (!/^\d{1,15}$/.test(since)) return fail(x, 400, "since: must be a whole number (the seq of the last record read)");
      return respond.send(x, 200, JSON.stringify({ last: requests.last(), requests: requests.list(Number(since)) }));
    }
    if (path !== FAULTS) return fail(x, 404, `path ${path.slice(0, 200)}: not found; control paths are ${FAULTS}, ${REQUESTS} and ${HEALTH}`);
    const scope = scopeOf(req.headers[SCOPE_HEADER.toLowerCase()]);
    if (scope === undefined) return fail(x, 400, `${SCOPE_HEADER}: must be 1 to 64 letters, digits or ._~- (or left out for the default scope)`);
    try {
      switch (req.method) {
        case "GET":
          return respond.send(x, 200, JSON.stringify({ scope, faults: await store.list(scope) }));
        case "DELETE":
          await store.clear(scope);
          return respond.send(x, 200, JSON.stringify({ scope, faults: [] }));
        case "POST": {
          const body = await new Promise<Buffer | "tooLarge">((resolve) => readBody(req, MAX_CONTROL_BODY, resolve));
          if (body === "tooLarge") return fail(x, 413, `body is larger than ${MAX_CONTROL_BODY} bytes; send a smaller fault`);
          const problem = contentTypeProblem(req.headers["content-type"], JSON_ONLY);
          if (problem !== undefined) return fail(x, 415, problem);
          const parsed = parseJson(body);
          if ("issue" in parsed) return respond.fail(x, { status: 400, reason: parsed.reason, details: [parsed.issue] });
          return respond.send(x, 201, JSON.stringify({ fault: await store.inject(parsed.value as never, scope) }));
        }
        default:
          return fail(x, 405, `method ${req.method}: use ${CONTROL_METHODS.join(", ")}`, { Allow: CONTROL_METHODS.join(", ") });
      }
    } catch (error) {
      if (error instanceof FaultSpecError) return fail(x, 400, error.message);
      if (error instanceof FaultLimitError) return fail(x, 429, error.message);
      if ((error as { storeUnavailable?: boolean }).storeUnavailable) return unavailable(x);
      throw error;
    }
  };
}
