package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import java.lang.System.Logger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** COBROWSE_LOG (issue 22, item 4): the layer's threshold, its lines redacted. */
class LoggingTest {
  private static Map<String, String> env(ScriptedGateway gateway, String level) {
    Map<String, String> env = new HashMap<>();
    env.put("COBROWSE_BASE_URL", gateway.url());
    env.put("COBROWSE_APP_KEY", ScriptedGateway.APP_KEY);
    env.put("COBROWSE_APP_SECRET", ScriptedGateway.SECRET);
    env.put("COBROWSE_TENANT_SPACE_ID", ScriptedGateway.TENANT);
    if (level != null) env.put("COBROWSE_LOG", level);
    return env;
  }

  /**
   * The JUL levels the layer logged at, for one call with a 503 retry, at COBROWSE_LOG={@code
   * level}.
   */
  private static List<Level> levelsAt(String level) throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway().info(503);
        LogLines log = new LogLines()) {
      CobrowseClient client =
          CobrowseClient.fromEnv(env(gateway, level))
              .retryBaseDelay(java.time.Duration.ZERO)
              .build();
      client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      return log.levels();
    }
  }

  @Test
  void theVariableSetsTheThreshold() throws Exception {
    List<Level> all = levelsAt(null);
    assertTrue(
        all.contains(Level.FINE) && all.contains(Level.INFO),
        "unset: every line goes to the backend: " + all);
    List<Level> debug = levelsAt("debug");
    assertTrue(debug.contains(Level.FINE) && debug.contains(Level.INFO), debug.toString());
    assertEquals(List.of(Level.INFO), levelsAt("info"), "the retry, at INFO");
    assertEquals(List.of(), levelsAt("warn"));
    assertEquals(List.of(), levelsAt("off"));
    assertEquals(List.of(), levelsAt(" OFF "));
  }

  @Test
  void anUnknownValueNamesTheVariable() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway()) {
      ConfigurationException e =
          assertThrows(
              ConfigurationException.class,
              () -> CobrowseClient.fromEnv(env(gateway, "verbose")).build());
      assertEquals("COBROWSE_LOG", e.field());
      assertTrue(e.getMessage().contains("debug, info, warn, off"), e.getMessage());
      assertEquals(
          "logLevel",
          assertThrows(
                  ConfigurationException.class, () -> gateway.client().logLevel("trace").build())
              .field());
      gateway.client().logLevel("warn").build();
    }
  }

  @Test
  void theMappingToSystemLoggerLevels() {
    assertEquals(Logger.Level.DEBUG, Log.parse("debug"));
    assertEquals(Logger.Level.INFO, Log.parse("info"));
    assertEquals(Logger.Level.WARNING, Log.parse("warn"));
    assertEquals(Logger.Level.OFF, Log.parse("off"));
    assertNull(Log.parse(null));
    assertTrue(Log.valid(""));
  }

  @Test
  void debugWithTheJdkBackendPrintsToStderr() {
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(Defaults.LOGGER);
    Log.JulDefaults.reset();
    assertNull(jul.getLevel(), "a logger nobody configured");
    try {
      Log.at(Logger.Level.DEBUG);
      assertEquals(Level.FINE, jul.getLevel());
      assertEquals(1, jul.getHandlers().length);
      assertTrue(jul.getHandlers()[0] instanceof ConsoleHandler);
      assertEquals(Level.FINE, jul.getHandlers()[0].getLevel());
      assertFalse(jul.getUseParentHandlers(), "INFO and above print once");
      Log.at(Logger.Level.WARNING);
      assertEquals(Level.FINE, jul.getLevel(), "the most verbose threshold of the process stays");
      assertEquals(1, jul.getHandlers().length);
    } finally {
      Log.JulDefaults.reset();
    }
    Log.at(Logger.Level.WARNING);
    assertEquals(Level.WARNING, jul.getLevel());
    assertEquals(
        0, jul.getHandlers().length, "no handler below debug: JUL's own console prints WARNING");
    Log.JulDefaults.reset();
    jul.setLevel(Level.SEVERE); // configured by the application: left as it is
    try {
      Log.at(Logger.Level.DEBUG);
      assertEquals(Level.SEVERE, jul.getLevel());
      assertEquals(0, jul.getHandlers().length);
    } finally {
      jul.setLevel(null);
      Log.JulDefaults.reset();
    }
  }

  @Test
  void noSecretOrTokenInAnyLine() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway().token(503).info(503, 401, 401);
        LogLines log = new LogLines()) {
      CobrowseClient client =
          CobrowseClient.fromEnv(env(gateway, "debug"))
              .retryBaseDelay(java.time.Duration.ZERO)
              .build();
      assertThrows(
          AuthenticationException.class,
          () -> client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER)));
      String lines = log.text();
      assertTrue(
          lines.contains("refused " + Defaults.REDACTED),
          "the echoing gateway's answers were logged, scrubbed: " + lines);
      assertTrue(lines.contains("token issued") && lines.contains("replaying once"), lines);
      assertFalse(lines.contains(ScriptedGateway.SECRET), lines);
      for (String token : gateway.tokens())
        assertFalse(lines.contains(token), token + " in " + lines);
    } finally {
      Log.JulDefaults.reset();
    }
  }
}
