// What a scenario expects, checked: the request log's counts, statuses, tokens and rooms; each
// call's error or result; and the scenario's client options and request bodies, mapped from
// the scenario file's (TypeScript's) names to the Go layer's.
package tests

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

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
// mock's COBROWSE_* settings; hooks (no option of the client's) is answered apart, for the
// runner to install its recording hooks. An option the runner does not know is an error.
func options(file, s map[string]any) (sdk.Options, any, error) {
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
	var hooks any
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
		case "userAgentSuffix":
			o.UserAgentSuffix = str(v)
		case "hooks":
			hooks = v
		default:
			return o, nil, fmt.Errorf("the client option %q is not implemented by the Go runner", k)
		}
	}
	return o, hooks, nil
}

// request maps a scenario's request body (JSON names) onto sdk.ConnectionInfoRequest, generated
// from the spec: each property to the field of the same name, compared as Go does with
// initialisms (roomId → RoomID), so a property added to the spec needs no edit here. A property
// the request type has no field for is an error, never dropped.
func request(body map[string]any) (sdk.ConnectionInfoRequest, error) {
	var r sdk.ConnectionInfoRequest
	v := reflect.ValueOf(&r).Elem()
	for name, value := range body {
		field := reflect.Value{}
		for i := 0; i < v.NumField(); i++ {
			if strings.EqualFold(v.Type().Field(i).Name, name) {
				field = v.Field(i)
			}
		}
		s, ok := value.(string)
		if !field.IsValid() || field.Kind() != reflect.String || !ok {
			return r, fmt.Errorf("the body's %q (%v) has no string field in sdk.ConnectionInfoRequest", name, value)
		}
		field.SetString(s)
	}
	return r, nil
}
