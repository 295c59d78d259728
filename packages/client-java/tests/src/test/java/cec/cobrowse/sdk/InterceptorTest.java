package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.generated.SpecValues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Interceptors (issue 22, item 2): once per attempt, the token requests included and marked, with
 * the operation, attempt, status, request id and duration; headers they add reach the server; one
 * that throws is logged and ignored; and nothing they are shown holds the secret or a token.
 */
class InterceptorTest {
  /** Records every call as a line, and every rendering of every argument. */
  static final class Recorder implements CobrowseInterceptor {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<String> shown = Collections.synchronizedList(new ArrayList<>());
    final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    final List<Response> responses = Collections.synchronizedList(new ArrayList<>());

    private void show(Attempt a) {
      shown.add(a.operationId() + " " + a.attempt() + " " + a.method() + " " + a.url());
    }

    @Override
    public void beforeRequest(Request r) {
      calls.add(
          "before " + r.operationId() + " " + r.attempt() + (r.tokenRequest() ? " token" : ""));
      show(r);
      shown.add(r.headers().toString());
      r.header("X-Correlation-Id", "corr-" + r.attempt());
    }

    @Override
    public void afterResponse(Response r) {
      calls.add(
          "after "
              + r.operationId()
              + " "
              + r.attempt()
              + " "
              + r.status()
              + " "
              + r.requestId().orElse("-"));
      responses.add(r);
      show(r);
      shown.add(r.headers().toString());
    }

    @Override
    public void onError(Failure f) {
      calls.add(
          "error "
              + f.operationId()
              + " "
              + f.attempt()
              + " "
              + (f.status().isPresent() ? f.status().getAsInt() : "-")
              + " "
              + f.error().getClass().getSimpleName()
              + (f.willRetry() ? " retry" : " last"));
      failures.add(f);
      show(f);
      StringWriter trace = new StringWriter();
      f.error().printStackTrace(new PrintWriter(trace));
      shown.add(f.error().toString());
      shown.add(trace.toString());
      shown.add(String.valueOf(f.requestId()));
    }
  }

  @Test
  void oncePerAttemptTheTokenRequestsIncludedAndMarked() throws Exception {
    Recorder rec = new Recorder();
    try (ScriptedGateway gateway = new ScriptedGateway().token(503).info(503, 401)) {
      gateway
          .client()
          .addInterceptor(rec)
          .build()
          .getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      assertEquals(
          List.of(
              "before tokenByAkSk 1 token",
              "after tokenByAkSk 1 503 req-1",
              "error tokenByAkSk 1 503 InternalServerException retry",
              "before tokenByAkSk 2 token",
              "after tokenByAkSk 2 200 req-2",
              "before getConnectionInfo 1",
              "after getConnectionInfo 1 503 req-3",
              "error getConnectionInfo 1 503 InternalServerException retry",
              "before getConnectionInfo 2",
              "after getConnectionInfo 2 401 req-4",
              "error getConnectionInfo 2 401 AuthenticationException retry",
              "before tokenByAkSk 1 token",
              "after tokenByAkSk 1 200 req-5",
              "before getConnectionInfo 3",
              "after getConnectionInfo 3 200 req-6"),
          rec.calls);
      List<String> correlation = new ArrayList<>();
      for (ScriptedGateway.Seen s : gateway.seen()) correlation.add(s.header("X-Correlation-Id"));
      assertEquals(
          List.of("corr-1", "corr-2", "corr-1", "corr-2", "corr-1", "corr-3"),
          correlation,
          "each attempt carries the header its interceptor added");
      for (CobrowseInterceptor.Response r : rec.responses) {
        assertFalse(r.duration().isNegative());
        assertEquals(SpecValues.INFO_METHOD, r.method());
        assertTrue(
            r.url().startsWith(gateway.url())
                && r.url()
                    .endsWith(r.tokenRequest() ? SpecValues.TOKEN_PATH : SpecValues.INFO_PATH),
            r.url());
      }
    }
  }

