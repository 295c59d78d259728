// Errors, retries and timeouts: every exception is an unchecked CobrowseException;
// CobrowseApiException carries the status, errorCode, errorReason and request id. 429, 5xx, 408,
// timeouts and network errors are retried with backoff (honouring Retry-After), at most
// maxRetries + 2 attempts a call, and the timeout bounds each whole attempt.
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.AuthenticationException;
import cec.cobrowse.sdk.CobrowseApiException;
import cec.cobrowse.sdk.CobrowseClient;
import cec.cobrowse.sdk.CobrowseTimeoutException;
import cec.cobrowse.sdk.ValidationException;
import java.time.Duration;

public class Errors {
  public static void main(String[] args) {
    CobrowseClient client =
        CobrowseClient.fromEnv().timeout(Duration.ofSeconds(5)).maxRetries(2).build();

    // A body the spec's schema refuses is stopped before anything is sent.
    try {
      client.getConnectionInfo(new GetConnectionInfoRequest().role(CobrowseClient.role("viewer")));
    } catch (ValidationException e) {
      System.out.println("not sent: " + e.getMessage());
    }

    // A wrong secret: tokenByAkSk answers 401, which is not retried.
    CobrowseClient wrong = CobrowseClient.fromEnv().appSecret("not-the-secret").build();
    try {
      wrong.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
    } catch (AuthenticationException e) {
      System.out.println(
          "authentication failed: "
              + e.status()
              + " "
              + e.errorCode().orElse(null)
              + " (request id "
              + e.requestId().orElse("-")
              + ")");
    } catch (CobrowseApiException e) {
      System.out.println(
          "API error: "
              + e.status()
              + " "
              + e.errorCode().orElse(null)
              + " "
              + e.errorReason().orElse(""));
    } catch (CobrowseTimeoutException e) {
      System.out.println("no answer within " + e.timeout());
    }
  }
}
