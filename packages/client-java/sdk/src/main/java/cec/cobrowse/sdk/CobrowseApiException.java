package cec.cobrowse.sdk;

import cec.cobrowse.client.model.ErrorDetail;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server answered, but not with a usable success: a non-2xx status (a redirect included: never
 * followed), a 200 with {@code success: false}, a 2xx that is not JSON, or a success the caller
 * cannot connect with. Subclasses name the common statuses. Every string it carries is scrubbed of
 * the app secret and of tokens.
 */
public class CobrowseApiException extends CobrowseException {
  private static final long serialVersionUID = 2L;
  private final String operation;
  private final int status;
  private final Integer errorCode;
  private final String errorReason;
  private final String requestId;
  private final transient List<ErrorDetail> details;
  private final Map<String, List<String>> headers;
  private final String body;

  public CobrowseApiException(
      String operation, int status, Integer errorCode, String errorReason, String requestId) {
    this(operation, status, errorCode, errorReason, requestId, null, null, null);
  }

  /**
   * With the answer's {@code details}, headers and body (already scrubbed: the SDK passes them so).
   */
  public CobrowseApiException(
      String operation,
      int status,
      Integer errorCode,
      String errorReason,
      String requestId,
      List<ErrorDetail> details,
      Map<String, List<String>> headers,
      String body) {
    super(
        operation
            + " failed with HTTP "
            + status
            + (errorCode != null ? " (errorCode " + errorCode + ")" : "")
            + (errorReason != null && !errorReason.isEmpty() ? ": " + errorReason : "")
            + (requestId != null ? " [request id " + requestId + "]" : ""));
    this.operation = operation;
    this.status = status;
    this.errorCode = errorCode;
    this.errorReason = errorReason;
    this.requestId = requestId;
    this.details = details == null ? List.of() : List.copyOf(details);
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    this.body = body;
  }

  public String operation() {
    return operation;
  }

  /**
   * The HTTP status (200 for a {@code success: false}, unusable or non-JSON answer; 3xx for a
   * redirect).
   */
  public int status() {
    return status;
  }

  /** The body's {@code errorCode}, when it has one. */
  public Optional<Integer> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /**
   * The body's {@code errorReason} (or what the client found wrong with the answer), scrubbed of
   * the secret and tokens.
   */
  public Optional<String> errorReason() {
    return Optional.ofNullable(errorReason);
  }

  /** The server's {@code X-Request-Id}, to quote when reporting a problem. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /**
   * Each problem the server listed ({@code details} of its ErrorResponse), scrubbed; empty when
   * none.
   */
  public List<ErrorDetail> details() {
    return details == null ? List.of() : details;
  }

  /** The answer's headers, by lower-case name, their values scrubbed. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The answer's body as text (at most the client's maxResponseBytes), scrubbed, when it had one.
   */
  public Optional<String> body() {
    return Optional.ofNullable(body);
  }

  /** The exception for a status: a subclass for 400, 401, 404, 429 and 5xx. */
  static CobrowseApiException of(
      String operation,
      int status,
      Integer errorCode,
      String errorReason,
      String requestId,
      List<ErrorDetail> details,
      Map<String, List<String>> headers,
      String body) {
    if (status >= 500)
      return new InternalServerException(
          operation, status, errorCode, errorReason, requestId, details, headers, body);
    switch (status) {
      case 400:
        return new BadRequestException(
            operation, status, errorCode, errorReason, requestId, details, headers, body);
      case 401:
        return new AuthenticationException(
            operation, status, errorCode, errorReason, requestId, details, headers, body);
      case 404:
        return new NotFoundException(
            operation, status, errorCode, errorReason, requestId, details, headers, body);
      case 429:
        return new RateLimitException(
            operation, status, errorCode, errorReason, requestId, details, headers, body);
      default:
        return new CobrowseApiException(
            operation, status, errorCode, errorReason, requestId, details, headers, body);
    }
  }
}
