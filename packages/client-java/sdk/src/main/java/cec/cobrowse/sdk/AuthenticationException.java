package cec.cobrowse.sdk;

/** 401: wrong app key or secret, or a token refused even after one refresh. */
public class AuthenticationException extends ApiException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String operation, int status, Integer errorCode, String errorReason, String requestId) {
    super(operation, status, errorCode, errorReason, requestId);
  }
}
