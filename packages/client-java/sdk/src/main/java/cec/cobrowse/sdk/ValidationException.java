package cec.cobrowse.sdk;

/** A request the spec's schema refuses, such as a role outside the enum. Nothing was sent. */
public class ValidationException extends CobrowseException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public ValidationException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
