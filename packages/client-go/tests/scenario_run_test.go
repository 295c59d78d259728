// One scenario's run: its client, its steps (calls, faults, chaos, sessions), the request log's
// checks and the judge's verdict.
package tests

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

// scenarioRun is one scenario: its client (logging at debug into logs), what it saw, and the
// judge's verdict.
type scenarioRun struct {
	file, s map[string]any
	id      string
	opts    sdk.Options
	client  *sdk.Client
	logs    lockedBuffer
	saved   map[string]*sdk.ConnectionInfoResult
	t0      time.Time
	chaosOn bool
	noted   map[string]string // the headers the mock's log notes, by the name it gives them
	hooks   *scenarioHooks    // the recording hooks, when the scenario's client has hooks

	mu      sync.Mutex
	errs    []error       // every error the scenario saw, for the judge's texts
	calls   []sessionCall // the sessions' calls
	verdict *verdict
	notes   []string // what the test log shows
}

// lockedBuffer collects the layer's log lines from concurrent calls.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, l := range strings.Split(b.buf.String(), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (r *scenarioRun) saw(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, err)
}

// run runs the steps, checks the request log, and asks the judge (also when a step failed,
// so that the invariant rows say what happened).
func (r *scenarioRun) run() error {
	if _, err := control(http.MethodDelete, "/faults", nil); err != nil {
		return err
	}
	since, noted, err := lastSeq()
	if err != nil {
		return err
	}
	r.noted = noted
	if err := knownKeys(r.s); err != nil {
		return err
	}
	err = r.steps()
	if r.chaosOn {
		if _, stop := control(http.MethodDelete, "/chaos", nil); stop != nil && err == nil {
			err = stop
		}
	}
	if err == nil {
		err = r.checkLog(since)
	}
	v, judged := r.judge(since)
	r.verdict = v
	if v != nil && v.Summary != "" {
		r.notes = append(r.notes, r.id+": "+v.Summary)
	}
	switch {
	case err != nil:
		return err
	case judged != nil:
		return judged
	case len(v.failed()) > 0:
		return fmt.Errorf("invariants failed: %s", strings.Join(v.failed(), " | "))
	}
	return nil
}

