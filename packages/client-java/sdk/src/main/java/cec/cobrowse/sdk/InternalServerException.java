package cec.cobrowse.sdk;

/** 5xx, still after the retries. */
public class InternalServerException extends ApiException {
  private static final long serialVersionUID = 1L;

  public InternalServerException(String operation, int status, Integer errorCode, String errorReason, String requestId) {
    super(operation, status, errorCode, errorReason, requestId);
  }
}
