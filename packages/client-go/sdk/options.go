package sdk

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// Options configure a Client. BaseURL, AppKey, AppSecret and TenantSpaceID are required; every
// other field has a default (defaults.go) when left zero.
type Options struct {
	BaseURL       string // the gateway, such as https://service.besclouds.com (https unless loopback)
	AppKey        string
	AppSecret     string // server side only; never logged or shown
	TenantSpaceID string
	// TokenExpire asks for a token lifetime in seconds (the spec's range); 0 takes the server's.
	TokenExpire int
	// Timeout bounds each attempt as a whole (connect, headers and the whole body), fresh for
	// each attempt (DefaultTimeout, 10 s).
	Timeout time.Duration
	// MaxRetries counts retries of retryable failures (nil: DefaultMaxRetries, 2). Retries(0)
	// turns them off. A call makes at most MaxRetries + 2 attempts (README: the attempt budget).
	MaxRetries *int
	// RetryBaseDelay (500 ms) doubles each retry, up to RetryMaxDelay (8 s), with full jitter.
	RetryBaseDelay, RetryMaxDelay time.Duration
	// MaxRetryAfter caps a server's Retry-After (60 s).
	MaxRetryAfter time.Duration
	// MaxResponseBytes caps each answer, counted as received and once decoded
	// (DefaultMaxResponseBytes, 16 MiB); a larger one is a *ResponseTooLargeError.
	MaxResponseBytes int64
	// TokenSafetyMargin (30 s, at most a tenth of the lifetime) and TokenRefreshAhead (60 s, at
	// most 30 %): stop using a token that long before it expires, and refresh it in the
	// background that long before.
	TokenSafetyMargin, TokenRefreshAhead time.Duration
	// AllowInsecureHTTP allows http:// to a host that is not loopback (tokens travel in clear).
	AllowInsecureHTTP bool
	// HTTPClient sends the requests (default: a client with keep-alive connections). The client
	// uses a copy: redirects are never followed and answers are capped whatever its
	// CheckRedirect; its Timeout, if any, applies on top of Timeout.
	HTTPClient *http.Client
	// Logger receives the client's lines (debug: each attempt, retry, replay and token request;
	// warn: a hook that failed), never a secret or a token. Default: text lines on standard
	// error from the level COBROWSE_LOG names (debug, info, warn, error or off; unset: warn).
	Logger *slog.Logger
	// UserAgentSuffix is a product token of the caller's, such as "acme-contact-center/4.2",
	// appended to the User-Agent every request carries ("cec-cobrowse-go/<version>
	// go/<Go version> <OS>"): printable ASCII, at most 128 characters.
	UserAgentSuffix string
	// Hooks are called around every attempt (hooks.go): before it is sent (they may add
	// headers), after its answer, and on its failure. A hook that fails is logged and ignored.
	Hooks Hooks
	// TracerProvider makes the spans of each call (one per call, a child per attempt and per
	// token request; tracing.go). Default: OpenTelemetry's global provider, which records
	// nothing until the program sets one.
	TracerProvider trace.TracerProvider
	// Propagator writes the trace context into each attempt's headers. Default: the global
	// propagator when the program set one, else W3C trace context (traceparent).
	Propagator propagation.TextMapPropagator

	names map[string]string // the environment variable behind a field, for FromEnv's errors
}

// Retries is a *int for Options.MaxRetries: sdk.Retries(0) turns retries off.
func Retries(n int) *int { return &n }

// envVars are the environment variables FromEnv reads, by the field they fill.
var envVars = map[string]string{"BaseURL": "COBROWSE_BASE_URL", "AppKey": "COBROWSE_APP_KEY", "AppSecret": "COBROWSE_APP_SECRET", "TenantSpaceID": "COBROWSE_TENANT_SPACE_ID"}

// fromEnv fills each required field that o leaves empty from its environment variable.
func (o Options) fromEnv() Options {
	o.names = map[string]string{}
	for field, dst := range map[string]*string{"BaseURL": &o.BaseURL, "AppKey": &o.AppKey, "AppSecret": &o.AppSecret, "TenantSpaceID": &o.TenantSpaceID} {
		if *dst == "" {
			*dst = os.Getenv(envVars[field])
			o.names[field] = envVars[field]
		}
	}
	return o
}

// settings are the options checked, with every default applied.
type settings struct {
	Options
	baseURL    string
	maxRetries int
}

// resolve checks the options and applies the defaults; a problem is a *ConfigurationError.
func (o Options) resolve() (settings, error) {
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
			return settings{}, &ConfigurationError{name(f.field), "missing; set it to " + f.what}
		}
	}
	u, err := url.Parse(o.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" {
		return settings{}, &ConfigurationError{name("BaseURL"), "must be the gateway's https:// URL, such as https://service.besclouds.com"}
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) && !o.AllowInsecureHTTP {
		return settings{}, &ConfigurationError{name("BaseURL"), "plain http:// sends tokens in clear; use https://, or AllowInsecureHTTP on a trusted network"}
	}
	if o.TokenExpire != 0 && (o.TokenExpire < spec.LifetimeMin || o.TokenExpire > spec.LifetimeMax) {
		return settings{}, &ConfigurationError{"TokenExpire", fmt.Sprintf("must be from %d to %d seconds (0: the server's default)", spec.LifetimeMin, spec.LifetimeMax)}
	}
	if why := checkUserAgentSuffix(o.UserAgentSuffix); why != "" {
		return settings{}, &ConfigurationError{"UserAgentSuffix", why}
	}
	s := settings{Options: o, baseURL: strings.TrimRight(o.BaseURL, "/"), maxRetries: DefaultMaxRetries}
	if o.MaxRetries != nil {
		if *o.MaxRetries < 0 || *o.MaxRetries > MaxMaxRetries {
			return settings{}, &ConfigurationError{"MaxRetries", fmt.Sprintf("must be from 0 to %d", MaxMaxRetries)}
		}
		s.maxRetries = *o.MaxRetries
	}
	for _, d := range []struct {
		field string
		value *time.Duration
		def   time.Duration
	}{
		{"Timeout", &s.Timeout, DefaultTimeout},
		{"RetryBaseDelay", &s.RetryBaseDelay, DefaultRetryBaseDelay},
		{"RetryMaxDelay", &s.RetryMaxDelay, DefaultRetryMaxDelay},
		{"MaxRetryAfter", &s.MaxRetryAfter, DefaultMaxRetryAfter},
		{"TokenSafetyMargin", &s.TokenSafetyMargin, DefaultTokenSafetyMargin},
		{"TokenRefreshAhead", &s.TokenRefreshAhead, DefaultTokenRefreshAhead},
	} {
		if *d.value < 0 {
			return settings{}, &ConfigurationError{d.field, "must not be negative (0: the default, " + d.def.String() + ")"}
		}
		if *d.value == 0 {
			*d.value = d.def
		}
	}
	if s.MaxResponseBytes < 0 {
		return settings{}, &ConfigurationError{"MaxResponseBytes", fmt.Sprintf("must not be negative (0: the default, %d bytes)", DefaultMaxResponseBytes)}
	}
	if s.MaxResponseBytes == 0 {
		s.MaxResponseBytes = DefaultMaxResponseBytes
	}
	return s, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
