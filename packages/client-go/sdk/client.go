// Package sdk is the co-browsing API's Go client: the token lifecycle, retries, timeouts and
// typed errors on top of the generated client (package cobrowse, in ../generated).
//
//	client, err := sdk.FromEnv(sdk.Options{}) // COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
//	customer, err := client.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER})
//	agent, err := client.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_REPLAYER, RoomID: customer.Data.GetRoomId()})
//
// The pieces, one concern a file: options.go and defaults.go (configuration), send.go (the
// send loop and each attempt), retry.go (the attempt budget, backoff and Retry-After),
// transport.go (each attempt bounded: no redirect followed, answers capped; its headers),
// token.go and auth.go (the token cache and the token request), info.go (getConnectionInfo)
// and request_gen.go (its request type, generated), identity.go and version.go (the
// User-Agent), hooks.go, tracing.go (OpenTelemetry), logging.go (COBROWSE_LOG), redact.go,
// errors.go.
package sdk

import (
	"context"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"regexp"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// Client is a client of the co-browsing API. Create it with New or FromEnv; it is safe for
// concurrent use, and its configuration does not change after New.
type Client struct {
	s         settings // the options with their defaults; s.AppSecret is blanked
	secret    string   // the app secret, kept once
	api       *cobrowse.APIClient
	tokens    *tokenCache
	redact    *redactor
	log       *slog.Logger
	random    func() float64 // the backoff's jitter
	lifetime  *regexp.Regexp
	created   *regexp.Regexp
	userAgent string              // the identification header's value
	endpoints map[string]endpoint // each operation's request line, for spans and hooks
	trace     tracing
	protected map[string]bool // the headers a BeforeRequest hook may not set
}

// FromEnv is New with each of BaseURL, AppKey, AppSecret and TenantSpaceID that o leaves empty
// taken from COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET and
// COBROWSE_TENANT_SPACE_ID. A missing one is a *ConfigurationError naming the variable.
func FromEnv(o Options) (*Client, error) { return New(o.fromEnv()) }

// New checks the options and makes a client; nothing is sent until the first call.
func New(o Options) (*Client, error) {
	s, err := o.resolve()
	if err != nil {
		return nil, err
	}
	logger := s.Logger
	if logger == nil {
		if logger, err = defaultLogger(); err != nil {
			return nil, err
		}
	}
	ua := userAgent(s.UserAgentSuffix)
	cfg := cobrowse.NewConfiguration()
	cfg.Servers = cobrowse.ServerConfigurations{{URL: s.baseURL}}
	cfg.UserAgent = ua
	cfg.HTTPClient = boundedClient(s.HTTPClient, s.MaxResponseBytes, ua)
	c := &Client{
		s:         s,
		secret:    s.AppSecret,
		api:       cobrowse.NewAPIClient(cfg),
		log:       logger,
		random:    mrand.Float64,
		lifetime:  regexp.MustCompile(spec.LifetimePattern),
		created:   regexp.MustCompile(spec.CreateTimePattern),
		userAgent: ua,
		endpoints: endpoints(s.baseURL),
		trace:     newTracing(s.TracerProvider, s.Propagator),
	}
	c.protected = protectedHeaders(append([]string{spec.AuthorizationHeader, spec.AppKeyHeader, spec.TenantHeader, spec.UserAgentHeader, spec.AttemptHeader}, c.trace.fields()...)...)
	c.s.AppSecret = ""
	c.tokens = newTokenCache(c.loadToken)
	c.tokens.onBackgroundError = func(err error) {
		c.log.Debug("background token refresh failed; the next call tries again", "error", err)
	}
	c.redact = &redactor{secret: c.secret, tokens: &c.tokens.remembered}
	return c, nil
}

// String shows the gateway, the app key and the tenant space; never the secret or a token.
func (c *Client) String() string {
	return fmt.Sprintf("sdk.Client{BaseURL: %q, AppKey: %q, TenantSpaceID: %q}", c.s.baseURL, c.s.AppKey, c.s.TenantSpaceID)
}

// GoString is String, so that %#v shows no secret either.
func (c *Client) GoString() string { return c.String() }

// Raw is the generated client (the escape hatch), over the same bounded HTTP client: it never
// follows a redirect and caps answers at MaxResponseBytes. Its requests carry no token: add
// context.WithValue(ctx, cobrowse.ContextAccessToken, token) with a token from Token.
func (c *Client) Raw() *cobrowse.APIClient { return c.api }

// Token answers a usable token (the cached one, or a new one: one request however many
// goroutines wait) and how long the client still uses it.
func (c *Client) Token(ctx context.Context) (string, time.Duration, error) {
	t, err := c.tokens.Acquire(ctx)
	if err != nil {
		return "", 0, err
	}
	return t.token, time.Until(t.expiresAt), nil
}

// DropToken drops token if it is still the cached one, and reports whether it did
// (compare-and-drop): call it when the gateway refused a token from Token. Of many callers
// refused with one token, exactly one gets true; the next call fetches a new token.
func (c *Client) DropToken(token string) bool { return c.tokens.Drop(token) }

// InvalidateToken forgets the cached token, whichever it is; the next call gets a new one.
func (c *Client) InvalidateToken() { c.tokens.DropAny() }
