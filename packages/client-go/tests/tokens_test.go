// The send loop's token rules (packages/scenarios/README.md) against the fake gateway, which
// revokes tokens for real: the token taken for every attempt, compare-and-drop, the replay and
// superseded rules, the attempt budget, Retry-After outliving a token, and redaction of every
// token remembered.
package tests

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

// revoking is a getConnectionInfo handler that refuses revoked tokens and otherwise plays
// plays[n] for the n-th request ("ok", "503", "revoke": revoke this token, then 401), "ok"
// past the end.
type revoking struct {
	mu      sync.Mutex
	revoked map[string]bool
	plays   []string
	n       int
	slow401 time.Duration // how long a refusal takes (so that many callers are refused at once)
}

func (v *revoking) serve(w http.ResponseWriter, r *http.Request, token string) {
	v.mu.Lock()
	play := "ok"
	if v.n < len(v.plays) {
		play = v.plays[v.n]
	}
	v.n++
	if play == "revoke" {
		v.revoked[token] = true
	}
	refused := v.revoked[token]
	v.mu.Unlock()
	switch {
	case refused:
		time.Sleep(v.slow401)
		answerError(w, 401, "token revoked; request a new one with tokenByAkSk")
	case play == "503":
		w.Header().Set("Retry-After", "0")
		answerError(w, 503, "busy")
	default:
		answerInfo(w, "room-tokens")
	}
}

func newRevoking(plays ...string) *revoking {
	return &revoking{revoked: map[string]bool{}, plays: plays}
}

func TestTheReplayDoesNotRefillTheBudget(t *testing.T) {
	v := newRevoking("503", "503", "revoke", "503", "503", "503")
	g := newGateway(t, v.serve)
	_, err := g.client(t, sdk.Options{}).GetConnectionInfo(context.Background(), recorder)
	var server *sdk.InternalServerError
	if !errors.As(err, &server) || server.StatusCode != 503 {
		t.Fatalf("want an *sdk.InternalServerError 503, got %v", err)
	}
	if got := letters(g.seen()); got != "AAAB" {
		t.Fatalf("attempts carried %s, want AAAB (maxRetries + 2 = 4 attempts, the replay with a new token)", got)
	}
	if len(g.tokens()) != 2 {
		t.Fatalf("%d token requests, want 2", len(g.tokens()))
	}
}

func TestARefusedReplayDropsItsTokenToo(t *testing.T) {
	v := newRevoking("revoke", "revoke")
	g := newGateway(t, v.serve)
	client := g.client(t, sdk.Options{})
	_, err := client.GetConnectionInfo(context.Background(), recorder)
	var auth *sdk.AuthenticationError
	if !errors.As(err, &auth) || auth.RequestID == "" {
		t.Fatalf("want an *sdk.AuthenticationError, got %v", err)
	}
	if _, err := client.GetConnectionInfo(context.Background(), recorder); err != nil {
		t.Fatalf("the next call: %v", err)
	}
	if got := letters(g.seen()); got != "ABC" {
		t.Fatalf("attempts carried %s, want ABC (the replay's refused token dropped too)", got)
	}
}

// The first of 50 concurrent calls revokes the token; the refusals take 200 ms, so all 50 are
// refused with it: one compare-and-drop succeeds (the replay), 49 find the token gone
// (superseded) and resend once with the new one. One token request for the herd.
func TestARevocationUnder50CallersIsOneTokenRequest(t *testing.T) {
	v := newRevoking("ok", "revoke")
	v.slow401 = 200 * time.Millisecond
	g := newGateway(t, v.serve)
	client := g.client(t, sdk.Options{})
	if _, err := client.GetConnectionInfo(context.Background(), recorder); err != nil {
		t.Fatal(err)
	}
	first := g.tokens()[0]
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := client.GetConnectionInfo(context.Background(), sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_REPLAYER, RoomID: "room-herd"}); err != nil {
				failed.Add(1)
				t.Log(err)
			}
		}()
	}
	wg.Wait()
	if failed.Load() != 0 {
		t.Fatalf("%d of 50 callers failed", failed.Load())
	}
	if n := len(g.tokens()); n != 2 {
		t.Fatalf("%d token requests, want 2 (one for the herd)", n)
	}
	withFirst := 0
	for _, tok := range g.seen()[1:] {
		if tok == first {
			withFirst++
		}
	}
	if withFirst != 50 || len(g.seen()) != 101 {
		t.Fatalf("%d attempts, %d with the revoked token; want 101, 50 of them with it (one each)", len(g.seen()), withFirst)
	}
}

