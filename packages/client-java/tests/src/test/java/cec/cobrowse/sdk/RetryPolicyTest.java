package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The attempt budget's arithmetic and Retry-After parsing. */
class RetryPolicyTest {
  private static RetryPolicy policy(int maxRetries) {
    return new RetryPolicy(
        maxRetries, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));
  }

  @Test
  void theBudgetIsMaxRetriesPlusTwo() {
    assertEquals(2, policy(0).attemptBudget(), "maxRetries 0: one attempt, plus the one replay");
    assertEquals(4, policy(2).attemptBudget(), "the default: 3 retryable attempts, 4 in all");
    assertEquals(12, policy(10).attemptBudget());
  }

  @Test
  void retryableStatuses() {
    for (int s : new int[] {408, 429, 500, 502, 503, 504})
      assertTrue(RetryPolicy.retryableStatus(s), "" + s);
    for (int s : new int[] {200, 301, 307, 400, 401, 403, 404, 413, 415})
      assertFalse(RetryPolicy.retryableStatus(s), "" + s);
  }

  @Test
  void backoffDoublesUpToTheCeiling() {
    RetryPolicy p = policy(10);
    assertEquals(500, p.backoffCeilingMs(1));
    assertEquals(1000, p.backoffCeilingMs(2));
    assertEquals(4000, p.backoffCeilingMs(4));
    assertEquals(8000, p.backoffCeilingMs(5));
    assertEquals(8000, p.backoffCeilingMs(10));
    for (int i = 0; i < 200; i++) {
      long d = p.delayMs(2, null, 0);
      assertTrue(d >= 0 && d <= 1000, "full jitter below the ceiling: " + d);
    }
  }

  @Test
  void retryAfterInSeconds() {
    assertEquals(OptionalLong.of(1000), RetryPolicy.parseRetryAfter("1", 0));
    assertEquals(OptionalLong.of(0), RetryPolicy.parseRetryAfter(" 0 ", 0));
    assertEquals(OptionalLong.of(1500), RetryPolicy.parseRetryAfter("1.5", 0));
    assertEquals(OptionalLong.empty(), RetryPolicy.parseRetryAfter("-1", 0));
    assertEquals(OptionalLong.empty(), RetryPolicy.parseRetryAfter("soon", 0));
    assertEquals(OptionalLong.empty(), RetryPolicy.parseRetryAfter("", 0));
    assertEquals(OptionalLong.empty(), RetryPolicy.parseRetryAfter(null, 0));
  }

  @Test
  void retryAfterAsAnHttpDateInEachOfItsThreeFormats() {
    long now = Instant.parse("1994-11-06T08:49:30Z").toEpochMilli();
    assertEquals(
        OptionalLong.of(7000), RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now));
    assertEquals(
        OptionalLong.of(7000), RetryPolicy.parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now));
    assertEquals(
        OptionalLong.of(7000), RetryPolicy.parseRetryAfter("Sun Nov  6 08:49:37 1994", now));
    assertEquals(
        OptionalLong.of(0),
        RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:00 GMT", now),
        "a date in the past: at once");
  }

  @Test
  void retryAfterIsCapped() {
    RetryPolicy p = new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(3));
    assertEquals(3000, p.delayMs(1, "120", 0));
    assertEquals(1000, p.delayMs(1, "1", 0));
    assertEquals(0, p.delayMs(1, null, 0), "no Retry-After: the backoff (zero here)");
  }
}
