package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// attemptFunc sends one attempt of an operation with the attempt's context (its deadline) and
// token ("" for the token request), through the generated client; the answer it decodes stays
// with the caller.
type attemptFunc func(ctx context.Context, token string) (*http.Response, error)

// failure is an attempt that did not succeed, as the send loop weighs it.
type failure struct {
	err        error  // the layer's error, scrubbed
	status     int    // the answer's status; 0 when none came
	retryable  bool   // a network error, a timeout, 408, 429 or 5xx
	retryAfter string // the answer's Retry-After
	stop       bool   // the caller cancelled: end the call now
}

// send is the contract's send loop (packages/scenarios/README.md), one for both operations:
// the token taken for every attempt at the moment it is sent, a 401 compare-and-dropped
// (the replay for a refused current token, an immediate resend for a superseded one), the
// retries and the attempt budget, Retry-After honoured.
func (c *Client) send(ctx context.Context, op string, withToken bool, do attemptFunc) (resp *http.Response, err error) {
	b := budget{maxRetries: c.s.maxRetries}
	ctx, span := c.trace.startCall(ctx, op, !withToken)
	defer func() { endCall(span, b.attempts, err) }()
	for {
		if err := ctx.Err(); err != nil {
			return nil, cancelled(op, err)
		}
		token := ""
		if withToken {
			t, err := c.tokens.Acquire(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return nil, cancelled(op, ctx.Err())
				}
				return nil, err // the token request's own error, after its own retries
			}
			token = t.token
		}
		b.attempts++
		resp, f := c.attempt(ctx, AttemptInfo{Operation: op, TokenRequest: !withToken, Attempt: b.attempts}, token, do)
		if f == nil {
			return resp, nil
		}
		if f.stop {
			return nil, f.err
		}
		switch {
		case withToken && f.status == http.StatusUnauthorized:
			if c.tokens.Drop(token) {
				// A refused current token: the one replay, with a new token.
				if !b.replay() {
					return nil, f.err
				}
				c.log.Debug("token refused; replaying once with a new token", "operation", op, "attempt", b.attempts)
			} else {
				// Already dropped or replaced by another caller: resend at once with the current
				// token, spending neither a retry nor the replay.
				if b.exhausted() {
					return nil, f.err
				}
				c.log.Debug("superseded token refused; resending with the current token", "operation", op, "attempt", b.attempts)
			}
		case f.retryable:
			if !b.retry() {
				return nil, f.err
			}
			delay, fromServer := c.retryDelay(b.retries, f.retryAfter)
			c.log.Debug("attempt failed; retrying", "operation", op, "attempt", b.attempts, "error", f.err, "delay", delay, "retryAfter", fromServer)
			timer := time.NewTimer(delay)
			select {
			case <-timer.C:
			case <-ctx.Done():
				timer.Stop()
				return nil, cancelled(op, ctx.Err())
			}
		default:
			return nil, f.err
		}
	}
}

// retryDelay is the server's Retry-After (capped at MaxRetryAfter), else the backoff.
func (c *Client) retryDelay(retries int, retryAfter string) (time.Duration, bool) {
	if wait, ok := parseRetryAfter(retryAfter, time.Now(), c.s.MaxRetryAfter); ok {
		return wait, true
	}
	return backoff(retries, c.s.RetryBaseDelay, c.s.RetryMaxDelay, c.random), false
}

// cancelled is the error of a call whose context ended: it wraps ctx.Err().
func cancelled(op string, err error) error { return fmt.Errorf("%s: %w", op, err) }

// attempt sends one attempt bounded by Options.Timeout (connect, headers and the whole body)
// and weighs its outcome (nil when it succeeded), in a span of its own, with the hooks around
// it and its log line.
func (c *Client) attempt(ctx context.Context, a AttemptInfo, token string, do attemptFunc) (*http.Response, *failure) {
	e := c.endpoints[a.Operation]
	a.Method, a.URL = e.method, e.url
	ctx, span := c.trace.startAttempt(ctx, e, a)
	w := &wire{header: http.Header{}}
	w.header.Set(spec.AttemptHeader, strconv.Itoa(a.Attempt))
	c.trace.inject(ctx, w.header)
	if c.s.Hooks.BeforeRequest != nil {
		w.before = func(ctx context.Context, sending http.Header) http.Header {
			return c.hookHeaders(ctx, a, token, sending)
		}
	}
	actx, cancel := context.WithTimeout(withWire(ctx, w), c.s.Timeout)
	defer cancel()
	began := time.Now()
	resp, err := do(actx, token)
	ended := time.Now()
	if w.sent.IsZero() {
		w.sent = began // never sent (the request could not be built)
	}
	f := c.weigh(ctx, actx, a.Operation, token, resp, err)
	if resp != nil {
		a.StatusCode = resp.StatusCode
		a.RequestID = c.redact.scrub(resp.Header.Get(spec.RequestIdHeader), token)
		a.Header = c.redact.header(resp.Header, token)
	} else if f != nil && f.status != 0 {
		a.StatusCode = f.status
	}
	if f != nil {
		a.Err = f.err
	}
	// The span and the log line: the whole attempt. The hooks: to the answer's headers, and to
	// the failure.
	a.Duration = ended.Sub(began)
	endAttempt(span, a, a.Err)
	c.logAttempt(a)
	if resp != nil && !w.answered.IsZero() {
		a.Duration = w.answered.Sub(w.sent)
		c.runHook(ctx, "AfterResponse", c.s.Hooks.AfterResponse, a, token)
	}
	if f != nil {
		a.Duration = ended.Sub(w.sent)
		c.runHook(ctx, "OnError", c.s.Hooks.OnError, a, token)
	}
	return resp, f
}

