package cec.cobrowse.sdk;

/** 400: the server found the request malformed. */
public class BadRequestException extends ApiException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(String operation, int status, Integer errorCode, String errorReason, String requestId) {
    super(operation, status, errorCode, errorReason, requestId);
  }
}
