package cec.cobrowse.sdk;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * When to retry and how long to wait (packages/scenarios/README.md, The send loop): at most {@code
 * maxRetries + 1} attempts may end in a retryable failure, and a call makes at most {@code
 * maxRetries + 2} attempts (one replay of a refused current token besides). Between retries: the
 * server's Retry-After (seconds or an HTTP date, capped), else a backoff with full jitter.
 */
final class RetryPolicy {
  private static final Pattern SECONDS = Pattern.compile("\\d{1,10}(\\.\\d{1,9})?");

  /** The three HTTP date formats a recipient must accept (RFC 9110, 5.6.7), all in GMT. */
  private static final List<DateTimeFormatter> HTTP_DATES =
      List.of(
          DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US),
          // RFC 850's two-digit year: within 50 years of today, as RFC 9110 asks.
          new DateTimeFormatterBuilder()
              .appendPattern("EEEE, dd-MMM-")
              .appendValueReduced(
                  ChronoField.YEAR, 2, 2, LocalDate.now(ZoneOffset.UTC).minusYears(50))
              .appendPattern(" HH:mm:ss 'GMT'")
              .toFormatter(Locale.US),
          DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US));

  final int maxRetries;
  private final long baseDelayMs;
  private final long maxDelayMs;
  private final long maxRetryAfterMs;

  RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {
    this.maxRetries = maxRetries;
    this.baseDelayMs = baseDelay.toMillis();
    this.maxDelayMs = maxDelay.toMillis();
    this.maxRetryAfterMs = maxRetryAfter.toMillis();
  }

  /** The most attempts one call makes: maxRetries + 1 that may fail retryably, plus one replay. */
  int attemptBudget() {
    return maxRetries + 2;
  }

  /** Statuses worth another attempt: 408, 429 and 5xx (network errors and timeouts are too). */
  static boolean retryableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /**
   * The wait before retry number {@code retry} (1 for the first): Retry-After when it parses,
   * capped at maxRetryAfter, else random(0, min(retryMaxDelay, retryBaseDelay × 2^(retry-1))).
   */
  long delayMs(int retry, String retryAfter, long nowMs) {
    OptionalLong wait = parseRetryAfter(retryAfter, nowMs);
    if (wait.isPresent()) return Math.min(wait.getAsLong(), maxRetryAfterMs);
    return (long) (ThreadLocalRandom.current().nextDouble() * backoffCeilingMs(retry));
  }

  /** The backoff's upper bound before retry number {@code retry}. */
  long backoffCeilingMs(int retry) {
    double ceiling = baseDelayMs * Math.pow(2, Math.max(0, retry - 1));
    return (long) Math.min(maxDelayMs, ceiling);
  }

  /**
   * A Retry-After value in ms from {@code nowMs}: delay-seconds (a fraction tolerated) or an HTTP
   * date (a date in the past is 0); empty when absent or unreadable.
   */
  static OptionalLong parseRetryAfter(String value, long nowMs) {
    if (value == null) return OptionalLong.empty();
    String s = value.trim();
    if (s.isEmpty()) return OptionalLong.empty();
    if (SECONDS.matcher(s).matches()) return OptionalLong.of((long) (Double.parseDouble(s) * 1000));
    for (DateTimeFormatter f : HTTP_DATES) {
      try {
        long at = LocalDateTime.parse(s, f).toInstant(ZoneOffset.UTC).toEpochMilli();
        return OptionalLong.of(Math.max(0, at - nowMs));
      } catch (DateTimeParseException e) {
        // not this format: try the next
      }
    }
    return OptionalLong.empty();
  }
}
