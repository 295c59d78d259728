package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"

	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// instrumentationName names the tracer: the sdk module.
const instrumentationName = "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"

// The attributes of this SDK's own, beside the HTTP client semantic conventions.
const (
	// attrTokenRequest marks the token request's spans (tokenByAkSk, sent by the client itself).
	attrTokenRequest = attribute.Key("cobrowse.token_request")
	// attrAttempts is how many attempts a call made.
	attrAttempts = attribute.Key("cobrowse.attempts")
)

// endpoint is an operation's request line: its method, URL template and URL (without user
// information or query values), and the server's address and port.
type endpoint struct {
	method, template, url, address string
	port                           int
}

// endpoints are the layer's operations by their operation id, from the spec's methods and paths.
func endpoints(baseURL string) map[string]endpoint {
	out := map[string]endpoint{}
	for op, line := range map[string][2]string{
		spec.TokenOperation: {spec.TokenMethod, spec.TokenPath},
		spec.InfoOperation:  {spec.InfoMethod, spec.InfoPath},
	} {
		out[op] = newEndpoint(baseURL, line[0], line[1])
	}
	return out
}

func newEndpoint(baseURL, method, path string) endpoint {
	e := endpoint{method: method, template: path, url: baseURL + path}
	u, err := url.Parse(baseURL + path)
	if err != nil {
		return e
	}
	if u.User != nil {
		u.User = url.UserPassword("REDACTED", "REDACTED") // as the conventions ask of url.full
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			q[k] = []string{"REDACTED"}
		}
		u.RawQuery = q.Encode()
	}
	e.url = u.String()
	e.address = u.Hostname()
	e.port, _ = strconv.Atoi(u.Port())
	if e.port == 0 {
		e.port = map[string]int{"https": 443, "http": 80}[u.Scheme]
	}
	return e
}

// tracing is the client's OpenTelemetry: its tracer and the propagator of the trace context.
type tracing struct {
	tracer     trace.Tracer
	propagator propagation.TextMapPropagator // nil: the global one, or W3C trace context
}

func newTracing(tp trace.TracerProvider, p propagation.TextMapPropagator) tracing {
	if tp == nil {
		tp = otel.GetTracerProvider() // the global provider (a no-op one until the program sets one)
	}
	return tracing{
		tracer:     tp.Tracer(instrumentationName, trace.WithInstrumentationVersion(Version), trace.WithSchemaURL(semconv.SchemaURL)),
		propagator: p,
	}
}

// inject writes the trace context of ctx into h: with Options.Propagator, else the global
// propagator, else (none set, the default) W3C trace context (traceparent, tracestate).
func (t tracing) inject(ctx context.Context, h http.Header) {
	p := t.propagator
	if p == nil {
		p = otel.GetTextMapPropagator()
		if len(p.Fields()) == 0 {
			p = propagation.TraceContext{}
		}
	}
	p.Inject(ctx, propagation.HeaderCarrier(h))
}

// fields are the headers the propagator writes (for the hooks' protected headers).
func (t tracing) fields() []string {
	fields := propagation.TraceContext{}.Fields()
	if t.propagator != nil {
		fields = append(fields, t.propagator.Fields()...)
	}
	return append(fields, otel.GetTextMapPropagator().Fields()...)
}

// startCall starts a call's span: the operation id, internal (its attempts are the client spans).
func (t tracing) startCall(ctx context.Context, op string, tokenRequest bool) (context.Context, trace.Span) {
	opts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindInternal)}
	if tokenRequest {
		opts = append(opts, trace.WithAttributes(attrTokenRequest.Bool(true)))
	}
	return t.tracer.Start(ctx, op, opts...)
}

// endCall ends a call's span: the attempts it made, its error recorded.
func endCall(span trace.Span, attempts int, err error) {
	span.SetAttributes(attrAttempts.Int(attempts))
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		span.SetAttributes(semconv.ErrorTypeKey.String(errorType(err, 0)))
	}
	span.End()
}

// startAttempt starts an attempt's span: an HTTP client span by the semantic conventions.
func (t tracing) startAttempt(ctx context.Context, e endpoint, a AttemptInfo) (context.Context, trace.Span) {
	attrs := []attribute.KeyValue{
		semconv.HTTPRequestMethodKey.String(e.method),
		semconv.URLFull(e.url),
		semconv.URLTemplate(e.template),
		semconv.ServerAddress(e.address),
		semconv.ServerPort(e.port),
	}
	if a.Attempt > 1 {
		attrs = append(attrs, semconv.HTTPRequestResendCount(a.Attempt-1))
	}
	if a.TokenRequest {
		attrs = append(attrs, attrTokenRequest.Bool(true))
	}
	return t.tracer.Start(ctx, e.method+" "+e.template, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
}

// endAttempt ends an attempt's span with the answer's status and request id, and its error.
func endAttempt(span trace.Span, a AttemptInfo, err error) {
	if a.StatusCode != 0 {
		span.SetAttributes(semconv.HTTPResponseStatusCode(a.StatusCode))
	}
	if a.RequestID != "" {
		span.SetAttributes(semconv.HTTPResponseHeader(requestIDHeaderKey, a.RequestID))
	}
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		span.SetAttributes(semconv.ErrorTypeKey.String(errorType(err, a.StatusCode)))
	}
	span.End()
}

// requestIDHeaderKey is the request id's attribute key, http.response.header.<name>, the name
// lower-cased as the conventions ask.
var requestIDHeaderKey = strings.ToLower(spec.RequestIdHeader)

// errorType is error.type by the conventions: the status code of an error answer, else the
// error's type.
func errorType(err error, status int) string {
	if status >= 400 {
		return strconv.Itoa(status)
	}
	return fmt.Sprintf("%T", err)
}