func (r *scenarioRun) steps() error {
	opts, hooks, err := options(r.file, r.s)
	if err != nil {
		return err
	}
	r.opts = opts
	if r.hooks, err = newScenarioHooks(hooks, r.noted["hook"]); err != nil {
		return err
	}
	if r.hooks != nil {
		r.opts.Hooks = r.hooks.hooks()
	}
	r.opts.Logger = slog.New(slog.NewTextHandler(&r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client, err := sdk.New(r.opts)
	if create, ok := r.s["create"].(map[string]any); ok {
		if err == nil {
			return fmt.Errorf("creating the client should have failed")
		}
		r.saw(err)
		return checkError(err, create["error"].(map[string]any), r.opts.AppSecret)
	} else if err != nil {
		return err
	}
	r.client = client
	r.saved = map[string]*sdk.ConnectionInfoResult{}
	r.t0 = time.Now()
	for _, raw := range r.s["steps"].([]any) {
		step := raw.(map[string]any)
		var err error
		switch {
		case step["inject"] != nil:
			_, err = control(http.MethodPost, "/faults", step["inject"])
		case hasKey(step, "chaos"):
			if step["chaos"] == nil {
				_, err = control(http.MethodDelete, "/chaos", nil)
				r.chaosOn = false
			} else {
				_, err = control(http.MethodPost, "/chaos", step["chaos"])
				r.chaosOn = true
			}
		case step["sessions"] != nil:
			r.sessions(step["sessions"].(map[string]any))
		case step["sleepMs"] != nil:
			time.Sleep(ms(step["sleepMs"]))
		case step["alignToSecond"] != nil:
			now := time.Now()
			time.Sleep(time.Second - time.Duration(now.Nanosecond()) + 50*time.Millisecond)
			r.t0 = time.Now()
		case step["untilMs"] != nil:
			time.Sleep(time.Until(r.t0.Add(ms(step["untilMs"]))))
		case step["call"] != nil:
			err = r.call(step)
		default:
			err = fmt.Errorf("unknown step %v", step)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func hasKey(m map[string]any, k string) bool { _, ok := m[k]; return ok }

// scenarioKeys are the keys of a scenario the Go runner implements; it fails a scenario with
// another (packages/scenarios/README.md: never pass a key unchecked).
var scenarioKeys = map[string]bool{
	"id": true, "title": true, "description": true, "skip": true, "offSpec": true, "client": true, "create": true, "steps": true,
	"requests": true, "statuses": true, "tokens": true, "rooms": true, "invariants": true,
	"attempts": true, "hookHeaders": true, "userAgent": true, "hookCalls": true, // the judge's assertions
}

// stepKeys are the keys of a step it implements.
var stepKeys = map[string]bool{
	"call": true, "body": true, "expect": true, "save": true, "roomIdFrom": true, "concurrent": true, "withinMs": true,
	"inject": true, "chaos": true, "sessions": true, "sleepMs": true, "alignToSecond": true, "untilMs": true,
}

func knownKeys(s map[string]any) error {
	for k := range s {
		if !scenarioKeys[k] {
			return fmt.Errorf("the scenario's key %q is not implemented by the Go runner", k)
		}
	}
	for _, raw := range asList(s["steps"]) {
		for k := range raw.(map[string]any) {
			if !stepKeys[k] {
				return fmt.Errorf("the step key %q is not implemented by the Go runner", k)
			}
		}
	}
	return nil
}

// call is a call step: one call, or `concurrent` calls released at once, each meeting expect
// (within withinMs, when given).
func (r *scenarioRun) call(step map[string]any) error {
	req, err := request(step["body"].(map[string]any))
	if err != nil {
		return err
	}
	if from, ok := step["roomIdFrom"].(string); ok {
		req.RoomID = r.saved[from].Data.GetRoomId()
	}
	n := 1
	if c, ok := step["concurrent"].(float64); ok {
		n = int(c)
	}
	type outcome struct {
		res  *sdk.ConnectionInfoResult
		err  error
		took time.Duration
	}
	outcomes := make([]outcome, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range outcomes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			began := time.Now()
			res, err := r.client.GetConnectionInfo(context.Background(), req)
			outcomes[i] = outcome{res, err, time.Since(began)}
		}()
	}
	close(start)
	wg.Wait()
	expect := step["expect"].(map[string]any)
	for _, o := range outcomes {
		if o.err != nil {
			r.saw(o.err)
		}
	}
	for _, o := range outcomes {
		if within, ok := step["withinMs"].(float64); ok && o.took > ms(within) {
			return fmt.Errorf("a call took %s, more than withinMs %v", o.took.Round(time.Millisecond), within)
		}
		if ok, isOK := expect["ok"].(map[string]any); isOK {
			if o.err != nil {
				return fmt.Errorf("expected success, got %s: %v", className(o.err), o.err)
			}
			if err := checkOK(o.res, ok, r.saved); err != nil {
				return err
			}
			continue
		}
		want := expect["error"].(map[string]any)
		if o.err == nil {
			return fmt.Errorf("expected %v, got success", want["class"])
		}
		if err := checkError(o.err, want, r.opts.AppSecret); err != nil {
			return err
		}
	}
	if name, ok := step["save"].(string); ok && outcomes[0].err == nil {
		r.saved[name] = outcomes[0].res
	}
	return nil
}

// sessions runs customer + agent sessions: `sequential` ones one after another, then
// `concurrent` ones all at once; every call's outcome goes to the judge. A session whose
// customer call failed has no room for its agent to join: it makes no agent call.
func (r *scenarioRun) sessions(spec map[string]any) {
	count := func(k string) int {
		v, _ := spec[k].(float64)
		return int(v)
	}
	k := 0
	for i := 0; i < count("sequential"); i++ {
		r.session(k, "sequential")
		k++
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < count("concurrent"); i++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			<-start
			r.session(k, "concurrent")
		}(k)
		k++
	}
	close(start)
	wg.Wait()
	failed := map[string]int{}
	for _, c := range r.calls {
		if !c.OK {
			failed[c.Mode+" "+c.Error.Class+" from "+c.Error.Operation]++
		}
	}
	r.notes = append(r.notes, fmt.Sprintf("sessions: %d calls, failed: %v", len(r.calls), failed))
}

func (r *scenarioRun) session(k int, mode string) {
	name := fmt.Sprintf("s%d", k)
	customer := r.sessionCall(name, mode, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER, UserID: fmt.Sprintf("%s-%s-customer", r.id, name)})
	if customer.OK {
		r.sessionCall(name, mode, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_REPLAYER, RoomID: customer.RoomID, UserID: fmt.Sprintf("%s-%s-agent", r.id, name)})
	}
}

func (r *scenarioRun) sessionCall(session, mode string, req sdk.ConnectionInfoRequest) sessionCall {
	c := sessionCall{UserID: req.UserID, Session: session, Mode: mode, Start: time.Now().UnixMilli()}
	res, err := r.client.GetConnectionInfo(context.Background(), req)
	c.End = time.Now().UnixMilli()
	if err != nil {
		r.saw(err)
		c.Error = &callError{Class: className(err), Operation: operationOf(err)}
	} else {
		c.OK, c.RoomID = true, res.Data.GetRoomId()
	}
	r.mu.Lock()
	r.calls = append(r.calls, c)
	r.mu.Unlock()
	return c
}

// judge asks judge.mjs for the scenario's invariants (and the four it always judges), with
// every rendering of every error the scenario saw and every line the layer logged.
func (r *scenarioRun) judge(since int) (*verdict, error) {
	seen := map[string]bool{}
	texts := []string{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			texts = append(texts, s)
		}
	}
	r.mu.Lock()
	for _, err := range r.errs {
		for _, s := range renderings(err) {
			add(s)
		}
	}
	calls := append([]sessionCall(nil), r.calls...)
	r.mu.Unlock()
	for _, l := range r.logs.lines() {
		add(l)
	}
	var hookCalls []map[string]any
	if r.hooks != nil {
		var hookTexts []string
		hookCalls, hookTexts = r.hooks.recorded()
		for _, s := range hookTexts {
			add(s)
		}
	}
	invariants := []string{}
	for _, name := range asList(r.s["invariants"]) {
		invariants = append(invariants, name.(string))
	}
	maxRetries, timeout := sdk.DefaultMaxRetries, sdk.DefaultTimeout
	if r.opts.MaxRetries != nil {
		maxRetries = *r.opts.MaxRetries
	}
	if r.opts.Timeout != 0 {
		timeout = r.opts.Timeout
	}
	return askJudge(judgeRequest{Since: since, Language: language, Scenario: r.s, HookCalls: hookCalls, Invariants: invariants, Client: map[string]any{"maxRetries": maxRetries, "timeoutMs": timeout.Milliseconds()}, Calls: calls, Texts: texts})
}
