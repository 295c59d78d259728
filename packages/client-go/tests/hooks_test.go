// Hooks (issue 22): called once per attempt with the operation, the attempt number, the status,
// the request id and the duration, the token request included and marked; a hook that fails
// never changes the call; no hook argument shows the secret or a token.
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
	"testing"

	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

// hookRecorder keeps every hook call, rendered in full (%+v of the AttemptInfo, its headers and
// error included) for the redaction checks.
type hookRecorder struct {
	mu    sync.Mutex
	calls []hookCall
}

type hookCall struct {
	hook string
	a    sdk.AttemptInfo
	text string
}

func (h *hookRecorder) add(hook string, a sdk.AttemptInfo) {
	h.mu.Lock()
	defer h.mu.Unlock()
	text := fmt.Sprintf("%s %s %d %s %s %d %s %s %v %#v", a, a.Operation, a.Attempt, a.Method, a.URL, a.StatusCode, a.RequestID, a.Duration, a.Header, a)
	if a.Err != nil {
		text += " " + strings.Join(renderings(a.Err), " ")
	}
	h.calls = append(h.calls, hookCall{hook, a, text})
}

// hooks records every call; BeforeRequest adds X-Hook-Attempt: <attempt>.
func (h *hookRecorder) hooks() sdk.Hooks {
	return sdk.Hooks{
		BeforeRequest: func(_ context.Context, a sdk.AttemptInfo) error {
			a.Header.Set("X-Hook-Attempt", fmt.Sprint(a.Attempt))
			h.add("before", a)
			return nil
		},
		AfterResponse: func(_ context.Context, a sdk.AttemptInfo) error { h.add("after", a); return nil },
		OnError:       func(_ context.Context, a sdk.AttemptInfo) error { h.add("error", a); return nil },
	}
}

// summary is each call as "hook op#attempt status token?", in order.
func (h *hookRecorder) summary() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var parts []string
	for _, c := range h.calls {
		s := fmt.Sprintf("%s %s#%d", c.hook, c.a.Operation, c.a.Attempt)
		if c.a.StatusCode != 0 {
			s += fmt.Sprintf(" %d", c.a.StatusCode)
		}
		if c.a.TokenRequest {
			s += " token"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

func TestHooksRunOncePerAttemptTheTokenRequestMarked(t *testing.T) {
	g := newGateway(t, newRevoking("503", "revoke").serve) // a 503 retried, then a refused token replayed
	rec := &hookRecorder{}
	client := g.client(t, sdk.Options{Hooks: rec.hooks()})
	if _, err := client.GetConnectionInfo(context.Background(), recorder); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"before tokenByAkSk#1 token", "after tokenByAkSk#1 200 token",
		"before getConnectionInfo#1", "after getConnectionInfo#1 503", "error getConnectionInfo#1 503",
		"before getConnectionInfo#2", "after getConnectionInfo#2 401", "error getConnectionInfo#2 401",
		"before tokenByAkSk#1 token", "after tokenByAkSk#1 200 token",
		"before getConnectionInfo#3", "after getConnectionInfo#3 200",
	}, ", ")
	if got := rec.summary(); got != want {
		t.Fatalf("hook calls:\n got %s\nwant %s", got, want)
	}
	// Every request carried its before-request hook's header, and the answers' request ids and
	// durations reached the hooks.
	requests := g.seenRequests()
	var sent []string
	for _, r := range requests {
		sent = append(sent, r.header.Get("X-Hook-Attempt"))
	}
	if strings.Join(sent, ",") != "1,1,2,1,3" {
		t.Fatalf("X-Hook-Attempt per request: %v, want 1,1,2,1,3", sent)
	}
	n := 0
	for _, c := range rec.calls {
		if c.hook == "before" {
			if c.a.StatusCode != 0 || c.a.Duration != 0 || c.a.Method != http.MethodPost || !strings.HasPrefix(c.a.URL, g.URL+"/") {
				t.Errorf("before-request got %+v", c.a)
			}
			// It saw the headers the attempt sends, the bearer token redacted.
			h := c.a.Header
			if h.Get("X-Cobrowse-Attempt") != fmt.Sprint(c.a.Attempt) || !strings.HasPrefix(h.Get("User-Agent"), "cec-cobrowse-go/") || h.Get("X-Hook-Attempt") == "" ||
				(!c.a.TokenRequest && h.Get("Authorization") != "Bearer "+sdk.Redacted) {
				t.Errorf("before-request of %s saw the headers %v", c.a, h)
			}
			continue
		}
		if c.hook == "after" {
			if c.a.RequestID != requests[n].requestID {
				t.Errorf("after-response of request %d: request id %q, want %q", n, c.a.RequestID, requests[n].requestID)
			}
			n++
		}
		if c.a.Duration <= 0 || c.a.RequestID == "" || (c.a.StatusCode != 200) != (c.a.Err != nil) {
			t.Errorf("%s got %+v", c.hook, c.a)
		}
	}
	checkNoSecretInHooks(t, rec, g)
}

