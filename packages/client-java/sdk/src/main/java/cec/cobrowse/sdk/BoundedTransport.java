package cec.cobrowse.sdk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * One attempt, bounded (packages/scenarios/README.md, Each attempt bounded): the HttpClient the
 * generated client sends through. Redirects are never followed (a 3xx comes back as it is); the
 * body is counted as it arrives and the exchange aborted past maxResponseBytes; a gzip or
 * deflate body (never asked for: no Accept-Encoding is sent) is decoded here with the same cap,
 * so the generated client never decodes one unbounded; and the request's timeout bounds the
 * whole exchange, the body included, so a trickled answer cannot keep an attempt alive.
 */
final class BoundedTransport extends HttpClient {
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

  /** The status, headers and (decoded) body of the last answer on this thread, while a {@link Recorder} is open. */
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
   * Records the answer the generated client received on this thread (it sends synchronously):
   * the send loop needs its status and request id when the generated client cannot parse it.
   */
  static final class Recorder implements AutoCloseable {
    private Answer answer;

    Answer answer() {
      return answer;
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
   * @param timeout the whole exchange's limit when a request sets none (the generated client
   *     sets the client's timeout on each request)
   */
  BoundedTransport(Duration timeout, long maxBytes, boolean http11) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
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
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
    long limitNanos = request.timeout().orElse(timeout).toNanos();
    long deadline = System.nanoTime() + limitNanos;
    Counting counting = new Counting(maxBytes);
    CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, counting);
    HttpResponse<byte[]> raw;
    try {
      raw = exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abort(counting, exchange);
      throw new HttpTimeoutException("no complete answer within " + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms (connect, headers and body)");
    } catch (InterruptedException e) {
      abort(counting, exchange);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
      if (cause instanceof IOException) throw (IOException) cause;
      throw new IOException(cause);
    }
    HttpHeaders headers = raw.headers();
    byte[] body = raw.body();
    List<String> encodings = encodings(headers);
    if (!encodings.isEmpty() && decodable(encodings)) {
      body = decode(body, encodings, raw.statusCode(), headers);
      headers = HttpHeaders.of(headers.map(), (name, value) -> !name.equalsIgnoreCase("content-encoding") && !name.equalsIgnoreCase("content-length"));
    }
    Recorder recorder = RECORDER.get();
    if (recorder != null) recorder.answer = new Answer(raw.statusCode(), headers, body);
    return new Response<>(raw, headers, deliver(handler, raw, headers, body, deadline));
  }

  private static void abort(Counting counting, CompletableFuture<?> exchange) {
    counting.cancel();
    exchange.cancel(true); // closes the connection (Java 16+)
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Executor executor = http.executor().orElse(null);
    java.util.function.Supplier<HttpResponse<T>> call = () -> {
      try {
        return send(request, handler);
      } catch (IOException e) {
        throw new CompletionException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      }
    };
    return executor == null ? CompletableFuture.supplyAsync(call) : CompletableFuture.supplyAsync(call, executor);
  }

  /** Push promises are refused (this client never asks for one). */
  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
    return sendAsync(request, handler);
  }

