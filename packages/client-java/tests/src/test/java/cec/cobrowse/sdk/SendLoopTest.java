package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.ApiClient;
import cec.cobrowse.client.ApiException;
import cec.cobrowse.client.ApiResponse;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The send loop's rules (packages/scenarios/README.md, The send loop) with a scripted server: the
 * budget of maxRetries + 2, the one replay, compare-and-drop, the superseded 401.
 */
class SendLoopTest {
  /** What the scripted server answers to one attempt. */
  private enum Step {
    OK,
    UNAVAILABLE,
    REFUSED,
    REFUSED_SUPERSEDED,
    REDIRECT
  }

  private final AtomicInteger issued = new AtomicInteger();
  private final TokenCache tokens =
      new TokenCache(
          () ->
              new TokenCache.Cached(
                  "token-" + issued.incrementAndGet(), Long.MAX_VALUE, Long.MAX_VALUE));
  private final Redactor redactor = new Redactor("app-secret-for-tests", tokens::remembered);
  private final List<String> sent = new ArrayList<>();

  private SendLoop loop(int maxRetries) {
    Answers answers =
        new Answers(ApiClient.createDefaultObjectMapper(), redactor, Duration.ofSeconds(1));
    return new SendLoop(
        new RetryPolicy(maxRetries, Duration.ZERO, Duration.ZERO, Duration.ZERO),
        tokens,
        answers,
        redactor,
        "test-agent/1.0",
        Interceptors.NONE,
        Telemetry.NONE,
        Log.ALL);
  }

  private static ApiException status(int status, Map<String, List<String>> headers) {
    return new ApiException(
        status,
        HttpHeaders.of(headers, (a, b) -> true),
        "{\"success\":false,\"errorCode\":" + status * 100 + ",\"errorReason\":\"scripted\"}");
  }

  /** Runs one call against the script; the tokens the attempts carried land in {@link #sent}. */
  private String call(SendLoop loop, boolean withToken, Step... script) {
    Deque<Step> steps = new ArrayDeque<>(List.of(script));
    SendLoop.Op op =
        new SendLoop.Op(
            withToken ? "getConnectionInfo" : "tokenByAkSk",
            !withToken,
            "POST",
            "https://gateway.example/op",
            token -> Map.of());
    return loop.run(
        op,
        (token, headers) -> {
          sent.add(token);
          Step step = steps.isEmpty() ? Step.OK : steps.poll();
          switch (step) {
            case OK:
              return new ApiResponse<>(200, Map.of(), "answer");
            case UNAVAILABLE:
              throw status(503, Map.of("Retry-After", List.of("0")));
            case REFUSED:
              throw status(401, Map.of());
            case REFUSED_SUPERSEDED:
              // Another caller was refused first: it dropped this token and fetched the next one.
              tokens.drop(token);
              tokens.acquire();
              throw status(401, Map.of());
            default:
              throw status(307, Map.of("Location", List.of("https://elsewhere.example/steal")));
          }
        },
        (answer, raw, token) -> answer.getData());
  }

  @Test
  void theReplayDoesNotStartAFreshRetryBudget() {
    SendLoop loop = loop(2);
    assertThrows(
        InternalServerException.class,
        () ->
            call(
                loop,
                true,
                Step.UNAVAILABLE,
                Step.UNAVAILABLE,
                Step.REFUSED,
                Step.UNAVAILABLE,
                Step.UNAVAILABLE,
                Step.UNAVAILABLE));
    assertEquals(
        List.of("token-1", "token-1", "token-1", "token-2"),
        sent,
        "4 attempts (maxRetries + 2), never 6; the replay carries a new token");
  }

  @Test
  void retryableFailuresAreBoundedByMaxRetriesPlusOne() {
    assertThrows(
        InternalServerException.class,
        () ->
            call(
                loop(2),
                true,
                Step.UNAVAILABLE,
                Step.UNAVAILABLE,
                Step.UNAVAILABLE,
                Step.UNAVAILABLE));
    assertEquals(3, sent.size());
  }

  @Test
  void aRefusedReplayDropsItsTokenToo() {
    SendLoop loop = loop(2);
    AuthenticationException e =
        assertThrows(
            AuthenticationException.class, () -> call(loop, true, Step.REFUSED, Step.REFUSED));
    assertEquals(401, e.status());
    assertEquals(List.of("token-1", "token-2"), sent);
    assertNull(tokens.current(), "the replay's refused token is not left in the cache");
    assertEquals("answer", call(loop, true, Step.OK));
    assertEquals("token-3", sent.get(2), "the next call fetches a new token");
  }

  @Test
  void aSupersededTokenIsSentAgainWithoutSpendingTheReplay() {
    assertEquals("answer", call(loop(2), true, Step.REFUSED_SUPERSEDED, Step.REFUSED, Step.OK));
    assertEquals(
        List.of("token-1", "token-2", "token-3"), sent, "the superseded 401, then the one replay");
  }

  @Test
  void supersededRefusalsStillEndAtTheBudget() {
    assertThrows(
        AuthenticationException.class,
        () ->
            call(
                loop(0),
                true,
                Step.REFUSED_SUPERSEDED,
                Step.REFUSED_SUPERSEDED,
                Step.REFUSED_SUPERSEDED));
    assertEquals(2, sent.size(), "maxRetries 0: 2 attempts at most");
  }

  @Test
  void maxRetriesZeroIsOneAttemptPlusTheReplay() {
    SendLoop loop = loop(0);
    assertThrows(InternalServerException.class, () -> call(loop, true, Step.UNAVAILABLE, Step.OK));
    assertEquals(1, sent.size());
    sent.clear();
    assertEquals("answer", call(loop, true, Step.REFUSED, Step.OK));
    assertEquals(2, sent.size());
  }

  @Test
  void aRefusedTokenRequestIsNotRetried() {
    assertThrows(AuthenticationException.class, () -> call(loop(2), false, Step.REFUSED, Step.OK));
    assertEquals(1, sent.size());
    assertNull(sent.get(0), "the token request carries no token");
  }

  @Test
  void aRedirectIsAnApiErrorNamingItsLocationAndNotRetried() {
    CobrowseApiException e =
        assertThrows(CobrowseApiException.class, () -> call(loop(2), true, Step.REDIRECT, Step.OK));
    assertEquals(307, e.status());
    assertTrue(
        e.errorReason().orElse("").contains("https://elsewhere.example/steal"), e.getMessage());
    assertEquals(1, sent.size());
  }
}
