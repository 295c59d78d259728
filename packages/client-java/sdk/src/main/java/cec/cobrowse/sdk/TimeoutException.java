package cec.cobrowse.sdk;

import java.time.Duration;

/** The last attempt took longer than the client's timeout (after the retries). */
public class TimeoutException extends CobrowseException {
  private static final long serialVersionUID = 1L;
  private final Duration timeout;

  public TimeoutException(String operation, Duration timeout, Throwable cause) {
    super(operation + " timed out after " + timeout.toMillis() + " ms", cause);
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
