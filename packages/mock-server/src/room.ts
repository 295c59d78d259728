import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";

export type Role = "recorder" | "replayer";

/** What the room hub needs to know about an admitted connection. */
export type Admission =
  | { ok: true; roomId: string; role: Role }
  | { ok: false; status: number; reason: string };

/** One room as `mock.rooms.list()` shows it. */
export interface RoomInfo {
  roomId: string;
  recorders: number;
  replayers: number;
}

/** The co-browsing rooms: `mock.rooms`. */
export interface Rooms {
  /** Rooms with at least one open connection. */
  list(): RoomInfo[];
  /** Resolves when `roomId` has at least the given numbers of open connections (polls every 10 ms). */
  waitFor(roomId: string, want: { recorders?: number; replayers?: number }, timeoutMs?: number): Promise<RoomInfo>;
}

interface Room {
  recorder: Set<WebSocket>;
  replayer: Set<WebSocket>;
}

export interface RoomHubOptions {
  maxPayloadBytes: number;
  heartbeatMs: number;
  /** A peer whose send buffer exceeds this is closed with 1013 rather than buffered without bound. */
  maxBufferedBytes: number;
}

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
    if (!room) {
      room = { recorder: new Set(), replayer: new Set() };
      this.#rooms.set(roomId, room);
    }
    const joined = room;
    joined[role].add(ws);
    this.#alive.add(ws);
    const peers = role === "recorder" ? joined.replayer : joined.recorder;
    ws.on("pong", () => this.#alive.add(ws));
    ws.on("error", () => ws.terminate());
    ws.on("message", (data: RawData, isBinary: boolean) => {
      for (const peer of peers) {
        if (peer.readyState !== WebSocket.OPEN) continue;
        if (peer.bufferedAmount > this.#options.maxBufferedBytes) {
          peer.close(1013, "peer too slow; messages dropped");
          continue;
        }
        peer.send(data, { binary: isBinary });
      }
    });
    ws.on("close", () => {
      joined[role].delete(ws);
      if (joined.recorder.size === 0 && joined.replayer.size === 0 && this.#rooms.get(roomId) === joined) {
        this.#rooms.delete(roomId);
      }
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

  list(): RoomInfo[] {
    return [...this.#rooms].map(([roomId, room]) => ({
      roomId,
      recorders: room.recorder.size,
      replayers: room.replayer.size,
    }));
  }

  async waitFor(roomId: string, want: { recorders?: number; replayers?: number }, timeoutMs = 5000): Promise<RoomInfo> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const room = this.#rooms.get(roomId);
      const info = { roomId, recorders: room?.recorder.size ?? 0, replayers: room?.replayer.size ?? 0 };
      if (info.recorders >= (want.recorders ?? 0) && info.replayers >= (want.replayers ?? 0)) return info;
      if (Date.now() > deadline) {
        throw new Error(`room ${roomId}: still ${info.recorders} recorder(s) and ${info.replayers} replayer(s) after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Closes every connection (1001 going away) and stops the heartbeat. */
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
            ws.close(1001, "server shutting down");
          }),
      ),
    );
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#rooms.clear();
  }
}
