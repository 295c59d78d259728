// The co-browsing rooms: WebSocket connections grouped by room and role. A message from one
// side is relayed to every connection of the other sides (never to its own side); the roles
// are the spec's, whatever they are. The relay is bounded: rooms, connections and connections
// per room are capped at admission, and every frame waiting for a peer (relayed messages, the
// pongs it is owed, the heartbeat's pings) is charged to a byte budget shared fairly between
// peers (budget.ts); a peer over its bound or its share is closed (the spec's
// `close.peerTooSlow`), not buffered without bound. With a shared relay (Redis), messages also
// cross to the room's connections on other replicas; when that relay loses messages, the
// connections concerned are closed with the spec's `close.messagesLost`, never left to wonder.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Role } from "@cec-cobrowse/types";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { describeError, guard } from "../http/guard.js";
import { Dispatch } from "./dispatch.js";
import type { RelayLimits } from "./limits.js";
import { CLOSE_GRACE_MS, ownBuffer, type Peer } from "./peer.js";
import type { RelayStats, RoomInfo, Rooms, SharedRelay } from "./types.js";

export interface RoomHubOptions {
  maxPayloadBytes: number;
  heartbeatMs: number;
  limits: RelayLimits;
  /** Close codes by reason: the spec's `x-cobrowse-rules.websocket.close`. */
  close: { peerTooSlow: number; goingAway: number; messagesLost: number };
  log: (line: string) => void;
  /** Answers a refused handshake with an ErrorResponse (the spec's `refusals.handshake` status). */
  refuse: (socket: Duplex, reason: string) => void;
}

type Room = Map<Role, Set<Peer>>;

/** Internal: the WebSocket side of the mock, attached to the HTTP server's `upgrade` event. */
export class RoomHub implements Rooms {
  readonly #wss: WebSocketServer;
  readonly #rooms = new Map<string, Room>();
  readonly #peers = new Map<WebSocket, Peer>();
  readonly #options: RoomHubOptions;
  readonly #dispatch: Dispatch;
  readonly #alive = new WeakSet<WebSocket>();
  readonly #heartbeat: NodeJS.Timeout;
  #shared: SharedRelay | undefined;
  #closing = false;

  constructor(options: RoomHubOptions) {
    this.#options = options;
    this.#dispatch = new Dispatch(options.limits, options.close);
    // Pongs are the relay's to send: charged to the peer that asked for them, like any frame.
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayloadBytes,
      perMessageDeflate: false,
      autoPong: false,
    });
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
    if (this.#peers.size >= maxConnections)
      return {
        reason: "capacity",
        text: `server: holds ${maxConnections} connections, as many as it allows; retry later`,
      };
    const room = this.#rooms.get(roomId);
    if (!room && this.#rooms.size >= maxRooms)
      return { reason: "capacity", text: `server: holds ${maxRooms} rooms, as many as it allows; retry later` };
    let inRoom = 0;
    for (const side of room?.values() ?? []) inRoom += side.size;
    if (inRoom >= maxConnectionsPerRoom)
      return {
        reason: "roomFull",
        text: `room: holds ${maxConnectionsPerRoom} connections, as many as one room may; close one first`,
      };
    return undefined;
  }

  /**
   * Before the handshake is answered: the shared relay listens to the room (again, if its
   * subscription was lost), so a client whose `open` fired hears every message after it.
   */
  prepare(roomId: string): Promise<void> | undefined {
    return this.#shared?.join(roomId);
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
    const peer = this.#dispatch.peer(ws, role);
    side.add(peer);
    this.#peers.set(ws, peer);
    this.#alive.add(ws);
    const failed = (error: unknown): void => {
      this.#options.log(describeError("the WebSocket relay", error));
      peer.drop();
    };
    ws.on("pong", () => this.#alive.add(ws));
    ws.on("ping", (data: Buffer) => guard(() => this.#dispatch.send(peer, "pong", ownBuffer(data), true), failed));
    // The library has already sent the close frame the error calls for (1009 for a message over
    // the limit) and discards what the sender still sends; terminating now would reset the
    // connection with data unread, and the sender would see 1006 instead. Drop it only if its
    // closing handshake does not finish in time.
    ws.on("error", () => setTimeout(() => peer.drop(), CLOSE_GRACE_MS).unref());
    ws.on("message", (data: RawData, isBinary: boolean) =>
      guard(() => {
        const buffer = ownBuffer(data as Buffer);
        this.deliver(roomId, role, buffer, isBinary);
        // A message the other replicas never got: its sender is told, as the spec's messagesLost.
        this.#shared?.publish(roomId, role, buffer, isBinary).catch(() => this.#dispatch.closeForLoss(peer));
      }, failed),
    );
    ws.on("close", () => {
      peer.gone();
      this.#peers.delete(ws);
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
      for (const peer of peers) this.#dispatch.send(peer, "message", data, isBinary);
    }
  }

  /** Closes the room's connections (all of them, or those of the sides other than `exceptRole`) with `close.messagesLost`. */
  closeForLoss(roomId: string, exceptRole?: Role): void {
    for (const [role, peers] of this.#rooms.get(roomId) ?? [])
      if (role !== exceptRole) for (const peer of peers) this.#dispatch.closeForLoss(peer);
  }

  /** Closes every connection with `close.messagesLost` (the shared relay's subscription was lost). */
  closeAllForLoss(): void {
    for (const peer of this.#peers.values()) this.#dispatch.closeForLoss(peer);
  }

  #ping(): void {
    for (const [ws, peer] of this.#peers) {
      if (!this.#alive.has(ws)) {
        peer.drop();
        continue;
      }
      this.#alive.delete(ws);
      this.#dispatch.send(peer, "ping", Buffer.alloc(0), true);
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

  stats(): RelayStats {
    const lost = this.#shared?.losses() ?? { unpublished: 0, missed: 0, subscriptionsLost: 0 };
    return {
      connections: this.#peers.size,
      rooms: this.#rooms.size,
      bufferedBytes: this.#dispatch.budget.total,
      peersClosedTooSlow: this.#dispatch.tooSlow,
      peersClosedForLoss: this.#dispatch.closedForLoss,
      messagesUnpublished: lost.unpublished,
      messagesMissed: lost.missed,
      subscriptionsLost: lost.subscriptionsLost,
    };
  }

  async waitFor(roomId: string, want: Partial<Record<Role, number>>, timeoutMs = 5000): Promise<RoomInfo> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = this.#info(roomId);
      const wanted = Object.entries(want) as Array<[Role, number]>;
      if (wanted.every(([role, count]) => (info.connections[role] ?? 0) >= count)) return info;
      if (Date.now() > deadline) {
        throw new Error(
          `room ${roomId}: ${JSON.stringify(info.connections)} connected after ${timeoutMs} ms, waiting for ${JSON.stringify(want)}`,
        );
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
