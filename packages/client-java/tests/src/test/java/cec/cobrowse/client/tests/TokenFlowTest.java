// The generated Java client (java.net.http) against a running server: a token, then
// connection info for both sides of one room, then a 401 for a bad token. Run through
// `cobrowse-mock exec -- mvn -q -B test` (`pnpm test`), which starts the mock server on a
// free port and hands its URL and credentials over in COBROWSE_* variables.
package cec.cobrowse.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cec.cobrowse.client.ApiClient;
import cec.cobrowse.client.ApiException;
import cec.cobrowse.client.JSON;
import cec.cobrowse.client.api.AuthenticationApi;
import cec.cobrowse.client.api.CoBrowsingApi;
import cec.cobrowse.client.model.ErrorResponse;
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.GetConnectionInfoResponse;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.client.model.TokenRequest;
import cec.cobrowse.client.model.TokenResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenFlowTest {
  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      fail(name + " is not set: run these tests with `pnpm test` (cobrowse-mock exec -- mvn -q -B test),"
          + " which sets it to the mock server's");
    }
    return value;
  }

  private final String baseUrl = env("COBROWSE_BASE_URL");
  private final String appKey = env("COBROWSE_APP_KEY");
  private final String appSecret = env("COBROWSE_APP_SECRET");
  private final String tenantSpaceId = env("COBROWSE_TENANT_SPACE_ID");

  private ApiClient client() {
    // The default java.net.http client (HTTP/2, offering `Upgrade: h2c` to a cleartext server).
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl);
    return client;
  }

  /** The native library has no auth settings: a request interceptor adds the three headers. */
  private CoBrowsingApi coBrowsing(String accessToken) {
    ApiClient client = client();
    client.setRequestInterceptor(request -> request
        .header("Authorization", "Bearer " + accessToken)
        .header("x-app-key", appKey)
        .header("X-TenantSpaceID", tenantSpaceId));
    return new CoBrowsingApi(client);
  }

  private String token() throws ApiException {
    TokenResponse answer = new AuthenticationApi(client())
        .tokenByAkSk(new TokenRequest().appKey(appKey).appSecret(appSecret), 600);
    assertEquals(TokenResponse.ApplyTypeEnum.BEARER, answer.getApplyType());
    assertFalse(answer.getAccessToken().isEmpty(), "AccessToken is empty");
    assertEquals("600", answer.getExpires());
    assertTrue(answer.getCreateTime().matches("[0-9]+"), "CreateTime is not Unix seconds");
    return answer.getAccessToken();
  }

  @Test
  void tokenThenConnectionInfoForBothRoles() throws ApiException {
    CoBrowsingApi api = coBrowsing(token());
    String roomId = "java-" + UUID.randomUUID();

    GetConnectionInfoResponse customer = api.getConnectionInfo(new GetConnectionInfoRequest()
        .roomId(roomId).role(Role.RECORDER).userId("customer-42").userName("Alex Doe"));
    GetConnectionInfoResponse agent = api.getConnectionInfo(new GetConnectionInfoRequest()
        .roomId(roomId).role(Role.REPLAYER).workNo("667"));

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
    ApiException error = assertThrows(ApiException.class, () -> api.getConnectionInfo(
        new GetConnectionInfoRequest().roomId("room-401").role(Role.REPLAYER)));

    assertEquals(401, error.getCode());
    ErrorResponse body = new JSON().getMapper().readValue(error.getResponseBody(), ErrorResponse.class);
    assertEquals(Boolean.FALSE, body.getSuccess());
    assertEquals(40100, body.getErrorCode());
    assertTrue(body.getErrorReason().toLowerCase().contains("authorization"), "errorReason does not name the header");
  }

  @Test
  void wrongAppSecretIsA401() {
    ApiException error = assertThrows(ApiException.class, () -> new AuthenticationApi(client())
        .tokenByAkSk(new TokenRequest().appKey(appKey).appSecret(appSecret + "-wrong"), null));
    assertEquals(401, error.getCode());
  }
}
