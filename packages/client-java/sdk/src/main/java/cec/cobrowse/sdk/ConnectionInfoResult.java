package cec.cobrowse.sdk;

import cec.cobrowse.client.model.ConnectionInfo;
import java.util.Optional;

/**
 * What {@link CobrowseClient#getConnectionInfo} returns: the generated {@link ConnectionInfo} and
 * the request id.
 */
public final class ConnectionInfoResult {
  private final ConnectionInfo data;
  private final String requestId;

  ConnectionInfoResult(ConnectionInfo data, String requestId) {
    this.data = data;
    this.requestId = requestId;
  }

  /**
   * {@code getRoomId()}, {@code getWssUrl()}, {@code getWssUrlOut()}, {@code getConnectParam()}.
   */
  public ConnectionInfo data() {
    return data;
  }

  /** The server's {@code X-Request-Id}, when it sent one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  @Override
  public String toString() {
    return "ConnectionInfoResult{roomId=" + data.getRoomId() + ", requestId=" + requestId + "}";
  }
}
