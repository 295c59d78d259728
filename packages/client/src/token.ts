// The token cache: fetch on first need, single-flight, refresh ahead of expiry. @internal

/** A token and the times (epoch ms, this machine's clock) that govern its use. */
export interface CachedToken {
  token: string;
  /** After this, calls start a background refresh but still use the token. */
  refreshAt: number;
  /** After this, calls wait for a new token. */
  expiresAt: number;
}

export class TokenCache {
  #current: CachedToken | undefined;
  #inflight: Promise<CachedToken> | undefined;
  readonly #load: () => Promise<CachedToken>;

  constructor(load: () => Promise<CachedToken>) {
    this.#load = load;
  }

  /** The cached token if it is still usable (starting a background refresh when it is due). */
  peek(): CachedToken | undefined {
    const c = this.#current;
    const now = Date.now();
    if (c && now < c.expiresAt) {
      // A failed background refresh is retried by the next call.
      if (now >= c.refreshAt) this.refresh().catch(() => {});
      return c;
    }
  }

  /** Starts a fetch unless one is running; every caller shares it. */
  refresh(): Promise<CachedToken> {
    return (this.#inflight ??= this.#load()
      .then((t) => (this.#current = t))
      .finally(() => (this.#inflight = undefined)));
  }

  /** Drops `token` if it is still the cached one (a server refused it), or any token. */
  invalidate(token?: string): void {
    if (token === undefined || this.#current?.token === token) this.#current = undefined;
  }
}

/**
 * When to stop using a token and when to refresh it, given its lifetime.
 * `deadline` is when the token expires on this machine's clock.
 */
export function schedule(token: string, receivedAt: number, deadline: number, marginMs: number, aheadMs: number): CachedToken {
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
