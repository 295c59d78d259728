package sdk

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestTheRingRemembersTheLast16(t *testing.T) {
	var r tokenRing
	for i := 1; i <= RememberedTokens+1; i++ {
		r.add(fmt.Sprintf("token-%02d", i))
	}
	all := r.all()
	if len(all) != RememberedTokens || RememberedTokens != 16 {
		t.Fatalf("%d remembered, want 16", len(all))
	}
	if all[0] != "token-17" || all[15] != "token-02" {
		t.Fatalf("newest first, the oldest forgotten: %v", all)
	}
	for i := 0; i < 1000; i++ {
		r.add(fmt.Sprintf("more-%d", i))
	}
	if len(r.all()) != 16 {
		t.Fatal("the ring grew")
	}
}

func TestAnOldTokenIsRedacted(t *testing.T) {
	var ring tokenRing
	r := &redactor{secret: "app-secret-0042", tokens: &ring}
	for i := 1; i <= RememberedTokens; i++ {
		ring.add(fmt.Sprintf("token-%02d-abcdef", i))
	}
	// token-01 is the oldest still remembered: 15 newer ones came since.
	got := r.scrub("reason: Bearer token-01-abcdef, then token-16-abcdef, secret app-secret-0042, attempt tok-attempt-9")
	want := "reason: Bearer [REDACTED], then [REDACTED], secret [REDACTED], attempt tok-attempt-9"
	if got != want {
		t.Fatalf("scrub = %q, want %q", got, want)
	}
	if got := r.scrub("attempt tok-attempt-9", "tok-attempt-9"); got != "attempt [REDACTED]" {
		t.Fatalf("the attempt's token is not redacted: %q", got)
	}
}

func TestHeadersDetailsAndCausesAreRedacted(t *testing.T) {
	var ring tokenRing
	ring.add("tok-abc-123")
	r := &redactor{secret: "app-secret-0042", tokens: &ring}
	h := r.header(http.Header{"X-Echo-Authorization": {"Bearer tok-abc-123"}, "X-Request-Id": {"req-1"}})
	if h.Get("X-Echo-Authorization") != "Bearer [REDACTED]" || h.Get("X-Request-Id") != "req-1" {
		t.Fatalf("header = %v", h)
	}
	d := r.details([]cobrowse.ErrorDetail{{In: "header", Name: "Authorization", Message: "tok-abc-123 is revoked"}})
	if d[0].Message != "[REDACTED] is revoked" {
		t.Fatalf("details = %v", d)
	}
	cause := r.cause(errors.New(`malformed HTTP response "tok-abc-123"`))
	if contains(cause.Error(), "tok-abc-123") {
		t.Fatalf("cause = %v", cause)
	}
	plain := errors.New("connection reset by peer")
	if r.cause(plain) != plain {
		t.Fatal("a cause with nothing to scrub is replaced")
	}
}

func TestAPIErrorRenderings(t *testing.T) {
	code := int32(50300)
	e := &APIError{Operation: "getConnectionInfo", StatusCode: 503, ErrorCode: &code, ErrorReason: "busy", RequestID: "req-7",
		Header: http.Header{"Retry-After": {"1"}}, Details: []cobrowse.ErrorDetail{{In: "body", Name: "/role", Message: "bad"}}}
	err := typed(e)
	if s := fmt.Sprintf("%v", err); s != "getConnectionInfo failed with HTTP 503 (errorCode 50300): busy [request id req-7]" {
		t.Fatalf("%%v = %q", s)
	}
	if s := fmt.Sprintf("%+v", err); !contains(s, "header: Retry-After: 1") || !contains(s, "detail: body /role: bad") {
		t.Fatalf("%%+v = %q", s)
	}
	if s := fmt.Sprintf("%#v", err); !strings.HasPrefix(s, "&sdk.InternalServerError{APIError:&sdk.APIError{") || !contains(s, "ErrorCode:50300") {
		t.Fatalf("%%#v = %q", s)
	}
	var api *APIError
	if !errors.As(err, &api) || api != e {
		t.Fatal("the family type does not unwrap to its *APIError")
	}
}
