package sdk

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fixedLoad is a load that counts its calls and answers token-1, token-2, … usable for life
// (refreshed after half of it).
func fixedLoad(calls *atomic.Int32, life time.Duration, hold <-chan struct{}) func(context.Context) (*cachedToken, error) {
	return func(context.Context) (*cachedToken, error) {
		n := calls.Add(1)
		if hold != nil {
			<-hold
		}
		now := time.Now()
		return &cachedToken{token: fmt.Sprintf("token-%d", n), refreshAt: now.Add(life / 2), expiresAt: now.Add(life)}, nil
	}
}

func TestDropUnderConcurrencyIsTrueForExactlyOneCaller(t *testing.T) {
	for round := 0; round < 50; round++ {
		var calls atomic.Int32
		c := newTokenCache(fixedLoad(&calls, time.Minute, nil))
		tok, err := c.Acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var dropped atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < 64; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if c.Drop(tok.token) {
					dropped.Add(1)
				}
			}()
		}
		close(start)
		wg.Wait()
		if dropped.Load() != 1 {
			t.Fatalf("round %d: %d callers dropped the token, want exactly 1", round, dropped.Load())
		}
		if c.Current() != nil {
			t.Fatal("the dropped token is still current")
		}
	}
}

func TestDropComparesTheToken(t *testing.T) {
	var calls atomic.Int32
	c := newTokenCache(fixedLoad(&calls, time.Minute, nil))
	old, _ := c.Acquire(context.Background())
	if !c.Drop(old.token) {
		t.Fatal("the cached token was not dropped")
	}
	fresh, _ := c.Acquire(context.Background())
	if fresh.token == old.token {
		t.Fatal("no new token after the drop")
	}
	if c.Drop(old.token) {
		t.Fatal("dropping a superseded token dropped the current one")
	}
	if c.Current() == nil || c.Current().token != fresh.token {
		t.Fatal("the current token is gone")
	}
	if c.Drop("") {
		t.Fatal("dropping the empty token dropped the current one")
	}
}

func TestAcquireIsOneLoadForEveryWaiter(t *testing.T) {
	var calls atomic.Int32
	hold := make(chan struct{})
	c := newTokenCache(fixedLoad(&calls, time.Minute, hold))
	var wg sync.WaitGroup
	tokens := make([]string, 100)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := c.Acquire(context.Background())
			if err == nil {
				tokens[i] = tok.token
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(hold)
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("%d loads, want 1", calls.Load())
	}
	for _, tok := range tokens {
		if tok != "token-1" {
			t.Fatalf("a waiter got %q", tok)
		}
	}
}

func TestAFailedLoadReachesEveryWaiterAndIsNotCached(t *testing.T) {
	var calls atomic.Int32
	boom := errors.New("boom")
	c := newTokenCache(func(context.Context) (*cachedToken, error) {
		calls.Add(1)
		time.Sleep(10 * time.Millisecond)
		return nil, boom
	})
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Acquire(context.Background()); errors.Is(err, boom) {
				failed.Add(1)
			}
		}()
	}
	wg.Wait()
	if failed.Load() != 20 || calls.Load() != 1 {
		t.Fatalf("%d of 20 waiters failed, %d loads; want 20 and 1", failed.Load(), calls.Load())
	}
	if _, err := c.Acquire(context.Background()); !errors.Is(err, boom) || calls.Load() != 2 {
		t.Fatalf("the failure was cached: %v, %d loads", err, calls.Load())
	}
}

func TestAnExpiredTokenIsNotCurrent(t *testing.T) {
	var calls atomic.Int32
	c := newTokenCache(fixedLoad(&calls, time.Minute, nil))
	now := time.Now()
	c.now = func() time.Time { return now }
	tok, _ := c.Acquire(context.Background())
	c.now = func() time.Time { return tok.expiresAt }
	if c.Current() != nil {
		t.Fatal("a token at its expiresAt is still current")
	}
	fresh, _ := c.Acquire(context.Background())
	if fresh.token == tok.token || calls.Load() != 2 {
		t.Fatalf("Acquire answered %q after expiry (%d loads)", fresh.token, calls.Load())
	}
}

func TestTheRefreshWindowStartsOneBackgroundLoad(t *testing.T) {
	var calls atomic.Int32
	hold := make(chan struct{})
	c := newTokenCache(fixedLoad(&calls, time.Minute, nil))
	tok, _ := c.Acquire(context.Background())
	c.load = fixedLoad(&calls, time.Minute, hold)
	c.now = func() time.Time { return tok.refreshAt.Add(time.Millisecond) }
	for i := 0; i < 10; i++ {
		if cur := c.Current(); cur == nil || cur.token != tok.token {
			t.Fatal("in the refresh window the cached token is still current")
		}
	}
	close(hold)
	cached := func() string { // without Current, which could start another refresh
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.cached == nil {
			return ""
		}
		return c.cached.token
	}
	deadline := time.Now().Add(5 * time.Second)
	for cached() == tok.token {
		if time.Now().After(deadline) {
			t.Fatal("the background refresh never replaced the token")
		}
		time.Sleep(time.Millisecond)
	}
	if calls.Load() != 2 {
		t.Fatalf("%d loads, want 2 (one background refresh)", calls.Load())
	}
}

func TestTokenRenderingsHideTheToken(t *testing.T) {
	tok := &cachedToken{token: "tok-secret-1234"}
	for _, s := range []string{fmt.Sprint(tok), fmt.Sprintf("%v %+v %#v %s", tok, tok, tok, tok)} {
		if contains(s, "tok-secret-1234") {
			t.Fatalf("a rendering shows the token: %s", s)
		}
	}
}
