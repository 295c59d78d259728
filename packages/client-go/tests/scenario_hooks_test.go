// The scenarios' hooks (packages/scenarios/README.md, The scenarios): a scenario whose client
// has `hooks` gets the three hooks, each recording its call in order; the before-request hook
// adds the mock's hook header (headers.hook of its request log) with the attempt number; a call
// that `hooks.throw` lists records itself, then fails (Go: the hook returns an error).
package tests

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

// scenarioHooks records the hook calls as the judge reads them, and every rendering of every
// hook argument for its texts.
type scenarioHooks struct {
	header string          // the hook header's name
	throw  map[string]bool // "hook op attempt" of the calls that fail on purpose

	mu    sync.Mutex
	calls []map[string]any
	texts []string
}

// newScenarioHooks reads a scenario's client.hooks (nil: the scenario has none).
func newScenarioHooks(spec any, header string) (*scenarioHooks, error) {
	m, ok := spec.(map[string]any)
	if !ok {
		return nil, nil
	}
	h := &scenarioHooks{header: header, throw: map[string]bool{}}
	for k, v := range m {
		if k != "throw" {
			return nil, fmt.Errorf("client.hooks: %q is not implemented by the Go runner", k)
		}
		for _, item := range asList(v) {
			c := item.(map[string]any)
			h.throw[fmt.Sprintf("%v %v %v", c["hook"], c["operationId"], c["attempt"])] = true
		}
	}
	if header == "" {
		return nil, errors.New("the mock's request log names no hook header (headers.hook)")
	}
	return h, nil
}

// record keeps one hook call and answers whether it is to fail.
func (h *scenarioHooks) record(hook string, a sdk.AttemptInfo) bool {
	call := map[string]any{"hook": hook, "operationId": a.Operation, "attempt": a.Attempt, "tokenRequest": a.TokenRequest}
	if hook != "beforeRequest" {
		call["status"], call["requestId"] = nil, nil
		if a.StatusCode != 0 {
			call["status"] = a.StatusCode
		}
		if a.RequestID != "" {
			call["requestId"] = a.RequestID
		}
		call["durationMs"] = float64(a.Duration.Microseconds()) / 1000
	}
	if hook == "onError" {
		call["error"] = className(a.Err)
	}
	texts := []string{fmt.Sprintf("%s %s %s %d %s %s %d %s %s %v %#v", a, hook, a.Operation, a.Attempt, a.Method, a.URL, a.StatusCode, a.RequestID, a.Duration, a.Header, a)}
	for name, values := range a.Header {
		texts = append(texts, name+": "+strings.Join(values, ", "))
	}
	if a.Err != nil {
		texts = append(texts, renderings(a.Err)...)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, call)
	h.texts = append(h.texts, texts...)
	return h.throw[fmt.Sprintf("%s %s %d", hook, a.Operation, a.Attempt)]
}

var errOnPurpose = errors.New("hook failed on purpose")

func (h *scenarioHooks) hooks() sdk.Hooks {
	return sdk.Hooks{
		BeforeRequest: func(_ context.Context, a sdk.AttemptInfo) error {
			if h.record("beforeRequest", a) {
				return errOnPurpose // before adding its header
			}
			a.Header.Set(h.header, fmt.Sprint(a.Attempt))
			return nil
		},
		AfterResponse: func(_ context.Context, a sdk.AttemptInfo) error {
			if h.record("afterResponse", a) {
				return errOnPurpose
			}
			return nil
		},
		OnError: func(_ context.Context, a sdk.AttemptInfo) error {
			if h.record("onError", a) {
				return errOnPurpose
			}
			return nil
		},
	}
}

// recorded is the hook calls so far, and the renderings of their arguments.
func (h *scenarioHooks) recorded() ([]map[string]any, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]map[string]any(nil), h.calls...), append([]string(nil), h.texts...)
}
