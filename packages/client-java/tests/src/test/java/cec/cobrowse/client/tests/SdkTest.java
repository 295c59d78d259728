package cec.cobrowse.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.client.model.TokenRequest;
import cec.cobrowse.sdk.AuthenticationException;
import cec.cobrowse.sdk.CobrowseApiException;
import cec.cobrowse.sdk.CobrowseClient;
import cec.cobrowse.sdk.CobrowseException;
import cec.cobrowse.sdk.ConfigurationException;
import cec.cobrowse.sdk.ConnectionInfoResult;
import cec.cobrowse.sdk.ValidationException;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java layer's own promises beyond the shared scenarios: environment, exceptions, redaction.
 */
class SdkTest {
  private static final String SECRET = System.getenv("COBROWSE_APP_SECRET");

  @Test
  void fromEnvNamesAMissingVariable() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("COBROWSE_TENANT_SPACE_ID");
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> CobrowseClient.fromEnv(env).build());
    assertEquals("COBROWSE_TENANT_SPACE_ID", e.field());
    assertEquals(
        "tenantSpaceId",
        assertThrows(
                ConfigurationException.class,
                () ->
                    CobrowseClient.builder()
                        .baseUrl("https://x.example")
                        .appKey("k")
                        .appSecret("s")
                        .build())
            .field());
  }

  @Test
  void plainHttpIsRefusedOffLoopbackUnlessAllowed() {
    CobrowseClient.Builder b =
        CobrowseClient.builder()
            .baseUrl("http://cobrowse.example.invalid")
            .appKey("k")
            .appSecret("s")
            .tenantSpaceId("t");
    assertThrows(ConfigurationException.class, b::build);
    b.allowInsecureHttp(true).build();
    CobrowseClient.builder()
        .baseUrl("http://[::1]:8080")
        .appKey("k")
        .appSecret("s")
        .tenantSpaceId("t")
        .build();
  }

  @Test
  void exceptionsAreTypedAndUnchecked() {
    CobrowseClient wrong = CobrowseClient.fromEnv().appSecret("wrong-secret-3b7e").build();
    AuthenticationException e =
        assertThrows(
            AuthenticationException.class,
            () -> wrong.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER)));
    assertTrue(
        e instanceof CobrowseApiException
            && e instanceof CobrowseException
            && e instanceof RuntimeException);
    assertEquals(401, e.status());
    assertTrue(e.requestId().isPresent());
    assertFalse(e.toString().contains("wrong-secret-3b7e"));
    assertEquals(
        "role",
        assertThrows(ValidationException.class, () -> CobrowseClient.role("agent")).field());
    assertThrows(
        ValidationException.class, () -> wrong.getConnectionInfo(new GetConnectionInfoRequest()));
    // The spec's pattern of roomId, checked before sending.
    assertEquals(
        "roomId",
        assertThrows(
                ValidationException.class,
                () ->
                    wrong.getConnectionInfo(
                        new GetConnectionInfoRequest()
                            .role(Role.RECORDER)
                            .roomId("room\tid") /* a control character: the spec refuses it */))
            .field());
  }

  @Test
  void noSecretOrTokenInLogsOrStrings() {
    try (LogCapture log = LogCapture.start()) {
      CobrowseClient client = CobrowseClient.fromEnv().build();
      ConnectionInfoResult r =
          client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      String token = client.getToken();
      String lines = String.join("\n", log.lines());
      String shown = lines + client + CobrowseClient.fromEnv() + r;
      assertTrue(lines.contains("token issued"), lines);
      assertFalse(shown.contains(SECRET));
      assertFalse(shown.contains(token));
      assertFalse(shown.contains(r.data().getConnectParam()));
    }
  }

  @Test
  void maxResponseBytesIsChecked() {
    assertEquals(
        "maxResponseBytes",
        assertThrows(
                ConfigurationException.class,
                () -> CobrowseClient.fromEnv().maxResponseBytes(0).build())
            .field());
    CobrowseClient.fromEnv().maxResponseBytes(1).build();
  }

  @Test
  void theEscapeHatchSendsThroughTheBoundedTransport() {
    HttpClient http = CobrowseClient.fromEnv().build().raw().getHttpClient();
    assertEquals(HttpClient.Redirect.NEVER, http.followRedirects());
  }

  @Test
  void theGeneratedTokenRequestMasksTheSecret() {
    assertFalse(
        new TokenRequest()
            .appKey("k")
            .appSecret("s3cr3t-in-toString")
            .toString()
            .contains("s3cr3t-in-toString"));
  }
}
