package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.model.ErrorDetail;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Redaction of the secret, the attempt's token and every remembered token, wherever a string goes.
 */
class RedactorTest {
  private static final String SECRET = "app-secret-0123456789";

  private static TokenCache ring(int tokens) {
    TokenCache cache = new TokenCache(() -> null);
    for (int i = 1; i <= tokens; i++) cache.remember("tok" + i + "-abcdefghijklmnop");
    return cache;
  }

  @Test
  void anOldTokenIsRedactedWhileTheRingHoldsIt() {
    TokenCache cache = ring(16);
    Redactor r = new Redactor(SECRET, cache::remembered);
    String shown =
        r.scrub(
            "first tok1-abcdefghijklmnop, newest tok16-abcdefghijklmnop, secret " + SECRET, null);
    assertEquals("first [REDACTED], newest [REDACTED], secret [REDACTED]", shown);
    cache.remember("tok17-abcdefghijklmnop");
    assertTrue(
        r.scrub("tok1-abcdefghijklmnop", null).contains("tok1"),
        "the bound is 16: the oldest falls out");
  }

  @Test
  void theAttemptsTokenIsRedactedEvenWhenNotRemembered() {
    Redactor r = new Redactor(SECRET, List::of);
    assertEquals("Bearer [REDACTED]", r.scrub("Bearer sent-token-xyz", "sent-token-xyz"));
  }

  @Test
  void aTokenHoldingAnotherIsHiddenWhole() {
    Redactor r = new Redactor(SECRET, () -> List.of("abcd", "abcdefgh"));
    assertEquals("[REDACTED]", r.scrub("abcdefgh", null));
  }

  @Test
  void headersAndDetailsAreScrubbed() {
    Redactor r = new Redactor(SECRET, () -> List.of("tok-in-header-1234"));
    Map<String, List<String>> h =
        r.headers(Map.of("X-Echo-Authorization", List.of("Bearer tok-in-header-1234")), null);
    assertEquals(Map.of("x-echo-authorization", List.of("Bearer [REDACTED]")), h);
    List<ErrorDetail> d =
        r.details(
            List.of(
                new ErrorDetail()
                    .in(ErrorDetail.InEnum.HEADER)
                    .name("Authorization")
                    .message("token tok-in-header-1234 is revoked")),
            null);
    assertEquals("token [REDACTED] is revoked", d.get(0).getMessage());
    assertEquals(ErrorDetail.InEnum.HEADER, d.get(0).getIn());
  }

  @Test
  void aCauseIsKeptWhenCleanAndCopiedScrubbedOtherwise() {
    Redactor r = new Redactor(SECRET, () -> List.of("tok-in-cause-5678"));
    IOException clean = new IOException("connection reset");
    assertSame(clean, r.cause(clean, null));
    Throwable dirty =
        new IOException(
            "outer", new IllegalStateException("echoed tok-in-cause-5678 and " + SECRET));
    Throwable copy = r.cause(dirty, null);
    StringWriter trace = new StringWriter();
    copy.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains("tok-in-cause-5678"));
    assertFalse(trace.toString().contains(SECRET));
    assertTrue(
        trace
            .toString()
            .contains("java.lang.IllegalStateException: echoed [REDACTED] and [REDACTED]"),
        trace.toString());
    assertTrue(copy.toString().startsWith("java.io.IOException: outer"));
  }

  @Test
  void shortStringsAreNotRedacted() {
    Redactor r = new Redactor("abc", () -> List.of("x"));
    assertEquals("abc x", r.scrub("abc x", "y"));
  }
}
