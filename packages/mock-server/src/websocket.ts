// HTTP upgrades: a WebSocket to a room is admitted when its connectParam verifies for that
// room (and role, when one is asked); any other upgrade offer (`Upgrade: h2c`) is declined and
// the request served as plain HTTP/1.1.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Role } from "@cec-cobrowse/types";
import type { Config } from "./config.js";
import type { ConnectClaims } from "./operations/connection-info.js";
import type { Responder } from "./respond.js";
import type { RoomHub } from "./room.js";
import type { Signer } from "./signing.js";

type Admission = { ok: true; roomId: string; role: Role } | { ok: false; status: number; reason: string };

/** The key a WebSocket handshake must carry: 16 bytes in base64 (RFC 6455, section 4.1). */
const KEY = /^[+/0-9A-Za-z]{22}==$/;
/** The protocol versions served (RFC 6455's 13, and 8 as the WebSocket library also takes). */
const VERSIONS = ["13", "8"];

/**
 * Serves a request that offered a non-WebSocket upgrade as plain HTTP/1.1: RFC 9110 lets a
 * server ignore the offer. Node has stopped parsing the connection at the offer; when an answer
 * to an earlier pipelined request is still being written, the request waits for it, or a
 * second parser on the socket would queue its answer where the first never looks.
 */
function declineUpgrade(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const pending = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (pending && !pending.writableFinished) {
    const resume = () => {
      pending.off("finish", resume).off("close", resume);
      if (!socket.destroyed) declineUpgrade(server, req, socket, head);
    };
    pending.once("finish", resume).once("close", resume);
    return;
  }
  const lines = [`${req.method ?? "GET"} ${req.url ?? "/"} HTTP/1.1`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (/^(upgrade|connection|http2-settings)$/i.test(name)) continue;
    lines.push(`${name}: ${req.rawHeaders[i + 1]!}`);
  }
  // The request rebuilt minus its upgrade headers, handed back to the HTTP parser.
  socket.unshift(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), head]));
  server.emit("connection", socket);
}

/** Answers an upgrade request with an ErrorResponse and closes its socket. */
export function refuseSocket(respond: Responder, socket: Duplex, requestId: string, status: number, reason: string, extraHeaders?: string): void {
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
    if (claims === "forged") return refused(refusals.forged, `${param}: signature does not verify; get a new one from ${issuer}`);
    const { r, o, a, t, e } = claims;
    if (typeof r !== "string" || typeof e !== "number" || spec.validateSchema("Role", o).length > 0) return malformed;
    if (Math.floor(now() / 1000) >= e) return refused(refusals.expired, `${param}: expired; get a new one from ${issuer}`);
    if (r !== roomId) return refused(refusals.otherRoom, `${param}: was issued for another room; connect to its own wssUrl`);
    if (role !== null && role !== o) return refused(refusals.otherRole, `${websocket.role}: the ${param} was issued for the ${o}`);
    if (a !== credentials.appKey || t !== credentials.tenantSpaceId) return refused(refusals.otherApp, `${param}: was issued for another app or tenant space`);
    return { ok: true, roomId, role: o as Role };
  };

  return (req, socket, head) => {
    if (String(req.headers.upgrade ?? "").toLowerCase() !== "websocket") {
      return declineUpgrade(server, req, socket, head);
    }
    socket.on("error", () => socket.destroy());
    const requestId = respond.requestIdOf(req);
    const refuse = (status: number, reason: string, extra?: string) => refuseSocket(respond, socket, requestId, status, reason, extra);
    // The handshake itself, before anything else: the WebSocket library would answer these in plain text.
    if (req.method !== "GET") return refuse(refusals.method, `method: a WebSocket upgrade is a GET, not ${String(req.method).slice(0, 20)}`, "Allow: GET\r\n");
    const key = req.headers["sec-websocket-key"];
    if (typeof key !== "string" || !KEY.test(key)) {
      return refuse(refusals.handshake, `Sec-WebSocket-Key: is ${key === undefined ? "missing" : "malformed"}; send 16 random bytes in base64 (RFC 6455)`);
    }
    const version = String(req.headers["sec-websocket-version"] ?? "").trim();
    if (!VERSIONS.includes(version)) {
      return refuse(refusals.handshake, `Sec-WebSocket-Version: ${version === "" ? "is missing" : "is not served"}; send ${VERSIONS[0]}`, `Sec-WebSocket-Version: ${VERSIONS.join(", ")}\r\n`);
    }
    if (rooms.closing) return refuse(refusals.unavailable, "server: shutting down; connect again to a running server", "Retry-After: 1\r\n");
    const url = new URL(req.url ?? "/", "http://mock.invalid");
    if (!url.pathname.startsWith(roomPath)) return refuse(refusals.notFound, `path: no WebSocket endpoint here; rooms are at ${roomPath}<roomId>`);
    // One path segment: a `/` inside a room id arrives percent-encoded (%2F), so a raw one is another path.
    const segment = url.pathname.slice(roomPath.length);
    if (segment.includes("/")) return refuse(refusals.notFound, `path: give the room id percent-encoded as one segment: ${roomPath}<roomId>`);
    let roomId: string;
    try {
      roomId = decodeURIComponent(segment);
    } catch {
      return refuse(refusals.malformed, "path: the room id is not valid percent-encoding");
    }
    const admission = admit(roomId, url.searchParams.get(websocket.connectParam), url.searchParams.get(websocket.role));
    if (!admission.ok) return refuse(admission.status, admission.reason);
    const join = (): void => {
      if (socket.destroyed) return;
      if (rooms.closing) return refuse(refusals.unavailable, "server: shutting down; connect again to a running server", "Retry-After: 1\r\n");
      const full = rooms.capacityProblem(admission.roomId);
      if (full) return refuse(refusals[full.reason], full.text, full.reason === "capacity" ? "Retry-After: 1\r\n" : undefined);
      rooms.accept(req, socket, head, admission);
    };
    const ready = rooms.prepare(admission.roomId);
    if (!ready) return join();
    return ready.then(join, () => refuse(refusals.unavailable, "rooms: the shared relay (Redis) is not reachable; retry later", "Retry-After: 1\r\n"));
  };
}
