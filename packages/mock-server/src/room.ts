// The co-browsing rooms: WebSocket connections grouped by room and role. A message from one
// side is relayed to every connection of the other sides (never to its own side); the roles
// are the spec's, whatever they are.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Role } from "@cec-cobrowse/types";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { describeError, guard } from "./guard.js";

export type { Role };

/** One room as `mock.rooms.list()` shows it: its open connections by role. */
export interface RoomInfo {
  roomId: string;
  connections: Partial<Record<Role, number>>;
}

/** The co-browsing rooms: `mock.rooms`. */
export interface Rooms {
  /** Rooms with at least one open connection. */
  list(): RoomInfo[];
  /** Resolves when `roomId` has at least the given numbers of open connections by role (polls every 10 ms). */
  waitFor(roomId: string, want: Partial<Record<Role, number>>, timeoutMs?: number): Promise<RoomInfo>;
}

export interface RoomHubOptions {
  maxPayloadBytes: number;
  heartbeatMs: number;
  /** A peer whose send buffer exceeds this is closed (`close.peerTooSlow`) rather than buffered without bound. */
  maxBufferedBytes: number;
  /** Close codes by reason: the spec's `x-cobrowse-rules.websocket.close`. */
  close: { peerTooSlow: number; goingAway: number };
  log: (line: string) => void;
  /** Answers a refused handshake with an ErrorResponse (the spec's `refusals.handshake` status). */
  refuse: (socket: Duplex, reason: string) => void;
}

type Room = Map<Role, Set<WebSocket>>;

/** How long a connection being closed has to finish its closing handshake before it is dropped. */
const CLOSE_GRACE_MS = 2000;

/** Internal: the WebSocket side of the mock, attached to the HTTP server's `upgrade` event. */
export class RoomHub implements Rooms {
  readonly #wss: WebSocketServer;
  readonly #rooms = new Map<string, Room>();
  readonly #options: RoomHubOptions;
  readonly #alive = new WeakSet<WebSocket>();
  readonly #heartbeat: NodeJS.Timeout;
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

  /** Completes the upgrade of an admitted request and joins the socket to its room. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, admission: { roomId: string; role: Role }): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#join(ws, admission.roomId, admission.role));
  }

  #join(ws: WebSocket, roomId: string, role: Role): void {
    let room = this.#rooms.get(roomId);
    if (!room) this.#rooms.set(roomId, (room = new Map()));
    const joined = room;
    let side = joined.get(role);
    if (!side) joined.set(role, (side = new Set()));
    side.add(ws);
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
        for (const [peerRole, peers] of joined) {
          if (peerRole === role) continue;
          for (const peer of peers) {
            if (peer.readyState !== WebSocket.OPEN) continue;
            if (peer.bufferedAmount > this.#options.maxBufferedBytes) {
              peer.close(this.#options.close.peerTooSlow, "peer too slow; messages dropped");
              continue;
            }
            peer.send(data, { binary: isBinary });
          }
        }
      }, failed),
    );
    ws.on("close", () => {
      side.delete(ws);
      if (side.size === 0) joined.delete(role);
      if (joined.size === 0 && this.#rooms.get(roomId) === joined) this.#rooms.delete(roomId);
    });
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
    for (const [role, sockets] of this.#rooms.get(roomId) ?? []) connections[role] = sockets.size;
    return { roomId, connections };
  }

  list(): RoomInfo[] {
    return [...this.#rooms.keys()].map((roomId) => this.#info(roomId));
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
