// The mock server the tests run against: `cobrowse-mock exec -- mvn -q -B test` (`pnpm test`)
// starts it on a free port and hands its URL and credentials over in COBROWSE_* variables. Also
// the generated client's token flow against it, which the tests share.
package cec.cobrowse.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cec.cobrowse.client.ApiClient;
import cec.cobrowse.client.ApiException;
import cec.cobrowse.client.api.AuthenticationApi;
import cec.cobrowse.client.api.CoBrowsingApi;
import cec.cobrowse.client.model.TokenRequest;
import cec.cobrowse.client.model.TokenResponse;

final class MockServer {
  private MockServer() {}

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      fail(
          name
              + " is not set: run these tests with `pnpm test` (cobrowse-mock exec -- mvn -q -B test),"
              + " which sets it to the mock server's");
    }
    return value;
  }

  static String appKey() {
    return env("COBROWSE_APP_KEY");
  }

  static String appSecret() {
    return env("COBROWSE_APP_SECRET");
  }

  static ApiClient client() {
    // The default java.net.http client (HTTP/2, offering `Upgrade: h2c` to a cleartext server).
    ApiClient client = new ApiClient();
    client.updateBaseUri(env("COBROWSE_BASE_URL"));
    return client;
  }

  /** The native library has no auth settings: a request interceptor adds the three headers. */
  static CoBrowsingApi coBrowsing(String accessToken) {
    ApiClient client = client();
    String appKey = appKey();
    String tenantSpaceId = env("COBROWSE_TENANT_SPACE_ID");
    client.setRequestInterceptor(
        request ->
            request
                .header("Authorization", "Bearer " + accessToken)
                .header("x-app-key", appKey)
                .header("X-TenantSpaceID", tenantSpaceId));
    return new CoBrowsingApi(client);
  }

  /** A token from tokenByAkSk (600 s), its answer checked. */
  static String token() throws ApiException {
    TokenResponse answer =
        new AuthenticationApi(client())
            .tokenByAkSk(new TokenRequest().appKey(appKey()).appSecret(appSecret()), 600);
    assertEquals(TokenResponse.ApplyTypeEnum.BEARER, answer.getApplyType());
    assertFalse(answer.getAccessToken().isEmpty(), "AccessToken is empty");
    assertEquals("600", answer.getExpires());
    assertTrue(answer.getCreateTime().matches("[0-9]+"), "CreateTime is not Unix seconds");
    return answer.getAccessToken();
  }
}
