package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each attempt bounded, against hostile answers from a server on 127.0.0.1:0 (no mock needed). */
class BoundedTransportTest {
  private static final int CAP = 1024 * 1024;
  private static final AtomicInteger followed = new AtomicInteger();
  private static final CountDownLatch trickleClosed = new CountDownLatch(1);
  private static HttpServer server;
  private static HttpServer elsewhere;
  private static ExecutorService pool;

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static void route(String path, HttpHandler h) {
    server.createContext(
        path,
        ex -> {
          try (ex) {
            h.handle(ex);
          } catch (IOException e) {
            // the client went away
          }
        });
  }

  @BeforeAll
  static void start() throws IOException {
    pool = Executors.newCachedThreadPool();
    elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    elsewhere.createContext(
        "/",
        ex -> {
          followed.incrementAndGet();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    elsewhere.start();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(pool);
    route(
        "/redirect",
        ex -> {
          ex.getResponseHeaders()
              .add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/stolen");
          ex.sendResponseHeaders(307, -1);
        });
    route(
        "/flood",
        ex -> {
          ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to go by
          byte[] chunk = new byte[64 * 1024];
          for (int i = 0; i < 64; i++) ex.getResponseBody().write(chunk); // 4 MiB
        });
    route(
        "/declared",
        ex -> {
          ex.sendResponseHeaders(200, 2L * CAP);
          ex.getResponseBody().write(new byte[2 * CAP]);
        });
    route(
        "/bomb",
        ex -> {
          byte[] bomb = gzip(new byte[8 * CAP]);
          ex.getResponseHeaders().add("Content-Encoding", "gzip");
          ex.sendResponseHeaders(200, bomb.length);
          ex.getResponseBody().write(bomb);
        });
    route(
        "/gzip",
        ex -> {
          byte[] body = gzip("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
          ex.getResponseHeaders().add("Content-Encoding", "gzip");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
        });
    route(
        "/trickle",
        ex -> {
          ex.sendResponseHeaders(200, 0);
          OutputStream out = ex.getResponseBody();
          try {
            for (int i = 0; i < 60; i++) {
              out.write("{\"a\":".getBytes(StandardCharsets.UTF_8));
              out.flush();
              Thread.sleep(200);
            }
          } catch (IOException e) {
            trickleClosed.countDown();
            throw e;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    elsewhere.stop(0);
    pool.shutdownNow();
  }

  private static HttpResponse<String> get(String path, Duration timeout)
      throws IOException, InterruptedException {
    BoundedTransport t = new BoundedTransport(timeout, CAP, true);
    return t.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
            .timeout(timeout)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRedirectIsNeverFollowed() throws Exception {
    HttpResponse<String> r = get("/redirect", Duration.ofSeconds(5));
    assertEquals(307, r.statusCode());
    assertTrue(r.headers().firstValue("location").isPresent());
    assertEquals(0, followed.get(), "nothing reached the other origin");
  }

  @Test
  void aBodyPastTheCapIsCutOffAsItArrives() {
    CappedBody.TooLarge e =
        assertThrows(CappedBody.TooLarge.class, () -> get("/flood", Duration.ofSeconds(10)));
    assertEquals(CAP, e.limit);
    assertEquals(200, e.status);
  }

  @Test
  void aContentLengthPastTheCapFailsAtOnce() {
    assertThrows(CappedBody.TooLarge.class, () -> get("/declared", Duration.ofSeconds(10)));
  }

  @Test
  void aGzipBombIsCutOffOnceDecoded() {
    CappedBody.TooLarge e =
        assertThrows(CappedBody.TooLarge.class, () -> get("/bomb", Duration.ofSeconds(10)));
    assertTrue(e.getMessage().contains("once decoded"), e.getMessage());
  }

  @Test
  void aGzipAnswerUnderTheCapIsDecodedHere() throws Exception {
    HttpResponse<String> r = get("/gzip", Duration.ofSeconds(5));
    assertEquals("{\"ok\":true}", r.body());
    assertFalse(
        r.headers().firstValue("content-encoding").isPresent(),
        "the generated client must not decode it again");
  }

  @Test
  void theTimeoutBoundsTheWholeExchangeBodyIncluded() throws Exception {
    long start = System.nanoTime();
    assertThrows(HttpTimeoutException.class, () -> get("/trickle", Duration.ofMillis(700)));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(ms < 5000, "a trickled body ended the attempt after " + ms + " ms, not its 12 s");
    assertTrue(
        trickleClosed.await(10, TimeUnit.SECONDS),
        "the connection was closed, so the server stopped writing");
  }
}
