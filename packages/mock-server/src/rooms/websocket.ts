// HTTP upgrades: a WebSocket to a room is admitted when its connectParam verifies for that
// room (and role, when one is asked); any other upgrade offer (`Upgrade: h2c`) is declined and
// the request served as plain HTTP/1.1. The server calls it once the answers to the requests
// before the upgrade are written (http/pipeline.ts).
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Role } from "@cec-cobrowse/types";
import type { Config } from "../config.js";
import { declineUpgrade } from "../http/pipeline.js";
import type { Responder } from "../http/respond.js";
import { normalizeTarget } from "../http/target.js";
import type { ConnectClaims } from "../operations/connection-info.js";
import type { Signer } from "../tokens/signing.js";
import type { RoomHub } from "./hub.js";

type Admission = { ok: true; roomId: string; role: Role } | { ok: false; status: number; reason: string };

/** The key a WebSocket handshake must carry: 16 bytes in base64 (RFC 6455, section 4.1). */
const KEY = /^[+/0-9A-Za-z]{22}==$/;
/** The protocol versions served (RFC 6455's 13, and 8 as the WebSocket library also takes). */
const VERSIONS = ["13", "8"];

/** Answers an upgrade request with an ErrorResponse and closes its socket. */
export function refuseSocket(
  respond: Responder,
  socket: Duplex,
  requestId: string,
  status: number,
  reason: string,
  extraHeaders?: string,
): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(respond.raw(status, reason, requestId, extraHeaders));
  socket.once("finish", () => socket.destroy());
}

export function upgradeHandler(
  config: Config,
  server: Server,
  respond: Responder,
  rooms: RoomHub,
  connectParams: Signer,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void> {
  const { spec, credentials, now, websocket } = config;
  const { path: roomPath, refusals } = websocket;
  // The operation whose answer carries connectParams, named in refusals' fixes.
  const issuer = [...spec.operations.values()].find((op) => op.room)?.operationId ?? "the connection operation";

  const admit = (roomId: string, connectParam: string | null, role: string | null): Admission => {
    const refused = (status: number, reason: string): Admission => ({ ok: false, status, reason });
    const param = websocket.connectParam;
    if (roomId === "") return refused(refusals.notFound, `path: give the room id: ${roomPath}<roomId>`);
    if (connectParam === null || connectParam === "") {
      return refused(refusals.missing, `${param}: is missing; add ?${param}=<${param} from ${issuer}>`);
    }
    const claims = connectParams.verify(connectParam) as Partial<ConnectClaims> | "malformed" | "forged";
    const malformed = refused(refusals.malformed, `${param}: is malformed; send it as ${issuer} gave it`);
    if (claims === "malformed") return malformed;
    if (claims === "forged")
      return refused(refusals.forged, `${param}: signature does not verify; get a new one from ${issuer}`);
    const { r, o, a, t, e } = claims;
    if (typeof r !== "string" || typeof e !== "number" || spec.validateSchema("Role", o).length > 0) return malformed;
    if (Math.floor(now() / 1000) >= e)
      return refused(refusals.expired, `${param}: expired; get a new one from ${issuer}`);
    if (r !== roomId)
      return refused(refusals.otherRoom, `${param}: was issued for another room; connect to its own wssUrl`);
    if (role !== null && role !== o)
      return refused(refusals.otherRole, `${websocket.role}: the ${param} was issued for the ${o}`);
    if (a !== credentials.appKey || t !== credentials.tenantSpaceId)
      return refused(refusals.otherApp, `${param}: was issued for another app or tenant space`);
    return { ok: true, roomId, role: o as Role };
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void | Promise<void> => {
    const requestId = respond.requestIdOf(req);
    const refuse = (status: number, reason: string, extra?: string) =>
      refuseSocket(respond, socket, requestId, status, reason, extra);
    // The handshake itself, before anything else: the WebSocket library would answer these in plain text.
    if (req.method !== "GET")
      return refuse(
        refusals.method,
        `method: a WebSocket upgrade is a GET, not ${String(req.method).slice(0, 20)}`,
        "Allow: GET\r\n",
      );
    const key = req.headers["sec-websocket-key"];
    if (typeof key !== "string" || !KEY.test(key)) {
      return refuse(
        refusals.handshake,
        `Sec-WebSocket-Key: is ${key === undefined ? "missing" : "malformed"}; send 16 random bytes in base64 (RFC 6455)`,
      );
    }
    const version = String(req.headers["sec-websocket-version"] ?? "").trim();
    if (!VERSIONS.includes(version)) {
      return refuse(
        refusals.handshake,
        `Sec-WebSocket-Version: ${version === "" ? "is missing" : "is not served"}; send ${VERSIONS[0]}`,
        `Sec-WebSocket-Version: ${VERSIONS.join(", ")}\r\n`,
      );
    }
    if (rooms.closing)
      return refuse(
        refusals.unavailable,
        "server: shutting down; connect again to a running server",
        "Retry-After: 1\r\n",
      );
    const target = normalizeTarget(req);
    if ("problem" in target) return refuse(refusals.handshake, target.problem);
    const pathname = target.path;
    const query = new URLSearchParams(target.query);
    if (!pathname.startsWith(roomPath))
      return refuse(refusals.notFound, `path: no WebSocket endpoint here; rooms are at ${roomPath}<roomId>`);
    // One path segment: a `/` inside a room id arrives percent-encoded (%2F), so a raw one is another path.
    const segment = pathname.slice(roomPath.length);
    if (segment.includes("/"))
      return refuse(refusals.notFound, `path: give the room id percent-encoded as one segment: ${roomPath}<roomId>`);
    let roomId: string;
    try {
      roomId = decodeURIComponent(segment);
    } catch {
      return refuse(refusals.malformed, "path: the room id is not valid percent-encoding");
    }
    const admission = admit(roomId, query.get(websocket.connectParam), query.get(websocket.role));
    if (!admission.ok) return refuse(admission.status, admission.reason);
    const join = (): void => {
      if (socket.destroyed) return;
      if (rooms.closing) {
        refuse(refusals.unavailable, "server: shutting down; connect again to a running server", "Retry-After: 1\r\n");
        return;
      }
      const full = rooms.capacityProblem(admission.roomId);
      if (full) {
        refuse(refusals[full.reason], full.text, full.reason === "capacity" ? "Retry-After: 1\r\n" : undefined);
        return;
      }
      rooms.accept(req, socket, head, admission);
    };
    const ready = rooms.prepare(admission.roomId);
    if (!ready) return join();
    return ready.then(join, () =>
      refuse(
        refusals.unavailable,
        "rooms: the shared relay (Redis) is not reachable; retry later",
        "Retry-After: 1\r\n",
      ),
    );
  };

  return (req, socket, head) =>
    String(req.headers.upgrade ?? "").toLowerCase() === "websocket"
      ? upgrade(req, socket, head)
      : declineUpgrade(server, req, socket, head);
}
