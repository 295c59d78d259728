package cec.cobrowse.sdk;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The layer's log: {@code System.Logger} "cec.cobrowse.sdk", behind the threshold that COBROWSE_LOG
 * (or {@link CobrowseClient.Builder#logLevel}) sets. A line below the threshold is never built; one
 * at or above it goes to the System.Logger, whose backend (java.util.logging by default, or SLF4J /
 * Log4j through their System.LoggerFinder bridges) decides what to print. Without a threshold,
 * every line goes to the backend, as before COBROWSE_LOG existed. Callers hand in lines already
 * scrubbed.
 */
final class Log {
  /** The variable that sets the threshold. */
  static final String VARIABLE = "COBROWSE_LOG";

  private static final System.Logger LOGGER = System.getLogger(Defaults.LOGGER);

  /** Every line to the backend (no COBROWSE_LOG). */
  static final Log ALL = new Log(null);

  private final Level threshold; // null: none of ours

  private Log(Level threshold) {
    this.threshold = threshold;
  }

  /**
   * The threshold a value of COBROWSE_LOG names: {@code debug} → DEBUG, {@code info} → INFO, {@code
   * warn} → WARNING, {@code off} → OFF (nothing); null or empty: no threshold. Anything else: null
   * (the caller names the variable in its error).
   */
  static Level parse(String value) {
    if (value == null) return null;
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "debug":
        return Level.DEBUG;
      case "info":
        return Level.INFO;
      case "warn":
        return Level.WARNING;
      case "off":
        return Level.OFF;
      default:
        return null;
    }
  }

  /** Whether {@code value} is one COBROWSE_LOG takes (empty: unset). */
  static boolean valid(String value) {
    return value == null || value.trim().isEmpty() || parse(value) != null;
  }

  /** A log with {@code threshold} (null: every line to the backend). */
  static Log at(Level threshold) {
    if (threshold == null) return ALL;
    Log log = new Log(threshold);
    JulDefaults.apply(threshold);
    return log;
  }

  /** The threshold, or null when the backend alone decides. */
  Level threshold() {
    return threshold;
  }

  boolean enabled(Level level) {
    if (threshold != null
        && (threshold == Level.OFF || level.getSeverity() < threshold.getSeverity())) return false;
    return LOGGER.isLoggable(level);
  }

  void debug(Supplier<String> line) {
    log(Level.DEBUG, line);
  }

  void info(Supplier<String> line) {
    log(Level.INFO, line);
  }

  void warn(Supplier<String> line) {
    log(Level.WARNING, line);
  }

  private void log(Level level, Supplier<String> line) {
    if (enabled(level)) LOGGER.log(level, line.get());
  }

  /**
   * With the JDK's own backend (java.util.logging, no bridge installed), a threshold the user set
   * is made visible: the JUL logger "cec.cobrowse.sdk" gets the matching level (the most verbose
   * any client of the process set: JUL's level is one for all), and for {@code debug} a stderr
   * handler at FINE (JUL's default console handler prints INFO and above only). Nothing is changed
   * when a bridge is installed, or when the JUL logger already has a level or a handler that this
   * class did not set (a logging.properties that names it wins).
   */
  static final class JulDefaults {
    private JulDefaults() {}

    // Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level.
    private static java.util.logging.Logger configured;
    private static java.util.logging.ConsoleHandler stderr;

    static synchronized void apply(Level threshold) {
      if (!jdkBackend()) return;
      java.util.logging.Logger jul = java.util.logging.Logger.getLogger(Defaults.LOGGER);
      if (configured == null && (jul.getLevel() != null || jul.getHandlers().length > 0))
        return; // the application's
      java.util.logging.Level level =
          threshold == Level.DEBUG
              ? java.util.logging.Level.FINE
              : threshold == Level.INFO
                  ? java.util.logging.Level.INFO
                  : threshold == Level.WARNING
                      ? java.util.logging.Level.WARNING
                      : java.util.logging.Level.OFF;
      if (configured != null
          && jul.getLevel() != null
          && jul.getLevel().intValue() <= level.intValue()) return; // as verbose already
      jul.setLevel(level);
      if (threshold == Level.DEBUG && stderr == null) {
        stderr = new java.util.logging.ConsoleHandler();
        stderr.setLevel(level);
        jul.addHandler(stderr);
        jul.setUseParentHandlers(false); // else INFO and above print twice
      }
      configured = jul;
    }

    /** Undoes {@link #apply} (for tests). */
    static synchronized void reset() {
      if (configured == null) return;
      if (stderr != null) configured.removeHandler(stderr);
      configured.setLevel(null);
      configured.setUseParentHandlers(true);
      configured = null;
      stderr = null;
    }

    /** Whether System.Logger goes to java.util.logging through the JDK's own finder. */
    private static boolean jdkBackend() {
      try {
        return System.LoggerFinder.getLoggerFinder()
            .getClass()
            .getName()
            .startsWith("sun.util.logging.internal.");
      } catch (SecurityException | LinkageError e) {
        return false;
      }
    }
  }
}
