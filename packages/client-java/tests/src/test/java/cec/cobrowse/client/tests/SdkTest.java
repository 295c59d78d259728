package cec.cobrowse.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.client.model.TokenRequest;
import cec.cobrowse.sdk.CobrowseApiException;
import cec.cobrowse.sdk.AuthenticationException;
import cec.cobrowse.sdk.CobrowseClient;
import cec.cobrowse.sdk.CobrowseException;
import cec.cobrowse.sdk.ConfigurationException;
import cec.cobrowse.sdk.ConnectionInfoResult;
import cec.cobrowse.sdk.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The Java layer's own promises beyond the shared scenarios: environment, exceptions, redaction. */
class SdkTest {
  private static final String SECRET = System.getenv("COBROWSE_APP_SECRET");

  @Test
  void fromEnvNamesAMissingVariable() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("COBROWSE_TENANT_SPACE_ID");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> CobrowseClient.fromEnv(env).build());
    assertEquals("COBROWSE_TENANT_SPACE_ID", e.field());
    assertEquals("tenantSpaceId", assertThrows(ConfigurationException.class, () -> CobrowseClient.builder().baseUrl("https://x.example").appKey("k").appSecret("s").build()).field());
  }

  @Test
  void plainHttpIsRefusedOffLoopbackUnlessAllowed() {
    CobrowseClient.Builder b = CobrowseClient.builder().baseUrl("http://cobrowse.example.invalid").appKey("k").appSecret("s").tenantSpaceId("t");
    assertThrows(ConfigurationException.class, b::build);
    b.allowInsecureHttp(true).build();
    CobrowseClient.builder().baseUrl("http://[::1]:8080").appKey("k").appSecret("s").tenantSpaceId("t").build();
  }

  @Test
  void exceptionsAreTypedAndUnchecked() {
    CobrowseClient wrong = CobrowseClient.fromEnv().appSecret("wrong-secret-3b7e").build();
    AuthenticationException e = assertThrows(AuthenticationException.class, () -> wrong.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER)));
    assertTrue(e instanceof CobrowseApiException && e instanceof CobrowseException && e instanceof RuntimeException);
    assertEquals(401, e.status());
    assertTrue(e.requestId().isPresent());
    assertFalse(e.toString().contains("wrong-secret-3b7e"));
    assertEquals("role", assertThrows(ValidationException.class, () -> CobrowseClient.role("agent")).field());
    assertThrows(ValidationException.class, () -> wrong.getConnectionInfo(new GetConnectionInfoRequest()));
    // The spec's pattern of roomId, checked before sending.
    assertEquals("roomId", assertThrows(ValidationException.class, () -> wrong.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER).roomId("room\tid") /* a control character: the spec refuses it */)).field());
  }

  @Test
  void noSecretOrTokenInLogsOrStrings() {
    Logger jul = Logger.getLogger("cec.cobrowse.sdk");
    List<String> lines = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        lines.add(new java.util.logging.SimpleFormatter().formatMessage(r));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level before = jul.getLevel();
    jul.setLevel(Level.ALL);
    jul.addHandler(handler);
    try {
      CobrowseClient client = CobrowseClient.fromEnv().build();
      ConnectionInfoResult r = client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      String token = client.getToken();
      String shown = String.join("\n", lines) + client + CobrowseClient.fromEnv() + r;
      assertTrue(String.join("\n", lines).contains("token issued"), lines.toString());
      assertFalse(shown.contains(SECRET));
      assertFalse(shown.contains(token));
      assertFalse(shown.contains(r.data().getConnectParam()));
    } finally {
      jul.removeHandler(handler);
      jul.setLevel(before);
    }
  }

  @Test
  void theGeneratedTokenRequestMasksTheSecret() {
    assertFalse(new TokenRequest().appKey("k").appSecret("s3cr3t-in-toString").toString().contains("s3cr3t-in-toString"));
  }
}
