package cec.cobrowse.sdk;

/** 429, still after the retries. */
public class RateLimitException extends ApiException {
  private static final long serialVersionUID = 1L;

  public RateLimitException(String operation, int status, Integer errorCode, String errorReason, String requestId) {
    super(operation, status, errorCode, errorReason, requestId);
  }
}
