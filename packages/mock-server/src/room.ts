// The co-browsing rooms: WebSocket connections grouped by room and role. A message from one
// side is relayed to every connection of the other sides (never to its own side); the roles
// are the spec's, whatever they are. The relay is bounded: rooms, connections and connections
// per room are capped at admission, and the bytes waiting to be sent, per peer and in total;
// a peer that falls behind is closed (the spec's `close.peerTooSlow`), not buffered without
// bound. With a shared relay (Redis), messages also cross to the room's connections on other
// replicas, and come back from them.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Role } from "@cec-cobrowse/types";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { describeError, guard } from "./guard.js";
import type { RelayLimits } from "./limits.js";
import type { RoomInfo, Rooms, SharedRelay } from "./rooms.js";

export interface RoomHubOptions {
  maxPayloadBytes: number;
  heartbeatMs: number;
  limits: RelayLimits;
  /** Close codes by reason: the spec's `x-cobrowse-rules.websocket.close`. */
  close: { peerTooSlow: number; goingAway: number };
  log: (line: string) => void;
  /** Answers a refused handshake with an ErrorResponse (the spec's `refusals.handshake` status). */
  refuse: (socket: Duplex, reason: string) => void;
}

/** What the relay knows of one connection. */
interface Peer {
  ws: WebSocket;
  /** Bytes handed to the socket and not yet written out. */
  queued: number;
  gone: boolean;
}

type Room = Map<Role, Set<Peer>>;

/** How long a connection being closed has to finish its closing handshake before it is dropped. */
const CLOSE_GRACE_MS = 2000;

/** Internal: the WebSocket side of the mock, attached to the HTTP server's `upgrade` event. */
export class RoomHub implements Rooms {
  readonly #wss: WebSocketServer;
  readonly #rooms = new Map<string, Room>();
  readonly #options: RoomHubOptions;
  readonly #alive = new WeakSet<WebSocket>();
  readonly #heartbeat: NodeJS.Timeout;
  #shared: SharedRelay | undefined;
  #connections = 0;
  #buffered = 0;
  #tooSlow = 0;
  #closing = false;

