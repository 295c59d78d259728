package cec.cobrowse.sdk;

import cec.cobrowse.client.model.ErrorDetail;
import java.util.List;
import java.util.Map;

/** 400: the server found the request malformed. */
public class BadRequestException extends CobrowseApiException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(
      String operation, int status, Integer errorCode, String errorReason, String requestId) {
    super(operation, status, errorCode, errorReason, requestId);
  }

  public BadRequestException(
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
