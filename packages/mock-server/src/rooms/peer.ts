// One connection as the relay sees it: the frames waiting for it in its own queue, and a small
// window of them handed to its socket. A frame leaves the queue only while less than
// SOCKET_WINDOW_BYTES are in the socket and not yet written out, so the memory a peer holds is
// what the budget charged it (budget.ts), and a peer that is closed or dropped gives all of its
// queue back at once. Relayed messages, the pongs it is owed and the heartbeat's pings share the
// queue, in order.
import type { Role } from "@cec-cobrowse/types";
import { WebSocket } from "ws";
import { FRAME_OVERHEAD_BYTES, type RelayBudget } from "./budget.js";

/** Charged bytes handed to a socket at once; the rest waits in the peer's queue. */
export const SOCKET_WINDOW_BYTES = 64 * 1024;
/** How long a connection being closed has to finish its closing handshake before it is dropped. */
export const CLOSE_GRACE_MS = 2000;

export type FrameKind = "message" | "ping" | "pong";

interface Frame {
  kind: FrameKind;
  data: Buffer;
  binary: boolean;
  cost: number;
}

/** A buffer of its own: a view into a larger one (ws hands out slices of what it read) would keep all of it alive while queued. */
export function ownBuffer(data: Buffer): Buffer {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return data;
  const copy = Buffer.allocUnsafeSlow(data.length);
  data.copy(copy);
  return copy;
}

export class Peer {
  readonly ws: WebSocket;
  readonly role: Role;
  /** Bytes charged to it by the budget: its queue and its window, each frame with its overhead. */
  charged = 0;
  /** "closing": closed by the relay (too slow, or messages lost); "gone": its socket closed or dropped. */
  state: "open" | "closing" | "gone" = "open";
  readonly #budget: RelayBudget<Peer>;
  #queue: Frame[] = [];
  #inWindow = 0;

  constructor(ws: WebSocket, role: Role, budget: RelayBudget<Peer>) {
    this.ws = ws;
    this.role = role;
    this.#budget = budget;
  }

  /** The cost the budget charges for a frame of `data`. */
  static cost(data: Buffer): number {
    return data.length + FRAME_OVERHEAD_BYTES;
  }

  /** Queues a frame already charged to this peer (`cost`), and sends what the window allows. */
  push(kind: FrameKind, data: Buffer, binary: boolean, cost: number): void {
    this.#queue.push({ kind, data, binary, cost });
    this.#flush();
  }

  #flush(): void {
    while (
      this.#inWindow < SOCKET_WINDOW_BYTES &&
      this.#queue.length > 0 &&
      this.state !== "gone" &&
      this.ws.readyState === WebSocket.OPEN
    ) {
      const frame = this.#queue.shift()!;
      this.#inWindow += frame.cost;
      const written = (): void => {
        if (this.state === "gone") return;
        this.#inWindow -= frame.cost;
        this.#budget.release(this, frame.cost);
        this.#flush();
      };
      if (frame.kind === "message") this.ws.send(frame.data, { binary: frame.binary }, written);
      else if (frame.kind === "ping") this.ws.ping(frame.data, undefined, written);
      else this.ws.pong(frame.data, undefined, written);
    }
  }

  /** Drops what waits in the queue (not yet handed to the socket) and gives its charge back. */
  dropQueue(): void {
    let freed = 0;
    for (const frame of this.#queue) freed += frame.cost;
    this.#queue = [];
    this.#budget.release(this, freed);
  }

  /** The socket is closed or dropped: everything it was charged is given back. */
  gone(): void {
    if (this.state === "gone") return;
    this.state = "gone";
    this.#queue = [];
    this.#inWindow = 0;
    this.#budget.release(this, this.charged);
  }

  /** Closes with `code` after what is in its socket (its queue dropped); dropped if the closing handshake does not finish within CLOSE_GRACE_MS. */
  close(code: number, reason: string): void {
    if (this.state !== "open") return;
    this.state = "closing";
    this.dropQueue();
    this.ws.close(code, reason);
    setTimeout(() => this.drop(), CLOSE_GRACE_MS).unref();
  }

  /** Drops the connection now, and its charge with it. */
  drop(): void {
    this.gone();
    this.ws.terminate();
  }
}
