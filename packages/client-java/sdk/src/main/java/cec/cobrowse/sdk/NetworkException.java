package cec.cobrowse.sdk;

/** No HTTP answer (connection refused or reset, DNS, TLS), after the retries. See the cause. */
public class NetworkException extends CobrowseException {
  private static final long serialVersionUID = 2L;
  private final String operation;

  public NetworkException(String operation, Throwable cause) {
    super(operation + " failed: network error (" + cause.getClass().getSimpleName() + ")", cause);
    this.operation = operation;
  }

  public String operation() {
    return operation;
  }
}
