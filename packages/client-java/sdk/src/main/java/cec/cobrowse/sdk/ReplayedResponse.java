package cec.cobrowse.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSession;

/**
 * The answer the generated client sees: the capped, decoded body handed to its own body handler as
 * the JDK would have, in a response with the headers that still apply (no Content-Encoding once
 * decoded) and no previous response (redirects are never followed).
 */
final class ReplayedResponse<T> implements HttpResponse<T> {
  private final HttpResponse<?> raw;
  private final HttpHeaders headers;
  private final T body;

  private ReplayedResponse(HttpResponse<?> raw, HttpHeaders headers, T body) {
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

  /**
   * Hands {@code body} to the caller's handler, as the JDK would have, before {@code deadline}
   * (System.nanoTime).
   */
  static <T> ReplayedResponse<T> of(
      HttpResponse.BodyHandler<T> handler,
      HttpResponse<?> raw,
      HttpHeaders headers,
      byte[] body,
      long deadline)
      throws IOException, InterruptedException {
    HttpResponse.ResponseInfo info = new Info(raw.statusCode(), headers, raw.version());
    HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
    Replay replay = new Replay(subscriber, body);
    subscriber.onSubscribe(replay);
    replay.start();
    try {
      return new ReplayedResponse<>(
          raw,
          headers,
          subscriber
              .getBody()
              .toCompletableFuture()
              .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException
          ? (IOException) e.getCause()
          : new IOException(e.getCause());
    } catch (TimeoutException e) {
      throw new HttpTimeoutException("the body handler did not finish in time");
    }
  }

  /**
   * A one-item publication of the body, delivered on the first demand (after onSubscribe returned).
   */
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
}
