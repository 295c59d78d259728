package cec.cobrowse.sdk;

import cec.cobrowse.client.model.ConnectionInfo;
import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.TokenResponse;
import cec.cobrowse.sdk.generated.SpecValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway on 127.0.0.1:0 for the layer's unit tests: it records every request (path, headers,
 * body) and answers the room operation by a script of statuses (then 200s). Every answer carries a
 * request id; every error answer echoes the token the attempt sent and the app secret, in its body
 * and a header, so that the redaction tests have something to find.
 */
final class ScriptedGateway implements AutoCloseable {
  static final String SECRET = "app-secret-of-the-scripted-gateway";
  static final String APP_KEY = "app-key-of-the-scripted-gateway";
  static final String TENANT = "tenant-of-the-scripted-gateway";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as it arrived. */
  static final class Seen {
    final String operation;
    final Map<String, List<String>> headers; // by lower-case name
    final JsonNode body;

    Seen(String operation, Map<String, List<String>> headers, JsonNode body) {
      this.operation = operation;
      this.headers = headers;
      this.body = body;
    }

    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    String token() {
      String auth = header(SpecValues.AUTHORIZATION_HEADER);
      return auth == null ? null : auth.substring(SpecValues.BEARER_PREFIX.length());
    }

    @Override
    public String toString() {
      return operation + " " + headers + " " + body;
    }
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final Deque<Integer> infoScript = new ArrayDeque<>();
  private final Deque<Integer> tokenScript = new ArrayDeque<>();
  private final List<String> tokens = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger requestIds = new AtomicInteger();

  ScriptedGateway() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(pool);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            boolean tokenRequest =
                ex.getRequestURI().getPath().endsWith(SpecValues.TOKEN_OPERATION);
            Seen s =
                new Seen(
                    tokenRequest ? SpecValues.TOKEN_OPERATION : SpecValues.INFO_OPERATION,
                    headers,
                    in.length == 0 ? null : JSON.readTree(in));
            seen.add(s);
            Integer status;
            synchronized (this) {
              status = (tokenRequest ? tokenScript : infoScript).poll();
            }
            answer(ex, status == null ? 200 : status, s, tokenRequest);
          } catch (IOException e) {
            // the client went away
          }
        });
    server.start();
  }

  private void answer(
      com.sun.net.httpserver.HttpExchange ex, int status, Seen s, boolean tokenRequest)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    if (status == 200 && tokenRequest) {
      String token = "token-" + (tokens.size() + 1) + "-of-the-scripted-gateway";
      tokens.add(token);
      body.put(TokenResponse.JSON_PROPERTY_ACCESS_TOKEN, token)
          .put(TokenResponse.JSON_PROPERTY_APPLY_TYPE, "Bearer")
          .put(
              TokenResponse.JSON_PROPERTY_CREATE_TIME,
              String.valueOf(System.currentTimeMillis() / 1000))
          .put(TokenResponse.JSON_PROPERTY_EXPIRES, "600");
    } else if (status == 200) {
      String room =
          s.body
              .path(GetConnectionInfoRequest.JSON_PROPERTY_ROOM_ID)
              .asText("room-made-by-the-gateway");
      body.put("success", true)
          .putNull("errorCode")
          .putNull("errorReason")
          .putObject("data")
          .put(ConnectionInfo.JSON_PROPERTY_ROOM_ID, room)
          .put(ConnectionInfo.JSON_PROPERTY_WSS_URL, "wss://10.0.0.8/ws/" + room)
          .put(ConnectionInfo.JSON_PROPERTY_WSS_URL_OUT, "wss://cobrowse.example/ws/" + room)
          .put(ConnectionInfo.JSON_PROPERTY_CONNECT_PARAM, "connect-param-of-" + room);
    } else {
      // A careless gateway: the secret and the token the attempt sent, echoed.
      String echoed = "refused " + s.token() + " (secret " + SECRET + ")";
      body.put("success", false).put("errorCode", status * 100).put("errorReason", echoed);
      ex.getResponseHeaders().add("X-Echo", echoed);
      if (status == 503 || status == 429)
        ex.getResponseHeaders().add(SpecValues.RETRY_AFTER_HEADER, "0");
    }
    byte[] out = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.getResponseHeaders()
        .add(SpecValues.REQUEST_ID_HEADER, "req-" + requestIds.incrementAndGet());
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
  }

  /** The next answers of the room operation (then 200s). */
  synchronized ScriptedGateway info(Integer... statuses) {
    infoScript.addAll(List.of(statuses));
    return this;
  }

  /** The next answers of the token request (then 200s). */
  synchronized ScriptedGateway token(Integer... statuses) {
    tokenScript.addAll(List.of(statuses));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A builder for this gateway, without backoff. */
  CobrowseClient.Builder client() {
    return CobrowseClient.builder()
        .baseUrl(url())
        .appKey(APP_KEY)
        .appSecret(SECRET)
        .tenantSpaceId(TENANT)
        .retryBaseDelay(java.time.Duration.ZERO)
        .retryMaxDelay(java.time.Duration.ZERO);
  }

  /** Every request so far, in order of arrival. */
  List<Seen> seen() {
    synchronized (seen) {
      return new ArrayList<>(seen);
    }
  }

  /** The requests of one operation. */
  List<Seen> seen(String operation) {
    List<Seen> out = new ArrayList<>();
    for (Seen s : seen()) if (s.operation.equals(operation)) out.add(s);
    return out;
  }

  /** Every token issued so far. */
  List<String> tokens() {
    synchronized (tokens) {
      return new ArrayList<>(tokens);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
