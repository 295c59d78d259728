package cec.cobrowse.sdk;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Sees every attempt the client sends, the token requests included (marked by {@link
 * Attempt#tokenRequest()}), and may add headers to it. Each method is called once per attempt, on
 * the thread that sends it: {@link #beforeRequest} before it is sent, {@link #afterResponse} when
 * an answer (any status) arrived, {@link #onError} when the attempt failed (no answer, a non-2xx
 * status, or a 2xx the client cannot use), after afterResponse when both apply. Interceptors run in
 * the order they were added.
 *
 * <p>An interceptor never sees the app secret or a token in clear: the headers it is shown carry
 * {@code [REDACTED]} for the credentials, the token request's body is not shown, and the exceptions
 * are the client's own (scrubbed). An interceptor that throws is logged (WARNING) and ignored: the
 * headers it added are dropped, and the call goes on with its retries as if it were not there. Keep
 * them quick: they run inside the attempt's time.
 *
 * <pre>{@code
 * CobrowseClient client = CobrowseClient.fromEnv()
 *     .addInterceptor(new CobrowseInterceptor() {
 *       public void beforeRequest(CobrowseInterceptor.Request r) { r.header("X-Correlation-Id", correlationId()); }
 *       public void onError(CobrowseInterceptor.Failure f) { metrics.count(f.operationId(), f.status()); }
 *     })
 *     .build();
 * }</pre>
 */
public interface CobrowseInterceptor {
  /** Before an attempt is sent: may add headers ({@link Request#header}). */
  default void beforeRequest(Request request) {}

  /** An attempt was answered (any status, once per answered attempt). */
  default void afterResponse(Response response) {}

  /** An attempt failed: no answer, a non-2xx status, or a 2xx the client cannot use. */
  default void onError(Failure failure) {}

  /** What every interceptor call is told about its attempt. */
  abstract class Attempt {
    private final String operationId;
    private final int attempt;
    private final boolean tokenRequest;
    private final String method;
    private final String url;

    Attempt(String operationId, int attempt, boolean tokenRequest, String method, String url) {
      this.operationId = operationId;
      this.attempt = attempt;
      this.tokenRequest = tokenRequest;
      this.method = method;
      this.url = url;
    }

    /** The operation: {@code getConnectionInfo}, or {@code tokenByAkSk} for the token request. */
    public String operationId() {
      return operationId;
    }

    /** The attempt's number within its call: 1, then 2, 3 … for each retry or replay. */
    public int attempt() {
      return attempt;
    }

    /**
     * Whether this is a token request (a call of its own, made by the client when it needs a
     * token).
     */
    public boolean tokenRequest() {
      return tokenRequest;
    }

    /** The HTTP method. */
    public String method() {
      return method;
    }

    /** The URL, without credentials. */
    public String url() {
      return url;
    }

    String describe() {
      return operationId + " attempt " + attempt + (tokenRequest ? " (token request)" : "");
    }
  }

  /** An attempt about to be sent. */
  final class Request extends Attempt {
    /**
     * Headers an interceptor may not set: the client's own, and those the transport or the body
     * own.
     */
    private static final Set<String> TRANSPORT =
        Set.of(
            "connection",
            "content-length",
            "content-type",
            "expect",
            "host",
            "upgrade",
            "accept",
            "accept-encoding");

    private final Map<String, String> headers;
    private final Map<String, String> added = new LinkedHashMap<>();

    Request(
        String operationId,
        int attempt,
        boolean tokenRequest,
        String method,
        String url,
        Map<String, String> headers) {
      super(operationId, attempt, tokenRequest, method, url);
      this.headers = Collections.unmodifiableMap(headers);
    }

    /**
     * The headers the client sets on this attempt, by name, the credentials shown as {@code
     * [REDACTED]}.
     */
    public Map<String, String> headers() {
      return headers;
    }

    /**
     * Adds a header to this attempt. Throws IllegalArgumentException for a name that is not an HTTP
     * token, a value with a control character, or a header the client sets itself (those of {@link
     * #headers()}, and Content-Type, Content-Length, Host, Connection, Expect, Upgrade, Accept,
     * Accept-Encoding).
     */
    public Request header(String name, String value) {
      if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"))
        throw new IllegalArgumentException("not a header name: " + name);
      if (value == null || !value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f)))
        throw new IllegalArgumentException("the value of " + name + " has a control character");
      String lower = name.toLowerCase(Locale.ROOT);
      if (TRANSPORT.contains(lower)
          || headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name))) {
        throw new IllegalArgumentException(
            name + " is set by the client; an interceptor may add other headers only");
      }
      added.put(name, value);
      return this;
    }

    /** The headers added so far. */
    Map<String, String> added() {
      return added;
    }
  }

  /** An attempt that was answered. */
  final class Response extends Attempt {
    private final int status;
    private final String requestId;
    private final Duration duration;
    private final Map<String, List<String>> headers;

    Response(
        Attempt a,
        int status,
        String requestId,
        Duration duration,
        Map<String, List<String>> headers) {
      super(a.operationId(), a.attempt(), a.tokenRequest(), a.method(), a.url());
      this.status = status;
      this.requestId = requestId;
      this.duration = duration;
      this.headers = headers;
    }

    /** The HTTP status. */
    public int status() {
      return status;
    }

    /** The server's request id, when it sent one. */
    public Optional<String> requestId() {
      return Optional.ofNullable(requestId);
    }

    /** From just before sending to the arrival of the answer's status and headers. */
    public Duration duration() {
      return duration;
    }

    /** The answer's headers, by lower-case name, scrubbed of the secret and tokens. */
    public Map<String, List<String>> headers() {
      return headers;
    }
  }

  /** An attempt that failed. */
  final class Failure extends Attempt {
    private final CobrowseException error;
    private final Integer status;
    private final String requestId;
    private final Duration duration;
    private final boolean willRetry;

    Failure(
        Attempt a,
        CobrowseException error,
        Integer status,
        String requestId,
        Duration duration,
        boolean willRetry) {
      super(a.operationId(), a.attempt(), a.tokenRequest(), a.method(), a.url());
      this.error = error;
      this.status = status;
      this.requestId = requestId;
      this.duration = duration;
      this.willRetry = willRetry;
    }

    /** What went wrong: the exception the call throws if this was its last attempt (scrubbed). */
    public CobrowseException error() {
      return error;
    }

    /** The HTTP status, when an answer arrived. */
    public OptionalInt status() {
      return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** The server's request id, when it sent one. */
    public Optional<String> requestId() {
      return Optional.ofNullable(requestId);
    }

    /** From just before sending to the failure. */
    public Duration duration() {
      return duration;
    }

    /**
     * Whether the client sends another attempt of this call (a retry, or the replay with a new
     * token).
     */
    public boolean willRetry() {
      return willRetry;
    }
  }
}