  @Test
  void aFailureWithoutAnAnswerHasNoStatusAndTheLastOneIsMarked() throws Exception {
    Recorder rec = new Recorder();
    try (ScriptedGateway gateway = new ScriptedGateway().info(404)) {
      CobrowseClient client = gateway.client().addInterceptor(rec).build();
      NotFoundException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              NotFoundException.class,
              () -> client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER)));
      CobrowseInterceptor.Failure last = rec.failures.get(rec.failures.size() - 1);
      assertFalse(last.willRetry());
      assertEquals(
          e.getMessage(), last.error().getMessage(), "the hook saw the exception the call threw");
    }
    Recorder offline = new Recorder();
    CobrowseClient nowhere =
        CobrowseClient.builder()
            .baseUrl("http://127.0.0.1:9")
            .appKey("k")
            .appSecret("s3cr3t-value")
            .tenantSpaceId("t")
            .maxRetries(1)
            .retryBaseDelay(java.time.Duration.ZERO)
            .addInterceptor(offline)
            .build();
    org.junit.jupiter.api.Assertions.assertThrows(NetworkException.class, nowhere::getToken);
    assertEquals(
        List.of(
            "before tokenByAkSk 1 token",
            "error tokenByAkSk 1 - NetworkException retry",
            "before tokenByAkSk 2 token",
            "error tokenByAkSk 2 - NetworkException last"),
        offline.calls);
    assertFalse(offline.failures.get(0).status().isPresent());
  }

  @Test
  void anInterceptorThatThrowsIsLoggedAndIgnored() throws Exception {
    CobrowseInterceptor throwing =
        new CobrowseInterceptor() {
          @Override
          public void beforeRequest(Request r) {
            r.header("X-Before-Throwing", "dropped");
            if (r.attempt() == 1) throw new IllegalStateException("hook failed on purpose");
            r.header("X-Second", "kept");
          }

          @Override
          public void afterResponse(Response r) {
            throw new IllegalStateException("after failed on purpose");
          }

          @Override
          public void onError(Failure f) {
            throw new IllegalStateException("onError failed on purpose, " + ScriptedGateway.SECRET);
          }
        };
    CobrowseInterceptor naming =
        new CobrowseInterceptor() {
          @Override
          public void beforeRequest(Request r) {
            r.header(SpecValues.USER_AGENT_HEADER, "not-the-sdk/1.0"); // the client's own: refused
          }
        };
    Recorder after = new Recorder();
    try (ScriptedGateway gateway = new ScriptedGateway().info(503);
        LogLines log = new LogLines()) {
      CobrowseClient client =
          gateway
              .client()
              .addInterceptor(throwing)
              .addInterceptor(naming)
              .addInterceptor(after)
              .build();
      ConnectionInfoResult r =
          client.getConnectionInfo(
              new GetConnectionInfoRequest().role(Role.RECORDER).roomId("room-throws"));
      assertEquals("room-throws", r.data().getRoomId());
      List<ScriptedGateway.Seen> info = gateway.seen(SpecValues.INFO_OPERATION);
      assertEquals(2, info.size(), "the 503 was retried: the retry logic is intact");
      assertNull(
          info.get(0).header("X-Before-Throwing"),
          "the headers of an interceptor that threw are dropped");
      assertEquals("dropped", info.get(1).header("X-Before-Throwing"));
      assertEquals("kept", info.get(1).header("X-Second"));
      for (ScriptedGateway.Seen s : gateway.seen())
        assertEquals(
            client.userAgent(),
            s.header(SpecValues.USER_AGENT_HEADER),
            "the client's header keeps its value");
      assertEquals(
          List.of(
              "before tokenByAkSk 1 token",
              "after tokenByAkSk 1 200 req-1",
              "before getConnectionInfo 1",
              "after getConnectionInfo 1 503 req-2",
              "error getConnectionInfo 1 503 InternalServerException retry",
              "before getConnectionInfo 2",
              "after getConnectionInfo 2 200 req-3"),
          after.calls,
          "the interceptors after the one that threw still ran");
      String lines = log.text();
      assertTrue(
          lines.contains("threw in beforeRequest of getConnectionInfo attempt 1")
              && lines.contains("hook failed on purpose"),
          lines);
      assertTrue(
          lines.contains("threw in afterResponse of tokenByAkSk attempt 1 (token request)"), lines);
      assertTrue(lines.contains("threw in onError of getConnectionInfo attempt 1"), lines);
      assertTrue(lines.contains("User-Agent is set by the client"), lines);
      assertTrue(log.levels().contains(Level.WARNING));
      assertFalse(lines.contains(ScriptedGateway.SECRET), "the warning is scrubbed");
    }
  }

  @Test
  void noSecretOrTokenInAnythingAnInterceptorIsShown() throws Exception {
    Recorder rec = new Recorder();
    try (ScriptedGateway gateway = new ScriptedGateway().info(503, 401, 401)) {
      CobrowseClient client = gateway.client().addInterceptor(rec).build();
      org.junit.jupiter.api.Assertions.assertThrows(
          AuthenticationException.class,
          () -> client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER)));
      String shown = String.join("\n", rec.shown);
      assertTrue(
          shown.contains(SpecValues.BEARER_PREFIX + Defaults.REDACTED),
          "the authorization header is shown redacted: " + shown);
      assertTrue(
          shown.contains("refused " + Defaults.REDACTED),
          "the echoing gateway's answers were shown, scrubbed");
      assertFalse(shown.contains(ScriptedGateway.SECRET), shown);
      assertEquals(2, gateway.tokens().size());
      for (String token : gateway.tokens())
        assertFalse(shown.contains(token), token + " in " + shown);
    }
  }
}
