package cec.cobrowse.sdk;

import cec.cobrowse.client.model.ErrorDetail;
import java.util.List;
import java.util.Map;

/**
 * 401: a wrong app key or secret (from the token request), or a refused token that the one replay
 * could not cure.
 */
public class AuthenticationException extends CobrowseApiException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(
      String operation, int status, Integer errorCode, String errorReason, String requestId) {
    super(operation, status, errorCode, errorReason, requestId);
  }

  public AuthenticationException(
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
