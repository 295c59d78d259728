package sdk

import (
	"context"
	"sync"
	"time"
)

// cachedToken is a token and the times that govern its use.
type cachedToken struct {
	token     string
	refreshAt time.Time // after this, calls start a background refresh but still use the token
	expiresAt time.Time // after this, calls wait for a new token
}

func (t *cachedToken) String() string { return "cachedToken{…}" }

// schedule says when to stop using a token and when to refresh it (as the TypeScript client).
func schedule(token string, receivedAt, deadline time.Time, margin, ahead time.Duration) *cachedToken {
	life := max(0, deadline.Sub(receivedAt))
	m := min(margin, life/10)
	a := max(m, min(ahead, life*3/10))
	return &cachedToken{token: token, refreshAt: deadline.Add(-a), expiresAt: deadline.Add(-m)}
}

// tokenDeadline is the expiry on this machine's clock: sentAt + Expires, or CreateTime +
// Expires when that is earlier and CreateTime agrees with this clock (between one second before
// sending, the server counting whole seconds, and the answer's arrival). createTime < 0: none.
func tokenDeadline(createTime int64, expires int, sentAt, receivedAt time.Time) time.Time {
	bySend := sentAt.Add(time.Duration(expires) * time.Second)
	if createTime >= 0 {
		created := time.Unix(createTime, 0)
		if !created.Before(sentAt.Add(-time.Second)) && !created.After(receivedAt) {
			if byCreate := created.Add(time.Duration(expires) * time.Second); byCreate.Before(bySend) {
				return byCreate
			}
		}
	}
	return bySend
}

// flight is one token load that every waiter shares.
type flight struct {
	done  chan struct{}
	token *cachedToken
	err   error
}

// tokenCache fetches on first need, shares one load among concurrent callers, and refreshes in
// the background ahead of expiry.
type tokenCache struct {
	load     func(context.Context) (*cachedToken, error)
	mu       sync.Mutex
	current  *cachedToken
	inflight *flight
	last     []string // the last tokens issued, to scrub from server strings
}

func newTokenCache(load func(context.Context) (*cachedToken, error)) *tokenCache {
	return &tokenCache{load: load}
}

func (c *tokenCache) get(ctx context.Context) (*cachedToken, error) {
	c.mu.Lock()
	t := c.current
	now := time.Now()
	if t != nil && now.Before(t.expiresAt) {
		if !now.Before(t.refreshAt) {
			c.startLocked() // in the background; a failure is retried by the next call
		}
		c.mu.Unlock()
		return t, nil
	}
	f := c.startLocked()
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.token, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// startLocked starts a load unless one runs; the load goes on for the others when a waiter gives up.
func (c *tokenCache) startLocked() *flight {
	if c.inflight != nil {
		return c.inflight
	}
	f := &flight{done: make(chan struct{})}
	c.inflight = f
	go func() {
		t, err := c.load(context.Background())
		c.mu.Lock()
		if err == nil {
			c.current = t
		}
		c.inflight = nil
		c.mu.Unlock()
		f.token, f.err = t, err
		close(f.done)
	}()
	return f
}

// invalidate drops token if it is still the cached one ("" drops any).
func (c *tokenCache) invalidate(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.current != nil && (token == "" || c.current.token == token) {
		c.current = nil
	}
}

func (c *tokenCache) remember(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = append([]string{token}, c.last[:min(len(c.last), 2)]...)
}

func (c *tokenCache) seen() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.last...)
}
