package cec.cobrowse.sdk;

/**
 * A missing or invalid option (or environment variable), when the client is built. Nothing was
 * sent.
 */
public class ConfigurationException extends CobrowseException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public ConfigurationException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The option, or the environment variable, at fault. */
  public String field() {
    return field;
  }
}
