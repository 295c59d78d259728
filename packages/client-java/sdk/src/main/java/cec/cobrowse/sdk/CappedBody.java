package cec.cobrowse.sdk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * An answer's body within maxResponseBytes, counted as received (a body handler that aborts the
 * exchange past the cap, at once when Content-Length says so) and once decoded (gzip and deflate,
 * decoded here with the same cap: a gzip bomb stops at the cap's worth of output).
 */
final class CappedBody {
  private CappedBody() {}

  /** The answer's body was larger than the cap, as received or once decoded. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    final long limit;
    final int status;
    final transient HttpHeaders headers;

    TooLarge(long limit, int status, HttpHeaders headers, String how) {
      super("the answer is larger than " + limit + " bytes " + how);
      this.limit = limit;
      this.status = status;
      this.headers = headers;
    }
  }

  /** The Content-Encoding values, outermost last, lower case ("identity" dropped). */
  static List<String> encodings(HttpHeaders headers) {
    List<String> out = new ArrayList<>();
    for (String v : headers.allValues("content-encoding")) {
      for (String e : v.split(",")) {
        String t = e.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && !t.equals("identity")) out.add(t);
      }
    }
    return out;
  }

  /**
   * Whether the layer decodes every one of them (gzip, x-gzip, deflate); others are left as sent
   * (and fail as not JSON).
   */
  static boolean decodable(List<String> encodings) {
    for (String e : encodings)
      if (!(e.equals("gzip") || e.equals("x-gzip") || e.equals("deflate"))) return false;
    return true;
  }

  /** Decodes the body, outermost encoding first, stopping past the cap. */
  static byte[] decode(
      byte[] body, List<String> encodings, long maxBytes, int status, HttpHeaders headers)
      throws IOException {
    for (int i = encodings.size() - 1; i >= 0; i--) {
      String e = encodings.get(i);
      try (InputStream in =
          e.equals("deflate")
              ? new InflaterInputStream(new ByteArrayInputStream(body))
              : new GZIPInputStream(new ByteArrayInputStream(body))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) > 0; ) {
          if (out.size() + (long) n > maxBytes)
            throw new TooLarge(maxBytes, status, headers, "once decoded (" + e + ")");
          out.write(chunk, 0, n);
        }
        body = out.toByteArray();
      }
    }
    return body;
  }

  /**
   * Counts the body as it arrives and aborts the exchange past the cap (a Content-Length over it
   * fails at once).
   */
  static final class Handler implements HttpResponse.BodyHandler<byte[]> {
    private final long max;
    private volatile Subscriber subscriber;
    private volatile boolean cancelled;
    private volatile long headersAt;

    Handler(long max) {
      this.max = max;
    }

    /** When the status and headers arrived (System.nanoTime()), or 0 before. */
    long headersAt() {
      return headersAt;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      headersAt = System.nanoTime();
      Subscriber s = new Subscriber(max, info);
      subscriber = s;
      if (cancelled) s.cancel();
      long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
      if (declared > max)
        s.fail(
            new TooLarge(
                max,
                info.statusCode(),
                info.headers(),
                "(its Content-Length is " + declared + ")"));
      return s;
    }

    void cancel() {
      cancelled = true;
      Subscriber s = subscriber;
      if (s != null) s.cancel();
    }
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final long max;
    private final HttpResponse.ResponseInfo info;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;

    Subscriber(long max, HttpResponse.ResponseInfo info) {
      this.max = max;
      this.info = info;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (result.isDone()) s.cancel();
      else s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) return;
      for (ByteBuffer b : items) {
        if (received.size() + (long) b.remaining() > max) {
          fail(new TooLarge(max, info.statusCode(), info.headers(), "as received"));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        received.write(chunk, 0, chunk.length);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(received.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    void fail(IOException e) {
      result.completeExceptionally(e);
      cancel();
    }

    void cancel() {
      if (!result.isDone()) result.completeExceptionally(new IOException("cancelled"));
      Flow.Subscription s = subscription;
      if (s != null) s.cancel();
    }
  }
}
