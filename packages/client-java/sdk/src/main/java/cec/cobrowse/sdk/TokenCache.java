package cec.cobrowse.sdk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** The token cache: fetched on first need, one load shared by concurrent callers, refreshed ahead of expiry. */
final class TokenCache {
  /** A token and the wall-clock times (epoch ms) that govern its use. */
  static final class Cached {
    final String token;
    final long refreshAt; // after this, calls start a background refresh but still use the token
    final long expiresAt; // after this, calls wait for a new token

    Cached(String token, long refreshAt, long expiresAt) {
      this.token = token;
      this.refreshAt = refreshAt;
      this.expiresAt = expiresAt;
    }

    @Override
    public String toString() {
      return "Cached{expiresAt=" + expiresAt + "}";
    }
  }

  /** When to stop using a token and when to refresh it (as the TypeScript client does). */
  static Cached schedule(String token, long receivedAt, long deadline, long marginMs, long aheadMs) {
    long life = Math.max(0, deadline - receivedAt);
    long margin = Math.min(marginMs, life / 10);
    long ahead = Math.max(margin, Math.min(aheadMs, life * 3 / 10));
    return new Cached(token, deadline - ahead, deadline - margin);
  }

  /**
   * The expiry on this machine's clock: sentAt + Expires, or CreateTime + Expires when that is
   * earlier and CreateTime agrees with this clock (between one second before sending, the server
   * counting whole seconds, and the answer's arrival). createTime &lt; 0: none.
   */
  static long deadline(long createTime, long expires, long sentAt, long receivedAt) {
    long bySend = sentAt + expires * 1000;
    long created = createTime * 1000;
    return createTime >= 0 && created >= sentAt - 1000 && created <= receivedAt ? Math.min(bySend, created + expires * 1000) : bySend;
  }

  private final Supplier<Cached> load;
  private Cached current;
  private CompletableFuture<Cached> inflight;

  TokenCache(Supplier<Cached> load) {
    this.load = load;
  }

  /** A usable token: the cached one (starting a background refresh when due), or a new one. */
  Cached get() {
    CompletableFuture<Cached> wait;
    synchronized (this) {
      long now = System.currentTimeMillis();
      if (current != null && now < current.expiresAt) {
        if (now >= current.refreshAt) start(); // a failed background refresh is retried by the next call
        return current;
      }
      wait = start();
    }
    try {
      return wait.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
      throw e;
    }
  }

  /** Starts a load unless one runs, on a daemon thread; every waiter shares it. */
  private CompletableFuture<Cached> start() {
    if (inflight != null) return inflight;
    CompletableFuture<Cached> f = new CompletableFuture<>();
    inflight = f;
    Thread t = new Thread(() -> {
      try {
        Cached c = load.get();
        synchronized (this) {
          current = c;
          inflight = null;
        }
        f.complete(c);
      } catch (Throwable e) {
        synchronized (this) {
          inflight = null;
        }
        f.completeExceptionally(e);
      }
    }, "cec-cobrowse-token");
    t.setDaemon(true);
    t.start();
    return f;
  }

  /** Drops {@code token} if it is still the cached one (null: any). */
  synchronized void invalidate(String token) {
    if (current != null && (token == null || current.token.equals(token))) current = null;
  }
}
