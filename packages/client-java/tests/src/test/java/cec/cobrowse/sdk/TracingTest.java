package cec.cobrowse.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cec.cobrowse.client.model.GetConnectionInfoRequest;
import cec.cobrowse.client.model.Role;
import cec.cobrowse.sdk.generated.SpecValues;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry (issue 22, item 3), read from the SDK's in-memory exporter: a span per call, a
 * child per attempt and per token fetch, the HTTP client conventions' attributes, the request id,
 * errors recorded, the W3C trace context in each attempt's headers, and no secret or token in any
 * span.
 */
class TracingTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  private OpenTelemetrySdk otel(boolean propagators) {
    SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    io.opentelemetry.sdk.OpenTelemetrySdkBuilder b =
        OpenTelemetrySdk.builder().setTracerProvider(provider);
    if (propagators)
      b.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
    return b.build();
  }

  @AfterEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
  }

  private static String str(SpanData s, String key) {
    return s.getAttributes().get(AttributeKey.stringKey(key));
  }

  private static Long num(SpanData s, String key) {
    return s.getAttributes().get(AttributeKey.longKey(key));
  }

  private static List<SpanData> children(List<SpanData> spans, SpanData parent) {
    return spans.stream()
        .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
        .collect(Collectors.toList());
  }

  @Test
  void aCallWithOneRetryAndOneReplay() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway().info(503, 401)) {
      CobrowseClient client = gateway.client().openTelemetry(otel(true)).build();
      client.getConnectionInfo(
          new GetConnectionInfoRequest().role(Role.RECORDER).roomId("room-traced"));
      List<SpanData> spans = exporter.getFinishedSpanItems();
      List<SpanData> roots =
          spans.stream()
              .filter(s -> !s.getParentSpanContext().isValid())
              .collect(Collectors.toList());
      assertEquals(1, roots.size(), "one trace, rooted in the call: " + spans);
      SpanData call = roots.get(0);
      assertEquals(SpecValues.INFO_OPERATION, call.getName());
      assertEquals(SpanKind.INTERNAL, call.getKind());
      assertEquals(3L, num(call, "cobrowse.attempts"));
      assertEquals("req-5", str(call, "cobrowse.request_id"));
      assertEquals(StatusCode.UNSET, call.getStatus().getStatusCode());

      // The call's children in order: a token fetch, attempt 1 (503), attempt 2 (401), the replay's
      // token fetch, attempt 3.
      List<SpanData> steps = children(spans, call);
      assertEquals(
          List.of(SpecValues.TOKEN_OPERATION, "POST", "POST", SpecValues.TOKEN_OPERATION, "POST"),
          steps.stream().map(SpanData::getName).collect(Collectors.toList()));
      for (SpanData fetch : List.of(steps.get(0), steps.get(3))) {
        assertEquals(SpanKind.INTERNAL, fetch.getKind());
        assertEquals(
            Boolean.TRUE,
            fetch.getAttributes().get(AttributeKey.booleanKey("cobrowse.token_request")));
        List<SpanData> attempts = children(spans, fetch);
        assertEquals(1, attempts.size());
        assertEquals(SpanKind.CLIENT, attempts.get(0).getKind());
        assertEquals(gateway.url() + SpecValues.TOKEN_PATH, str(attempts.get(0), "url.full"));
        assertEquals(200L, num(attempts.get(0), "http.response.status_code"));
      }
      List<SpanData> attempts = List.of(steps.get(1), steps.get(2), steps.get(4));
      long[] statuses = {503, 401, 200};
      for (int i = 0; i < 3; i++) {
        SpanData a = attempts.get(i);
        assertEquals(SpanKind.CLIENT, a.getKind());
        assertEquals(SpecValues.INFO_METHOD, str(a, "http.request.method"));
        assertEquals(gateway.url() + SpecValues.INFO_PATH, str(a, "url.full"));
        assertEquals("127.0.0.1", str(a, "server.address"));
        assertEquals((long) java.net.URI.create(gateway.url()).getPort(), num(a, "server.port"));
        assertEquals(statuses[i], num(a, "http.response.status_code"));
        assertEquals(i == 0 ? null : (long) i, num(a, "http.request.resend_count"));
        assertEquals(i + 1L, num(a, "cobrowse.attempt"));
        assertTrue(str(a, "cobrowse.request_id").startsWith("req-"));
        boolean failed = statuses[i] != 200;
        assertEquals(failed ? String.valueOf(statuses[i]) : null, str(a, "error.type"));
        assertEquals(failed ? StatusCode.ERROR : StatusCode.UNSET, a.getStatus().getStatusCode());
        assertEquals(
            failed,
            a.getEvents().stream().anyMatch(e -> e.getName().equals("exception")),
            "the error is recorded");
      }

      // Each request carried the trace context of its own attempt span.
      List<ScriptedGateway.Seen> seen = gateway.seen();
      List<SpanData> clientSpans =
          spans.stream()
              .filter(s -> s.getKind() == SpanKind.CLIENT)
              .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
              .collect(Collectors.toList());
      assertEquals(seen.size(), clientSpans.size());
      for (int i = 0; i < seen.size(); i++) {
        String traceparent = seen.get(i).header("traceparent");
        assertTrue(
            traceparent.startsWith(
                "00-" + call.getTraceId() + "-" + clientSpans.get(i).getSpanId() + "-"),
            traceparent + " for " + clientSpans.get(i));
        assertTrue(
            (Integer.parseInt(traceparent.substring(traceparent.length() - 2), 16) & 1) == 1,
            "sampled: " + traceparent);
      }
      assertNoSecret(spans, gateway);
    }
  }

  @Test
  void aFailedCallRecordsItsError() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway().info(503, 503, 503)) {
      CobrowseClient client = gateway.client().openTelemetry(otel(true)).build();
      assertThrows(
          InternalServerException.class,
          () -> client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER)));
      SpanData call =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getName().equals(SpecValues.INFO_OPERATION))
              .findFirst()
              .orElseThrow();
      assertEquals(StatusCode.ERROR, call.getStatus().getStatusCode());
      assertEquals(InternalServerException.class.getName(), str(call, "error.type"));
      assertEquals(3L, num(call, "cobrowse.attempts"));
      assertTrue(call.getEvents().stream().anyMatch(e -> e.getName().equals("exception")));
      assertNoSecret(exporter.getFinishedSpanItems(), gateway);
    }
  }

  @Test
  void theTraceContextGoesOutWithoutAConfiguredPropagatorToo() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway()) {
      gateway
          .client()
          .openTelemetry(otel(false))
          .build()
          .getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      for (ScriptedGateway.Seen s : gateway.seen())
        assertTrue(
            String.valueOf(s.header("traceparent"))
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"),
            s.toString());
    }
  }

  @Test
  void theGlobalOneOnceTheApplicationSetsIt() throws Exception {
    try (ScriptedGateway gateway = new ScriptedGateway()) {
      CobrowseClient client =
          gateway.client().build(); // before the application set its OpenTelemetry
      client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      assertTrue(exporter.getFinishedSpanItems().isEmpty());
      assertNull(gateway.seen().get(0).header("traceparent"), "no trace, no context");
      assertFalse(GlobalOpenTelemetry.isSet(), "the client did not fix the global to a no-op");
      GlobalOpenTelemetry.set(otel(true));
      client.getConnectionInfo(new GetConnectionInfoRequest().role(Role.RECORDER));
      assertEquals(
          List.of(SpecValues.INFO_OPERATION),
          exporter.getFinishedSpanItems().stream()
              .filter(s -> !s.getParentSpanContext().isValid())
              .map(SpanData::getName)
              .collect(Collectors.toList()));
    }
  }

  @Test
  void somethingElseIsNotAnOpenTelemetry() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                CobrowseClient.builder()
                    .baseUrl("https://gateway.example")
                    .appKey("k")
                    .appSecret("s")
                    .tenantSpaceId("t")
                    .openTelemetry("tracer")
                    .build());
    assertEquals("openTelemetry", e.field());
  }

  /**
   * Nothing of any span (name, attributes, events, status) holds the secret or a token the gateway
   * issued.
   */
  private static void assertNoSecret(List<SpanData> spans, ScriptedGateway gateway) {
    List<String> shown = new ArrayList<>();
    for (SpanData s : spans) {
      shown.add(s.getName());
      shown.add(s.getAttributes().toString());
      shown.add(s.getStatus().toString());
      for (EventData e : s.getEvents()) shown.add(e.getName() + " " + e.getAttributes());
    }
    String all = String.join("\n", shown);
    assertTrue(
        all.contains("refused " + Defaults.REDACTED) || !all.contains("refused"),
        "the echoed token is scrubbed in recorded errors");
    assertFalse(all.contains(ScriptedGateway.SECRET), all);
    assertFalse(gateway.tokens().isEmpty());
    for (String token : gateway.tokens()) assertFalse(all.contains(token), token + " in " + all);
  }
}
