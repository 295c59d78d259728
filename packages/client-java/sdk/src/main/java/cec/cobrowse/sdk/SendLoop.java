package cec.cobrowse.sdk;

import cec.cobrowse.client.ApiException;
import cec.cobrowse.client.ApiResponse;
import cec.cobrowse.sdk.generated.SpecValues;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * The one send loop (packages/scenarios/README.md, The send loop) that every call of both
 * operations goes through: a token taken for every attempt at the moment it is sent, the 401
 * rules (compare-and-drop; the one replay for a refused current token; a superseded token sent
 * again at once), retries of network errors, timeouts, 408, 429 and 5xx, and one attempt
 * budget of maxRetries + 2.
 */
final class SendLoop {
  private static final System.Logger LOG = System.getLogger(Defaults.LOGGER);

  /** One attempt through the generated client ({@code token}: null for the token request). */
  @FunctionalInterface
  interface Attempt<T> {
    ApiResponse<T> send(String token) throws ApiException;
  }

  /** The result of a 2xx answer, or a {@link CobrowseApiException} when it is unusable (not retried). */
  @FunctionalInterface
  interface Accept<T, R> {
    R accept(ApiResponse<T> answer, BoundedTransport.Answer raw, String token);
  }

  private final RetryPolicy policy;
  private final TokenCache tokens;
  private final Answers answers;
  private final Redactor redactor;

  SendLoop(RetryPolicy policy, TokenCache tokens, Answers answers, Redactor redactor) {
    this.policy = policy;
    this.tokens = tokens;
    this.answers = answers;
    this.redactor = redactor;
  }

  /** Runs one call of {@code op}; {@code withToken}: each attempt carries the current token. */
  <T, R> R run(String op, boolean withToken, Attempt<T> attempt, Accept<T, R> accept) {
    int budget = policy.attemptBudget();
    int attempts = 0;
    int retries = 0;
    boolean replayed = false;
    while (true) {
      if (Thread.currentThread().isInterrupted()) throw new CobrowseException(op + " was interrupted");
      String token = withToken ? tokens.acquire().token : null;
      attempts++;
      CobrowseException failure;
      try (BoundedTransport.Recorder recorder = BoundedTransport.record()) {
        try {
          ApiResponse<T> answer = attempt.send(token);
          return accept.accept(answer, recorder.answer(), token);
        } catch (ApiException e) {
          failure = answers.failure(op, e, recorder.answer(), token);
        }
      }
      final int n = attempts;
      if (withToken && failure instanceof AuthenticationException) {
        if (tokens.drop(token)) { // the refused token was the current one
          if (replayed || attempts >= budget) throw failure;
          replayed = true;
          log(() -> op + ": attempt " + n + " of at most " + budget + ": the current token was refused (401); replaying once with a new token", token);
        } else { // another caller already dropped or replaced it
          if (attempts >= budget) throw failure;
          log(() -> op + ": attempt " + n + " of at most " + budget + ": a superseded token was refused (401); sending again with the current token", token);
        }
        continue;
      }
      if (!retryable(failure) || retries >= policy.maxRetries || attempts >= budget) throw failure;
      retries++;
      String retryAfter = failure instanceof CobrowseApiException
          ? Answers.first(((CobrowseApiException) failure).headers(), SpecValues.RETRY_AFTER_HEADER) : null;
      long delay = policy.delayMs(retries, retryAfter, System.currentTimeMillis());
      final CobrowseException f = failure;
      final int r = retries;
      log(() -> op + ": attempt " + n + " of at most " + budget + " failed (" + f + "); retry " + r + " of " + policy.maxRetries + " in " + delay + " ms", token);
      sleep(op, delay);
    }
  }

  /** Network errors, timeouts, 408, 429 and 5xx. */
  private static boolean retryable(CobrowseException e) {
    if (e instanceof CobrowseTimeoutException || e instanceof NetworkException) return true;
    return e instanceof CobrowseApiException && RetryPolicy.retryableStatus(((CobrowseApiException) e).status());
  }

  private void log(Supplier<String> line, String token) {
    LOG.log(Level.DEBUG, () -> redactor.scrub(line.get(), token));
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
