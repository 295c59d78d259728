package cec.cobrowse.sdk;

import java.time.Duration;

/**
 * The last attempt took longer than the client's timeout, which bounds the whole attempt:
 * connecting, the headers and the whole body (after the retries).
 */
public class CobrowseTimeoutException extends CobrowseException {
  private static final long serialVersionUID = 2L;
  private final String operation;
  private final Duration timeout;

  public CobrowseTimeoutException(String operation, Duration timeout, Throwable cause) {
    super(operation + " timed out after " + timeout.toMillis() + " ms", cause);
    this.operation = operation;
    this.timeout = timeout;
  }

  public String operation() {
    return operation;
  }

  public Duration timeout() {
    return timeout;
  }
}
