package cec.cobrowse.sdk;

import java.util.Map;

/**
 * What the send loop tells a tracer: a span per call, a child per attempt, the trace context into
 * each attempt's headers. No OpenTelemetry type appears here: the one class that touches
 * OpenTelemetry ({@code OtelTelemetry}, in its own source root, sdk/src/otel/java) is loaded by
 * name, and only when the OpenTelemetry API is on the classpath ({@link #create}); without it the
 * client runs with {@link #NONE}.
 */
interface Telemetry {
  /**
   * A span per call: current on this thread until {@link #end}, so a token fetch it starts is its
   * child.
   */
  interface Call {
    /**
     * Starts the attempt's span and writes the trace context ({@code traceparent}) into {@code
     * headers}.
     */
    Attempt attempt(int number, String method, String url, Map<String, String> headers);

    /**
     * Ends the call: how many attempts it made, the last request id, what it threw (null on
     * success).
     */
    void end(int attempts, String requestId, Throwable error);
  }

  /** A span per attempt. */
  interface Attempt {
    /** Ends the attempt: its status and request id when answered, its error when it failed. */
    void end(Integer status, String requestId, CobrowseException error);
  }

  /** Starts a call's span ({@code tokenRequest}: a token fetch). */
  Call call(String operation, boolean tokenRequest);

  /** {@code task} run in the current trace context (a token fetch on the loader thread). */
  Runnable propagate(Runnable task);

  /** Does nothing: no OpenTelemetry on the classpath, or none wanted. */
  Telemetry NONE =
      new Telemetry() {
        private final Attempt attempt = (status, requestId, error) -> {};
        private final Call call =
            new Call() {
              @Override
              public Attempt attempt(
                  int number, String method, String url, Map<String, String> headers) {
                return attempt;
              }

              @Override
              public void end(int attempts, String requestId, Throwable error) {}
            };

        @Override
        public Call call(String operation, boolean tokenRequest) {
          return call;
        }

        @Override
        public Runnable propagate(Runnable task) {
          return task;
        }

        @Override
        public String toString() {
          return "none";
        }
      };

  /** The OpenTelemetry API's class that tells whether it is on the classpath. */
  String API_CLASS = "io.opentelemetry.api.OpenTelemetry";

  /** The implementation, in sdk/src/otel/java. */
  String OTEL_CLASS = "cec.cobrowse.sdk.OtelTelemetry";

  /**
   * The telemetry of a client: OpenTelemetry when its API is on the classpath ({@code
   * openTelemetry}: an {@code io.opentelemetry.api.OpenTelemetry}, or null for the global one once
   * the application has set it), else {@link #NONE}. A failure to set it up is logged and leaves
   * {@link #NONE}; an {@code openTelemetry} of another type is the caller's mistake.
   */
  static Telemetry create(Object openTelemetry, Log log) {
    ClassLoader loader = Telemetry.class.getClassLoader();
    try {
      Class.forName(API_CLASS, false, loader);
    } catch (ClassNotFoundException | LinkageError absent) {
      if (openTelemetry != null)
        throw new ConfigurationException(
            "openTelemetry",
            "was given, but the OpenTelemetry API (io.opentelemetry:opentelemetry-api) is not on the classpath");
      return NONE;
    }
    if (openTelemetry != null && !classNamed(openTelemetry.getClass(), API_CLASS)) {
      throw new ConfigurationException(
          "openTelemetry",
          "must be an " + API_CLASS + ", got " + openTelemetry.getClass().getName());
    }
    try {
      return (Telemetry)
          Class.forName(OTEL_CLASS, true, loader)
              .getDeclaredConstructor(Object.class)
              .newInstance(openTelemetry);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      log.warn(
          () -> "OpenTelemetry is on the classpath but could not be used (" + e + "); no spans");
      return NONE;
    }
  }

  /** Whether {@code type} is or implements the interface named {@code name}. */
  private static boolean classNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) return true;
      for (Class<?> i : c.getInterfaces()) if (classNamed(i, name)) return true;
    }
    return false;
  }
}
