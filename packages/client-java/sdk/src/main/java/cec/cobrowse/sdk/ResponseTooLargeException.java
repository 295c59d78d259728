package cec.cobrowse.sdk;

import java.util.Optional;

/**
 * The answer was larger than the client's {@code maxResponseBytes} (16 MiB by default), counted as
 * received and once decoded (a gzip bomb is caught by its decoded size). The client stopped reading
 * and closed the connection; not retried.
 */
public class ResponseTooLargeException extends CobrowseException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final long limit;
  private final int status;
  private final String requestId;

  public ResponseTooLargeException(String operation, long limit, int status, String requestId) {
    super(
        operation
            + " failed: the answer (HTTP "
            + status
            + ") is larger than maxResponseBytes, "
            + limit
            + " bytes; not read further"
            + (requestId != null ? " [request id " + requestId + "]" : ""));
    this.operation = operation;
    this.limit = limit;
    this.status = status;
    this.requestId = requestId;
  }

  public String operation() {
    return operation;
  }

  /** The limit that was passed, in bytes ({@code maxResponseBytes}). */
  public long limit() {
    return limit;
  }

  /** The answer's HTTP status. */
  public int status() {
    return status;
  }

  /** The server's {@code X-Request-Id}, when it sent one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }
}