func TestDropTokenIsTrueForExactlyOneCaller(t *testing.T) {
	g := newGateway(t, newRevoking().serve)
	client := g.client(t, sdk.Options{})
	token, _, err := client.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var dropped atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if client.DropToken(token) {
				dropped.Add(1)
			}
		}()
	}
	wg.Wait()
	if dropped.Load() != 1 {
		t.Fatalf("%d callers dropped the token, want 1", dropped.Load())
	}
	next, _, _ := client.Token(context.Background())
	if next == token || client.DropToken(token) {
		t.Fatal("the dropped token came back, or dropping it again dropped the new one")
	}
}

func TestARetryAfterOutlivingTheTokenCarriesANewOne(t *testing.T) {
	var n atomic.Int32
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, _ string) {
		if n.Add(1) == 2 {
			w.Header().Set("Retry-After", "2")
			answerError(w, 503, "busy")
			return
		}
		answerInfo(w, "room-outlive")
	})
	g.lifetime = "2"
	client := g.client(t, sdk.Options{})
	for i := 0; i < 2; i++ {
		if _, err := client.GetConnectionInfo(context.Background(), recorder); err != nil {
			t.Fatal(err)
		}
	}
	if got := letters(g.seen()); got != "AAB" {
		t.Fatalf("attempts carried %s, want AAB (the retry after Retry-After: 2 with a new token)", got)
	}
}

// Every token the client received lately is redacted wherever the gateway echoes it: the 16
// remembered (an old one included) and the one the failing attempt sent.
func TestEchoedTokensAreRedactedEverywhere(t *testing.T) {
	var g *fakeGateway
	g = newGateway(t, func(w http.ResponseWriter, r *http.Request, token string) {
		issued := g.tokens()
		echo := strings.Join(issued[max(0, len(issued)-sdk.RememberedTokens):], " ")
		w.Header().Set("X-Echo-Authorization", r.Header.Get("Authorization"))
		w.Header().Set("Retry-After", "0")
		answerError(w, 503, "overloaded; tokens: "+echo+" "+fakeSecret)
	})
	var logs bytes.Buffer
	client := g.client(t, sdk.Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	for i := 0; i < sdk.RememberedTokens-1; i++ { // 15 tokens before the call's own
		token, _, err := client.Token(context.Background())
		if err != nil || !client.DropToken(token) {
			t.Fatalf("token %d: %v", i, err)
		}
	}
	_, err := client.GetConnectionInfo(context.Background(), recorder)
	if err == nil {
		t.Fatal("want an error")
	}
	texts := append(renderings(err), strings.Split(logs.String(), "\n")...)
	if leaked := shows(texts, append(g.tokens(), fakeSecret)...); leaked != "" {
		t.Fatalf("a rendering or log line shows %q:\n%s", leaked, strings.Join(texts, "\n"))
	}
	if !strings.Contains(err.Error(), sdk.Redacted) || !strings.Contains(logs.String(), "retrying") {
		t.Fatalf("want the reason redacted and the retries logged: %v\n%s", err, logs.String())
	}
	if len(g.tokens()) != sdk.RememberedTokens {
		t.Fatalf("%d tokens issued, want %d", len(g.tokens()), sdk.RememberedTokens)
	}
}

func TestCancellingTheContextEndsTheCall(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, _ string) {
		w.Header().Set("Retry-After", "30")
		answerError(w, 503, "busy")
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := g.client(t, sdk.Options{}).GetConnectionInfo(ctx, recorder)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("want the context's error at once, got %v after %s", err, time.Since(start))
	}
	if fmt.Sprintf("%T", err) == "*sdk.TimeoutError" {
		t.Fatal("the caller's deadline is not an attempt timeout")
	}
}
