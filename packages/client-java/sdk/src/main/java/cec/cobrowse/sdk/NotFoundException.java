package cec.cobrowse.sdk;

import cec.cobrowse.client.model.ErrorDetail;
import java.util.List;
import java.util.Map;

/** 404, such as an unknown tenant space. */
public class NotFoundException extends CobrowseApiException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(
      String operation, int status, Integer errorCode, String errorReason, String requestId) {
    super(operation, status, errorCode, errorReason, requestId);
  }

  public NotFoundException(
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
