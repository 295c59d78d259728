// Package sdk is the co-browsing API's Go client: the token lifecycle, retries, timeouts and
// typed errors on top of the generated client (package cobrowse, in ../generated).
//
//	client, err := sdk.FromEnv(sdk.Options{}) // COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
//	customer, err := client.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER})
//	agent, err := client.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_REPLAYER, RoomID: customer.Data.GetRoomId()})
package sdk

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// Options configure a Client. BaseURL, AppKey, AppSecret and TenantSpaceID are required; every
// other field has a default when left zero.
type Options struct {
	BaseURL       string // the gateway, such as https://service.besclouds.com (https unless loopback)
	AppKey        string
	AppSecret     string // server side only; never logged or shown
	TenantSpaceID string
	// TokenExpire asks for a token lifetime in seconds (the spec's range); 0 takes the server's.
	TokenExpire int
	// Timeout bounds each attempt, fresh for each retry (default 10 s).
	Timeout time.Duration
	// MaxRetries counts retries after the first attempt (nil: 2). Retries(0) turns them off.
	MaxRetries *int
	// RetryBaseDelay (default 500 ms) doubles each retry, up to RetryMaxDelay (default 8 s), with full jitter.
	RetryBaseDelay, RetryMaxDelay time.Duration
	// MaxRetryAfter caps a server's Retry-After (default 60 s).
	MaxRetryAfter time.Duration
	// TokenSafetyMargin (default 30 s, at most a tenth of the lifetime) and TokenRefreshAhead
	// (default 60 s, at most 30%): stop using a token that long before it expires, and refresh it
	// in the background that long before.
	TokenSafetyMargin, TokenRefreshAhead time.Duration
	// AllowInsecureHTTP allows http:// to a host that is not loopback (tokens travel in clear).
	AllowInsecureHTTP bool
	// HTTPClient sends the requests (default: a client with keep-alive connections). Its Timeout,
	// if any, applies on top of Timeout.
	HTTPClient *http.Client
	// Logger receives debug lines (retries, token refreshes), never a secret or a token (default: none).
	Logger *slog.Logger

	names map[string]string // the environment variable behind a field, for FromEnv's errors
}

// Retries is a *int for Options.MaxRetries: sdk.Retries(0) turns retries off.
func Retries(n int) *int { return &n }

// ConnectionInfoRequest is one side of a room. Role is required (cobrowse.ROLE_RECORDER for the
// customer, cobrowse.ROLE_REPLAYER for the agent); the other fields are optional. Without
// RoomID the client names a new room (a UUID) before the first attempt.
type ConnectionInfoRequest struct {
	Role     cobrowse.Role
	RoomID   string
	UserID   string
	UserName string
	WorkNo   string
}

// ConnectionInfoResult is what GetConnectionInfo returns: the generated ConnectionInfo model
// (GetRoomId, GetWssUrl, GetWssUrlOut, GetConnectParam) and the server's X-Request-Id.
type ConnectionInfoResult struct {
	Data      cobrowse.ConnectionInfo
	RequestID string
}

// Client is a client of the co-browsing API. Create it with New or FromEnv; it is safe for
// concurrent use, and its configuration does not change after New.
type Client struct {
	baseURL, appKey, tenant string
	secret                  string
	o                       Options
	maxRetries              int
	api                     *cobrowse.APIClient
	tokens                  *tokenCache
	log                     *slog.Logger
	lifetime                *regexp.Regexp
	created                 *regexp.Regexp
}

var envVars = map[string]string{"BaseURL": "COBROWSE_BASE_URL", "AppKey": "COBROWSE_APP_KEY", "AppSecret": "COBROWSE_APP_SECRET", "TenantSpaceID": "COBROWSE_TENANT_SPACE_ID"}

