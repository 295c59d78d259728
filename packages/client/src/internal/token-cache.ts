// The token cache: fetch on first need, single-flight, refresh ahead of expiry, compare-and-drop. @internal

/** A token and the times (epoch ms, this machine's clock) that govern its use. */
export interface CachedToken {
  token: string;
  /** After this, calls start a background refresh but still use the token. */
  refreshAt: number;
  /** After this, calls wait for a new token. */
  expiresAt: number;
}

/**
 * The token cache (packages/scenarios/README.md, Tokens): `current()`, `acquire()` and the
 * compare-and-drop `drop(token)`. Each is atomic: JavaScript runs one of them at a time, and none
 * awaits between reading and writing the cached token.
 */
export class TokenCache {
  #current: CachedToken | undefined;
  #inflight: Promise<CachedToken> | undefined;
  readonly #load: () => Promise<CachedToken>;

  constructor(load: () => Promise<CachedToken>) {
    this.#load = load;
  }

  /**
   * The cached token while it is usable (before its `expiresAt`); in the refresh window it also
   * starts one background refresh. Ask it at the moment of sending: an expired token is never sent.
   */
  current(): CachedToken | undefined {
    const c = this.#current;
    const now = Date.now();
    if (c && now < c.expiresAt) {
      // A failed background refresh is retried by the next call.
      if (now >= c.refreshAt) this.#refresh().catch(() => {});
      return c;
    }
  }

  /**
   * `current()`, else the single-flight load: one token request however many callers wait; a
   * failed load reaches every waiter and is not cached.
   */
  acquire(): Promise<CachedToken> {
    const c = this.current();
    return c ? Promise.resolve(c) : this.#refresh();
  }

  /**
   * Compare-and-drop: drops the cached token only when it is exactly `token` (a server refused
   * it); true when it did. Of many callers refused with one token, exactly one gets true.
   */
  drop(token: string): boolean {
    if (this.#current?.token !== token) return false;
    this.#current = undefined;
    return true;
  }

  /** Forgets the cached token, whichever it is (`invalidateToken()`, `getToken({ forceRefresh })`). */
  clear(): void {
    this.#current = undefined;
  }

  #refresh(): Promise<CachedToken> {
    return (this.#inflight ??= this.#load()
      .then((t) => (this.#current = t))
      .finally(() => (this.#inflight = undefined)));
  }
}

/**
 * When to stop using a token and when to refresh it, given its lifetime.
 * `deadline` is when the token expires on this machine's clock.
 */
export function schedule(
  token: string,
  receivedAt: number,
  deadline: number,
  marginMs: number,
  aheadMs: number,
): CachedToken {
  const life = Math.max(0, deadline - receivedAt);
  const margin = Math.min(marginMs, life / 10);
  const ahead = Math.max(margin, Math.min(aheadMs, life * 0.3));
  return { token, expiresAt: deadline - margin, refreshAt: deadline - ahead };
}

/**
 * The expiry of a tokenByAkSk token on this machine's clock.
 *
 * The lifetime counts from the moment the request was sent (`sentAt + Expires`), which is
 * safe whatever the server's clock says. When `CreateTime` agrees with this machine's clock
 * (it falls between one second before the request was sent and the moment the answer came:
 * the server truncates to whole seconds) `CreateTime + Expires` is used when it is earlier,
 * so a token the server dates a little back is not kept too long. A `CreateTime` outside that
 * window means the clocks differ (or the token is not new): it is then ignored, and a 401 on
 * use still triggers one refresh.
 */
export function tokenDeadline(createTime: number, expires: number, sentAt: number, receivedAt: number): number {
  const bySend = sentAt + expires * 1000;
  const created = createTime * 1000;
  return created >= sentAt - 1000 && created <= receivedAt ? Math.min(bySend, created + expires * 1000) : bySend;
}
