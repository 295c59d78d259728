package cec.cobrowse.sdk;

import java.time.Duration;

/** Every default of the client, named once (the builder and the README take them from here). */
final class Defaults {
  private Defaults() {}

  /** The time limit of one attempt: connecting, the headers and the whole body. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * Retries after the first attempt; a call makes at most MAX_RETRIES + 2 attempts (one replay of a
   * refused token).
   */
  static final int MAX_RETRIES = 2;

  /** The largest maxRetries the builder takes. */
  static final int MAX_RETRIES_LIMIT = 10;

  /** The first backoff step, doubling each retry, with full jitter. */
  static final Duration RETRY_BASE_DELAY = Duration.ofMillis(500);

  /** The longest backoff. */
  static final Duration RETRY_MAX_DELAY = Duration.ofSeconds(8);

  /** The longest Retry-After honoured. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  /** Stop using a token this long before it expires (at most a tenth of its lifetime). */
  static final Duration TOKEN_SAFETY_MARGIN = Duration.ofSeconds(30);

  /**
   * Refresh a token in the background this long before it expires (at most 30 % of its lifetime).
   */
  static final Duration TOKEN_REFRESH_AHEAD = Duration.ofSeconds(60);

  /** The largest answer read, counted as received and once decoded: 16 MiB. */
  static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

  /**
   * How many of the tokens received a client remembers, to redact them (a ring: never grows with
   * uptime).
   */
  static final int REMEMBERED_TOKENS = 16;

  /** What replaces a secret or a token in any string the client shows. */
  static final String REDACTED = "[REDACTED]";

  /**
   * Strings shorter than this are not redacted (a one-letter "secret" would blank every message).
   */
  static final int MIN_REDACTED_LENGTH = 4;

  /** The System.Logger the client writes to. */
  static final String LOGGER = "cec.cobrowse.sdk";
}