// FromEnv is New with each of BaseURL, AppKey, AppSecret and TenantSpaceID that o leaves empty
// taken from COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET and
// COBROWSE_TENANT_SPACE_ID. A missing one is a *ConfigurationError naming the variable.
func FromEnv(o Options) (*Client, error) {
	o.names = map[string]string{}
	for field, dst := range map[string]*string{"BaseURL": &o.BaseURL, "AppKey": &o.AppKey, "AppSecret": &o.AppSecret, "TenantSpaceID": &o.TenantSpaceID} {
		if *dst == "" {
			*dst = os.Getenv(envVars[field])
			o.names[field] = envVars[field]
		}
	}
	return New(o)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// New checks the options and makes a client; nothing is sent until the first call.
func New(o Options) (*Client, error) {
	name := func(field string) string {
		if n, ok := o.names[field]; ok {
			return n
		}
		return field
	}
	for _, f := range []struct{ field, value, what string }{
		{"BaseURL", o.BaseURL, "the gateway URL, such as https://service.besclouds.com"},
		{"AppKey", o.AppKey, "your app key"},
		{"AppSecret", o.AppSecret, "the app secret (server side only)"},
		{"TenantSpaceID", o.TenantSpaceID, "your tenant space id"},
	} {
		if strings.TrimSpace(f.value) == "" {
			return nil, &ConfigurationError{name(f.field), "missing; set it to " + f.what}
		}
	}
	u, err := url.Parse(o.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" {
		return nil, &ConfigurationError{name("BaseURL"), "must be the gateway's https:// URL, such as https://service.besclouds.com"}
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) && !o.AllowInsecureHTTP {
		return nil, &ConfigurationError{name("BaseURL"), "plain http:// sends tokens in clear; use https://, or AllowInsecureHTTP on a trusted network"}
	}
	if o.TokenExpire != 0 && (o.TokenExpire < spec.LifetimeMin || o.TokenExpire > spec.LifetimeMax) {
		return nil, &ConfigurationError{"TokenExpire", fmt.Sprintf("must be from %d to %d seconds (0: the server's default)", spec.LifetimeMin, spec.LifetimeMax)}
	}
	maxRetries := 2
	if o.MaxRetries != nil {
		if *o.MaxRetries < 0 || *o.MaxRetries > 10 {
			return nil, &ConfigurationError{"MaxRetries", "must be from 0 to 10"}
		}
		maxRetries = *o.MaxRetries
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&o.Timeout, 10*time.Second)
	def(&o.RetryBaseDelay, 500*time.Millisecond)
	def(&o.RetryMaxDelay, 8*time.Second)
	def(&o.MaxRetryAfter, 60*time.Second)
	def(&o.TokenSafetyMargin, 30*time.Second)
	def(&o.TokenRefreshAhead, 60*time.Second)
	if o.HTTPClient == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 64
		o.HTTPClient = &http.Client{Transport: t}
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	cfg := cobrowse.NewConfiguration()
	cfg.Servers = cobrowse.ServerConfigurations{{URL: strings.TrimRight(o.BaseURL, "/")}}
	cfg.HTTPClient = o.HTTPClient
	c := &Client{
		baseURL:    strings.TrimRight(o.BaseURL, "/"),
		appKey:     o.AppKey,
		tenant:     o.TenantSpaceID,
		secret:     o.AppSecret,
		o:          o,
		maxRetries: maxRetries,
		api:        cobrowse.NewAPIClient(cfg),
		log:        logger,
		lifetime:   regexp.MustCompile(spec.LifetimePattern),
		created:    regexp.MustCompile(spec.CreateTimePattern),
	}
	c.o.AppSecret = "" // kept once, in c.secret
	c.tokens = newTokenCache(c.loadToken)
	return c, nil
}

// String shows the gateway, the app key and the tenant space; never the secret or a token.
func (c *Client) String() string {
	return fmt.Sprintf("sdk.Client{BaseURL: %q, AppKey: %q, TenantSpaceID: %q}", c.baseURL, c.appKey, c.tenant)
}

// GoString is String, so that %#v shows no secret either.
func (c *Client) GoString() string { return c.String() }

// Raw is the generated client (the escape hatch). Its requests carry no token: add
// context.WithValue(ctx, cobrowse.ContextAccessToken, token) with a token from Token.
func (c *Client) Raw() *cobrowse.APIClient { return c.api }

// Token answers a valid token (the cached one, or a new one: one request however many
// goroutines wait) and how long the client still uses it.
func (c *Client) Token(ctx context.Context) (string, time.Duration, error) {
	t, err := c.tokens.get(ctx)
	if err != nil {
		return "", 0, err
	}
	return t.token, time.Until(t.expiresAt), nil
}

// InvalidateToken forgets the cached token; the next call gets a new one.
func (c *Client) InvalidateToken() { c.tokens.invalidate("") }

// GetConnectionInfo answers the connection information of one side of a room. The request is
// checked first (a *ValidationError names the field; nothing is sent). A refused token (401) is
// refreshed once and the call replayed once; network errors, timeouts, 408, 429 and 5xx are
// retried. A 200 with success: false is an *APIError.
func (c *Client) GetConnectionInfo(ctx context.Context, r ConnectionInfoRequest) (*ConnectionInfoResult, error) {
	if !r.Role.IsValid() {
		allowed := make([]string, len(cobrowse.AllowedRoleEnumValues))
		for i, v := range cobrowse.AllowedRoleEnumValues {
			allowed[i] = strconv.Quote(string(v))
		}
		return nil, &ValidationError{"Role", fmt.Sprintf("must be one of %s, got %q", strings.Join(allowed, ", "), string(r.Role))}
	}
	body := cobrowse.NewGetConnectionInfoRequest(r.Role)
	for _, f := range []struct {
		v   string
		set func(string)
	}{{r.RoomID, body.SetRoomId}, {r.UserID, body.SetUserId}, {r.UserName, body.SetUserName}, {r.WorkNo, body.SetWorkNo}} {
		if f.v != "" {
			f.set(f.v)
		}
	}
	if err := checkFields(body); err != nil {
		return nil, err
	}
	if !body.HasRoomId() {
		body.SetRoomId(newRoomID())
	}
	op := spec.InfoOperation
	for replayed := false; ; replayed = true {
		t, err := c.tokens.get(ctx)
		if err != nil {
			return nil, err
		}
		auth := context.WithValue(ctx, cobrowse.ContextAccessToken, t.token)
		auth = context.WithValue(auth, cobrowse.ContextAPIKeys, map[string]cobrowse.APIKey{spec.AppKeyScheme: {Key: c.appKey}, spec.TenantScheme: {Key: c.tenant}})
		var answer *cobrowse.GetConnectionInfoResponse
		resp, err := c.send(ctx, op, func(attempt context.Context) (*http.Response, error) {
			a, resp, err := c.api.CoBrowsingAPI.GetConnectionInfo(withDeadline(auth, attempt)).GetConnectionInfoRequest(*body).Execute()
			answer = a
			return resp, err
		})
		var authErr *AuthenticationError
		if errors.As(err, &authErr) && !replayed {
			c.log.Debug("token refused; refreshing once and replaying", "operation", op)
			c.tokens.invalidate(t.token)
			continue
		}
		if err != nil {
			return nil, err
		}
		requestID := resp.Header.Get(spec.RequestIdHeader)
		if answer == nil || !answer.GetSuccess() || !answer.HasData() {
			e := &APIError{Operation: op, StatusCode: resp.StatusCode, RequestID: requestID, Header: resp.Header}
			if answer != nil {
				if code, ok := answer.GetErrorCodeOk(); ok && code != nil {
					e.ErrorCode = code
				}
				e.ErrorReason = c.scrub(answer.GetErrorReason())
			}
			return nil, e
		}
		return &ConnectionInfoResult{Data: answer.GetData(), RequestID: requestID}, nil
	}
}

// patterns are the compiled patterns of the spec's body fields.
var patterns = func() map[string]*regexp.Regexp {
	out := map[string]*regexp.Regexp{}
	for _, f := range spec.InfoFields {
		if f.Pattern != "" {
			out[f.Name] = regexp.MustCompile(f.Pattern)
		}
	}
	return out
}()

// checkFields holds each string field of the body (by its JSON name, as the generated model
// serialises it) to the spec's lengths, in characters, and pattern.
func checkFields(body *cobrowse.GetConnectionInfoRequest) error {
	fields, err := body.ToMap()
	if err != nil {
		return &ValidationError{"request", err.Error()}
	}
	for _, f := range spec.InfoFields {
		var s string
		switch v := fields[f.Name].(type) {
		case string:
			s = v
		case *string:
			if v == nil {
				continue
			}
			s = *v
		default:
			continue
		}
		if n := utf8.RuneCountInString(s); n < f.MinLength || (f.MaxLength > 0 && n > f.MaxLength) {
			return &ValidationError{f.Name, fmt.Sprintf("must be %d to %d characters, got %d", f.MinLength, f.MaxLength, n)}
		}
		if re := patterns[f.Name]; re != nil && !re.MatchString(s) {
			return &ValidationError{f.Name, fmt.Sprintf("must match %s, got %q", f.Pattern, s[:min(len(s), 40)])}
		}
	}
	return nil
}

// withDeadline gives the call the attempt's deadline and cancellation, and the auth values.
func withDeadline(values, attempt context.Context) context.Context {
	return mergedContext{Context: attempt, values: values}
}

type mergedContext struct {
	context.Context
	values context.Context
}

func (m mergedContext) Value(key any) any {
	if v := m.Context.Value(key); v != nil {
		return v
	}
	return m.values.Value(key)
}

func (c *Client) loadToken(ctx context.Context) (*cachedToken, error) {
	op := spec.TokenOperation
	sentAt := time.Now()
	var answer *cobrowse.TokenResponse
	resp, err := c.send(ctx, op, func(attempt context.Context) (*http.Response, error) {
		req := c.api.AuthenticationAPI.TokenByAkSk(attempt).TokenRequest(*cobrowse.NewTokenRequest(c.appKey, c.secret))
		if c.o.TokenExpire != 0 {
			req = req.XTokenExpire(int32(c.o.TokenExpire))
		}
		a, resp, err := req.Execute()
		answer = a
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	receivedAt := time.Now()
	if answer == nil || answer.GetAccessToken() == "" || !c.lifetime.MatchString(answer.GetExpires()) {
		return nil, &APIError{Operation: op, StatusCode: resp.StatusCode, ErrorReason: "the answer lacks a token or a usable lifetime", Header: resp.Header}
	}
	expires, _ := strconv.Atoi(answer.GetExpires())
	created := int64(-1)
	if c.created.MatchString(answer.GetCreateTime()) {
		created, _ = strconv.ParseInt(answer.GetCreateTime(), 10, 64)
	}
	t := schedule(answer.GetAccessToken(), receivedAt, tokenDeadline(created, expires, sentAt, receivedAt), c.o.TokenSafetyMargin, c.o.TokenRefreshAhead)
	c.tokens.remember(answer.GetAccessToken())
	c.log.Debug("token issued", "operation", op, "usedFor", t.expiresAt.Sub(receivedAt).Round(time.Millisecond))
	return t, nil
}

// send runs one call with its retries: a fresh timeout for each attempt, backoff with full
// jitter (or the server's Retry-After) between attempts.
func (c *Client) send(ctx context.Context, op string, attempt func(context.Context) (*http.Response, error)) (*http.Response, error) {
	for n := 0; ; n++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		actx, cancel := context.WithTimeout(ctx, c.o.Timeout)
		resp, err := attempt(actx)
		timedOut := errors.Is(actx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
		cancel()
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", op, ctx.Err())
		}
		var failure error
		retryAfter := ""
		var generated *cobrowse.GenericOpenAPIError
		switch {
		case resp != nil && errors.As(err, &generated):
			e := c.apiError(op, resp, generated)
			if resp.StatusCode != 408 && resp.StatusCode != 429 && resp.StatusCode < 500 {
				return nil, e
			}
			failure, retryAfter = e, resp.Header.Get(spec.RetryAfterHeader)
		case timedOut:
			failure = &TimeoutError{Operation: op, Timeout: c.o.Timeout}
		default:
			failure = &NetworkError{Operation: op, Err: err}
		}
		if n >= c.maxRetries {
			return nil, failure
		}
		delay := c.delay(n, retryAfter)
		c.log.Debug("attempt failed; retrying", "operation", op, "attempt", n+1, "error", fmt.Sprintf("%T", failure), "delay", delay)
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return nil, fmt.Errorf("%s: %w", op, ctx.Err())
		}
	}
}

func (c *Client) delay(n int, retryAfter string) time.Duration {
	s := strings.TrimSpace(retryAfter)
	if secs, err := strconv.ParseFloat(s, 64); err == nil && secs >= 0 && !strings.ContainsAny(s, "eE+-") {
		return min(time.Duration(secs*float64(time.Second)), c.o.MaxRetryAfter)
	}
	if at, err := http.ParseTime(s); err == nil {
		return min(max(0, time.Until(at)), c.o.MaxRetryAfter)
	}
	ceiling := math.Min(float64(c.o.RetryMaxDelay), float64(c.o.RetryBaseDelay)*math.Pow(2, float64(n)))
	return time.Duration(mrand.Float64() * ceiling)
}

func (c *Client) scrub(s string) string {
	for _, secret := range append([]string{c.secret}, c.tokens.seen()...) {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "[REDACTED]")
		}
	}
	return s
}

func (c *Client) apiError(op string, resp *http.Response, generated *cobrowse.GenericOpenAPIError) error {
	e := &APIError{Operation: op, StatusCode: resp.StatusCode, RequestID: resp.Header.Get(spec.RequestIdHeader), Header: resp.Header.Clone()}
	for k, vs := range e.Header {
		for i := range vs {
			vs[i] = c.scrub(vs[i])
		}
		e.Header[k] = vs
	}
	if body, ok := generated.Model().(cobrowse.ErrorResponse); ok {
		code := body.GetErrorCode()
		e.ErrorCode = &code
		e.ErrorReason = c.scrub(body.GetErrorReason())
		e.Details = body.GetDetails()
	}
	return typed(e)
}

// newRoomID is a random (version 4) UUID, the format the server uses for the rooms it creates.
func newRoomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
