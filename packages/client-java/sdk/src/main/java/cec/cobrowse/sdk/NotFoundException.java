package cec.cobrowse.sdk;

/** 404, such as an unknown tenant space. */
public class NotFoundException extends ApiException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String operation, int status, Integer errorCode, String errorReason, String requestId) {
    super(operation, status, errorCode, errorReason, requestId);
  }
}
