package cec.cobrowse.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every line the layer logs (System.Logger "cec.cobrowse.sdk", through java.util.logging) while
 * open, with its JUL level.
 */
final class LogLines extends Handler implements AutoCloseable {
  // Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level.
  private static final Logger SDK = Logger.getLogger(Defaults.LOGGER);
  private final SimpleFormatter format = new SimpleFormatter();
  private final List<String> lines = new ArrayList<>();
  private final List<Level> levels = new ArrayList<>();
  private final Level before;

  LogLines() {
    before = SDK.getLevel();
    setLevel(Level.ALL);
    SDK.setLevel(Level.ALL);
    SDK.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord r) {
    lines.add(format.format(r));
    levels.add(r.getLevel());
  }

  synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  synchronized List<Level> levels() {
    return new ArrayList<>(levels);
  }

  synchronized String text() {
    return String.join("", lines);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    SDK.removeHandler(this);
    SDK.setLevel(before);
  }
}
