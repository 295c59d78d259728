package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.api.CoBrowsingApi;
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.generated.SpecValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The identification and attempt headers on every request (issue 22, item 1), the token request's
 * included.
 */
class IdentificationTest {
  /** The SDK's version as its pom says (the release's version step writes it there). */
  private static String pomVersion() throws Exception {
    String pom = Files.readString(Path.of("..", "sdk", "pom.xml"));
    Matcher m =
        Pattern.compile("<artifactId>cec-cobrowse-sdk</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertTrue(m.find(), "the sdk pom names its version");
    return m.group(1);
  }

  private static List<String> values(List<ScriptedGateway.Seen> seen, String header) {
    List<String> out = new ArrayList<>();
    for (ScriptedGateway.Seen s : seen) out.add(s.header(header));
    return out;
  }

  @Test
  void everyAttemptCarriesTheUserAgentAndItsNumber() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway().token(503).info(503, 401)) {
      CobrowseClient client = gateway.client().build();
      client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      String expected =
          SpecValues.USER_AGENT_PRODUCT_PREFIX
              + "java/"
              + pomVersion()
              + " Java/"
              + System.getProperty("java.version")
              + " ";
      assertEquals(client.userAgent(), gateway.seen().get(0).header(SpecValues.USER_AGENT_HEADER));
      assertTrue(client.userAgent().startsWith(expected), client.userAgent());
      assertTrue(
          client
              .userAgent()
              .matches("^cec-cobrowse-java/\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)? Java/\\S+ \\S+$"),
          client.userAgent());
      for (ScriptedGateway.Seen s : gateway.seen())
        assertEquals(client.userAgent(), s.header(SpecValues.USER_AGENT_HEADER), s.toString());
      // The token request (503, then 200), the call (503, 401), the replay's token request, the
      // replay.
      assertEquals(
          List.of("1", "2", "1"),
          values(gateway.seen(SpecValues.TOKEN_OPERATION), SpecValues.ATTEMPT_HEADER));
      assertEquals(
          List.of("1", "2", "3"),
          values(gateway.seen(SpecValues.INFO_OPERATION), SpecValues.ATTEMPT_HEADER));
    }
  }

  @Test
  void aCallersProductTokenEndsTheUserAgent() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway()) {
      CobrowseClient client = gateway.client().userAgentSuffix("acme-contact-center/4.2").build();
      client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      for (ScriptedGateway.Seen s : gateway.seen())
        assertTrue(
            s.header(SpecValues.USER_AGENT_HEADER).endsWith(" acme-contact-center/4.2"),
            s.toString());
    }
  }

  @Test
  void aSuffixThatWouldInjectAHeaderIsRefused() {
    for (String bad :
        new String[] {"acme/1.0\r\nX-Injected: yes", "acme/1.0\u0000", "   ", "café/1"}) {
      ConfigurationException e =
          assertThrows(
              ConfigurationException.class,
              () ->
                  CobrowseClient.builder()
                      .baseUrl("https://gateway.example")
                      .appKey("k")
                      .appSecret("s")
                      .tenantSpaceId("t")
                      .userAgentSuffix(bad)
                      .build());
      assertEquals("userAgentSuffix", e.field());
    }
  }

  @Test
  void theEscapeHatchIsIdentifiedToo() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway()) {
      CobrowseClient client = gateway.client().build();
      String token = client.getToken();
      new CoBrowsingApi(client.raw())
          .getConnectionInfo(
              new GetConnectionInfoRequest().role(Role.RECORDER).roomId("room-raw"),
              Map.of(
                  SpecValues.AUTHORIZATION_HEADER,
                  SpecValues.BEARER_PREFIX + token,
                  SpecValues.APP_KEY_HEADER,
                  ScriptedGateway.APP_KEY,
                  SpecValues.TENANT_HEADER,
                  ScriptedGateway.TENANT));
      ScriptedGateway.Seen raw = gateway.seen(SpecValues.INFO_OPERATION).get(0);
      assertEquals(client.userAgent(), raw.header(SpecValues.USER_AGENT_HEADER));
      assertNull(
          raw.header(SpecValues.ATTEMPT_HEADER), "the escape hatch has no attempts to number");
    }
  }

  @Test
  void theOperatingSystemIsOneToken() {
    assertEquals("Linux", Identification.os("Linux"));
    assertEquals("Darwin", Identification.os("Mac OS X"));
    assertEquals("Windows", Identification.os("Windows 11"));
    assertEquals("FreeBSD", Identification.os("FreeBSD"));
    assertEquals("17.0.13", Identification.token("17.0.13"));
  }
}
