package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.generated.SpecValues;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * getConnectionInfo sends the caller's generated model as it is (issue 18): every property it
 * holds, the ones this layer names nowhere included, with the room named on a copy when absent.
 */
class RequestBodyTest {
  /**
   * The model as a regenerated client has it after the spec gains an optional property: one
   * property more than this layer names anywhere (the spec-evolution test does the same with a
   * model regenerated from a copy of the spec).
   */
  static final class WithLocale extends GetConnectionInfoRequest {
    private final String locale;

    WithLocale(String locale) {
      this.locale = locale;
    }

    @JsonProperty("locale")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String getLocale() {
      return locale;
    }
  }

  @Test
  void aPropertyTheLayerDoesNotNameIsSent() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway()) {
      CobrowseClient client = gateway.client().build();
      GetConnectionInfoRequest request =
          new WithLocale("en-GB")
              .role(Role.REPLAYER)
              .userId("agent-7")
              .userName("Sam")
              .workNo("667");
      client.getConnectionInfo(request);
      JsonNode body = gateway.seen(SpecValues.INFO_OPERATION).get(0).body;
      assertEquals(
          "en-GB",
          body.path("locale").asText(null),
          "the property the layer does not know reached the server: " + body);
      assertEquals("replayer", body.path("role").asText(null));
      assertEquals("agent-7", body.path("userId").asText(null));
      assertEquals("Sam", body.path("userName").asText(null));
      assertEquals("667", body.path("workNo").asText(null));
      assertTrue(
          body.path(GetConnectionInfoRequest.JSON_PROPERTY_ROOM_ID).isTextual(),
          "the room is named: " + body);
    }
  }

  @Test
  void theRoomIsNamedOnACopyAndKeptAcrossAttempts() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway().info(503)) {
      CobrowseClient client = gateway.client().build();
      GetConnectionInfoRequest request =
          new GetConnectionInfoRequest().role(Role.RECORDER).userId("customer-1");
      String before = request.toString();
      ConnectionInfoResult r = client.getConnectionInfo(request);
      assertNull(request.getRoomId(), "the caller's object is not changed");
      assertEquals(before, request.toString());
      List<ScriptedGateway.Seen> sent = gateway.seen(SpecValues.INFO_OPERATION);
      assertEquals(2, sent.size());
      String room = sent.get(0).body.path(GetConnectionInfoRequest.JSON_PROPERTY_ROOM_ID).asText();
      assertTrue(
          room.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), room);
      assertEquals(
          sent.get(0).body, sent.get(1).body, "the retry sends the same body, the same room");
      assertEquals(room, r.data().getRoomId());
    }
  }

  @Test
  void aRoomTheCallerNamedIsSentAsItIs() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway()) {
      gateway
          .client()
          .build()
          .getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER).roomId("room-42"));
      assertEquals(
          "room-42",
          gateway
              .seen(SpecValues.INFO_OPERATION)
              .get(0)
              .body
              .path(GetConnectionInfoRequest.JSON_PROPERTY_ROOM_ID)
              .asText());
    }
  }

  @Test
  void theChecksSeeWhatIsSent() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway()) {
      CobrowseClient client = gateway.client().build();
      ValidationException e =
          assertThrows(
              ValidationException.class,
              () ->
                  client.getConnectionInfo(new WithLocale("en-GB").role(Role.RECORDER).userId("")));
      assertEquals("userId", e.field());
      assertEquals(0, gateway.seen().size(), "nothing sent");
    }
  }
}