  /** The Content-Encoding values, outermost last, lower case ("identity" dropped). */
  private static List<String> encodings(HttpHeaders headers) {
    List<String> out = new ArrayList<>();
    for (String v : headers.allValues("content-encoding")) {
      for (String e : v.split(",")) {
        String t = e.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && !t.equals("identity")) out.add(t);
      }
    }
    return out;
  }

  private static boolean decodable(List<String> encodings) {
    for (String e : encodings) if (!(e.equals("gzip") || e.equals("x-gzip") || e.equals("deflate"))) return false;
    return true;
  }

  /** Decodes the body, outermost encoding first, stopping past the cap. */
  private byte[] decode(byte[] body, List<String> encodings, int status, HttpHeaders headers) throws IOException {
    for (int i = encodings.size() - 1; i >= 0; i--) {
      String e = encodings.get(i);
      try (InputStream in = e.equals("deflate") ? new InflaterInputStream(new ByteArrayInputStream(body)) : new GZIPInputStream(new ByteArrayInputStream(body))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) > 0; ) {
          if (out.size() + (long) n > maxBytes) throw new TooLarge(maxBytes, status, headers, "once decoded (" + e + ")");
          out.write(chunk, 0, n);
        }
        body = out.toByteArray();
      }
    }
    return body;
  }

  /** Hands the body to the caller's handler, as the JDK would have. */
  private static <T> T deliver(HttpResponse.BodyHandler<T> handler, HttpResponse<?> raw, HttpHeaders headers, byte[] body, long deadline) throws IOException, InterruptedException {
    HttpResponse.ResponseInfo info = new Info(raw.statusCode(), headers, raw.version());
    HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
    Replay replay = new Replay(subscriber, body);
    subscriber.onSubscribe(replay);
    replay.start();
    try {
      return subscriber.getBody().toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
    } catch (TimeoutException e) {
      throw new HttpTimeoutException("the body handler did not finish in time");
    }
  }

  /** Counts the body as it arrives and aborts the exchange past the cap (a Content-Length over it fails at once). */
  private static final class Counting implements HttpResponse.BodyHandler<byte[]> {
    private final long max;
    private volatile Subscriber subscriber;
    private volatile boolean cancelled;

    Counting(long max) {
      this.max = max;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      Subscriber s = new Subscriber(max, info);
      subscriber = s;
      if (cancelled) s.cancel();
      long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
      if (declared > max) s.fail(new TooLarge(max, info.statusCode(), info.headers(), "(its Content-Length is " + declared + ")"));
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
    public java.util.concurrent.CompletionStage<byte[]> getBody() {
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

  /** A one-item publication of the body, delivered on the first demand (after onSubscribe returned). */
  private static final class Replay implements Flow.Subscription {
    private final HttpResponse.BodySubscriber<?> subscriber;
    private final byte[] body;
    private boolean started;
    private boolean demanded;
    private boolean done;

    Replay(HttpResponse.BodySubscriber<?> subscriber, byte[] body) {
      this.subscriber = subscriber;
      this.body = body;
    }

    void start() {
      boolean go;
      synchronized (this) {
        started = true;
        go = demanded;
      }
      if (go) publish();
    }

    @Override
    public void request(long n) {
      boolean go;
      synchronized (this) {
        if (n <= 0 || done) return;
        demanded = true;
        go = started;
      }
      if (go) publish();
    }

    private void publish() {
      synchronized (this) {
        if (done) return;
        done = true;
      }
      if (body.length > 0) subscriber.onNext(List.of(ByteBuffer.wrap(body)));
      subscriber.onComplete();
    }

    @Override
    public synchronized void cancel() {
      done = true;
    }
  }

  private static final class Info implements HttpResponse.ResponseInfo {
    private final int status;
    private final HttpHeaders headers;
    private final HttpClient.Version version;

    Info(int status, HttpHeaders headers, HttpClient.Version version) {
      this.status = status;
      this.headers = headers;
      this.version = version;
    }

    @Override
    public int statusCode() {
      return status;
    }

    @Override
    public HttpHeaders headers() {
      return headers;
    }

    @Override
    public HttpClient.Version version() {
      return version;
    }
  }

  private static final class Response<T> implements HttpResponse<T> {
    private final HttpResponse<?> raw;
    private final HttpHeaders headers;
    private final T body;

    Response(HttpResponse<?> raw, HttpHeaders headers, T body) {
      this.raw = raw;
      this.headers = headers;
      this.body = body;
    }

    @Override
    public int statusCode() {
      return raw.statusCode();
    }

    @Override
    public HttpRequest request() {
      return raw.request();
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
      return Optional.empty(); // redirects are never followed
    }

    @Override
    public HttpHeaders headers() {
      return headers;
    }

    @Override
    public T body() {
      return body;
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return raw.sslSession();
    }

    @Override
    public URI uri() {
      return raw.uri();
    }

    @Override
    public HttpClient.Version version() {
      return raw.version();
    }
  }

  /** Hands the generated ApiClient this transport; it takes no other settings (set them on the CobrowseClient). */
  private static final class FixedBuilder implements HttpClient.Builder {
    private final BoundedTransport transport;

    FixedBuilder(BoundedTransport transport) {
      this.transport = transport;
    }

    private static UnsupportedOperationException fixed() {
      return new UnsupportedOperationException("the CobrowseClient's HTTP client is fixed: set its options on CobrowseClient.builder()");
    }

    @Override public HttpClient.Builder cookieHandler(CookieHandler h) { throw fixed(); }
    @Override public HttpClient.Builder connectTimeout(Duration d) { throw fixed(); }
    @Override public HttpClient.Builder sslContext(SSLContext c) { throw fixed(); }
    @Override public HttpClient.Builder sslParameters(SSLParameters p) { throw fixed(); }
    @Override public HttpClient.Builder executor(Executor e) { throw fixed(); }
    @Override public HttpClient.Builder followRedirects(HttpClient.Redirect r) { throw fixed(); }
    @Override public HttpClient.Builder version(HttpClient.Version v) { throw fixed(); }
    @Override public HttpClient.Builder priority(int p) { throw fixed(); }
    @Override public HttpClient.Builder proxy(ProxySelector p) { throw fixed(); }
    @Override public HttpClient.Builder authenticator(Authenticator a) { throw fixed(); }

    @Override
    public HttpClient build() {
      return transport;
    }
  }

  @Override public Optional<CookieHandler> cookieHandler() { return http.cookieHandler(); }
  @Override public Optional<Duration> connectTimeout() { return http.connectTimeout(); }
  @Override public HttpClient.Redirect followRedirects() { return HttpClient.Redirect.NEVER; }
  @Override public Optional<ProxySelector> proxy() { return http.proxy(); }
  @Override public SSLContext sslContext() { return http.sslContext(); }
  @Override public SSLParameters sslParameters() { return http.sslParameters(); }
  @Override public Optional<Authenticator> authenticator() { return http.authenticator(); }
  @Override public HttpClient.Version version() { return http.version(); }
  @Override public Optional<Executor> executor() { return http.executor(); }

  @Override
  public String toString() {
    return "BoundedTransport{maxResponseBytes=" + maxBytes + ", redirects=NEVER}";
  }
}
