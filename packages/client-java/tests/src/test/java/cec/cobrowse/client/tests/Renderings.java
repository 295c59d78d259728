package cec.cobrowse.client.tests;

import cec.cobrowse.client.model.ErrorDetail;
import cec.cobrowse.sdk.AuthenticationException;
import cec.cobrowse.sdk.BadRequestException;
import cec.cobrowse.sdk.CobrowseApiException;
import cec.cobrowse.sdk.CobrowseTimeoutException;
import cec.cobrowse.sdk.ConfigurationException;
import cec.cobrowse.sdk.InternalServerException;
import cec.cobrowse.sdk.NetworkException;
import cec.cobrowse.sdk.NotFoundException;
import cec.cobrowse.sdk.RateLimitException;
import cec.cobrowse.sdk.ResponseTooLargeException;
import cec.cobrowse.sdk.ValidationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tests need to know of an SDK exception: its class by the scenarios' names, and every way
 * it can be shown.
 */
final class Renderings {
  private Renderings() {}

  /** The Java classes by the TypeScript names the scenarios use, most specific first. */
  private static final Map<Class<?>, String> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put(ConfigurationException.class, "ConfigurationError");
    NAMES.put(ValidationException.class, "ValidationError");
    NAMES.put(BadRequestException.class, "BadRequestError");
    NAMES.put(AuthenticationException.class, "AuthenticationError");
    NAMES.put(NotFoundException.class, "NotFoundError");
    NAMES.put(RateLimitException.class, "RateLimitError");
    NAMES.put(InternalServerException.class, "InternalServerError");
    NAMES.put(CobrowseApiException.class, "ApiError");
    NAMES.put(CobrowseTimeoutException.class, "TimeoutError");
    NAMES.put(NetworkException.class, "NetworkError");
    NAMES.put(ResponseTooLargeException.class, "ResponseTooLargeError");
  }

  /**
   * The exception's class as scenarios.json names it (its Java name when it has no counterpart).
   */
  static String className(Throwable e) {
    for (Map.Entry<Class<?>, String> n : NAMES.entrySet())
      if (n.getKey().isInstance(e)) return n.getValue();
    return e.getClass().getName();
  }

  static CobrowseApiException api(Throwable e) {
    return e instanceof CobrowseApiException ? (CobrowseApiException) e : null;
  }

  static Integer status(Throwable e) {
    if (e instanceof CobrowseApiException) return ((CobrowseApiException) e).status();
    if (e instanceof ResponseTooLargeException) return ((ResponseTooLargeException) e).status();
    return null;
  }

  static String requestId(Throwable e) {
    if (e instanceof CobrowseApiException)
      return ((CobrowseApiException) e).requestId().orElse(null);
    if (e instanceof ResponseTooLargeException)
      return ((ResponseTooLargeException) e).requestId().orElse(null);
    return null;
  }

  /** The operation whose answer failed, when the exception names one. */
  static String operation(Throwable e) {
    if (e instanceof CobrowseApiException) return ((CobrowseApiException) e).operation();
    if (e instanceof CobrowseTimeoutException) return ((CobrowseTimeoutException) e).operation();
    if (e instanceof NetworkException) return ((NetworkException) e).operation();
    if (e instanceof ResponseTooLargeException) return ((ResponseTooLargeException) e).operation();
    return null;
  }

  /**
   * Every rendering: message, toString, the stack trace with its causes, each cause, and an API
   * error's reason, details, headers and body.
   */
  static List<String> of(Throwable e) {
    List<String> out = new ArrayList<>();
    out.add(String.valueOf(e.getMessage()));
    out.add(e.toString());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    out.add(trace.toString());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      out.add(c.toString());
      out.add(String.valueOf(c.getMessage()));
    }
    CobrowseApiException api = api(e);
    if (api != null) {
      api.errorReason().ifPresent(out::add);
      api.requestId().ifPresent(out::add);
      for (ErrorDetail d : api.details()) out.add(d.toString());
      out.add(api.headers().toString());
      api.body().ifPresent(out::add);
    }
    return out;
  }
}