  constructor(options: RoomHubOptions) {
    this.#options = options;
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes, perMessageDeflate: false });
    // A handshake the library refuses (a malformed Sec-WebSocket-Protocol, say): an ErrorResponse
    // naming the header, not the library's plain-text answer.
    this.#wss.on("wsClientError", (error: Error, socket: Duplex) => {
      const header = /Sec-WebSocket-[A-Za-z]+/i.exec(error.message)?.[0] ?? "handshake";
      options.refuse(socket, `${header}: is malformed; send a valid WebSocket handshake (RFC 6455)`);
    });
    this.#heartbeat = setInterval(() => this.#ping(), options.heartbeatMs);
    this.#heartbeat.unref();
  }

  /** True once `close()` has begun: no connection may join any more. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Connects the rooms to the other replicas' (Redis). */
  share(relay: SharedRelay): void {
    this.#shared = relay;
  }

  /** Why one more connection of `roomId` cannot join ("roomFull", "capacity" and the reason), or undefined. */
  capacityProblem(roomId: string): { reason: "roomFull" | "capacity"; text: string } | undefined {
    const { maxConnections, maxRooms, maxConnectionsPerRoom } = this.#options.limits;
    if (this.#connections >= maxConnections) return { reason: "capacity", text: `server: holds ${maxConnections} connections, as many as it allows; retry later` };
    const room = this.#rooms.get(roomId);
    if (!room && this.#rooms.size >= maxRooms) return { reason: "capacity", text: `server: holds ${maxRooms} rooms, as many as it allows; retry later` };
    let inRoom = 0;
    for (const side of room?.values() ?? []) inRoom += side.size;
    if (inRoom >= maxConnectionsPerRoom) return { reason: "roomFull", text: `room: holds ${maxConnectionsPerRoom} connections, as many as one room may; close one first` };
    return undefined;
  }

  /** Before the handshake is answered: the shared relay listens to the room, so a client whose `open` fired hears every message after it. */
  prepare(roomId: string): Promise<void> | undefined {
    return this.#rooms.has(roomId) ? undefined : this.#shared?.join(roomId);
  }

  /** Completes the upgrade of an admitted request and joins the socket to its room. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, admission: { roomId: string; role: Role }): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#join(ws, admission.roomId, admission.role));
  }

  #join(ws: WebSocket, roomId: string, role: Role): void {
    let room = this.#rooms.get(roomId);
    if (!room) {
      this.#rooms.set(roomId, (room = new Map()));
      // Subscribed by prepare(), unless the room's last connection left in between: then again.
      this.#shared?.join(roomId).catch(() => {});
    }
    const joined = room;
    let side = joined.get(role);
    if (!side) joined.set(role, (side = new Set()));
    const peer: Peer = { ws, queued: 0, gone: false };
    side.add(peer);
    this.#connections += 1;
    this.#alive.add(ws);
    const failed = (error: unknown): void => {
      this.#options.log(describeError("the WebSocket relay", error));
      ws.terminate();
    };
    ws.on("pong", () => this.#alive.add(ws));
    // The library has already sent the close frame the error calls for (1009 for a message over
    // the limit) and discards what the sender still sends; terminating now would reset the
    // connection with data unread, and the sender would see 1006 instead. Drop it only if its
    // closing handshake does not finish in time.
    ws.on("error", () => setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref());
    ws.on("message", (data: RawData, isBinary: boolean) =>
      guard(() => {
        const buffer = data as Buffer;
        this.deliver(roomId, role, buffer, isBinary);
        this.#shared?.publish(roomId, role, buffer, isBinary);
      }, failed),
    );
    ws.on("close", () => {
      peer.gone = true;
      this.#buffered -= peer.queued;
      peer.queued = 0;
      this.#connections -= 1;
      side.delete(peer);
      if (side.size === 0) joined.delete(role);
      if (joined.size === 0 && this.#rooms.get(roomId) === joined) {
        this.#rooms.delete(roomId);
        this.#shared?.leave(roomId);
      }
    });
  }

  /** Sends a message of `fromRole` to the room's connections of the other sides on this process. */
  deliver(roomId: string, fromRole: Role, data: Buffer, isBinary: boolean): void {
    const room = this.#rooms.get(roomId);
    if (!room) return;
    for (const [peerRole, peers] of room) {
      if (peerRole === fromRole) continue;
      for (const peer of peers) this.#send(peer, data, isBinary);
    }
  }

  #send(peer: Peer, data: Buffer, isBinary: boolean): void {
    if (peer.ws.readyState !== WebSocket.OPEN) return;
    const size = data.length;
    const { maxPeerBufferBytes, maxBufferBytes } = this.#options.limits;
    // Both bounds are strict: the peer the next message would overflow them for is closed.
    if (peer.queued + size > maxPeerBufferBytes || this.#buffered + size > maxBufferBytes) return this.#closeTooSlow(peer);
    peer.queued += size;
    this.#buffered += size;
    peer.ws.send(data, { binary: isBinary }, () => {
      if (peer.gone) return;
      peer.queued -= size;
      this.#buffered -= size;
    });
  }

  /** Closes a peer that fell behind; one that cannot even take the close frame in time is dropped, and its buffers with it. */
  #closeTooSlow(peer: Peer): void {
    this.#tooSlow += 1;
    peer.ws.close(this.#options.close.peerTooSlow, "peer too slow; messages dropped");
    setTimeout(() => peer.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  #ping(): void {
    for (const ws of this.#wss.clients) {
      if (!this.#alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.#alive.delete(ws);
      ws.ping();
    }
  }

  #info(roomId: string): RoomInfo {
    const connections: Partial<Record<Role, number>> = {};
    for (const [role, peers] of this.#rooms.get(roomId) ?? []) connections[role] = peers.size;
    return { roomId, connections };
  }

  list(): RoomInfo[] {
    return [...this.#rooms.keys()].map((roomId) => this.#info(roomId));
  }

  stats(): { connections: number; rooms: number; bufferedBytes: number; peersClosedTooSlow: number } {
    return { connections: this.#connections, rooms: this.#rooms.size, bufferedBytes: this.#buffered, peersClosedTooSlow: this.#tooSlow };
  }

  async waitFor(roomId: string, want: Partial<Record<Role, number>>, timeoutMs = 5000): Promise<RoomInfo> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = this.#info(roomId);
      const wanted = Object.entries(want) as Array<[Role, number]>;
      if (wanted.every(([role, count]) => (info.connections[role] ?? 0) >= count)) return info;
      if (Date.now() > deadline) {
        throw new Error(`room ${roomId}: ${JSON.stringify(info.connections)} connected after ${timeoutMs} ms, waiting for ${JSON.stringify(want)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Closes every connection (`close.goingAway`) and stops the heartbeat. */
  async close(): Promise<void> {
    // From here on nothing joins: a connection admitted while the others close would not be in
    // the list below, and the server's close would wait for it forever.
    this.#closing = true;
    clearInterval(this.#heartbeat);
    const clients = [...this.#wss.clients];
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => ws.terminate(), 1000);
            ws.once("close", () => {
              clearTimeout(timer);
              resolve();
            });
            ws.close(this.#options.close.goingAway, "server shutting down");
          }),
      ),
    );
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#rooms.clear();
  }
}
