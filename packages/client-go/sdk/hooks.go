package sdk

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Hooks are functions the client calls around every attempt of every call: the first attempt,
// each retry, the replay after a refused token, and the attempts of the token request the
// client sends on its own (AttemptInfo.TokenRequest). Each runs once per attempt, in the
// goroutine of the call, with the call's context (its span, when tracing). A nil hook is not
// called.
//
// A hook never breaks a call: an error it returns, or a panic, is logged (at warn, scrubbed)
// and ignored, and the call goes on exactly as without the hook; the headers of a
// BeforeRequest that failed are not sent. Hooks see no secret and no token: the app secret and
// the bearer token are never in an AttemptInfo, and whatever comes from a server is scrubbed.
// A hook must be quick and safe for concurrent use (calls run in parallel); it must not retry.
type Hooks struct {
	// BeforeRequest runs just before each attempt is sent, after its token was taken. a.Header
	// is a copy of the headers the attempt sends (the bearer token shown as "Bearer
	// [REDACTED]"; the token request's body, which holds the secret, is not shown): the headers
	// the hook adds there go out with the attempt. The client's own headers (credentials,
	// identification, attempt, content and trace context) keep the client's values whatever
	// the hook sets (its value is logged and dropped); so does a name or value that is not
	// valid HTTP.
	BeforeRequest func(ctx context.Context, a AttemptInfo) error
	// AfterResponse runs once for each attempt that got an HTTP answer, whatever its status
	// (a 503 or a 401 too), with StatusCode, RequestID, Duration and the answer's Header
	// (scrubbed).
	AfterResponse func(ctx context.Context, a AttemptInfo) error
	// OnError runs once for each attempt that failed: an answer that is not a usable success
	// (after AfterResponse), or no answer at all (a network error, a timeout, an answer too
	// large, a cancelled context). Err is the attempt's error as the client reports it
	// (scrubbed); whether the call retries is the send loop's decision, as without hooks.
	OnError func(ctx context.Context, a AttemptInfo) error
}

// AttemptInfo is what a hook learns of one attempt. It never holds the app secret or a token.
type AttemptInfo struct {
	// Operation is the spec's operation id: "getConnectionInfo", or "tokenByAkSk" for the token
	// request.
	Operation string
	// TokenRequest marks the token request (tokenByAkSk) that the client sends on its own,
	// when a call needs a token.
	TokenRequest bool
	// Attempt is 1 for the first attempt of a call, then 2, 3 … for each retry or replay (the
	// value of the attempt header the request carries).
	Attempt int
	// Method and URL are the request's (the URL without user information).
	Method, URL string
	// StatusCode is the answer's HTTP status; 0 before the answer (BeforeRequest) or when none
	// came.
	StatusCode int
	// RequestID is the server's request id, when the answer carries one (scrubbed).
	RequestID string
	// Duration is, in AfterResponse, the time from sending the attempt to its answer's headers;
	// in OnError, from sending it to the failure.
	Duration time.Duration
	// Header is, in BeforeRequest, the headers the attempt sends (credentials redacted), where
	// the hook adds its own; afterwards, the answer's headers (scrubbed; nil when no answer came).
	Header http.Header
	// Err is the attempt's error when it failed (OnError, and AfterResponse of an answer that
	// is not a usable success): scrubbed, as the call would return it.
	Err error
}

// String shows what identifies the attempt, for logs.
func (a AttemptInfo) String() string {
	s := fmt.Sprintf("%s attempt %d", a.Operation, a.Attempt)
	if a.StatusCode != 0 {
		s += fmt.Sprintf(" (HTTP %d)", a.StatusCode)
	}
	return s
}

// runHook calls one hook, turning a panic into an error; a failure is logged and ignored.
// It reports whether the hook succeeded.
func (c *Client) runHook(ctx context.Context, name string, hook func(context.Context, AttemptInfo) error, a AttemptInfo, token string) (ok bool) {
	if hook == nil {
		return true
	}
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		err = hook(ctx, a)
	}()
	if err != nil {
		c.log.Warn("a hook failed; ignored (the call goes on as without it)", "hook", name, "operation", a.Operation, "attempt", a.Attempt, "error", c.redact.scrub(err.Error(), token))
		return false
	}
	return true
}

// hookHeaders runs BeforeRequest on a copy of the headers the attempt sends (the token and the
// secret shown as [REDACTED]) and answers the headers it added that may be sent: valid HTTP,
// absent from the request, and not one the client reserves. Each one dropped is logged; a hook
// that failed adds none.
func (c *Client) hookHeaders(ctx context.Context, a AttemptInfo, token string, sending http.Header) http.Header {
	shown := c.redact.header(sending, token)
	a.Header = c.redact.header(sending, token)
	if !c.runHook(ctx, "BeforeRequest", c.s.Hooks.BeforeRequest, a, token) {
		return nil
	}
	present := map[string]bool{} // the request's header names, in lower case (as HTTP compares them)
	for name := range shown {
		present[strings.ToLower(name)] = true
	}
	out := http.Header{}
	for name, values := range a.Header {
		key := http.CanonicalHeaderKey(name)
		why := ""
		if before, ok := shown[name]; ok && slices.Equal(values, before) {
			continue // as it was
		}
		switch {
		case !validHeaderName(name):
			why = "not a valid header name"
		case present[strings.ToLower(name)] || c.protected[key]:
			why = "the client sends this header itself"
		default:
			for _, v := range values {
				if !validHeaderValue(v) {
					why = "a value is not a valid header value (control characters)"
				}
			}
		}
		if why != "" {
			c.log.Warn("a hook's header is not sent", "hook", "BeforeRequest", "operation", a.Operation, "attempt", a.Attempt, "header", c.redact.scrub(name, token), "reason", why)
			continue
		}
		out[key] = append([]string(nil), values...)
	}
	return out
}

// protectedHeaders are the headers a BeforeRequest hook may not set: the ones the client or
// the generated client sends (credentials, identification, attempt, body, content
// negotiation) and the trace context's.
func protectedHeaders(names ...string) map[string]bool {
	out := map[string]bool{}
	for _, n := range append(names, "Host", "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Accept", "Accept-Encoding", "Connection") {
		out[http.CanonicalHeaderKey(n)] = true
	}
	return out
}

// validHeaderName: RFC 9110's token characters.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if r > 0x7e || r <= 0x20 || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) {
			return false
		}
	}
	return true
}

// validHeaderValue: no control character but horizontal tab (what net/http refuses to send).
func validHeaderValue(v string) bool {
	for _, r := range v {
		if (r < 0x20 && r != '\t') || r == 0x7f {
			return false
		}
	}
	return true
}
