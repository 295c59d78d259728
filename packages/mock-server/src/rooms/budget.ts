// The relay's byte budget: every frame waiting for a peer (a relayed message, a pong owed to
// it, a heartbeat ping) is charged to that peer, its payload plus FRAME_OVERHEAD_BYTES for the
// bookkeeping around it, from the moment the relay takes it until it is written out. Two
// bounds, both strict: `maxPeerBufferBytes` for one peer and `maxBufferBytes` for all. The total
// is shared fairly: when a frame would pass it, the peers holding the most (each over its fair
// share: the total over the number of peers holding anything) are closed first, largest first,
// until the frame fits; the peer the frame is for pays only when it would itself hold the most.
// So a reader that keeps up is never closed for what slow peers, in its room or another, hold.

/** How the budget frees room: `close` gives back what waits in a peer's queue, `drop` all it holds. */
export interface Eviction<P> {
  close(victim: P): void;
  drop(victim: P): void;
}

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
   * Charges `cost` to `peer`. When the total has no room for it, the other peers holding more
   * than `peer` would are evicted, largest first, until it fits: first each is closed (`close`
   * gives back what waits in its queue), then, if that is not enough, the closed ones are
   * dropped (`drop` gives back what was still in their sockets). False when `peer` would pass
   * its own bound, or the total is still full: then nothing is charged, and the caller closes it.
   */
  admit(peer: P, cost: number, evict: Eviction<P>): boolean {
    const mine = peer.charged + cost;
    if (mine > this.#maxPeer) return false;
    const fits = () => this.#total + cost <= this.#maxTotal;
    if (!fits()) {
      // Only the peers further behind than this one would be pay for it.
      const victims = [...this.#holders]
        .filter((q) => q !== peer && q.charged > mine)
        .sort((a, b) => b.charged - a.charged);
      const closed: P[] = [];
      for (const victim of victims) {
        if (fits()) break;
        evict.close(victim);
        closed.push(victim);
      }
      for (const victim of closed) {
        if (fits()) break;
        if (victim.charged > 0) evict.drop(victim);
      }
      if (!fits()) return false;
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
