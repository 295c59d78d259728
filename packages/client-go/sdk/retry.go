package sdk

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// budget is the contract's attempt budget: at most maxRetries + 2 attempts, of which at most
// maxRetries + 1 end in a retryable failure, plus one replay after a 401 on the current token.
type budget struct {
	maxRetries int
	attempts   int  // attempts sent so far
	retries    int  // retries spent on retryable failures
	replayed   bool // the one replay is spent
}

// limit is the most attempts a call makes: maxRetries + 2.
func (b *budget) limit() int { return b.maxRetries + 2 }

// exhausted: no attempt is left.
func (b *budget) exhausted() bool { return b.attempts >= b.limit() }

// retry spends a retry on a retryable failure; false when none is left.
func (b *budget) retry() bool {
	if b.retries >= b.maxRetries || b.exhausted() {
		return false
	}
	b.retries++
	return true
}

// replay spends the replay on a refused current token; false when it is spent or no attempt is left.
func (b *budget) replay() bool {
	if b.replayed || b.exhausted() {
		return false
	}
	b.replayed = true
	return true
}

// retryableStatus: 408, 429 and 5xx are retried (so are network errors and timeouts).
func retryableStatus(status int) bool {
	return status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500
}

// parseRetryAfter reads a Retry-After value, delta-seconds or an HTTP date, as a wait from now,
// capped at limit. ok is false when value is absent or neither form.
func parseRetryAfter(value string, now time.Time, limit time.Duration) (wait time.Duration, ok bool) {
	s := strings.TrimSpace(value)
	if s == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		if strings.ContainsAny(s, "eEinfxXpP+-") || math.IsNaN(secs) || secs < 0 {
			return 0, false // not delta-seconds: an exponent, a sign, hex, Inf or NaN
		}
		if secs*float64(time.Second) >= float64(limit) {
			return limit, true
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if at, err := http.ParseTime(s); err == nil {
		return min(max(0, at.Sub(now)), limit), true
	}
	return 0, false
}

// backoff is full jitter: random(0, min(maxDelay, base × 2^(retries-1))) for the retries-th
// retry; random answers in [0, 1).
func backoff(retries int, base, maxDelay time.Duration, random func() float64) time.Duration {
	ceiling := math.Min(float64(maxDelay), float64(base)*math.Pow(2, float64(retries-1)))
	return time.Duration(random() * ceiling)
}
