// The relay's byte budget: every frame waiting for a peer (a relayed message, a pong owed to
// it, a heartbeat ping) is charged to that peer, its payload plus FRAME_OVERHEAD_BYTES for the
// bookkeeping around it, from the moment the relay takes it until it is written out. Two
// bounds, both strict: `maxPeerBufferBytes` for one peer and `maxBufferBytes` for all. The total
// is shared fairly: when a frame would pass it, the peers holding more than their share (the
// total over the number of peers holding anything) are closed, largest first, until it fits; the
// peer the frame is for pays only when it is itself over its share. So a reader that keeps up is
// never closed for what slow peers elsewhere hold.

/** What the budget needs of a peer. */
export interface Charged {
  /** Bytes charged to it now. */
  charged: number;
}

/** Bookkeeping charged for each frame beside its payload: the queue entry, its buffer's own allocation and the socket's write request (measured at about 300–450 bytes on Node 20; counted as 1 KiB). */
export const FRAME_OVERHEAD_BYTES = 1024;

export class RelayBudget<P extends Charged> {
  readonly #maxPeer: number;
  readonly #maxTotal: number;
  /** Peers holding a charge. */
  readonly #holders = new Set<P>();
  #total = 0;

  constructor(limits: { maxPeerBufferBytes: number; maxBufferBytes: number }) {
    this.#maxPeer = limits.maxPeerBufferBytes;
    this.#maxTotal = limits.maxBufferBytes;
  }

  /** Bytes charged to all peers together. */
  get total(): number {
    return this.#total;
  }

  /**
   * Charges `cost` to `peer`, first making room by calling `evict` on the peers over their share
   * (which must release what it can of their charge: all of it, or the part still in their
   * socket when that is within the share). False when `peer` itself is over its own bound or
   * over its share of a full total: then nothing is charged, and the caller closes it.
   */
  admit(peer: P, cost: number, evict: (victim: P, share: number) => void): boolean {
    if (peer.charged + cost > this.#maxPeer) return false;
    if (this.#total + cost > this.#maxTotal) {
      const share = Math.floor(this.#maxTotal / (this.#holders.size + (this.#holders.has(peer) ? 0 : 1)));
      if (peer.charged + cost > share) return false;
      const over = [...this.#holders].filter((q) => q !== peer && q.charged > share).sort((a, b) => b.charged - a.charged);
      for (const victim of over) {
        evict(victim, share);
        if (this.#total + cost <= this.#maxTotal) break;
      }
      // Every other peer is now within the share and this one too: the frame fits (N × share ≤ the bound).
      if (this.#total + cost > this.#maxTotal) return false;
    }
    if (peer.charged === 0) this.#holders.add(peer);
    peer.charged += cost;
    this.#total += cost;
    return true;
  }

  /** Gives back `cost` of what `peer` was charged (a frame written out, or dropped). */
  release(peer: P, cost: number): void {
    if (cost <= 0) return;
    peer.charged -= cost;
    this.#total -= cost;
    if (peer.charged <= 0) {
      this.#total -= peer.charged;
      peer.charged = 0;
      this.#holders.delete(peer);
    }
  }
}
