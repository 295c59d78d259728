package cec.cobrowse.sdk;

import java.util.Optional;

/**
 * The server answered, but not with success: a non-2xx status, a 200 with {@code success:
 * false}, or an answer the client cannot use. Subclasses name the common statuses.
 */
public class ApiException extends CobrowseException {
  private static final long serialVersionUID = 1L;
  private final String operation;
  private final int status;
  private final Integer errorCode;
  private final String errorReason;
  private final String requestId;

  public ApiException(String operation, int status, Integer errorCode, String errorReason, String requestId) {
    super(operation + " failed with HTTP " + status
        + (errorCode != null ? " (errorCode " + errorCode + ")" : "")
        + (errorReason != null && !errorReason.isEmpty() ? ": " + errorReason : "")
        + (requestId != null ? " [request id " + requestId + "]" : ""));
    this.operation = operation;
    this.status = status;
    this.errorCode = errorCode;
    this.errorReason = errorReason;
    this.requestId = requestId;
  }

  public String operation() {
    return operation;
  }

  /** The HTTP status (200 for a {@code success: false} answer). */
  public int status() {
    return status;
  }

  /** The body's {@code errorCode}, when it has one. */
  public Optional<Integer> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** The body's {@code errorReason} (scrubbed of the secret and tokens), when it has one. */
  public Optional<String> errorReason() {
    return Optional.ofNullable(errorReason);
  }

  /** The server's {@code X-Request-Id}, to quote when reporting a problem. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  static ApiException of(String operation, int status, Integer errorCode, String errorReason, String requestId) {
    if (status >= 500) return new InternalServerException(operation, status, errorCode, errorReason, requestId);
    switch (status) {
      case 400: return new BadRequestException(operation, status, errorCode, errorReason, requestId);
      case 401: return new AuthenticationException(operation, status, errorCode, errorReason, requestId);
      case 404: return new NotFoundException(operation, status, errorCode, errorReason, requestId);
      case 429: return new RateLimitException(operation, status, errorCode, errorReason, requestId);
      default: return new ApiException(operation, status, errorCode, errorReason, requestId);
    }
  }
}
