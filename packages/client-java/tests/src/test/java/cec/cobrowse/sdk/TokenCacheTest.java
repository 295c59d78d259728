package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The token cache's operations (packages/scenarios/README.md, Tokens), without a server. */
class TokenCacheTest {
  /** A loader handing out t1, t2, … usable for {@code lifeMs}, counting its calls. */
  private static final class Loader {
    final AtomicInteger calls = new AtomicInteger();
    final long lifeMs;
    final long sleepMs;

    Loader(long lifeMs, long sleepMs) {
      this.lifeMs = lifeMs;
      this.sleepMs = sleepMs;
    }

    TokenCache.Cached load() {
      int n = calls.incrementAndGet();
      try {
        Thread.sleep(sleepMs);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      long now = System.currentTimeMillis();
      return new TokenCache.Cached("token-" + n, now + lifeMs, now + lifeMs);
    }
  }

  private static <T> List<T> atOnce(int n, java.util.concurrent.Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return task.call();
                }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) out.add(f.get());
      return out;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void compareAndDropUnderConcurrencyGivesExactlyOneTrue() throws Exception {
    for (int round = 0; round < 20; round++) {
      Loader loader = new Loader(60_000, 0);
      TokenCache cache = new TokenCache(loader::load);
      String token = cache.acquire().token;
      List<Boolean> dropped = atOnce(32, () -> cache.drop(token));
      assertEquals(
          1, dropped.stream().filter(b -> b).count(), "exactly one of 32 callers drops the token");
      assertNull(cache.current());
    }
  }

  @Test
  void dropComparesTheToken() {
    Loader loader = new Loader(60_000, 0);
    TokenCache cache = new TokenCache(loader::load);
    String first = cache.acquire().token;
    assertFalse(cache.drop("another-token"), "a token that is not the cached one is not dropped");
    assertFalse(cache.drop(null));
    assertTrue(cache.drop(first));
    String second = cache.acquire().token;
    assertFalse(cache.drop(first), "a superseded token drops nothing");
    assertSame(second, cache.current().token);
  }

  @Test
  void manyCallersRefusedAtOnceCauseOneTokenRequest() throws Exception {
    Loader loader = new Loader(60_000, 50);
    TokenCache cache = new TokenCache(loader::load);
    String refused = cache.acquire().token;
    List<String> next =
        atOnce(
            50,
            () -> {
              cache.drop(refused);
              return cache.acquire().token;
            });
    assertEquals(2, loader.calls.get(), "the first token and one refresh for the whole herd");
    assertEquals(1, next.stream().distinct().count());
    assertFalse(next.contains(refused));
  }

  @Test
  void aFailedLoadReachesEveryWaiterAndIsNotCached() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            () -> {
              if (calls.incrementAndGet() == 1) {
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                throw new NetworkException("tokenByAkSk", new java.io.IOException("refused"));
              }
              return new TokenCache.Cached("token-ok", Long.MAX_VALUE, Long.MAX_VALUE);
            });
    List<String> outcomes =
        atOnce(
            10,
            () -> {
              try {
                return cache.acquire().token;
              } catch (NetworkException e) {
                return "failed";
              }
            });
    assertEquals(List.of("failed"), outcomes.stream().distinct().toList());
    assertEquals("token-ok", cache.acquire().token);
    assertEquals(2, calls.get());
  }

  @Test
  void anExpiredTokenIsNeverHandedOut() throws Exception {
    Loader loader = new Loader(100, 0);
    TokenCache cache = new TokenCache(loader::load);
    String first = cache.acquire().token;
    Thread.sleep(150);
    assertNull(cache.current(), "current() has no expired token");
    assertFalse(first.equals(cache.acquire().token));
  }

  @Test
  void aTokenThatArrivesPastItsUsableTimeIsHandedOutOnceNotLoadedAgain() {
    AtomicInteger calls = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            () -> {
              calls.incrementAndGet();
              long past = System.currentTimeMillis() - 1;
              return new TokenCache.Cached("late-" + calls.get(), past, past);
            });
    assertEquals("late-1", cache.acquire().token);
    assertEquals(1, calls.get());
    assertNull(cache.current(), "it is not cached as usable");
    assertEquals("late-2", cache.acquire().token, "the next attempt loads a new one");
  }

  @Test
  void theRingRemembersTheLastSixteenTokens() {
    TokenCache cache = new TokenCache(() -> null);
    for (int i = 1; i <= 20; i++) cache.remember("token-" + i);
    List<String> remembered = cache.remembered();
    assertEquals(Defaults.REMEMBERED_TOKENS, remembered.size());
    assertEquals("token-20", remembered.get(0));
    assertEquals("token-5", remembered.get(15));
    assertFalse(
        remembered.contains("token-4"), "older ones fall out: the ring never grows with uptime");
  }

  @Test
  void theRefreshWindowStartsOneBackgroundLoadAndKeepsTheCachedToken() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            () -> {
              long now = System.currentTimeMillis();
              int n = calls.incrementAndGet();
              // The first token is due for refresh at once but usable for a minute.
              return new TokenCache.Cached("token-" + n, n == 1 ? now : now + 60_000, now + 60_000);
            });
    assertEquals("token-1", cache.acquire().token);
    assertEquals("token-1", cache.current().token, "still the cached token while the refresh runs");
    for (int i = 0; i < 100 && !"token-2".equals(cache.current().token); i++) Thread.sleep(10);
    assertEquals("token-2", cache.current().token);
    assertEquals(2, calls.get());
  }
}
