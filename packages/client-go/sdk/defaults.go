package sdk

import "time"

// The defaults of Options, each named once. A zero field of Options takes its default here.
const (
	// DefaultTimeout bounds each attempt: connecting, sending, the headers and the whole body.
	DefaultTimeout = 10 * time.Second
	// DefaultMaxRetries is how many retryable failures a call retries (MaxRetries nil).
	DefaultMaxRetries = 2
	// MaxMaxRetries is the largest MaxRetries New accepts.
	MaxMaxRetries = 10
	// DefaultRetryBaseDelay is the first retry's backoff ceiling; it doubles each retry.
	DefaultRetryBaseDelay = 500 * time.Millisecond
	// DefaultRetryMaxDelay caps the backoff ceiling.
	DefaultRetryMaxDelay = 8 * time.Second
	// DefaultMaxRetryAfter caps how long a server's Retry-After makes a call wait.
	DefaultMaxRetryAfter = 60 * time.Second
	// DefaultTokenSafetyMargin: a token is not sent within this of its expiry (at most a tenth of its lifetime).
	DefaultTokenSafetyMargin = 30 * time.Second
	// DefaultTokenRefreshAhead: a token is refreshed in the background this long before its expiry (at most 30 %).
	DefaultTokenRefreshAhead = 60 * time.Second
	// DefaultMaxResponseBytes caps an answer, counted as received and once decoded: 16 MiB.
	DefaultMaxResponseBytes int64 = 16 << 20
	// RememberedTokens is how many of the tokens a client received it remembers, to redact them
	// wherever a server's words or headers show them (a ring: it never grows with uptime).
	RememberedTokens = 16
)

// defaultMaxIdleConnsPerHost keeps connections for a burst of concurrent calls to the one gateway.
const defaultMaxIdleConnsPerHost = 64