// logAttempt writes an attempt's debug line: its operation, number, status, request id and
// duration, and its error (scrubbed).
func (c *Client) logAttempt(a AttemptInfo) {
	attrs := []any{"operation", a.Operation, "attempt", a.Attempt, "duration", a.Duration.Round(time.Microsecond)}
	if a.TokenRequest {
		attrs = append(attrs, "tokenRequest", true)
	}
	if a.StatusCode != 0 {
		attrs = append(attrs, "status", a.StatusCode)
	}
	if a.RequestID != "" {
		attrs = append(attrs, "requestId", a.RequestID)
	}
	if a.Err != nil {
		c.log.Debug("attempt failed", append(attrs, "error", a.Err)...)
		return
	}
	c.log.Debug("attempt succeeded", attrs...)
}

// weigh makes an attempt's outcome a failure the send loop weighs (nil: a usable success).
func (c *Client) weigh(ctx, actx context.Context, op, token string, resp *http.Response, err error) *failure {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return &failure{err: cancelled(op, ctx.Err()), stop: true}
	}
	var big *tooLarge
	var odd *undecodable
	var refused *refusedAnswer
	var generated *cobrowse.GenericOpenAPIError
	switch {
	case errors.As(err, &big):
		return &failure{err: &ResponseTooLargeError{Operation: op, Limit: big.limit, Status: big.status, RequestID: c.redact.scrub(big.requestID, token), Decoded: big.decoded}, status: big.status}
	case errors.Is(actx.Err(), context.DeadlineExceeded):
		return &failure{err: &TimeoutError{Operation: op, Timeout: c.s.Timeout}, retryable: true}
	case resp != nil && errors.As(err, &refused):
		e := c.apiError(op, resp, nil, token)
		e.ErrorCode, e.ErrorReason = refused.code, c.redact.scrub(refused.reason, token)
		return &failure{err: typed(e), status: resp.StatusCode}
	case resp != nil && errors.As(err, &odd):
		e := c.apiError(op, resp, nil, token)
		e.ErrorReason = c.redact.scrub(odd.Error(), token)
		return &failure{err: typed(e), status: resp.StatusCode}
	case resp != nil && errors.As(err, &generated):
		e := c.apiError(op, resp, generated, token)
		return &failure{err: typed(e), status: resp.StatusCode, retryable: retryableStatus(resp.StatusCode), retryAfter: resp.Header.Get(spec.RetryAfterHeader)}
	default:
		return &failure{err: &NetworkError{Operation: op, Err: c.redact.cause(err, token)}, retryable: true}
	}
}

// refusedAnswer is a 2xx answer the layer cannot use (success: false, no data, nothing to
// connect with, no token): the operation's attempt function reports it, the send loop makes
// it an *APIError with the answer's status and request id. Not retried.
type refusedAnswer struct {
	reason string
	code   *int32 // the body's errorCode, when it has one
}

func (e *refusedAnswer) Error() string { return e.reason }

// apiError is the *APIError of an answer that is not a success, every string scrubbed.
func (c *Client) apiError(op string, resp *http.Response, generated *cobrowse.GenericOpenAPIError, token string) *APIError {
	e := &APIError{
		Operation:  op,
		StatusCode: resp.StatusCode,
		RequestID:  c.redact.scrub(resp.Header.Get(spec.RequestIdHeader), token),
		Header:     c.redact.header(resp.Header, token),
	}
	if generated == nil {
		return e
	}
	body, ok := generated.Model().(cobrowse.ErrorResponse)
	if !ok && resp.StatusCode >= 400 {
		// The generated client decodes the ErrorResponse of the statuses the spec lists; the
		// body of another (a 502 from a proxy, say) may be one too.
		ok = json.Unmarshal(generated.Body(), &body) == nil && body.ErrorCode != 0
	}
	switch {
	case ok:
		code := body.ErrorCode
		e.ErrorCode = &code
		e.ErrorReason = c.redact.scrub(body.ErrorReason, token)
		e.Details = c.redact.details(body.Details, token)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		e.ErrorReason = redirectReason(resp.Header.Get("Location"))
	case resp.StatusCode < 300:
		e.ErrorReason = fmt.Sprintf("the answer (Content-Type %q) is not the JSON the spec describes: %s", resp.Header.Get("Content-Type"), generated.Error())
	}
	e.ErrorReason = c.redact.scrub(e.ErrorReason, token)
	return e
}

// redirectReason says where a redirect pointed and why it was not followed.
func redirectReason(location string) string {
	if location == "" {
		return "a redirect without a Location; redirects are never followed (the credentials stay at the origin)"
	}
	return fmt.Sprintf("redirected to %s; redirects are never followed (the credentials stay at the origin): set BaseURL to the gateway's final URL", location)
}
