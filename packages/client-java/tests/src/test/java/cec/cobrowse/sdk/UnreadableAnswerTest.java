package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.client.model.TokenResponse;
import cec.cobrowse.sdk.generated.SpecValues;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A 2xx whose gzip body does not decode is an API error with the status and request id, not a
 * retried network error.
 */
class UnreadableAnswerTest {
  @Test
  void aCorruptGzipBodyIsAnApiErrorNotRetried() throws Exception {
    AtomicInteger infoAttempts = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            byte[] body;
            // The generated client's paths end with their operation ids.
            if (ex.getRequestURI().getPath().endsWith(SpecValues.TOKEN_OPERATION)) {
              body =
                  ("{\""
                          + TokenResponse.JSON_PROPERTY_ACCESS_TOKEN
                          + "\":\"token-for-the-corrupt-gzip-test\",\""
                          + TokenResponse.JSON_PROPERTY_APPLY_TYPE
                          + "\":\"Bearer\",\""
                          + TokenResponse.JSON_PROPERTY_CREATE_TIME
                          + "\":\""
                          + System.currentTimeMillis() / 1000
                          + "\",\""
                          + TokenResponse.JSON_PROPERTY_EXPIRES
                          + "\":\"600\"}")
                      .getBytes(StandardCharsets.UTF_8);
            } else {
              infoAttempts.incrementAndGet();
              body = "this is not gzip at all".getBytes(StandardCharsets.UTF_8);
              ex.getResponseHeaders().add("Content-Encoding", "gzip");
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.getResponseHeaders().add(SpecValues.REQUEST_ID_HEADER, "req-corrupt-1");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
          }
        });
    server.start();
    try {
      CobrowseClient client =
          CobrowseClient.builder()
              .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
              .appKey("k")
              .appSecret("secret-of-the-test")
              .tenantSpaceId("t")
              .build();
      CobrowseApiException e =
          assertThrows(
              CobrowseApiException.class,
              () -> client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER)));
      assertEquals(CobrowseApiException.class, e.getClass());
      assertEquals(200, e.status());
      assertEquals("req-corrupt-1", e.requestId().orElse(null));
      assertTrue(e.errorReason().orElse("").contains("does not decode"), e.getMessage());
      assertEquals(1, infoAttempts.get(), "not retried");
    } finally {
      server.stop(0);
    }
  }
}
