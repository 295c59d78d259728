package cec.cobrowse.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The token cache (packages/scenarios/README.md, Tokens): {@link #current()}, {@link #acquire()},
 * {@link #drop(String)} and the remembered tokens, each safe under concurrency. One load at a time,
 * shared by every waiter (a CompletableFuture); a failed load reaches every waiter and is not
 * cached.
 */
final class TokenCache {
  /** A token and the wall-clock times (epoch ms) that govern its use. */
  static final class Cached {
    final String token;
    final long refreshAt; // after this, calls start a background refresh but still use the token
    final long expiresAt; // from this on, the token is never sent: calls wait for a new one

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
  static Cached schedule(
      String token, long receivedAt, long deadline, long marginMs, long aheadMs) {
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
    return createTime >= 0 && created >= sentAt - 1000 && created <= receivedAt
        ? Math.min(bySend, created + expires * 1000)
        : bySend;
  }

  private final Supplier<Cached> load;
  private final UnaryOperator<Runnable> propagate;
  private final Log log;
  private final String[] ring = new String[Defaults.REMEMBERED_TOKENS];
  private int ringNext;
  private Cached cached;
  private CompletableFuture<Cached> inflight;

  TokenCache(Supplier<Cached> load) {
    this(load, UnaryOperator.identity(), Log.ALL);
  }

  /**
   * @param propagate wraps the load for its thread, so that it runs in the trace context of the
   *     call that started it (its span is that call's child)
   */
  TokenCache(Supplier<Cached> load, UnaryOperator<Runnable> propagate, Log log) {
    this.load = load;
    this.propagate = propagate;
    this.log = log;
  }

  /**
   * The cached token while it is usable (before its expiresAt), else null; in the refresh window it
   * also starts one background refresh (a failed one is retried by the next call).
   */
  synchronized Cached current() {
    long now = System.currentTimeMillis();
    if (cached == null || now >= cached.expiresAt) return null;
    if (now >= cached.refreshAt) start();
    return cached;
  }

  /**
   * {@link #current()}, else the single-flight load's token (one token request however many wait).
   * The loaded token is handed out even when this machine's cautious clock already counts it as
   * past its usable time (an answer slower than a short lifetime): it is the newest there is, and
   * the server decides; a 401 then drops it (packages/scenarios/README.md, Tokens).
   */
  Cached acquire() {
    CompletableFuture<Cached> wait;
    synchronized (this) {
      Cached c = current();
      if (c != null) return c;
      wait = start();
    }
    return await(wait);
  }

  private static Cached await(CompletableFuture<Cached> wait) {
    try {
      return wait.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CobrowseException("interrupted while waiting for a token", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
      if (e.getCause() instanceof Error) throw (Error) e.getCause();
      throw new CobrowseException("the token request failed", e.getCause());
    }
  }

  /**
   * Compare-and-drop: drops the cached token only when it is exactly {@code token}; true when it
   * did. Of many callers refused with one token, exactly one gets true.
   */
  synchronized boolean drop(String token) {
    if (cached == null || token == null || !cached.token.equals(token)) return false;
    cached = null;
    return true;
  }

  /** Drops whatever token is cached (the next call gets a new one). */
  synchronized void clear() {
    cached = null;
  }

  /**
   * Remembers a token received, for redaction: the last {@link Defaults#REMEMBERED_TOKENS} (a
   * ring).
   */
  synchronized void remember(String token) {
    if (token == null || token.isEmpty()) return;
    ring[ringNext] = token;
    ringNext = (ringNext + 1) % ring.length;
  }

  /** The remembered tokens, newest first. */
  synchronized List<String> remembered() {
    List<String> out = new ArrayList<>(ring.length);
    for (int i = 1; i <= ring.length; i++) {
      String t = ring[Math.floorMod(ringNext - i, ring.length)];
      if (t != null) out.add(t);
    }
    return out;
  }

  /**
   * Starts a load unless one runs, on a daemon thread (a caller's interruption never cancels the
   * others' load).
   */
  private synchronized CompletableFuture<Cached> start() {
    if (inflight != null) return inflight;
    CompletableFuture<Cached> f = new CompletableFuture<>();
    inflight = f;
    Thread t =
        new Thread(
            propagate.apply(
                () -> {
                  try {
                    Cached c = load.get();
                    synchronized (this) {
                      cached = c;
                      inflight = null;
                    }
                    f.complete(c);
                  } catch (Throwable e) {
                    synchronized (this) {
                      inflight = null;
                    }
                    // The waiters get the failure; a background refresh has none, so it is logged
                    // (its message is scrubbed).
                    log.debug(() -> "token request failed: " + e);
                    f.completeExceptionally(e);
                  }
                }),
            "cec-cobrowse-token");
    t.setDaemon(true);
    t.start();
    return f;
  }
}
