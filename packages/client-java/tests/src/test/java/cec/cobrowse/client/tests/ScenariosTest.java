package cec.cobrowse.client.tests;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.sdk.ApiException;
import cec.cobrowse.sdk.CobrowseClient;
import cec.cobrowse.sdk.ConnectionInfoResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared scenarios (packages/scenarios/scenarios.json), run by the Java layer against the
 * reference mock that {@code cobrowse-mock exec} started: faults go to its control API
 * (COBROWSE_MOCK_CONTROL_URL), counts come from its request log. Results go to
 * scenario-results.json, which packages/scenarios/parity.mjs turns into the README's table.
 */
class ScenariosTest {
  private static final String LANGUAGE = "java";
  private static final Pattern UUID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Map<String, Map<String, String>> RESULTS = new TreeMap<>();
  private static byte[] raw;

  private static Path scenariosFile() {
    String p = System.getenv("COBROWSE_SCENARIOS");
    // Surefire runs in tests/: the package is its parent.
    return p != null ? Path.of(p) : Path.of("..", "..", "scenarios", "scenarios.json");
  }

  static final class Failed extends AssertionError {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  private static void same(String what, Object got, Object want) {
    if (!Objects.equals(got, want)) throw new Failed(what + ": expected " + want + ", got " + got);
  }

  private static String controlUrl() {
    String u = System.getenv("COBROWSE_MOCK_CONTROL_URL");
    return u != null ? u : System.getenv("COBROWSE_BASE_URL").replaceAll("/+$", "") + "/__mock";
  }

