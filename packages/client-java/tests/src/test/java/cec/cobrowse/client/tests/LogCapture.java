package cec.cobrowse.client.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every line the SDK logs (System.Logger "cec.cobrowse.sdk", through java.util.logging) while open,
 * at every level: the redaction tests and the judge read them.
 */
final class LogCapture extends Handler implements AutoCloseable {
  // Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level.
  private static final Logger SDK = Logger.getLogger("cec.cobrowse.sdk");
  private final SimpleFormatter format = new SimpleFormatter();
  private final List<String> lines = new ArrayList<>();
  private final Level before;

  private LogCapture() {
    before = SDK.getLevel();
    setLevel(Level.ALL);
    SDK.setLevel(Level.ALL);
    SDK.addHandler(this);
  }

  static LogCapture start() {
    return new LogCapture();
  }

  @Override
  public synchronized void publish(LogRecord r) {
    lines.add(format.format(r));
  }

  /** The lines so far. */
  synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    SDK.removeHandler(this);
    SDK.setLevel(before);
  }
}
