// Frames to peers within the relay's byte budget, and peers closed for a reason the spec names:
// `close.peerTooSlow` for one over its bound, or holding the most when the total is full (the
// others holding more are closed first), `close.messagesLost` for one that sent or should have
// received a message the shared relay lost. Each closing is counted.
import type { Role } from "@cec-cobrowse/types";
import { WebSocket } from "ws";
import { RelayBudget } from "./budget.js";
import type { RelayLimits } from "./limits.js";
import { type FrameKind, Peer } from "./peer.js";

export class Dispatch {
  readonly budget: RelayBudget<Peer>;
  readonly #close: { peerTooSlow: number; messagesLost: number };
  tooSlow = 0;
  closedForLoss = 0;

  constructor(limits: RelayLimits, close: { peerTooSlow: number; messagesLost: number }) {
    this.budget = new RelayBudget(limits);
    this.#close = close;
  }

  /** A new peer of `role` on `ws`, charged to this budget. */
  peer(ws: WebSocket, role: Role): Peer {
    return new Peer(ws, role, this.budget);
  }

  /** Charges a frame to `peer` and queues it; a peer over its bound or its share of the total is closed instead. */
  send(peer: Peer, kind: FrameKind, data: Buffer, isBinary: boolean): void {
    if (peer.state !== "open" || peer.ws.readyState !== WebSocket.OPEN) return;
    const cost = Peer.cost(data);
    // What is still in a victim's socket, when the room is needed: dropped now, not after the grace.
    const fits = this.budget.admit(peer, cost, {
      close: (victim) => this.closeTooSlow(victim),
      drop: (victim) => victim.drop(),
    });
    if (!fits) {
      this.closeTooSlow(peer);
      return;
    }
    peer.push(kind, data, isBinary, cost);
  }

  closeTooSlow(peer: Peer): void {
    if (peer.state !== "open") return;
    this.tooSlow += 1;
    peer.close(this.#close.peerTooSlow, "peer too slow; messages dropped");
  }

  closeForLoss(peer: Peer): void {
    if (peer.state !== "open") return;
    this.closedForLoss += 1;
    peer.close(this.#close.messagesLost, "messages of this room were lost; reconnect");
  }
}
