package sdk

import (
	"net/http"
	"strings"
	"sync"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
)

// Redacted replaces the app secret and every token in what the client shows.
const Redacted = "[REDACTED]"

// minSecretLen: shorter strings are not scrubbed (replacing "ab" everywhere would garble every
// message); no app secret or token the gateway issues is that short.
const minSecretLen = 4

// tokenRing remembers the last RememberedTokens tokens received (a ring: it never grows with uptime).
type tokenRing struct {
	mu   sync.Mutex
	buf  [RememberedTokens]string
	next int
}

func (r *tokenRing) add(token string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.buf[r.next] = token
	r.next = (r.next + 1) % len(r.buf)
}

// all is every remembered token, newest first.
func (r *tokenRing) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.buf))
	for i := 1; i <= len(r.buf); i++ {
		if t := r.buf[(r.next-i+len(r.buf))%len(r.buf)]; t != "" {
			out = append(out, t)
		}
	}
	return out
}

// redactor scrubs the app secret, the failing attempt's token and every remembered token from
// every string a server sent or the client built from one (the contract: Redaction).
type redactor struct {
	secret string
	tokens *tokenRing
}

// scrub replaces the secret, extra (such as the attempt's token) and the remembered tokens.
func (r *redactor) scrub(s string, extra ...string) string {
	if s == "" {
		return s
	}
	for _, secret := range append(append([]string{r.secret}, extra...), r.tokens.all()...) {
		if len(secret) >= minSecretLen && strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, Redacted)
		}
	}
	return s
}

// header is a scrubbed copy of h.
func (r *redactor) header(h http.Header, extra ...string) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		scrubbed := make([]string, len(vs))
		for i, v := range vs {
			scrubbed[i] = r.scrub(v, extra...)
		}
		out[k] = scrubbed
	}
	return out
}

// details is a scrubbed copy of a body's details.
func (r *redactor) details(ds []cobrowse.ErrorDetail, extra ...string) []cobrowse.ErrorDetail {
	if ds == nil {
		return nil
	}
	out := make([]cobrowse.ErrorDetail, len(ds))
	for i, d := range ds {
		out[i] = cobrowse.ErrorDetail{In: r.scrub(d.In, extra...), Name: r.scrub(d.Name, extra...), Message: r.scrub(d.Message, extra...)}
	}
	return out
}

// redactedError stands in for a cause whose message showed a secret: the message scrubbed,
// the cause itself kept out of reach (its Error() would show it again).
type redactedError struct{ msg string }

func (e *redactedError) Error() string { return e.msg }

// cause is err, or a scrubbed stand-in when its message shows a secret or a token.
func (r *redactor) cause(err error, extra ...string) error {
	if err == nil {
		return nil
	}
	if msg := err.Error(); r.scrub(msg, extra...) != msg {
		return &redactedError{r.scrub(msg, extra...)}
	}
	return err
}
