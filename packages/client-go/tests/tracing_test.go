// OpenTelemetry (issue 22), with the OpenTelemetry SDK's in-memory exporter: a span per call, a
// child per attempt and per token request, the HTTP client semantic conventions, the request id,
// errors recorded, the trace context in each attempt's traceparent; no secret or token in any
// span.
package tests

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

// inMemoryTracing is a tracer provider whose spans end in an in-memory exporter.
func inMemoryTracing(t *testing.T) (*sdktrace.TracerProvider, *tracetest.InMemoryExporter) {
	exporter := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp, exporter
}

func attrs(s tracetest.SpanStub) map[attribute.Key]attribute.Value {
	out := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes {
		out[kv.Key] = kv.Value
	}
	return out
}

// children are the spans whose parent is parent, in the order they started.
func children(spans tracetest.SpanStubs, parent tracetest.SpanStub) []tracetest.SpanStub {
	var out []tracetest.SpanStub
	for _, s := range spans {
		if s.Parent.SpanID() == parent.SpanContext.SpanID() {
			out = append(out, s)
		}
	}
	for i := 1; i < len(out); i++ { // by start time (the exporter has them by end time)
		for j := i; j > 0 && out[j].StartTime.Before(out[j-1].StartTime); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func named(spans tracetest.SpanStubs, name string) []tracetest.SpanStub {
	var out []tracetest.SpanStub
	for _, s := range spans {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

func TestSpansOfACallWithA503RetryAndA401Replay(t *testing.T) {
	tp, exporter := inMemoryTracing(t)
	g := newGateway(t, newRevoking("503", "revoke").serve)
	client := g.client(t, sdk.Options{TracerProvider: tp})
	ctx, caller := tp.Tracer("test").Start(context.Background(), "handle customer")
	if _, err := client.GetConnectionInfo(ctx, recorder); err != nil {
		t.Fatal(err)
	}
	caller.End()
	spans := exporter.GetSpans()
	root := named(spans, "handle customer")[0]
	calls := children(spans, root)
	if len(calls) != 1 || calls[0].Name != "getConnectionInfo" || calls[0].SpanKind != trace.SpanKindInternal {
		t.Fatalf("the caller's children: %v", spanNames(calls))
	}
	call := calls[0]
	if got := attrs(call)["cobrowse.attempts"].AsInt64(); got != 3 || call.Status.Code == codes.Error {
		t.Fatalf("the call span: %d attempts, status %v", got, call.Status)
	}
	// The call's children: its attempts and the token requests, in order.
	var shape []string
	for _, s := range children(spans, call) {
		shape = append(shape, s.Name)
	}
	want := "tokenByAkSk, POST /apiaccess/api/cobrowse/getConnectionInfo, POST /apiaccess/api/cobrowse/getConnectionInfo, tokenByAkSk, POST /apiaccess/api/cobrowse/getConnectionInfo"
	if strings.Join(shape, ", ") != want {
		t.Fatalf("the call's children:\n got %s\nwant %s", strings.Join(shape, ", "), want)
	}
	requests := g.seenRequests()
	var infoRequests []seenRequest
	for _, r := range requests {
		if strings.HasSuffix(r.path, "/getConnectionInfo") {
			infoRequests = append(infoRequests, r)
		}
	}
	port := strings.Split(g.URL, ":")[2]
	for i, s := range children(spans, call) {
		a := attrs(s)
		if s.Name == "tokenByAkSk" {
			if s.SpanKind != trace.SpanKindInternal || !a["cobrowse.token_request"].AsBool() {
				t.Errorf("token request span %d: kind %v, attributes %v", i, s.SpanKind, s.Attributes)
			}
			attempts := children(spans, s)
			if len(attempts) != 1 || attempts[0].Name != "POST /apigovernance/api/oauth/tokenByAkSk" || attrs(attempts[0])["http.response.status_code"].AsInt64() != 200 {
				t.Errorf("token request span %d's attempts: %v", i, spanNames(attempts))
			}
			continue
		}
		n := 0
		for _, p := range children(spans, call)[:i] {
			if p.Name == s.Name {
				n++
			}
		}
		status := []int64{503, 401, 200}[n]
		if s.SpanKind != trace.SpanKindClient ||
			a["http.request.method"].AsString() != http.MethodPost ||
			a["url.full"].AsString() != g.URL+"/apiaccess/api/cobrowse/getConnectionInfo" ||
			a["url.template"].AsString() != "/apiaccess/api/cobrowse/getConnectionInfo" ||
			a["server.address"].AsString() != "127.0.0.1" || strconv.FormatInt(a["server.port"].AsInt64(), 10) != port ||
			a["http.response.status_code"].AsInt64() != status ||
			strings.Join(a["http.response.header.x-request-id"].AsStringSlice(), "") != infoRequests[n].requestID {
			t.Errorf("attempt %d: %v", n+1, s.Attributes)
		}
		resend, has := a["http.request.resend_count"]
		if (n == 0 && has) || (n > 0 && resend.AsInt64() != int64(n)) {
			t.Errorf("attempt %d: http.request.resend_count %v", n+1, resend.AsInterface())
		}
		failed := status != 200
		if failed != (s.Status.Code == codes.Error) || failed != (a["error.type"].AsString() == strconv.FormatInt(status, 10)) || failed != (len(s.Events) == 1 && s.Events[0].Name == "exception") {
			t.Errorf("attempt %d (%d): status %v, error.type %q, events %v", n+1, status, s.Status, a["error.type"].AsString(), s.Events)
		}
		// The attempt's traceparent names its own span.
		want := fmt.Sprintf("00-%s-%s-01", s.SpanContext.TraceID(), s.SpanContext.SpanID())
		if got := infoRequests[n].header.Get("Traceparent"); got != want {
			t.Errorf("attempt %d's traceparent %q, want %q", n+1, got, want)
		}
	}
	checkNoSecretInSpans(t, spans, append([]string{fakeSecret}, g.tokens()...))
}

func TestAFailedCallRecordsItsError(t *testing.T) {
	tp, exporter := inMemoryTracing(t)
	g := newGateway(t, newRevoking("revoke", "revoke").serve)
	_, err := g.client(t, sdk.Options{TracerProvider: tp}).GetConnectionInfo(context.Background(), recorder)
	var auth *sdk.AuthenticationError
	if !errors.As(err, &auth) {
		t.Fatalf("want an *sdk.AuthenticationError, got %v", err)
	}
	call := named(exporter.GetSpans(), "getConnectionInfo")
	if len(call) != 1 || call[0].Parent.IsValid() {
		t.Fatalf("want one root span getConnectionInfo, got %v", spanNames(exporter.GetSpans()))
	}
	a := attrs(call[0])
	if call[0].Status.Code != codes.Error || call[0].Status.Description != err.Error() || a["error.type"].AsString() != "*sdk.AuthenticationError" ||
		len(call[0].Events) != 1 || call[0].Events[0].Name != "exception" {
		t.Fatalf("the call span: status %v, attributes %v, events %v", call[0].Status, call[0].Attributes, call[0].Events)
	}
	checkNoSecretInSpans(t, exporter.GetSpans(), append([]string{fakeSecret}, g.tokens()...))
}

func TestATokenEchoedByTheServerIsInNoSpan(t *testing.T) {
	tp, exporter := inMemoryTracing(t)
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, token string) {
		w.Header().Set("X-Request-Id", "req-"+token)
		w.Header().Set("Retry-After", "0")
		answerError(w, 503, "overloaded while serving token "+token+" and secret "+fakeSecret)
	})
	if _, err := g.client(t, sdk.Options{TracerProvider: tp}).GetConnectionInfo(context.Background(), recorder); err == nil {
		t.Fatal("want an error")
	}
	spans := exporter.GetSpans()
	if len(spans) != 1+1+1+3 { // the call, the token request and its attempt, three attempts
		t.Fatalf("spans: %v", spanNames(spans))
	}
	checkNoSecretInSpans(t, spans, append([]string{fakeSecret}, g.tokens()...))
}

func TestTheGlobalPropagatorIsUsedWhenSet(t *testing.T) {
	tp, _ := inMemoryTracing(t)
	g := newGateway(t, newRevoking().serve)
	// A propagator of the caller's (baggage only): no traceparent, the baggage header instead.
	client := g.client(t, sdk.Options{TracerProvider: tp, Propagator: propagation.Baggage{}})
	ctx, span := tp.Tracer("test").Start(context.Background(), "caller")
	defer span.End()
	if _, err := client.GetConnectionInfo(ctx, recorder); err != nil {
		t.Fatal(err)
	}
	for _, r := range g.seenRequests() {
		if r.header.Get("Traceparent") != "" {
			t.Fatalf("%s carries a traceparent though the propagator is baggage only", r.path)
		}
	}
	// Without a propagator of its own, and none set globally: W3C trace context.
	g2 := newGateway(t, newRevoking().serve)
	if _, err := g2.client(t, sdk.Options{TracerProvider: tp}).GetConnectionInfo(ctx, recorder); err != nil {
		t.Fatal(err)
	}
	for _, r := range g2.seenRequests() {
		if !strings.HasPrefix(r.header.Get("Traceparent"), "00-"+span.SpanContext().TraceID().String()+"-") {
			t.Fatalf("%s: traceparent %q is not of the caller's trace", r.path, r.header.Get("Traceparent"))
		}
	}
}

func spanNames(spans []tracetest.SpanStub) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name)
	}
	return out
}

// checkNoSecretInSpans: no name, attribute, event or status of any span shows a secret.
func checkNoSecretInSpans(t *testing.T, spans tracetest.SpanStubs, secrets []string) {
	t.Helper()
	var texts []string
	for _, s := range spans {
		texts = append(texts, s.Name, s.Status.Description)
		for _, kv := range s.Attributes {
			texts = append(texts, string(kv.Key)+"="+kv.Value.Emit())
		}
		for _, e := range s.Events {
			texts = append(texts, e.Name)
			for _, kv := range e.Attributes {
				texts = append(texts, string(kv.Key)+"="+kv.Value.Emit())
			}
		}
	}
	if len(texts) < 10 {
		t.Fatalf("only %d texts in the spans", len(texts))
	}
	if s := shows(texts, secrets...); s != "" {
		t.Fatalf("a span shows %q", s)
	}
}
