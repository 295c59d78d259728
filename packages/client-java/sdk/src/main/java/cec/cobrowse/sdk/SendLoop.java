package cec.cobrowse.sdk;

import cec.cobrowse.client.ApiException;
import cec.cobrowse.client.ApiResponse;
import cec.cobrowse.sdk.generated.SpecValues;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one send loop (packages/scenarios/README.md, The send loop) that every call of both
 * operations goes through: a token taken for every attempt at the moment it is sent, the 401 rules
 * (compare-and-drop; the one replay for a refused current token; a superseded token sent again at
 * once), retries of network errors, timeouts, 408, 429 and 5xx, and one attempt budget of
 * maxRetries + 2. Each attempt carries the identification and attempt headers and the trace
 * context, and is shown to the interceptors, the tracer and the log.
 */
final class SendLoop {
  /** What the loop needs to know of an operation. */
  static final class Op {
    final String id;

    /** A token request: it carries no token, and is marked so for interceptors and spans. */
    final boolean tokenRequest;

    final String method;
    final String url;

    /**
     * The operation's own headers for an attempt that carries {@code token} (null for the token
     * request).
     */
    final Function<String, Map<String, String>> headers;

    Op(
        String id,
        boolean tokenRequest,
        String method,
        String url,
        Function<String, Map<String, String>> headers) {
      this.id = id;
      this.tokenRequest = tokenRequest;
      this.method = method;
      this.url = url;
      this.headers = headers;
    }
  }

  /**
   * One attempt through the generated client, with these headers besides the generated client's
   * own.
   */
  @FunctionalInterface
  interface Attempt<T> {
    ApiResponse<T> send(String token, Map<String, String> headers) throws ApiException;
  }

  /**
   * The result of a 2xx answer, or a {@link CobrowseApiException} when it is unusable (not
   * retried).
   */
  @FunctionalInterface
  interface Accept<T, R> {
    R accept(ApiResponse<T> answer, BoundedTransport.Answer raw, String token);
  }

  private final RetryPolicy policy;
  private final TokenCache tokens;
  private final Answers answers;
  private final Redactor redactor;
  private final String userAgent;
  private final Interceptors interceptors;
  private final Telemetry telemetry;
  private final Log log;

  SendLoop(
      RetryPolicy policy,
      TokenCache tokens,
      Answers answers,
      Redactor redactor,
      String userAgent,
      Interceptors interceptors,
      Telemetry telemetry,
      Log log) {
    this.policy = policy;
    this.tokens = tokens;
    this.answers = answers;
    this.redactor = redactor;
    this.userAgent = userAgent;
    this.interceptors = interceptors;
    this.telemetry = telemetry;
    this.log = log;
  }