  private static JsonNode control(String method, String path, JsonNode body) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(controlUrl() + path)).timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    String token = System.getenv("COBROWSE_MOCK_CONTROL_TOKEN");
    if (token != null) req.header("Authorization", "Bearer " + token);
    HttpResponse<String> answer = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() >= 300) throw new IllegalStateException("control " + method + " " + path + ": HTTP " + answer.statusCode());
    return JSON.readTree(answer.body());
  }

  /** The SDK's exception names as the scenario file names them: AuthenticationException → AuthenticationError. */
  private static String className(Throwable e) {
    return e.getClass().getSimpleName().replaceAll("Exception$", "Error");
  }

  private static void checkError(Throwable e, JsonNode want, String secret) {
    same("error class", className(e), want.get("class").asText());
    ApiException api = e instanceof ApiException ? (ApiException) e : null;
    if (want.has("status")) same("error status", api == null ? null : api.status(), want.get("status").asInt());
    if (want.has("errorCode")) same("error errorCode", api == null ? null : api.errorCode().orElse(null), want.get("errorCode").asInt());
    if (want.has("errorReason")) same("error errorReason", api == null ? null : api.errorReason().orElse(null), want.get("errorReason").asText());
    if (want.has("requestId") && (api == null || api.requestId().isEmpty())) throw new Failed("the error carries no request id");
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    if (secret != null && (e.toString() + trace).contains(secret)) throw new Failed("the error shows the app secret");
  }

  private static void checkOk(ConnectionInfoResult r, JsonNode want, Map<String, ConnectionInfoResult> saved) {
    var d = r.data();
    for (String v : new String[] {d.getRoomId(), d.getWssUrl() == null ? null : d.getWssUrl().toString(), d.getWssUrlOut() == null ? null : d.getWssUrlOut().toString(), d.getConnectParam()}) {
      if (v == null || v.isEmpty()) throw new Failed("the result lacks a field: " + d);
    }
    if (want.has("roomId")) same("data.roomId", d.getRoomId(), want.get("roomId").asText());
    if (want.has("roomIdFrom")) same("data.roomId", d.getRoomId(), saved.get(want.get("roomIdFrom").asText()).data().getRoomId());
    if (want.has("roomIdFormat") && !UUID.matcher(d.getRoomId()).matches()) throw new Failed("data.roomId is not a UUID: " + d.getRoomId());
  }

  private static CobrowseClient client(JsonNode file, JsonNode s, String[] secret) {
    CobrowseClient.Builder b = CobrowseClient.fromEnv();
    ObjectNode merged = JSON.createObjectNode();
    if (file.path("defaults").has("client")) merged.setAll((ObjectNode) file.path("defaults").get("client"));
    if (s.has("client")) merged.setAll((ObjectNode) s.get("client"));
    secret[0] = System.getenv("COBROWSE_APP_SECRET");
    for (Iterator<Map.Entry<String, JsonNode>> it = merged.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String text = v.isNull() ? null : v.asText();
      switch (e.getKey()) {
        case "baseUrl": b.baseUrl(text); break;
        case "appKey": b.appKey(text); break;
        case "appSecret": b.appSecret(text); secret[0] = text; break;
        case "tenantSpaceId": b.tenantSpaceId(text); break;
        case "tokenExpire": b.tokenExpire(v.asInt()); break;
        case "timeoutMs": b.timeout(Duration.ofMillis(v.asLong())); break;
        case "maxRetries": b.maxRetries(v.asInt()); break;
        case "retryBaseDelayMs": b.retryBaseDelay(Duration.ofMillis(v.asLong())); break;
        case "retryMaxDelayMs": b.retryMaxDelay(Duration.ofMillis(v.asLong())); break;
        default: throw new IllegalArgumentException("unknown client option " + e.getKey());
      }
    }
    return b.build();
  }

  private static GetConnectionInfoRequest request(JsonNode body) {
    // The role goes through the SDK's check of a wire value against the generated enum.
    return new GetConnectionInfoRequest()
        .role(CobrowseClient.role(body.path("role").asText(null)))
        .roomId(body.path("roomId").asText(null))
        .userId(body.path("userId").asText(null))
        .userName(body.path("userName").asText(null))
        .workNo(body.path("workNo").asText(null));
  }

  private static void run(JsonNode file, JsonNode s) throws Exception {
    control("DELETE", "/faults", null);
    long since = control("GET", "/requests?since=0", null).get("last").asLong();
    String[] secret = new String[1];
    CobrowseClient client = null;
    try {
      client = client(file, s, secret);
    } catch (RuntimeException e) {
      if (!s.has("create")) throw e;
      checkError(e, s.get("create").get("error"), secret[0]);
    }
    if (s.has("create") && client != null) throw new Failed("creating the client should have failed");
    Map<String, ConnectionInfoResult> saved = new HashMap<>();
    long t0 = System.currentTimeMillis();
    for (JsonNode step : s.get("steps")) {
      if (step.has("inject")) control("POST", "/faults", step.get("inject"));
      else if (step.has("sleepMs")) Thread.sleep(step.get("sleepMs").asLong());
      else if (step.has("alignToSecond")) {
        Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 50);
        t0 = System.currentTimeMillis();
      } else if (step.has("untilMs")) Thread.sleep(Math.max(0, t0 + step.get("untilMs").asLong() - System.currentTimeMillis()));
      else if (step.has("call")) {
        ObjectNode body = ((ObjectNode) step.get("body")).deepCopy();
        if (step.has("roomIdFrom")) body.put("roomId", saved.get(step.get("roomIdFrom").asText()).data().getRoomId());
        int n = step.path("concurrent").asInt(1);
        final CobrowseClient c = client;
        List<Object> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
          List<Future<Object>> futures = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            futures.add(pool.submit(() -> {
              try {
                return c.getConnectionInfo(request(body));
              } catch (RuntimeException e) {
                return e;
              }
            }));
          }
          for (Future<Object> f : futures) outcomes.add(f.get());
        } finally {
          pool.shutdown();
        }
        JsonNode expect = step.get("expect");
        for (Object o : outcomes) {
          if (expect.has("ok")) {
            if (o instanceof Throwable) throw new Failed("expected success, got " + o);
            checkOk((ConnectionInfoResult) o, expect.get("ok"), saved);
          } else {
            if (!(o instanceof Throwable)) throw new Failed("expected " + expect.get("error").get("class").asText() + ", got success");
            checkError((Throwable) o, expect.get("error"), secret[0]);
          }
        }
        if (step.has("save") && outcomes.get(0) instanceof ConnectionInfoResult) saved.put(step.get("save").asText(), (ConnectionInfoResult) outcomes.get(0));
      }
    }
    JsonNode log = control("GET", "/requests?since=" + since, null).get("requests");
    for (Iterator<Map.Entry<String, JsonNode>> it = s.get("requests").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      long got = 0;
      for (JsonNode r : log) if (r.get("operationId").asText().equals(e.getKey())) got++;
      same(e.getKey() + " requests", got, e.getValue().asLong());
    }
    if (s.has("statuses")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = s.get("statuses").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        List<Object> got = new ArrayList<>();
        for (JsonNode r : log) if (r.get("operationId").asText().equals(e.getKey())) got.add(r.get("status").isNull() ? null : r.get("status").asInt());
        List<Object> want = new ArrayList<>();
        for (JsonNode v : e.getValue()) want.add(v.isNull() ? null : v.asInt());
        same(e.getKey() + " statuses", got, want);
      }
    }
    if (s.has("rooms")) {
      Set<String> rooms = new HashSet<>();
      for (JsonNode r : log) if (r.hasNonNull("roomId")) rooms.add(r.get("roomId").asText());
      same("rooms", rooms.size(), s.get("rooms").asInt());
      for (Map.Entry<String, ConnectionInfoResult> e : saved.entrySet()) {
        if (!rooms.contains(e.getValue().data().getRoomId())) throw new Failed(e.getKey() + "'s room is not one the mock answered");
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> scenarios() throws Exception {
    raw = Files.readAllBytes(scenariosFile());
    JsonNode file = JSON.readTree(raw);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode s : file.get("scenarios")) {
      String id = s.get("id").asText();
      tests.add(DynamicTest.dynamicTest(id + ": " + s.get("title").asText(), () -> {
        String reason = s.path("skip").path(LANGUAGE).asText(null);
        if (reason != null) {
          RESULTS.put(id, Map.of("status", "skipped", "reason", reason));
          Assumptions.abort(reason);
        }
        try {
          run(file, s);
        } catch (Throwable e) {
          RESULTS.put(id, Map.of("status", "fail", "reason", String.valueOf(e.getMessage())));
          throw e;
        }
        RESULTS.put(id, Map.of("status", "pass"));
      }));
    }
    return tests.stream();
  }

  @AfterAll
  static void writeResults() throws Exception {
    if (raw == null || RESULTS.isEmpty()) return;
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    Map<String, Object> doc = new java.util.LinkedHashMap<>();
    doc.put("language", LANGUAGE);
    doc.put("scenarios", hash);
    doc.put("results", RESULTS);
    Files.writeString(Path.of("..", "scenario-results.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
  }
}
