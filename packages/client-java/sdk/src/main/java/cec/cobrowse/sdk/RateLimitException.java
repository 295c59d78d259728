package cec.cobrowse.sdk;

import cec.cobrowse.client.model.ErrorDetail;
import java.util.List;
import java.util.Map;

/** 429, still after the retries. */
public class RateLimitException extends CobrowseApiException {
  private static final long serialVersionUID = 1L;

  public RateLimitException(
      String operation, int status, Integer errorCode, String errorReason, String requestId) {
    super(operation, status, errorCode, errorReason, requestId);
  }

  public RateLimitException(
      String operation,
      int status,
      Integer errorCode,
      String errorReason,
      String requestId,
      List<ErrorDetail> details,
      Map<String, List<String>> headers,
      String body) {
    super(operation, status, errorCode, errorReason, requestId, details, headers, body);
  }
}