  /**
   * Runs one call of {@code op}; unless it is the token request, each attempt carries the current
   * token.
   */
  <T, R> R run(Op op, Attempt<T> attempt, Accept<T, R> accept) {
    int budget = policy.attemptBudget();
    int attempts = 0;
    int retries = 0;
    boolean replayed = false;
    String lastRequestId = null;
    Telemetry.Call call = telemetry.call(op.id, op.tokenRequest);
    Throwable thrown = null;
    try {
      while (true) {
        if (Thread.currentThread().isInterrupted())
          throw new CobrowseException(op.id + " was interrupted");
        String token = op.tokenRequest ? null : tokens.acquire().token;
        attempts++;
        final int n = attempts;
        Map<String, String> headers = new LinkedHashMap<>(op.headers.apply(token));
        headers.put(SpecValues.USER_AGENT_HEADER, userAgent);
        headers.put(SpecValues.ATTEMPT_HEADER, String.valueOf(n));
        Telemetry.Attempt span = call.attempt(n, op.method, op.url, headers);
        CobrowseInterceptor.Request before =
            new CobrowseInterceptor.Request(
                op.id, n, op.tokenRequest, op.method, op.url, shown(headers, token));
        headers.putAll(interceptors.beforeRequest(before));
        long start = System.nanoTime();

        CobrowseException failure;
        long headersAt;
        Integer status = null;
        String requestId = null;
        Map<String, List<String>> answerHeaders = Map.of();
        try (BoundedTransport.Recorder recorder = BoundedTransport.record()) {
          try {
            ApiResponse<T> answer = attempt.send(token, headers);
            status = answer.getStatusCode();
            answerHeaders = redactor.headers(answer.getHeaders(), token);
            requestId = Answers.first(answerHeaders, SpecValues.REQUEST_ID_HEADER);
            R result = accept.accept(answer, recorder.answer(), token);
            Duration took = since(start);
            span.end(status, requestId, null);
            interceptors.afterResponse(
                new CobrowseInterceptor.Response(
                    before,
                    status,
                    requestId,
                    toHeaders(start, recorder.headersAt()),
                    answerHeaders));
            String id = requestId;
            log.debug(
                () ->
                    op.id
                        + ": attempt "
                        + n
                        + " of at most "
                        + budget
                        + ": HTTP "
                        + answer.getStatusCode()
                        + " in "
                        + took.toMillis()
                        + " ms"
                        + requestIdNote(id));
            lastRequestId = requestId;
            return result;
          } catch (ApiException e) {
            failure = answers.failure(op.id, e, recorder.answer(), token);
          } catch (CobrowseApiException e) { // a 2xx the caller cannot use (accept)
            failure = e;
          }
          headersAt = recorder.headersAt();
        }
        Duration took = since(start);
        if (failure instanceof CobrowseApiException) {
          CobrowseApiException api = (CobrowseApiException) failure;
          status = api.status();
          requestId = api.requestId().orElse(null);
          answerHeaders = api.headers();
        } else if (failure instanceof ResponseTooLargeException) {
          status = ((ResponseTooLargeException) failure).status();
          requestId = ((ResponseTooLargeException) failure).requestId().orElse(null);
        }
        if (requestId != null) lastRequestId = requestId;

        // What comes next: the replay, the superseded token sent again, a retry, or the end.
        String next;
        long delay = 0;
        if (!op.tokenRequest && failure instanceof AuthenticationException) {
          if (tokens.drop(token)) { // the refused token was the current one
            next =
                replayed || attempts >= budget
                    ? null
                    : "the current token was refused (401); replaying once with a new token";
            replayed = true;
          } else { // another caller already dropped or replaced it
            next =
                attempts >= budget
                    ? null
                    : "a superseded token was refused (401); sending again with the current token";
          }
        } else if (retryable(failure) && retries < policy.maxRetries && attempts < budget) {
          retries++;
          String retryAfter =
              failure instanceof CobrowseApiException
                  ? Answers.first(answerHeaders, SpecValues.RETRY_AFTER_HEADER)
                  : null;
          delay = policy.delayMs(retries, retryAfter, System.currentTimeMillis());
          next = "retry " + retries + " of " + policy.maxRetries + " in " + delay + " ms";
        } else {
          next = null;
        }

        span.end(status, requestId, failure);
        if (status != null)
          interceptors.afterResponse(
              new CobrowseInterceptor.Response(
                  before, status, requestId, toHeaders(start, headersAt), answerHeaders));
        interceptors.onError(
            new CobrowseInterceptor.Failure(
                before, failure, status, requestId, took, next != null));
        final CobrowseException f = failure;
        final String what = next;
        if (what == null) {
          log.debug(
              () ->
                  redactor.scrub(
                      op.id
                          + ": attempt "
                          + n
                          + " of at most "
                          + budget
                          + " failed in "
                          + took.toMillis()
                          + " ms ("
                          + f
                          + "); not retried",
                      token));
          throw failure;
        }
        log.info(
            () ->
                redactor.scrub(
                    op.id
                        + ": attempt "
                        + n
                        + " of at most "
                        + budget
                        + " failed in "
                        + took.toMillis()
                        + " ms ("
                        + f
                        + "); "
                        + what,
                    token));
        sleep(op.id, delay);
      }
    } catch (RuntimeException | Error e) {
      thrown = e;
      throw e;
    } finally {
      call.end(attempts, lastRequestId, thrown);
    }
  }

  /**
   * The headers as interceptors see them: the secret and tokens (the attempt's too) as [REDACTED].
   */
  private Map<String, String> shown(Map<String, String> headers, String token) {
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, v) -> out.put(k, redactor.scrub(v, token)));
    return out;
  }

  private static String requestIdNote(String requestId) {
    return requestId == null ? "" : " [request id " + requestId + "]";
  }

  /** From sending to the answer's status and headers (to now when the transport saw none). */
  private static Duration toHeaders(long startNanos, long headersAt) {
    return headersAt > startNanos ? Duration.ofNanos(headersAt - startNanos) : since(startNanos);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Network errors, timeouts, 408, 429 and 5xx. */
  private static boolean retryable(CobrowseException e) {
    if (e instanceof CobrowseTimeoutException || e instanceof NetworkException) return true;
    return e instanceof CobrowseApiException
        && RetryPolicy.retryableStatus(((CobrowseApiException) e).status());
  }

  private static void sleep(String op, long ms) {
    if (ms <= 0) return;
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CobrowseException(op + " was interrupted", e);
    }
  }
}
