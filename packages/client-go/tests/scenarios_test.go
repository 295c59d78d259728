// The shared scenarios (packages/scenarios/scenarios.json), run by the Go layer against the
// reference mock that `cobrowse-mock exec` started: faults go to its control API
// (COBROWSE_MOCK_CONTROL_URL), counts come from its request log. Results go to
// scenario-results.json, which packages/scenarios/parity.mjs turns into the README's table.
package tests

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

const language = "go"

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

type result struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

var (
	resultsMu sync.Mutex
	results   = map[string]result{}
)

func scenariosPath() string {
	if p := os.Getenv("COBROWSE_SCENARIOS"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "scenarios", "scenarios.json")
}

// TestMain writes the results once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	raw, err := os.ReadFile(scenariosPath())
	if err == nil && len(results) > 0 {
		sum := sha256.Sum256(raw)
		doc, _ := json.MarshalIndent(map[string]any{"language": language, "scenarios": hex.EncodeToString(sum[:]), "results": results}, "", "  ")
		_ = os.WriteFile(filepath.Join("..", "scenario-results.json"), append(doc, '\n'), 0o644)
	}
	os.Exit(code)
}

func controlURL() string {
	if u := os.Getenv("COBROWSE_MOCK_CONTROL_URL"); u != "" {
		return u
	}
	return strings.TrimRight(os.Getenv("COBROWSE_BASE_URL"), "/") + "/__mock"
}

func control(method, path string, body any) (map[string]any, error) {
	var reader *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		reader = bytes.NewReader(b)
	} else {
		reader = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, controlURL()+path, reader)
	if err != nil {
		return nil, err
	}
	req.Header.Set("content-type", "application/json")
	if t := os.Getenv("COBROWSE_MOCK_CONTROL_TOKEN"); t != "" {
		req.Header.Set("Authorization", "Bearer "+t)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return nil, fmt.Errorf("control %s %s: HTTP %d", method, path, resp.StatusCode)
	}
	var out map[string]any
	err = json.NewDecoder(resp.Body).Decode(&out)
	return out, err
}

// className maps the layer's error types to the scenario file's class names.
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
	}
	return fmt.Sprintf("%T", err)
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
	if shown := fmt.Sprintf("%v %+v %#v", err, err, err); secret != "" && strings.Contains(shown, secret) {
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

func run(file, s map[string]any) error {
	if _, err := control(http.MethodDelete, "/faults", nil); err != nil {
		return err
	}
	before, err := control(http.MethodGet, "/requests?since=0", nil)
	if err != nil {
		return err
	}
	since := int(before["last"].(float64))
	o := options(file, s)
	client, err := sdk.New(o)
	if create, ok := s["create"].(map[string]any); ok {
		if err == nil {
			return fmt.Errorf("creating the client should have failed")
		}
		if e := checkError(err, create["error"].(map[string]any), o.AppSecret); e != nil {
			return e
		}
	} else if err != nil {
		return err
	}
	saved := map[string]*sdk.ConnectionInfoResult{}
	t0 := time.Now()
	for _, raw := range s["steps"].([]any) {
		step := raw.(map[string]any)
		switch {
		case step["inject"] != nil:
			if _, err := control(http.MethodPost, "/faults", step["inject"]); err != nil {
				return err
			}
		case step["sleepMs"] != nil:
			time.Sleep(ms(step["sleepMs"]))
		case step["alignToSecond"] != nil:
			now := time.Now()
			time.Sleep(time.Second - time.Duration(now.Nanosecond()) + 50*time.Millisecond)
			t0 = time.Now()
		case step["untilMs"] != nil:
			time.Sleep(time.Until(t0.Add(ms(step["untilMs"]))))
		case step["call"] != nil:
			req := request(step["body"].(map[string]any))
			if from, ok := step["roomIdFrom"].(string); ok {
				req.RoomID = saved[from].Data.GetRoomId()
			}
			n := 1
			if c, ok := step["concurrent"].(float64); ok {
				n = int(c)
			}
			type outcome struct {
				r   *sdk.ConnectionInfoResult
				err error
			}
			outcomes := make([]outcome, n)
			var wg sync.WaitGroup
			for i := range outcomes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := client.GetConnectionInfo(context.Background(), req)
					outcomes[i] = outcome{r, err}
				}()
			}
			wg.Wait()
			expect := step["expect"].(map[string]any)
			for _, o2 := range outcomes {
				if ok, isOK := expect["ok"].(map[string]any); isOK {
					if o2.err != nil {
						return fmt.Errorf("expected success, got %s: %v", className(o2.err), o2.err)
					}
					if err := checkOK(o2.r, ok, saved); err != nil {
						return err
					}
				} else {
					want := expect["error"].(map[string]any)
					if o2.err == nil {
						return fmt.Errorf("expected %v, got success", want["class"])
					}
					if err := checkError(o2.err, want, o.AppSecret); err != nil {
						return err
					}
				}
			}
			if name, ok := step["save"].(string); ok && outcomes[0].err == nil {
				saved[name] = outcomes[0].r
			}
		}
	}
	after, err := control(http.MethodGet, fmt.Sprintf("/requests?since=%d", since), nil)
	if err != nil {
		return err
	}
	log := after["requests"].([]any)
	of := func(op string) []map[string]any {
		var out []map[string]any
		for _, r := range log {
			if m := r.(map[string]any); m["operationId"] == op {
				out = append(out, m)
			}
		}
		return out
	}
	for op, n := range s["requests"].(map[string]any) {
		if got := len(of(op)); got != int(n.(float64)) {
			return fmt.Errorf("%s requests: expected %v, got %d", op, n, got)
		}
	}
	if statuses, ok := s["statuses"].(map[string]any); ok {
		for op, want := range statuses {
			got := []any{}
			for _, r := range of(op) {
				got = append(got, r["status"])
			}
			if !reflect.DeepEqual(got, want) {
				return fmt.Errorf("%s statuses: expected %v, got %v", op, want, got)
			}
		}
	}
	if want, ok := s["rooms"].(float64); ok {
		rooms := map[string]bool{}
		for _, r := range log {
			if id, ok := r.(map[string]any)["roomId"].(string); ok {
				rooms[id] = true
			}
		}
		if len(rooms) != int(want) {
			return fmt.Errorf("rooms: expected %v, got %d", want, len(rooms))
		}
		for name, r := range saved {
			if !rooms[r.Data.GetRoomId()] {
				return fmt.Errorf("%s's room %s is not one the mock answered", name, r.Data.GetRoomId())
			}
		}
	}
	return nil
}

func TestScenarios(t *testing.T) {
	raw, err := os.ReadFile(scenariosPath())
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]any
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	for _, item := range file["scenarios"].([]any) {
		s := item.(map[string]any)
		id := s["id"].(string)
		t.Run(id, func(t *testing.T) {
			record := func(r result) { resultsMu.Lock(); results[id] = r; resultsMu.Unlock() }
			if skip, ok := s["skip"].(map[string]any); ok {
				if reason, ok := skip[language].(string); ok {
					record(result{Status: "skipped", Reason: reason})
					t.Skip(reason)
				}
			}
			if err := run(file, s); err != nil {
				record(result{Status: "fail", Reason: err.Error()})
				t.Fatal(err)
			}
			record(result{Status: "pass"})
		})
	}
}
