// The generated Java client (java.net.http) against a running server: a token, then
// connection info for both sides of one room, then a 401 for a bad token. Run through
// `cobrowse-mock exec -- mvn -q -B test` (`pnpm test`), which starts the mock server on a
// free port and hands its URL and credentials over in COBROWSE_* variables.
package cec.cobrowse.client.tests;

import static cec.cobrowse.client.tests.MockServer.appKey;
import static cec.cobrowse.client.tests.MockServer.appSecret;
import static cec.cobrowse.client.tests.MockServer.client;
import static cec.cobrowse.client.tests.MockServer.coBrowsing;
import static cec.cobrowse.client.tests.MockServer.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.ApiException;
import cec.cobrowse.client.JSON;
import cec.cobrowse.client.api.AuthenticationApi;
import cec.cobrowse.client.api.CoBrowsingApi;
import cec.cobrowse.client.model.ErrorResponse;
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.GetConnectionInfoResponse;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.client.model.TokenRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenFlowTest {
  @Test
  void tokenThenConnectionInfoForBothRoles() throws ApiException {
    CoBrowsingApi api = coBrowsing(token());
    String roomId = "java-" + UUID.randomUUID();

    GetConnectionInfoResponse customer =
        api.getConnectionInfo(
            new GetConnectionInfoRequest()
                .roomId(roomId)
                .role(Role.RECORDER)
                .userId("customer-42")
                .userName("Alex Doe"));
    GetConnectionInfoResponse agent =
        api.getConnectionInfo(
            new GetConnectionInfoRequest().roomId(roomId).role(Role.REPLAYER).workNo("667"));

    for (GetConnectionInfoResponse answer : new GetConnectionInfoResponse[] {customer, agent}) {
      assertEquals(Boolean.TRUE, answer.getSuccess());
      assertNull(answer.getErrorCode());
      assertNull(answer.getErrorReason());
      assertNotNull(answer.getData(), "data is missing");
      assertEquals(roomId, answer.getData().getRoomId());
      assertNotNull(answer.getData().getWssUrl(), "wssUrl is missing");
      String scheme = answer.getData().getWssUrl().getScheme();
      assertTrue("ws".equals(scheme) || "wss".equals(scheme), "wssUrl is not a ws(s) URL");
      assertNotNull(answer.getData().getWssUrl().getHost(), "wssUrl has no host");
      assertNotNull(answer.getData().getConnectParam(), "connectParam is missing");
    }
    assertNotEquals(customer.getData().getConnectParam(), agent.getData().getConnectParam());
  }

  @Test
  void badTokenIsA401ApiException() throws Exception {
    CoBrowsingApi api = coBrowsing("not-a-token-the-server-issued");
    ApiException error =
        assertThrows(
            ApiException.class,
            () ->
                api.getConnectionInfo(
                    new GetConnectionInfoRequest().roomId("room-401").role(Role.REPLAYER)));

    assertEquals(401, error.getCode());
    ErrorResponse body =
        new JSON().getMapper().readValue(error.getResponseBody(), ErrorResponse.class);
    assertEquals(Boolean.FALSE, body.getSuccess());
    assertEquals(40100, body.getErrorCode());
    assertTrue(
        body.getErrorReason().toLowerCase().contains("authorization"),
        "errorReason does not name the header");
  }

  @Test
  void wrongAppSecretIsA401() {
    ApiException error =
        assertThrows(
            ApiException.class,
            () ->
                new AuthenticationApi(client())
                    .tokenByAkSk(
                        new TokenRequest().appKey(appKey()).appSecret(appSecret() + "-wrong"),
                        null));
    assertEquals(401, error.getCode());
  }
}
