package cec.cobrowse.sdk;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.URI;
import java.util.Map;

/**
 * The one class that touches OpenTelemetry (its own source root, sdk/src/otel/java; loaded by name
 * by {@link Telemetry#create} only when the API is on the classpath). A span per call (INTERNAL,
 * named by the operation), a child per attempt (CLIENT, named by the method, with the HTTP client
 * semantic conventions' attributes), the token request a call of its own; the W3C trace context
 * written into each attempt's headers. Attributes carry no secret and no token: the URL has no
 * query or credentials, and errors are the client's scrubbed exceptions.
 */
final class OtelTelemetry implements Telemetry {
  /** The instrumentation scope. */
  static final String SCOPE = Defaults.LOGGER;

  static final String OPERATION = "cobrowse.operation";
  static final String TOKEN_REQUEST = "cobrowse.token_request";
  static final String ATTEMPT = "cobrowse.attempt";
  static final String ATTEMPTS = "cobrowse.attempts";
  static final String REQUEST_ID = "cobrowse.request_id";

  private final OpenTelemetry
      fixed; // null: the global one, read at each call (set by the application whenever it likes)

  OtelTelemetry(Object openTelemetry) {
    this.fixed = (OpenTelemetry) openTelemetry;
    // An API too old for what this class calls fails here, in Telemetry.create (no spans, a
    // warning), not in the middle of a call.
    GlobalOpenTelemetry.getOrNoop();
    W3CTraceContextPropagator.getInstance();
  }

  private OpenTelemetry otel() {
    // getOrNoop, not get: get() would fix the global to a no-op before the application sets its
    // own.
    return fixed != null ? fixed : GlobalOpenTelemetry.getOrNoop();
  }

  @Override
  public Call call(String operation, boolean tokenRequest) {
    OpenTelemetry otel = otel();
    Tracer tracer = otel.getTracer(SCOPE, Identification.VERSION);
    Span span =
        tracer
            .spanBuilder(operation)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(OPERATION, operation)
            .setAttribute(TOKEN_REQUEST, tokenRequest)
            .startSpan();
    Scope scope = span.makeCurrent();
    TextMapPropagator configured = otel.getPropagators().getTextMapPropagator();
    // W3C trace context even when the application configured no propagator.
    TextMapPropagator propagator =
        configured.fields().isEmpty() ? W3CTraceContextPropagator.getInstance() : configured;
    return new Call() {
      @Override
      public Attempt attempt(int number, String method, String url, Map<String, String> headers) {
        URI uri = URI.create(url);
        int port =
            uri.getPort() != -1
                ? uri.getPort()
                : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        io.opentelemetry.api.trace.SpanBuilder b =
            tracer
                .spanBuilder(method)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", method)
                .setAttribute("url.full", url)
                .setAttribute("server.address", uri.getHost())
                .setAttribute("server.port", port)
                .setAttribute(OPERATION, operation)
                .setAttribute(TOKEN_REQUEST, tokenRequest)
                .setAttribute(ATTEMPT, number);
        if (number > 1) b.setAttribute("http.request.resend_count", number - 1);
        Span attempt = b.startSpan();
        propagator.inject(
            Context.current().with(attempt),
            headers,
            (carrier, key, value) -> carrier.put(key, value));
        return (status, requestId, error) -> {
          if (status != null) attempt.setAttribute("http.response.status_code", status);
          if (requestId != null) attempt.setAttribute(REQUEST_ID, requestId);
          if (error != null) {
            attempt.setAttribute(
                "error.type",
                status != null && status >= 400
                    ? String.valueOf(status)
                    : error.getClass().getName());
            attempt.recordException(error);
            attempt.setStatus(StatusCode.ERROR, error.getMessage());
          }
          attempt.end();
        };
      }

      @Override
      public void end(int attempts, String requestId, Throwable error) {
        try {
          span.setAttribute(ATTEMPTS, attempts);
          if (requestId != null) span.setAttribute(REQUEST_ID, requestId);
          if (error != null) {
            span.setAttribute("error.type", error.getClass().getName());
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, error.getMessage());
          }
          span.end();
        } finally {
          scope.close();
        }
      }
    };
  }

  @Override
  public Runnable propagate(Runnable task) {
    return Context.current().wrap(task);
  }

  @Override
  public String toString() {
    return fixed != null ? "OpenTelemetry" : "OpenTelemetry (global)";
  }
}
