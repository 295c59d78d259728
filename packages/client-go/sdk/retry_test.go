package sdk

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	limit := 60 * time.Second
	for _, c := range []struct {
		value string
		wait  time.Duration
		ok    bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"1", time.Second, true},
		{" 2 ", 2 * time.Second, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"120", limit, true},                     // capped at MaxRetryAfter
		{"99999999999999999999999", limit, true}, // no overflow
		{"-1", 0, false},                         // not delta-seconds
		{"+1", 0, false},                         // not delta-seconds
		{"1e3", 0, false},                        // not delta-seconds
		{"Inf", 0, false},                        // not delta-seconds
		{"NaN", 0, false},                        // not delta-seconds
		{"0x10", 0, false},                       // not delta-seconds
		{"soon", 0, false},                       // neither form
		{now.Add(5 * time.Second).Format(http.TimeFormat), 5 * time.Second, true},
		{now.Add(-5 * time.Second).Format(http.TimeFormat), 0, true}, // a date past: at once
		{now.Add(time.Hour).Format(http.TimeFormat), limit, true},    // capped
		{"Sunday, 06-Dec-26 12:00:03 GMT", 3 * time.Second, true},    // RFC 850, which HTTP dates may use
	} {
		wait, ok := parseRetryAfter(c.value, now, limit)
		if wait != c.wait || ok != c.ok {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", c.value, wait, ok, c.wait, c.ok)
		}
	}
}

func TestBackoffIsFullJitterUnderTheCeiling(t *testing.T) {
	base, most := 100*time.Millisecond, 350*time.Millisecond
	for retries, ceiling := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 350 * time.Millisecond, 10: 350 * time.Millisecond} {
		if got := backoff(retries, base, most, func() float64 { return 0 }); got != 0 {
			t.Errorf("retry %d, random 0: %s, want 0", retries, got)
		}
		if got := backoff(retries, base, most, func() float64 { return 0.5 }); got != ceiling/2 {
			t.Errorf("retry %d, random 0.5: %s, want %s", retries, got, ceiling/2)
		}
	}
}

// The budget's arithmetic, as the contract states it: at most maxRetries + 2 attempts; at most
// maxRetries + 1 of them end in a retryable failure; one replay; a superseded 401 spends
// neither but counts towards the attempts.
func TestTheAttemptBudget(t *testing.T) {
	// run plays outcomes ("retryable", "refused": a 401 on the current token, "superseded")
	// until the budget ends the call, and answers how many attempts it made.
	run := func(maxRetries int, outcomes ...string) int {
		b := budget{maxRetries: maxRetries}
		for _, o := range outcomes {
			b.attempts++
			var more bool
			switch o {
			case "retryable":
				more = b.retry()
			case "refused":
				more = b.replay()
			case "superseded":
				more = !b.exhausted()
			}
			if !more {
				return b.attempts
			}
		}
		t.Fatalf("maxRetries %d: the budget did not end %v", maxRetries, outcomes)
		return 0
	}
	for _, c := range []struct {
		maxRetries int
		outcomes   []string
		attempts   int
	}{
		{2, []string{"retryable", "retryable", "retryable", "retryable"}, 3},                                      // maxRetries + 1 retryable failures
		{2, []string{"retryable", "retryable", "refused", "retryable", "retryable"}, 4},                           // the replay does not refill the retries
		{2, []string{"refused", "refused"}, 2},                                                                    // one replay
		{2, []string{"refused", "retryable", "retryable", "retryable"}, 4},                                        // maxRetries + 2 in all
		{2, []string{"superseded", "superseded", "superseded", "superseded", "x"}, 4},                             // superseded 401s count towards the attempts
		{2, []string{"superseded", "retryable", "retryable", "refused", "retryable"}, 4},                          // no attempt left for the replay's retry
		{0, []string{"retryable"}, 1},                                                                             // maxRetries 0: one attempt
		{0, []string{"refused", "refused"}, 2},                                                                    // plus the one replay
		{0, []string{"refused", "retryable"}, 2},                                                                  // and no retry
		{5, []string{"retryable", "retryable", "retryable", "retryable", "retryable", "refused", "retryable"}, 7}, // maxRetries + 2
	} {
		if got := run(c.maxRetries, c.outcomes...); got != c.attempts {
			t.Errorf("maxRetries %d, %v: %d attempts, want %d", c.maxRetries, c.outcomes, got, c.attempts)
		}
		if c.attempts > c.maxRetries+2 {
			t.Errorf("a case beyond the budget: %v", c)
		}
	}
}

func TestRetryableStatuses(t *testing.T) {
	for status, want := range map[int]bool{200: false, 307: false, 400: false, 401: false, 404: false, 408: true, 413: false, 429: true, 500: true, 502: true, 503: true, 504: true} {
		if retryableStatus(status) != want {
			t.Errorf("retryableStatus(%d) = %v", status, !want)
		}
	}
}
