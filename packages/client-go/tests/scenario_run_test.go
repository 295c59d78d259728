package tests

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

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
	since, err := lastSeq()
	if err != nil {
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
	r.opts = options(r.file, r.s)
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

// call is a call step: one call, or `concurrent` calls released at once, each meeting expect
// (within withinMs, when given).
func (r *scenarioRun) call(step map[string]any) error {
	req := request(step["body"].(map[string]any))
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

// checkLog compares the mock's request log with the scenario's requests, statuses, tokens and rooms.
func (r *scenarioRun) checkLog(since int) error {
	log, err := requestLog(since)
	if err != nil {
		return err
	}
	of := func(op string) []map[string]any {
		var out []map[string]any
		for _, rec := range log {
			if rec["operationId"] == op {
				out = append(out, rec)
			}
		}
		return out
	}
	if requests, ok := r.s["requests"].(map[string]any); ok {
		for op, n := range requests {
			if got := len(of(op)); got != int(n.(float64)) {
				return fmt.Errorf("%s requests: expected %v, got %d", op, n, got)
			}
		}
	}
	if statuses, ok := r.s["statuses"].(map[string]any); ok {
		for op, want := range statuses {
			got := []any{}
			for _, rec := range of(op) {
				got = append(got, rec["status"])
			}
			if !reflect.DeepEqual(got, want) {
				return fmt.Errorf("%s statuses: expected %v, got %v", op, want, got)
			}
		}
	}
	if tokens, ok := r.s["tokens"].(map[string]any); ok {
		for op, want := range tokens {
			var ids []string
			for _, rec := range of(op) {
				id := "?"
				if tok, ok := rec["token"].(map[string]any); ok {
					id = fmt.Sprint(tok["id"])
				}
				ids = append(ids, id)
			}
			var w strings.Builder
			for _, l := range asList(want) {
				w.WriteString(l.(string))
			}
			if got := letters(ids); got != w.String() {
				return fmt.Errorf("%s tokens: expected %s, got %s (token ids %v)", op, w.String(), got, ids)
			}
		}
	}
	if want, ok := r.s["rooms"].(float64); ok {
		rooms := map[string]bool{}
		for _, rec := range log {
			if id, ok := rec["roomId"].(string); ok {
				rooms[id] = true
			}
		}
		if len(rooms) != int(want) {
			return fmt.Errorf("rooms: expected %v, got %d", want, len(rooms))
		}
		for name, res := range r.saved {
			if !rooms[res.Data.GetRoomId()] {
				return fmt.Errorf("%s's room %s is not one the mock answered", name, res.Data.GetRoomId())
			}
		}
	}
	return nil
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
	return askJudge(judgeRequest{Since: since, Invariants: invariants, Client: map[string]any{"maxRetries": maxRetries, "timeoutMs": timeout.Milliseconds()}, Calls: calls, Texts: texts})
}

// className maps the layer's error types to the scenario file's class names (TypeScript's).
func className(err error) string {
	switch err.(type) {
	case *sdk.ConfigurationError:
		return "ConfigurationError"
	case *sdk.ValidationError:
		return "ValidationError"
	case *sdk.BadRequestError:
		return "BadRequestError"
	case *sdk.AuthenticationError:
		return "AuthenticationError"
	case *sdk.NotFoundError:
		return "NotFoundError"
	case *sdk.RateLimitError:
		return "RateLimitError"
	case *sdk.InternalServerError:
		return "InternalServerError"
	case *sdk.APIError:
		return "ApiError"
	case *sdk.TimeoutError:
		return "TimeoutError"
	case *sdk.NetworkError:
		return "NetworkError"
	case *sdk.ResponseTooLargeError:
		return "ResponseTooLargeError"
	}
	return fmt.Sprintf("%T", err)
}

// operationOf is the operation whose answer failed (the token request's, when that failed).
func operationOf(err error) string {
	var api *sdk.APIError
	var timeout *sdk.TimeoutError
	var network *sdk.NetworkError
	var big *sdk.ResponseTooLargeError
	switch {
	case errors.As(err, &api):
		return api.Operation
	case errors.As(err, &timeout):
		return timeout.Operation
	case errors.As(err, &network):
		return network.Operation
	case errors.As(err, &big):
		return big.Operation
	}
	return ""
}

func checkError(err error, want map[string]any, secret string) error {
	if got := className(err); got != want["class"] {
		return fmt.Errorf("error class: expected %v, got %s (%v)", want["class"], got, err)
	}
	var api *sdk.APIError
	errors.As(err, &api)
	if v, ok := want["status"]; ok && (api == nil || float64(api.StatusCode) != v.(float64)) {
		return fmt.Errorf("error status: expected %v, got %+v", v, api)
	}
	if v, ok := want["errorCode"]; ok && (api == nil || api.ErrorCode == nil || float64(*api.ErrorCode) != v.(float64)) {
		return fmt.Errorf("error errorCode: expected %v, got %v", v, err)
	}
	if v, ok := want["errorReason"]; ok && (api == nil || api.ErrorReason != v) {
		return fmt.Errorf("error errorReason: expected %v, got %v", v, err)
	}
	if want["requestId"] == true && (api == nil || api.RequestID == "") {
		return fmt.Errorf("the error carries no request id")
	}
	if secret != "" && shows(renderings(err), secret) != "" {
		return fmt.Errorf("the error shows the app secret")
	}
	return nil
}

func checkOK(r *sdk.ConnectionInfoResult, want map[string]any, saved map[string]*sdk.ConnectionInfoResult) error {
	d := r.Data
	if d.GetRoomId() == "" || d.GetWssUrl() == "" || d.GetWssUrlOut() == "" || d.GetConnectParam() == "" {
		return fmt.Errorf("the result lacks a field: %+v", d)
	}
	if v, ok := want["roomId"]; ok && d.GetRoomId() != v {
		return fmt.Errorf("data.roomId: expected %v, got %s", v, d.GetRoomId())
	}
	if v, ok := want["roomIdFrom"]; ok && d.GetRoomId() != saved[v.(string)].Data.GetRoomId() {
		return fmt.Errorf("data.roomId: expected %s's, got %s", v, d.GetRoomId())
	}
	if want["roomIdFormat"] == "uuid" && !uuidPattern.MatchString(d.GetRoomId()) {
		return fmt.Errorf("data.roomId is not a UUID: %s", d.GetRoomId())
	}
	return nil
}

func ms(v any) time.Duration { return time.Duration(v.(float64)) * time.Millisecond }

// options maps the scenario's client options (TypeScript's names) to sdk.Options over the
// mock's COBROWSE_* settings.
func options(file, s map[string]any) sdk.Options {
	o := sdk.Options{BaseURL: os.Getenv("COBROWSE_BASE_URL"), AppKey: os.Getenv("COBROWSE_APP_KEY"), AppSecret: os.Getenv("COBROWSE_APP_SECRET"), TenantSpaceID: os.Getenv("COBROWSE_TENANT_SPACE_ID")}
	merged := map[string]any{}
	if d, ok := file["defaults"].(map[string]any); ok {
		if c, ok := d["client"].(map[string]any); ok {
			for k, v := range c {
				merged[k] = v
			}
		}
	}
	if c, ok := s["client"].(map[string]any); ok {
		for k, v := range c {
			merged[k] = v
		}
	}
	str := func(v any) string {
		if v == nil {
			return ""
		}
		return v.(string)
	}
	for k, v := range merged {
		switch k {
		case "baseUrl":
			o.BaseURL = str(v)
		case "appKey":
			o.AppKey = str(v)
		case "appSecret":
			o.AppSecret = str(v)
		case "tenantSpaceId":
			o.TenantSpaceID = str(v)
		case "tokenExpire":
			o.TokenExpire = int(v.(float64))
		case "timeoutMs":
			o.Timeout = ms(v)
		case "maxRetries":
			o.MaxRetries = sdk.Retries(int(v.(float64)))
		case "retryBaseDelayMs":
			o.RetryBaseDelay = max(ms(v), time.Nanosecond)
		case "retryMaxDelayMs":
			o.RetryMaxDelay = max(ms(v), time.Nanosecond)
		case "maxResponseBytes":
			o.MaxResponseBytes = int64(v.(float64))
		default:
			panic("unknown client option " + k)
		}
	}
	return o
}

func request(body map[string]any) sdk.ConnectionInfoRequest {
	s := func(k string) string {
		v, _ := body[k].(string)
		return v
	}
	return sdk.ConnectionInfoRequest{Role: cobrowse.Role(s("role")), RoomID: s("roomId"), UserID: s("userId"), UserName: s("userName"), WorkNo: s("workNo")}
}
