package cec.cobrowse.sdk;

/**
 * Base class of every exception this SDK throws. Unchecked, as in the platform's current SDKs:
 * catch the subclass you can act on. No message carries the app secret or a token.
 */
public class CobrowseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CobrowseException(String message) {
    super(message);
  }

  public CobrowseException(String message, Throwable cause) {
    super(message, cause);
  }
}
