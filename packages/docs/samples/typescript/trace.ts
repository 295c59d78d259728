// A call as a trace: one 503 retry and one 401 replay, seen as OpenTelemetry spans. Your
// application registers its own provider and propagator (NodeSDK with an OTLP exporter does
// both); this sample keeps the spans in memory and prints them as a tree.
import { randomUUID } from "node:crypto";
import { fromEnv } from "@cec-cobrowse/client";
import * as otel from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

const control = process.env.COBROWSE_MOCK_CONTROL_URL!;
const scope = `docs-${randomUUID()}`;
const headers = { Authorization: `Bearer ${process.env.COBROWSE_MOCK_CONTROL_TOKEN}`, "X-Mock-Scope": scope };
const inject = (fault: object) =>
  fetch(`${control}/faults`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
// The first attempt gets a 503, the retry a 401 (its token refused), the replay succeeds.
await inject({ operationId: "getConnectionInfo", status: 503, retryAfter: 0 });
await inject({ operationId: "getConnectionInfo", status: 401 });

otel.propagation.setGlobalPropagator(new W3CTraceContextPropagator()); // traceparent on every attempt
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const client = fromEnv(process.env, {
  headers: { "X-Mock-Scope": scope },
  openTelemetry: { api: otel, tracerProvider },
});
await client.getConnectionInfo({ role: "recorder" });

const spans = exporter.getFinishedSpans();
const children = (parent?: string) =>
  spans
    .filter((s) => s.parentSpanContext?.spanId === parent)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
const print = (span: ReadableSpan, depth: number) => {
  const a = span.attributes;
  const shown = ["http.response.status_code", "http.request.resend_count", "cec_cobrowse.attempts"].filter(
    (k) => a[k] !== undefined,
  );
  console.log(`${"  ".repeat(depth)}${span.name}${shown.map((k) => ` ${k}=${a[k]}`).join("")}`);
  for (const child of children(span.spanContext().spanId)) print(child, depth + 1);
};
for (const root of children(undefined)) print(root, 0);
await fetch(`${control}/faults`, { method: "DELETE", headers });
