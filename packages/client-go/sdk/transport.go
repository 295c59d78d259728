package sdk

import (
	"compress/gzip"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// boundedClient is the HTTP client every attempt goes through: a copy of base (or a default
// client with keep-alive connections) that never follows a redirect (a 3xx comes back as it
// is, and the layer makes it an API error: the secret, the token and x-app-key never go to
// another URL) and caps every answer at limit bytes, counted as received and once decoded.
// The per-attempt deadline is the request's context, which Go's transport applies to the
// whole body read as well. Every request carries userAgent, and an attempt of the send loop its
// own headers (attemptHeaders).
func boundedClient(base *http.Client, limit int64, userAgent string) *http.Client {
	var c http.Client
	if base != nil {
		c = *base
	}
	inner := c.Transport
	if inner == nil {
		if base == nil {
			t := http.DefaultTransport.(*http.Transport).Clone()
			t.MaxIdleConnsPerHost = defaultMaxIdleConnsPerHost
			t.DisableCompression = true // the layer asks for gzip and decodes it itself, counting both sizes
			inner = t
		} else {
			inner = http.DefaultTransport
		}
	}
	c.Transport = &cappedTransport{inner: inner, limit: limit, userAgent: userAgent}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// cappedTransport sets the request's headers (the identification, an attempt's own), asks for
// gzip itself (so no transport below decodes it unseen) and hands back every answer's body
// capped, decoded by the layer.
type cappedTransport struct {
	inner     http.RoundTripper
	limit     int64
	userAgent string
}

// attemptKey keys an attempt's wire in its context.
type attemptKey struct{}

// wire is what an attempt of the send loop asks of the transport, and what it learns there:
// the headers to send (the attempt header, the trace context), the BeforeRequest hook (given
// the request's headers as they will go out, it answers the headers it adds; those never
// replace one the request has), and when the request left and its answer's headers arrived.
type wire struct {
	header         http.Header
	before         func(ctx context.Context, sending http.Header) http.Header
	sent, answered time.Time
}

func withWire(ctx context.Context, w *wire) context.Context {
	return context.WithValue(ctx, attemptKey{}, w)
}

func (t *cappedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context()) // a RoundTripper leaves the caller's request as it is
	w, _ := req.Context().Value(attemptKey{}).(*wire)
	if w != nil {
		for name, values := range w.header {
			req.Header[name] = values
		}
	}
	req.Header.Set(spec.UserAgentHeader, t.userAgent)
	if req.Header.Get("Accept-Encoding") == "" {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	if w != nil && w.before != nil {
		present := map[string]bool{}
		for name := range req.Header {
			present[strings.ToLower(name)] = true
		}
		for name, values := range w.before(req.Context(), req.Header) {
			if !present[strings.ToLower(name)] {
				req.Header[name] = values
			}
		}
	}
	if w != nil {
		w.sent = time.Now()
		defer func() { w.answered = time.Now() }()
	}
	resp, err := t.inner.RoundTrip(req)
	if err != nil || resp == nil || resp.Body == nil {
		return resp, err
	}
	capAnswer(resp, t.limit)
	return resp, nil
}

// tooLarge is the body's error past the cap; the send loop makes it a *ResponseTooLargeError.
type tooLarge struct {
	limit     int64
	status    int
	requestID string
	decoded   bool // the decoded size passed the cap (a compressed answer)
}

func (e *tooLarge) Error() string {
	return fmt.Sprintf("the answer exceeds the %d-byte cap", e.limit)
}

// undecodable is an answer in a Content-Encoding the layer does not decode.
type undecodable struct{ encoding string }

func (e *undecodable) Error() string {
	return fmt.Sprintf("the answer's Content-Encoding %q is not one the client decodes (gzip, deflate)", e.encoding)
}

// capAnswer replaces resp.Body with the body decoded and capped: reading past limit bytes as
// received, or past limit bytes once decoded, fails with a *tooLarge; nothing past it is read.
func capAnswer(resp *http.Response, limit int64) {
	over := func(decoded bool) error {
		return &tooLarge{limit: limit, status: resp.StatusCode, requestID: resp.Header.Get(spec.RequestIdHeader), decoded: decoded}
	}
	raw := resp.Body
	body := &cappedBody{raw: raw, limit: limit, over: over}
	received := &countingReader{r: raw, limit: limit, over: func() error { return over(false) }}
	if resp.ContentLength > limit {
		body.err = over(false) // announced larger than the cap: not read at all
	}
	encoding := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	switch encoding {
	case "", "identity":
		body.open = func() (io.Reader, error) { return received, nil }
	case "gzip", "x-gzip":
		body.open = func() (io.Reader, error) { return gzip.NewReader(received) }
	case "deflate":
		body.open = func() (io.Reader, error) { return zlib.NewReader(received) }
	default:
		body.err = &undecodable{encoding}
	}
	if encoding != "" && encoding != "identity" && body.err == nil {
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
		resp.Uncompressed = true
		body.decoding = true
	}
	resp.Body = body
}

// countingReader fails once more than limit bytes came through.
type countingReader struct {
	r     io.Reader
	n     int64
	limit int64
	over  func() error
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.n > c.limit {
		return 0, c.over()
	}
	if int64(len(p)) > c.limit+1-c.n {
		p = p[:c.limit+1-c.n] // never read further than one byte past the cap
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.limit {
		return n, c.over()
	}
	return n, err
}

// cappedBody is an answer's body, decoded (lazily: the decoder reads the first bytes) and
// counted once decoded.
type cappedBody struct {
	raw      io.ReadCloser
	open     func() (io.Reader, error)
	decoder  io.Reader
	decoding bool
	n        int64
	limit    int64
	over     func(decoded bool) error
	err      error // sticky
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.decoder == nil {
		d, err := b.open()
		if err != nil {
			b.err = err
			return 0, err
		}
		b.decoder = d
	}
	if int64(len(p)) > b.limit+1-b.n {
		p = p[:b.limit+1-b.n]
	}
	n, err := b.decoder.Read(p)
	b.n += int64(n)
	if b.n > b.limit {
		b.err = b.over(b.decoding)
		return 0, b.err
	}
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

func (b *cappedBody) Close() error {
	if c, ok := b.decoder.(io.Closer); ok {
		_ = c.Close()
	}
	return b.raw.Close()
}