func TestOnErrorRunsForAnAttemptWithoutAnswer(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, token string) {
		hijack(t, w) // the connection closed without an answer: a network error, retried
	})
	rec := &hookRecorder{}
	_, err := g.client(t, sdk.Options{Hooks: rec.hooks(), MaxRetries: sdk.Retries(1)}).GetConnectionInfo(context.Background(), recorder)
	var network *sdk.NetworkError
	if !errors.As(err, &network) {
		t.Fatalf("want an *sdk.NetworkError, got %v", err)
	}
	want := "before tokenByAkSk#1 token, after tokenByAkSk#1 200 token, before getConnectionInfo#1, error getConnectionInfo#1, before getConnectionInfo#2, error getConnectionInfo#2"
	if got := rec.summary(); got != want {
		t.Fatalf("hook calls:\n got %s\nwant %s", got, want)
	}
	for _, c := range rec.calls[3:] {
		if c.hook == "error" && (c.a.Header != nil || c.a.RequestID != "" || !errors.As(c.a.Err, &network)) {
			t.Errorf("on-error without an answer got %+v", c.a)
		}
	}
}

// hijack closes the connection without answering.
func hijack(t *testing.T, w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	_ = conn.Close()
}

func TestAFailingHookNeverChangesTheCall(t *testing.T) {
	for name, hooks := range map[string]sdk.Hooks{
		"panics": {
			BeforeRequest: func(_ context.Context, a sdk.AttemptInfo) error {
				a.Header.Set("X-Hook-Attempt", fmt.Sprint(a.Attempt))
				if a.Attempt == 1 {
					panic("before-request hook broke")
				}
				return nil
			},
			AfterResponse: func(context.Context, sdk.AttemptInfo) error { panic(errors.New("after-response hook broke")) },
			//lint:ignore SA5000 the hook fails with a runtime panic (not a panic call) on purpose
			OnError: func(context.Context, sdk.AttemptInfo) error { var m map[string]int; m["x"]++; return nil },
		},
		"errors": {
			BeforeRequest: func(_ context.Context, a sdk.AttemptInfo) error {
				a.Header.Set("X-Hook-Attempt", fmt.Sprint(a.Attempt))
				if a.Attempt == 1 {
					return errors.New("before-request hook refused")
				}
				return nil
			},
			AfterResponse: func(context.Context, sdk.AttemptInfo) error { return errors.New("after-response hook refused") },
			OnError:       func(context.Context, sdk.AttemptInfo) error { return errors.New("on-error hook refused") },
		},
	} {
		t.Run(name, func(t *testing.T) {
			g := newGateway(t, newRevoking("503", "revoke").serve)
			var logs bytes.Buffer
			client := g.client(t, sdk.Options{Hooks: hooks, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if _, err := client.GetConnectionInfo(context.Background(), recorder); err != nil {
				t.Fatalf("the call failed: %v", err)
			}
			// The same attempts as without hooks: the retry and the replay kept, the token's
			// rules too.
			if got := letters(g.seen()); got != "AAB" || len(g.tokens()) != 2 {
				t.Fatalf("attempts carried %s with %d tokens, want AAB with 2", got, len(g.tokens()))
			}
			var sent []string
			for _, r := range g.seenRequests() {
				sent = append(sent, r.header.Get("X-Hook-Attempt"))
			}
			// The failed before-request hook's header is not sent (attempt 1 of each call).
			if strings.Join(sent, ",") != ",,2,,3" {
				t.Fatalf("X-Hook-Attempt per request: %q, want \",,2,,3\"", sent)
			}
			lines := strings.Count(logs.String(), "a hook failed; ignored")
			// 5 attempts: 3 failed before-request hooks (the first attempt of each of the three
			// calls: two token requests and getConnectionInfo), 5 after-response, 2 on-error.
			if lines != 10 || !strings.Contains(logs.String(), "level=WARN") {
				t.Fatalf("%d warn lines, want 10:\n%s", lines, logs.String())
			}
		})
	}
}

func TestAHookCannotReplaceTheClientsHeaders(t *testing.T) {
	g := newGateway(t, newRevoking().serve)
	var logs bytes.Buffer
	client := g.client(t, sdk.Options{
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Hooks: sdk.Hooks{BeforeRequest: func(_ context.Context, a sdk.AttemptInfo) error {
			a.Header.Set("Authorization", "Bearer stolen")
			a.Header.Set("X-App-Key", "other-app")
			a.Header.Set("User-Agent", "something-else/1.0")
			a.Header.Set("X-Cobrowse-Attempt", "9")
			a.Header.Set("Traceparent", "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01")
			a.Header.Set("X-Broken", "a\r\nX-Injected: 1")
			a.Header["Bad Name"] = []string{"x"}
			a.Header.Set("X-Tenant-Note", "kept")
			return nil
		}},
	})
	if _, err := client.GetConnectionInfo(context.Background(), recorder); err != nil {
		t.Fatal(err)
	}
	for _, r := range g.seenRequests() {
		h := r.header
		if strings.Contains(h.Get("Authorization"), "stolen") || h.Get("X-App-Key") == "other-app" || !strings.HasPrefix(h.Get("User-Agent"), "cec-cobrowse-go/") ||
			h.Get("X-Cobrowse-Attempt") != "1" || h.Get("Traceparent") != "" || h.Get("X-Broken") != "" || h.Get("X-Injected") != "" || h.Get("X-Tenant-Note") != "kept" {
			t.Fatalf("%s: the hook changed the client's headers: %v", r.path, h)
		}
	}
	if n := strings.Count(logs.String(), "a hook's header is not sent"); n != 2*7 {
		t.Fatalf("%d lines of headers dropped, want 14 (7 per attempt):\n%s", n, logs.String())
	}
}

// checkNoSecretInHooks: no hook argument shows the app secret or a token the gateway issued.
func checkNoSecretInHooks(t *testing.T, rec *hookRecorder, g *fakeGateway) {
	t.Helper()
	var texts []string
	for _, c := range rec.calls {
		texts = append(texts, c.text)
	}
	if s := shows(texts, append([]string{fakeSecret}, g.tokens()...)...); s != "" {
		t.Fatalf("a hook argument shows %q", s)
	}
}

func TestHookArgumentsAreScrubbedOfEchoedTokens(t *testing.T) {
	// Every failed answer echoes the token in a header, the error reason and the request id.
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, token string) {
		w.Header().Set("X-Request-Id", "req-"+token)
		w.Header().Set("X-Echo", "Bearer "+token)
		w.Header().Set("Retry-After", "0")
		answerError(w, 503, "overloaded while serving token "+token+" and secret "+fakeSecret)
	})
	rec := &hookRecorder{}
	_, err := g.client(t, sdk.Options{Hooks: rec.hooks()}).GetConnectionInfo(context.Background(), recorder)
	if err == nil {
		t.Fatal("want an error")
	}
	if len(rec.calls) != 2+3*3 {
		t.Fatalf("%d hook calls, want 11: %s", len(rec.calls), rec.summary())
	}
	checkNoSecretInHooks(t, rec, g)
	if !strings.Contains(rec.calls[len(rec.calls)-1].text, sdk.Redacted) {
		t.Fatalf("the last on-error hook's argument shows no %s: %s", sdk.Redacted, rec.calls[len(rec.calls)-1].text)
	}
}
