// The vendor's own example, as its reference page shows it, through the generated Java client:
// the request {"roomId":"10***04","workNo":"667","role":"replayer"} is built and sent to the
// mock server (its answer echoes the room id), and the vendor's example answer parses.
package cec.cobrowse.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.JSON;
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.GetConnectionInfoResponse;
import cec.cobrowse.client.model.Role;
import org.junit.jupiter.api.Test;

class VendorExampleTest {
  private static final String VENDOR_ANSWER =
      "{\"success\":true,\"data\":{\"roomId\":\"10***04\",\"wssUrl\":\"wss://IP:PORT/ws/cobrowse/1\","
          + "\"wssUrlOut\":\"wss://IP:PORT/ws/cobrowse/1\",\"connectParam\":\"****\"},\"errorCode\":null,\"errorReason\":null}";

  @Test
  void theVendorsExampleRequestIsBuiltSentAndAnswered() throws Exception {
    GetConnectionInfoRequest example =
        new GetConnectionInfoRequest().roomId("10***04").workNo("667").role(Role.REPLAYER);
    assertEquals(
        "{\"roomId\":\"10***04\",\"workNo\":\"667\",\"role\":\"replayer\"}",
        new JSON().getMapper().writeValueAsString(example));
    GetConnectionInfoResponse answer =
        MockServer.coBrowsing(MockServer.token()).getConnectionInfo(example);
    assertEquals(Boolean.TRUE, answer.getSuccess());
    assertEquals("10***04", answer.getData().getRoomId());
    assertTrue(
        answer.getData().getWssUrl().getRawPath().endsWith("/ws/cobrowse/10***04"),
        "wssUrl's path ends with the room id");
  }

  @Test
  void theVendorsExampleAnswerParses() throws Exception {
    GetConnectionInfoResponse answer =
        new JSON().getMapper().readValue(VENDOR_ANSWER, GetConnectionInfoResponse.class);
    assertEquals(Boolean.TRUE, answer.getSuccess());
    assertEquals("10***04", answer.getData().getRoomId());
    assertNotNull(answer.getData().getWssUrl());
    assertEquals("****", answer.getData().getConnectParam());
    assertNull(answer.getErrorCode());
    assertNull(answer.getErrorReason());
  }
}
