package cec.cobrowse.sdk;

import cec.cobrowse.client.model.ErrorDetail;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Scrubs every string from a server, and every string built from one, of the app secret, the token
 * the failing attempt sent, and every token the client remembers (the last 16 received): messages,
 * errorReason, details, bodies, headers, causes and log lines.
 */
final class Redactor {
  private final String secret;
  private final Supplier<List<String>> remembered;

  Redactor(String secret, Supplier<List<String>> remembered) {
    this.secret = secret;
    this.remembered = remembered;
  }

  /** What to hide, longest first (so a token that holds another is hidden whole). */
  private List<String> hidden(String token) {
    List<String> all = new ArrayList<>(remembered.get());
    all.add(secret);
    all.add(token);
    all.removeIf(s -> s == null || s.length() < Defaults.MIN_REDACTED_LENGTH);
    all.sort(Comparator.comparingInt(String::length).reversed());
    return all;
  }

  /**
   * {@code s} with the secret, {@code token} (the attempt's; null: none) and every remembered token
   * replaced.
   */
  String scrub(String s, String token) {
    if (s == null || s.isEmpty()) return s;
    for (String h : hidden(token)) s = s.replace(h, Defaults.REDACTED);
    return s;
  }

  /** The headers, by lower-case name, their values scrubbed. */
  Map<String, List<String>> headers(Map<String, List<String>> headers, String token) {
    if (headers == null) return Map.of();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getKey() == null) continue; // HttpURLConnection's status line
      List<String> values = new ArrayList<>();
      for (String v : h.getValue()) values.add(scrub(v, token));
      out.merge(
          h.getKey().toLowerCase(Locale.ROOT),
          Collections.unmodifiableList(values),
          (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return Collections.unmodifiableList(both);
          });
    }
    return Collections.unmodifiableMap(out);
  }

  /** Copies of the details with their name and message scrubbed. */
  List<ErrorDetail> details(List<ErrorDetail> details, String token) {
    if (details == null) return List.of();
    List<ErrorDetail> out = new ArrayList<>();
    for (ErrorDetail d : details) {
      if (d == null) continue;
      out.add(
          new ErrorDetail()
              .in(d.getIn())
              .name(scrub(d.getName(), token))
              .message(scrub(d.getMessage(), token)));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The cause to attach: {@code cause} itself when no message in its chain holds anything to hide,
   * else a copy of the chain whose messages are scrubbed (same class names and stack traces).
   */
  Throwable cause(Throwable cause, String token) {
    if (cause == null || clean(cause, token)) return cause;
    return copy(cause, token, 0);
  }

  private boolean clean(Throwable t, String token) {
    List<String> hidden = hidden(token);
    for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
      String shown = String.valueOf(t.getMessage()) + t;
      for (String h : hidden) if (shown.contains(h)) return false;
    }
    return true;
  }

  private Throwable copy(Throwable t, String token, int depth) {
    Throwable cause =
        t.getCause() == null || depth >= 16 ? null : copy(t.getCause(), token, depth + 1);
    Scrubbed s = new Scrubbed(t.getClass().getName(), scrub(t.getMessage(), token), cause);
    s.setStackTrace(t.getStackTrace());
    return s;
  }

  /**
   * A cause whose message held a secret or a token: its class name, its scrubbed message, its stack
   * trace.
   */
  static final class Scrubbed extends Exception {
    private static final long serialVersionUID = 1L;
    private final String className;

    Scrubbed(String className, String message, Throwable cause) {
      super(message, cause);
      this.className = className;
    }

    /** The class of the exception this stands for. */
    String className() {
      return className;
    }

    @Override
    public String toString() {
      String m = getLocalizedMessage();
      return m != null ? className + ": " + m : className;
    }
  }
}
