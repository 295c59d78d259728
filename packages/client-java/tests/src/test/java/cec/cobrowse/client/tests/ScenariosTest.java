package cec.cobrowse.client.tests;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.sdk.CobrowseClient;
import cec.cobrowse.sdk.CobrowseInterceptor;
import cec.cobrowse.sdk.ConnectionInfoResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared scenarios (packages/scenarios/scenarios.json), run by the Java layer against the
 * reference mock that {@code cobrowse-mock exec} started: faults and chaos go to its control API
 * (COBROWSE_MOCK_CONTROL_URL), counts come from its request log, and packages/scenarios/judge.mjs
 * judges the invariants (given every rendering of every exception and every line the layer logged).
 * Results go to scenario-results.json (or the file COBROWSE_SCENARIO_RESULTS names), which
 * packages/scenarios/parity.mjs turns into the README's table.
 */
class ScenariosTest {
  private static final String LANGUAGE = "java";
  private static final Pattern UUID =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(controlUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    String token = System.getenv("COBROWSE_MOCK_CONTROL_TOKEN");
    if (token != null) req.header("Authorization", "Bearer " + token);
    HttpResponse<String> answer = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() >= 300)
      throw new IllegalStateException(
          "control " + method + " " + path + ": HTTP " + answer.statusCode() + " " + answer.body());
    return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
  }

  private static void checkError(Throwable e, JsonNode want, String secret) {
    same("error class", Renderings.className(e), want.get("class").asText());
    if (want.has("status")) same("error status", Renderings.status(e), want.get("status").asInt());
    var api = Renderings.api(e);
    if (want.has("errorCode"))
      same(
          "error errorCode",
          api == null ? null : api.errorCode().orElse(null),
          want.get("errorCode").asInt());
    if (want.has("errorReason"))
      same(
          "error errorReason",
          api == null ? null : api.errorReason().orElse(null),
          want.get("errorReason").asText());
    if (want.has("requestId") && Renderings.requestId(e) == null)
      throw new Failed("the error carries no request id");
    if (secret != null && String.join("\n", Renderings.of(e)).contains(secret))
      throw new Failed("the error shows the app secret");
  }

  private static void checkOk(
      ConnectionInfoResult r, JsonNode want, Map<String, ConnectionInfoResult> saved) {
    var d = r.data();
    for (String v :
        new String[] {
          d.getRoomId(),
          d.getWssUrl() == null ? null : d.getWssUrl().toString(),
          d.getWssUrlOut() == null ? null : d.getWssUrlOut().toString(),
          d.getConnectParam()
        }) {
      if (v == null || v.isEmpty()) throw new Failed("the result lacks a field: " + d);
    }
    if (want.has("roomId")) same("data.roomId", d.getRoomId(), want.get("roomId").asText());
    if (want.has("roomIdFrom"))
      same(
          "data.roomId",
          d.getRoomId(),
          saved.get(want.get("roomIdFrom").asText()).data().getRoomId());
    if (want.has("roomIdFormat") && !UUID.matcher(d.getRoomId()).matches())
      throw new Failed("data.roomId is not a UUID: " + d.getRoomId());
  }

  /** The scenario's client options: the file's defaults, then its own (null unsets one). */
  private static ObjectNode options(JsonNode file, JsonNode s) {
    ObjectNode merged = JSON.createObjectNode();
    if (file.path("defaults").has("client"))
      merged.setAll((ObjectNode) file.path("defaults").get("client"));
    if (s.has("client")) merged.setAll((ObjectNode) s.get("client"));
    return merged;
  }

  /**
   * The scenario's recording hooks (README.md, The scenarios): each records its call in order, the
   * before-request hook adds the mock's hook header with the attempt number it was given, and the
   * calls listed in {@code hooks.throw} record themselves, then throw. Every rendering of every
   * argument goes to the judge's texts.
   */
  static final class RecordingHooks implements CobrowseInterceptor {
    final ArrayNode calls = JSON.createArrayNode();
    private final String hookHeader;
    private final JsonNode throwing;
    private final Seen seen;

    RecordingHooks(JsonNode spec, String hookHeader, Seen seen) {
      this.hookHeader = hookHeader;
      this.throwing = spec.path("throw");
      this.seen = seen;
    }

    private synchronized ObjectNode record(String hook, Attempt a) {
      ObjectNode c =
          calls
              .addObject()
              .put("hook", hook)
              .put("operationId", a.operationId())
              .put("attempt", a.attempt())
              .put("tokenRequest", a.tokenRequest());
      seen.text(
          hook + " " + a.operationId() + " " + a.attempt() + " " + a.method() + " " + a.url());
      return c;
    }

    private void maybeThrow(String hook, Attempt a) {
      for (JsonNode t : throwing) {
        if (t.path("hook").asText().equals(hook)
            && t.path("operationId").asText().equals(a.operationId())
            && t.path("attempt").asInt() == a.attempt()) {
          throw new IllegalStateException("hook failed on purpose");
        }
      }
    }

    private static double ms(java.time.Duration d) {
      return d.toNanos() / 1e6;
    }

    @Override
    public void beforeRequest(Request r) {
      record("beforeRequest", r);
      seen.text(r.headers().toString());
      maybeThrow("beforeRequest", r);
      r.header(hookHeader, String.valueOf(r.attempt()));
    }

    @Override
    public void afterResponse(Response r) {
      synchronized (this) {
        record("afterResponse", r)
            .put("status", r.status())
            .put("requestId", r.requestId().orElse(null))
            .put("durationMs", ms(r.duration()));
      }
      seen.text(r.headers().toString());
      maybeThrow("afterResponse", r);
    }

    @Override
    public void onError(Failure f) {
      synchronized (this) {
        ObjectNode c = record("onError", f);
        if (f.status().isPresent()) c.put("status", f.status().getAsInt());
        else c.putNull("status");
        c.put("requestId", f.requestId().orElse(null))
            .put("durationMs", ms(f.duration()))
            .put("error", Renderings.className(f.error()));
      }
      seen.error(f.error());
      maybeThrow("onError", f);
    }

    synchronized ArrayNode calls() {
      return calls.deepCopy();
    }
  }

  private static CobrowseClient client(ObjectNode options, String[] secret, RecordingHooks hooks) {
    CobrowseClient.Builder b = CobrowseClient.fromEnv();
    secret[0] = System.getenv("COBROWSE_APP_SECRET");
    for (Iterator<Map.Entry<String, JsonNode>> it = options.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String text = v.isNull() ? null : v.asText();
      switch (e.getKey()) {
        case "baseUrl":
          b.baseUrl(text);
          break;
        case "appKey":
          b.appKey(text);
          break;
        case "appSecret":
          b.appSecret(text);
          secret[0] = text;
          break;
        case "tenantSpaceId":
          b.tenantSpaceId(text);
          break;
        case "tokenExpire":
          b.tokenExpire(v.asInt());
          break;
        case "timeoutMs":
          b.timeout(Duration.ofMillis(v.asLong()));
          break;
        case "maxRetries":
          b.maxRetries(v.asInt());
          break;
        case "retryBaseDelayMs":
          b.retryBaseDelay(Duration.ofMillis(v.asLong()));
          break;
        case "retryMaxDelayMs":
          b.retryMaxDelay(Duration.ofMillis(v.asLong()));
          break;
        case "maxResponseBytes":
          b.maxResponseBytes(v.asLong());
          break;
        case "userAgentSuffix":
          b.userAgentSuffix(text);
          break;
        case "hooks":
          b.addInterceptor(Objects.requireNonNull(hooks, "hooks"));
          break;
        default:
          throw new IllegalArgumentException("unknown client option " + e.getKey());
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

  /**
   * What one scenario collects for the judge: every rendering of every exception, and the session
   * calls.
   */
  private static final class Seen {
    final List<String> texts = new ArrayList<>();
    final ArrayNode calls = JSON.createArrayNode();

    synchronized void error(Throwable e) {
      texts.addAll(Renderings.of(e));
    }

    synchronized void text(String t) {
      texts.add(t);
    }

    synchronized void call(ObjectNode c) {
      calls.add(c);
    }
  }

  /**
   * Runs {@code n} tasks at once: every thread is started and parked before any is let go, so "50
   * concurrent calls" are 50 calls in flight together, not 50 threads started one by one. This
   * thread unparks each of them itself: a latch wakes its waiters one after another (each woken
   * thread wakes the next), which on a loaded 2-core machine spread 50 starts over about 300 ms,
   * long enough for the herd's first 401 to bring a new token before the last callers had sent the
   * old one; and threads spinning on a flag starve the ones still being started.
   */
  private static <T> List<T> atOnce(int n, java.util.concurrent.Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch ready = new CountDownLatch(n);
    AtomicBoolean go = new AtomicBoolean();
    Queue<Thread> parked = new ConcurrentLinkedQueue<>();
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  parked.add(Thread.currentThread());
                  ready.countDown();
                  while (!go.get()) LockSupport.park(go);
                  return task.call();
                }));
      }
      ready.await();
      go.set(true);
      for (Thread t : parked) LockSupport.unpark(t);
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) out.add(f.get());
      return out;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * One call at a time or {@code n} at once, each outcome a result or the exception, with its start
   * and end.
   */
  private static List<Object[]> calls(
      int n, java.util.concurrent.Callable<ConnectionInfoResult> call) throws Exception {
    return atOnce(
        n,
        () -> {
          long start = System.currentTimeMillis();
          Object outcome;
          try {
            outcome = call.call();
          } catch (RuntimeException e) {
            outcome = e;
          }
          return new Object[] {outcome, start, System.currentTimeMillis()};
        });
  }

  private static void callStep(
      CobrowseClient c,
      JsonNode step,
      Map<String, ConnectionInfoResult> saved,
      Seen seen,
      String secret)
      throws Exception {
    ObjectNode body = ((ObjectNode) step.get("body")).deepCopy();
    if (step.has("roomIdFrom"))
      body.put("roomId", saved.get(step.get("roomIdFrom").asText()).data().getRoomId());
    List<Object[]> outcomes =
        calls(step.path("concurrent").asInt(1), () -> c.getConnectionInfo(request(body)));
    JsonNode expect = step.get("expect");
    for (Object[] o : outcomes) {
      if (o[0] instanceof Throwable) seen.error((Throwable) o[0]);
    }
    for (Object[] o : outcomes) {
      long took = (long) o[2] - (long) o[1];
      if (step.has("withinMs") && took > step.get("withinMs").asLong())
        throw new Failed("a call took " + took + " ms, more than " + step.get("withinMs").asLong());
      if (expect.has("ok")) {
        if (o[0] instanceof Throwable) throw new Failed("expected success, got " + o[0]);
        checkOk((ConnectionInfoResult) o[0], expect.get("ok"), saved);
      } else {
        if (!(o[0] instanceof Throwable))
          throw new Failed(
              "expected " + expect.get("error").get("class").asText() + ", got success");
        checkError((Throwable) o[0], expect.get("error"), secret);
      }
    }
    if (step.has("save") && outcomes.get(0)[0] instanceof ConnectionInfoResult)
      saved.put(step.get("save").asText(), (ConnectionInfoResult) outcomes.get(0)[0]);
  }

  /** One customer + agent session (README.md, The scenarios), its calls handed to the judge. */
  private static void session(CobrowseClient c, String id, int k, String mode, Seen seen) {
    String prefix = id + "-s" + k + "-";
    Object[] customer =
        sessionCall(
            c,
            new GetConnectionInfoRequest()
                .role(CobrowseClient.role("recorder"))
                .userId(prefix + "customer"),
            k,
            mode,
            seen);
    if (!(customer[0] instanceof ConnectionInfoResult)) return; // no room to join
    String room = ((ConnectionInfoResult) customer[0]).data().getRoomId();
    sessionCall(
        c,
        new GetConnectionInfoRequest()
            .role(CobrowseClient.role("replayer"))
            .roomId(room)
            .userId(prefix + "agent"),
        k,
        mode,
        seen);
  }

  private static Object[] sessionCall(
      CobrowseClient c, GetConnectionInfoRequest request, int k, String mode, Seen seen) {
    long start = System.currentTimeMillis();
    Object outcome;
    try {
      outcome = c.getConnectionInfo(request);
    } catch (RuntimeException e) {
      outcome = e;
      seen.error(e);
    }
    ObjectNode call =
        JSON.createObjectNode()
            .put("userId", request.getUserId())
            .put("session", "s" + k)
            .put("mode", mode)
            .put("ok", outcome instanceof ConnectionInfoResult)
            .put("start", start)
            .put("end", System.currentTimeMillis());
    if (outcome instanceof ConnectionInfoResult)
      call.put("roomId", ((ConnectionInfoResult) outcome).data().getRoomId());
    else
      call.putObject("error")
          .put("class", Renderings.className((Throwable) outcome))
          .put("operation", Renderings.operation((Throwable) outcome));
    seen.call(call);
    return new Object[] {outcome};
  }

  private static void sessions(CobrowseClient c, String id, JsonNode spec, Seen seen)
      throws Exception {
    int sequential = spec.path("sequential").asInt(0);
    int concurrent = spec.path("concurrent").asInt(0);
    for (int k = 0; k < sequential; k++) session(c, id, k, "sequential", seen);
    if (concurrent > 0) {
      AtomicInteger next = new AtomicInteger(sequential);
      atOnce(
          concurrent,
          () -> {
            session(c, id, next.getAndIncrement(), "concurrent", seen);
            return null;
          });
    }
  }

  /**
   * The letters of the tokens an operation's requests carried: the first token seen is A, the next
   * new one B.
   */
  private static List<String> tokenLetters(JsonNode log, String op) {
    Map<String, String> letters = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (JsonNode r : log) {
      if (!r.get("operationId").asText().equals(op)) continue;
      String id = r.path("token").path("id").asText(null);
      if (id == null) {
        out.add(null);
        continue;
      }
      out.add(letters.computeIfAbsent(id, x -> String.valueOf((char) ('A' + letters.size()))));
    }
    return out;
  }

  /**
   * The keys of a scenario this runner implements (README.md, The scenarios: it fails on any
   * other).
   */
  private static final Set<String> SCENARIO_KEYS =
      Set.of(
          "id",
          "title",
          "description",
          "client",
          "create",
          "steps",
          "requests",
          "statuses",
          "tokens",
          "rooms",
          "invariants",
          "offSpec",
          "skip",
          "attempts",
          "hookHeaders",
          "userAgent",
          "hookCalls");

  private static final Set<String> CALL_STEP_KEYS =
      Set.of("call", "body", "concurrent", "expect", "roomIdFrom", "save", "withinMs");
  private static final Set<String> ONE_KEY_STEPS =
      Set.of("inject", "chaos", "sessions", "sleepMs", "alignToSecond", "untilMs");

  private static void implemented(JsonNode s) {
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!SCENARIO_KEYS.contains(k))
        throw new Failed("the Java runner does not implement the scenario key " + k);
    }
    for (JsonNode step : s.get("steps")) {
      Set<String> keys = new HashSet<>();
      step.fieldNames().forEachRemaining(keys::add);
      boolean ok =
          step.has("call")
              ? CALL_STEP_KEYS.containsAll(keys)
              : keys.size() == 1 && ONE_KEY_STEPS.containsAll(keys);
      if (!ok) throw new Failed("the Java runner does not implement the step " + keys);
    }
  }

  /** Runs one scenario; returns the judge's verdict per invariant the scenario lists. */
  private static Map<String, JsonNode> run(JsonNode file, JsonNode s) throws Exception {
    implemented(s);
    control("DELETE", "/faults", null);
    JsonNode before = control("GET", "/requests?since=0", null);
    long since = before.get("last").asLong();
    String id = s.get("id").asText();
    ObjectNode options = options(file, s);
    String[] secret = new String[1];
    Seen seen = new Seen();
    RecordingHooks hooks =
        options.has("hooks")
            ? new RecordingHooks(
                options.get("hooks"), before.path("headers").path("hook").asText(), seen)
            : null;
    try (LogCapture log = LogCapture.start()) {
      CobrowseClient client = null;
      try {
        client = client(options, secret, hooks);
      } catch (RuntimeException e) {
        if (!s.has("create")) throw e;
        seen.error(e);
        checkError(e, s.get("create").get("error"), secret[0]);
      }
      if (s.has("create") && client != null)
        throw new Failed("creating the client should have failed");
      Map<String, ConnectionInfoResult> saved = new HashMap<>();
      long t0 = System.currentTimeMillis();
      try {
        for (JsonNode step : s.get("steps")) {
          if (step.has("inject")) control("POST", "/faults", step.get("inject"));
          else if (step.has("chaos")) {
            if (step.get("chaos").isNull()) control("DELETE", "/chaos", null);
            else control("POST", "/chaos", step.get("chaos"));
          } else if (step.has("sleepMs")) Thread.sleep(step.get("sleepMs").asLong());
          else if (step.has("alignToSecond")) {
            Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 50);
            t0 = System.currentTimeMillis();
          } else if (step.has("untilMs"))
            Thread.sleep(
                Math.max(0, t0 + step.get("untilMs").asLong() - System.currentTimeMillis()));
          else if (step.has("sessions")) sessions(client, id, step.get("sessions"), seen);
          else if (step.has("call")) callStep(client, step, saved, seen, secret[0]);
          else throw new IllegalArgumentException("unknown step " + step);
        }
      } finally {
        if (hasChaos(s))
          control("DELETE", "/chaos", null); // never left running for the next scenario
      }
      checkLog(s, control("GET", "/requests?since=" + since, null).get("requests"), saved);
      seen.texts.addAll(log.lines());
    }
    return judge(s, since, options, seen, hooks);
  }

  private static boolean hasChaos(JsonNode s) {
    for (JsonNode step : s.get("steps")) if (step.has("chaos")) return true;
    return false;
  }

  /** The request log against the scenario's requests, statuses, tokens and rooms. */
  private static void checkLog(JsonNode s, JsonNode log, Map<String, ConnectionInfoResult> saved) {
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("requests").properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      long got = 0;
      for (JsonNode r : log) if (r.get("operationId").asText().equals(e.getKey())) got++;
      same(e.getKey() + " requests", got, e.getValue().asLong());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("statuses").properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<Object> got = new ArrayList<>();
      for (JsonNode r : log)
        if (r.get("operationId").asText().equals(e.getKey()))
          got.add(r.get("status").isNull() ? null : r.get("status").asInt());
      List<Object> want = new ArrayList<>();
      for (JsonNode v : e.getValue()) want.add(v.isNull() ? null : v.asInt());
      same(e.getKey() + " statuses", got, want);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("tokens").properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<String> want = new ArrayList<>();
      for (JsonNode v : e.getValue()) want.add(v.asText());
      same(e.getKey() + " tokens", tokenLetters(log, e.getKey()), want);
    }
    if (s.has("rooms")) {
      Set<String> rooms = new HashSet<>();
      for (JsonNode r : log) if (r.hasNonNull("roomId")) rooms.add(r.get("roomId").asText());
      same("rooms", rooms.size(), s.get("rooms").asInt());
      for (Map.Entry<String, ConnectionInfoResult> e : saved.entrySet()) {
        if (!rooms.contains(e.getValue().data().getRoomId()))
          throw new Failed(e.getKey() + "'s room is not one the mock answered");
      }
    }
  }

  /**
   * Asks packages/scenarios/judge.mjs (README.md, The judge); a failed invariant fails the
   * scenario.
   */
  private static Map<String, JsonNode> judge(
      JsonNode s, long since, ObjectNode options, Seen seen, RecordingHooks hooks)
      throws Exception {
    ObjectNode request = JSON.createObjectNode().put("since", since).put("language", LANGUAGE);
    request.set("scenario", s);
    if (hooks != null) request.set("hookCalls", hooks.calls());
    request.set("invariants", s.has("invariants") ? s.get("invariants") : JSON.createArrayNode());
    ObjectNode client = request.putObject("client");
    if (options.has("maxRetries")) client.put("maxRetries", options.get("maxRetries").asInt());
    if (options.has("timeoutMs")) client.put("timeoutMs", options.get("timeoutMs").asLong());
    request.set("calls", seen.calls);
    ArrayNode texts = request.putArray("texts");
    seen.texts.forEach(texts::add);
    Process judge =
        new ProcessBuilder("node", scenariosFile().resolveSibling("judge.mjs").toString())
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    try (var in = judge.getOutputStream()) {
      in.write(JSON.writeValueAsBytes(request));
    }
    String out =
        new String(judge.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    String err =
        new String(judge.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    int code = judge.waitFor();
    if (code == 2 || out.isBlank())
      throw new Failed("the judge could not judge (exit " + code + "): " + err.trim());
    JsonNode verdict = JSON.readTree(out);
    if (verdict.hasNonNull("summary"))
      System.out.println(s.get("id").asText() + ": " + verdict.get("summary").asText());
    JsonNode results = verdict.get("results");
    List<String> failed = new ArrayList<>();
    Map<String, JsonNode> verdicts = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = results.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      verdicts.put(e.getKey(), e.getValue());
      if (!e.getValue().get("pass").asBoolean())
        failed.add(e.getKey() + ": " + e.getValue().get("violations"));
    }
    if (code != 0 || !failed.isEmpty())
      throw new JudgeFailed("invariants failed: " + String.join("; ", failed), verdicts);
    return verdicts;
  }

  /**
   * A failed invariant, with the whole verdict (the listed invariants' rows are written from it).
   */
  static final class JudgeFailed extends AssertionError {
    private static final long serialVersionUID = 1L;
    final transient Map<String, JsonNode> verdicts;

    JudgeFailed(String message, Map<String, JsonNode> verdicts) {
      super(message);
      this.verdicts = verdicts;
    }
  }

  private static void invariantRows(JsonNode s, Map<String, JsonNode> verdicts, String otherwise) {
    for (JsonNode name : s.path("invariants")) {
      String key = s.get("id").asText() + "/" + name.asText();
      JsonNode v = verdicts == null ? null : verdicts.get(name.asText());
      if (v == null) RESULTS.put(key, Map.of("status", "fail", "reason", otherwise));
      else if (v.get("pass").asBoolean()) RESULTS.put(key, Map.of("status", "pass"));
      else RESULTS.put(key, Map.of("status", "fail", "reason", v.get("violations").toString()));
    }
  }

  @TestFactory
  Stream<DynamicTest> scenarios() throws Exception {
    raw = Files.readAllBytes(scenariosFile());
    JsonNode file = JSON.readTree(raw);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode s : file.get("scenarios")) {
      String id = s.get("id").asText();
      tests.add(
          DynamicTest.dynamicTest(
              id + ": " + s.get("title").asText(),
              () -> {
                String reason = s.path("skip").path(LANGUAGE).asText(null);
                if (reason != null) {
                  RESULTS.put(id, Map.of("status", "skipped", "reason", reason));
                  for (JsonNode name : s.path("invariants"))
                    RESULTS.put(
                        id + "/" + name.asText(), Map.of("status", "skipped", "reason", reason));
                  Assumptions.abort(reason);
                }
                try {
                  invariantRows(s, run(file, s), "not judged");
                } catch (JudgeFailed e) {
                  RESULTS.put(
                      id, Map.of("status", "fail", "reason", String.valueOf(e.getMessage())));
                  invariantRows(s, e.verdicts, "not judged");
                  throw e;
                } catch (Throwable e) {
                  RESULTS.put(
                      id, Map.of("status", "fail", "reason", String.valueOf(e.getMessage())));
                  invariantRows(s, null, "the scenario failed before the judge: " + e.getMessage());
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
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("language", LANGUAGE);
    doc.put("scenarios", hash);
    doc.put("results", RESULTS);
    String to = System.getenv("COBROWSE_SCENARIO_RESULTS");
    Files.writeString(
        to != null ? Path.of(to) : Path.of("..", "scenario-results.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
  }
}
