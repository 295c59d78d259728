package sdk

import (
	"context"
	"sync"
	"time"
)

// cachedToken is a token and the times that govern its use.
type cachedToken struct {
	token     string
	refreshAt time.Time // from then on, Current starts a background refresh but still answers the token
	expiresAt time.Time // from then on, the token is not sent: callers wait for a new one
}

// String hides the token from %v and %s.
func (t *cachedToken) String() string { return "cachedToken{token: " + Redacted + "}" }

// GoString hides the token from %#v.
func (t *cachedToken) GoString() string { return t.String() }

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

// flight is one token load that every waiter shares: done closes when token or err is set.
type flight struct {
	done  chan struct{}
	token *cachedToken
	err   error
}

// tokenCache is the contract's token cache: Current, Acquire, Drop and the remembered tokens,
// each safe under concurrency (one mutex guards the cached token and the load in flight).
type tokenCache struct {
	load func(context.Context) (*cachedToken, error)
	now  func() time.Time
	// onBackgroundError hears of a failed background refresh (the next call tries again).
	onBackgroundError func(error)

	mu       sync.Mutex
	cached   *cachedToken
	inflight *flight
	// remembered are the last tokens received, for redaction.
	remembered tokenRing
}

func newTokenCache(load func(context.Context) (*cachedToken, error)) *tokenCache {
	return &tokenCache{load: load, now: time.Now, onBackgroundError: func(error) {}}
}

// Current is the cached token while it is usable (before its expiresAt), else nil. In the
// refresh window it also starts one background refresh.
func (c *tokenCache) Current() *cachedToken {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.currentLocked(context.Background())
}

// currentLocked is Current; a refresh it starts belongs to ctx's call (its trace), not to its
// cancellation.
func (c *tokenCache) currentLocked(ctx context.Context) *cachedToken {
	t := c.cached
	now := c.now()
	if t == nil || !now.Before(t.expiresAt) {
		return nil
	}
	if !now.Before(t.refreshAt) && c.inflight == nil {
		f := c.startLocked(ctx)
		go func() {
			<-f.done
			if f.err != nil {
				c.onBackgroundError(f.err)
			}
		}()
	}
	return t
}

// Acquire is Current, else the single-flight load's token: one token request however many
// callers wait. A failed load reaches every waiter and is not cached. A caller whose ctx ends
// stops waiting; the load goes on for the others.
func (c *tokenCache) Acquire(ctx context.Context) (*cachedToken, error) {
	c.mu.Lock()
	if t := c.currentLocked(ctx); t != nil {
		c.mu.Unlock()
		return t, nil
	}
	f := c.startLocked(ctx)
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.token, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// startLocked starts a load unless one runs, and answers the one in flight. The load runs
// for every waiter, so it keeps ctx's values (the trace of the call that started it: the
// token request's span is that call's child) but not its cancellation or deadline.
func (c *tokenCache) startLocked(ctx context.Context) *flight {
	if c.inflight != nil {
		return c.inflight
	}
	f := &flight{done: make(chan struct{})}
	c.inflight = f
	go func() {
		t, err := c.load(context.WithoutCancel(ctx))
		c.mu.Lock()
		if err == nil {
			c.cached = t
		}
		c.inflight = nil
		c.mu.Unlock()
		f.token, f.err = t, err
		close(f.done)
	}()
	return f
}

// Drop is compare-and-drop: it drops the cached token only when it is exactly token, and
// reports whether it did. Of many callers refused with one token, exactly one gets true.
func (c *tokenCache) Drop(token string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cached == nil || c.cached.token != token {
		return false
	}
	c.cached = nil
	return true
}

// DropAny drops whatever token is cached.
func (c *tokenCache) DropAny() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cached = nil
}

// Remember adds a token received to the remembered ones (RememberedTokens, a ring).
func (c *tokenCache) Remember(token string) { c.remembered.add(token) }

// Remembered is the last RememberedTokens tokens received, newest first.
func (c *tokenCache) Remembered() []string { return c.remembered.all() }
