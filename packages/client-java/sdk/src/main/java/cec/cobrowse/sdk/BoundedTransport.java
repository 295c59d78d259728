package cec.cobrowse.sdk;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * One attempt, bounded (packages/scenarios/README.md, Each attempt bounded): the HttpClient the
 * generated client sends through. Redirects are never followed (a 3xx comes back as it is); the
 * body is counted as it arrives and the exchange aborted past maxResponseBytes; a gzip or deflate
 * body (never asked for: no Accept-Encoding is sent) is decoded here with the same cap, so the
 * generated client never decodes one unbounded; and the request's timeout bounds the whole
 * exchange, the body included, so a trickled answer cannot keep an attempt alive.
 */
final class BoundedTransport extends HttpClient {
  /**
   * The status, headers and (decoded) body of the last answer on this thread, while a {@link
   * Recorder} is open.
   */
  static final class Answer {
    final int status;
    final HttpHeaders headers;
    final byte[] body;

    Answer(int status, HttpHeaders headers, byte[] body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }
  }

  /**
   * Records the answer the generated client received on this thread (it sends synchronously): the
   * send loop needs its status and request id when the generated client cannot parse it.
   */
  static final class Recorder implements AutoCloseable {
    private Answer answer;
    private long headersAt;

    Answer answer() {
      return answer;
    }

    /**
     * When the last answer's status and headers arrived (System.nanoTime()), or 0 when none did.
     */
    long headersAt() {
      return headersAt;
    }

    @Override
    public void close() {
      RECORDER.remove();
    }
  }

  private static final ThreadLocal<Recorder> RECORDER = new ThreadLocal<>();

  /** Starts recording this thread's next answer; close it after the attempt. */
  static Recorder record() {
    Recorder r = new Recorder();
    RECORDER.set(r);
    return r;
  }

  private final HttpClient http;
  private final long maxBytes;
  private final Duration timeout;

  /**
   * @param timeout the whole exchange's limit when a request sets none (the generated client sets
   *     the client's timeout on each request)
   */
  BoundedTransport(Duration timeout, long maxBytes, boolean http11) {
    HttpClient.Builder b =
        HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
    // Plain http:// over HTTP/1.1: HTTP/2 there would first try an h2c upgrade.
    if (http11) b.version(HttpClient.Version.HTTP_1_1);
    this.http = b.build();
    this.maxBytes = maxBytes;
    this.timeout = timeout;
  }

  /** A builder that hands the generated ApiClient this transport. */
  HttpClient.Builder builder() {
    return new FixedBuilder(this);
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    long limitNanos = request.timeout().orElse(timeout).toNanos();
    long deadline = System.nanoTime() + limitNanos;
    CappedBody.Handler counting = new CappedBody.Handler(maxBytes);
    CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, counting);
    HttpResponse<byte[]> raw;
    Recorder recorder = RECORDER.get();
    try {
      raw = exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abort(counting, exchange);
      throw new HttpTimeoutException(
          "no complete answer within "
              + TimeUnit.NANOSECONDS.toMillis(limitNanos)
              + " ms (connect, headers and body)");
    } catch (InterruptedException e) {
      abort(counting, exchange);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof CompletionException && e.getCause().getCause() != null
              ? e.getCause().getCause()
              : e.getCause();
      if (cause instanceof IOException) throw (IOException) cause;
      throw new IOException(cause);
    } finally {
      if (recorder != null) recorder.headersAt = counting.headersAt();
    }
    HttpHeaders headers = raw.headers();
    byte[] body = raw.body();
    // Recorded before decoding too: a body that does not decode is a bad answer, not a network
    // error.
    if (recorder != null) recorder.answer = new Answer(raw.statusCode(), headers, body);
    List<String> encodings = CappedBody.encodings(headers);
    if (!encodings.isEmpty() && CappedBody.decodable(encodings)) {
      body = CappedBody.decode(body, encodings, maxBytes, raw.statusCode(), headers);
      headers =
          HttpHeaders.of(
              headers.map(),
              (name, value) ->
                  !name.equalsIgnoreCase("content-encoding")
                      && !name.equalsIgnoreCase("content-length"));
      if (recorder != null) recorder.answer = new Answer(raw.statusCode(), headers, body);
    }
    return ReplayedResponse.of(handler, raw, headers, body, deadline);
  }

  private static void abort(CappedBody.Handler counting, CompletableFuture<?> exchange) {
    counting.cancel();
    exchange.cancel(true); // closes the connection (Java 16+)
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Executor executor = http.executor().orElse(null);
    java.util.function.Supplier<HttpResponse<T>> call =
        () -> {
          try {
            return send(request, handler);
          } catch (IOException e) {
            throw new CompletionException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
          }
        };
    return executor == null
        ? CompletableFuture.supplyAsync(call)
        : CompletableFuture.supplyAsync(call, executor);
  }

  /** Push promises are refused (this client never asks for one). */
  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    return sendAsync(request, handler);
  }

  /**
   * Hands the generated ApiClient this transport; it takes no other settings (set them on the
   * CobrowseClient).
   */
  private static final class FixedBuilder implements HttpClient.Builder {
    private final BoundedTransport transport;

    FixedBuilder(BoundedTransport transport) {
      this.transport = transport;
    }

    private static UnsupportedOperationException fixed() {
      return new UnsupportedOperationException(
          "the CobrowseClient's HTTP client is fixed: set its options on CobrowseClient.builder()");
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler h) {
      throw fixed();
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration d) {
      throw fixed();
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext c) {
      throw fixed();
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters p) {
      throw fixed();
    }

    @Override
    public HttpClient.Builder executor(Executor e) {
      throw fixed();
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect r) {
      throw fixed();
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version v) {
      throw fixed();
    }

    @Override
    public HttpClient.Builder priority(int p) {
      throw fixed();
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector p) {
      throw fixed();
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator a) {
      throw fixed();
    }

    @Override
    public HttpClient build() {
      return transport;
    }
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return http.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return http.connectTimeout();
  }

  @Override
  public HttpClient.Redirect followRedirects() {
    return HttpClient.Redirect.NEVER;
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return http.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return http.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return http.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return http.authenticator();
  }

  @Override
  public HttpClient.Version version() {
    return http.version();
  }

  @Override
  public Optional<Executor> executor() {
    return http.executor();
  }

  @Override
  public String toString() {
    return "BoundedTransport{maxResponseBytes=" + maxBytes + ", redirects=NEVER}";
  }
}
