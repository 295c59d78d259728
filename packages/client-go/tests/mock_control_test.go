package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

// controlURL is the mock's control API: COBROWSE_MOCK_CONTROL_URL, else $COBROWSE_BASE_URL/__mock.
func controlURL() string {
	if u := os.Getenv("COBROWSE_MOCK_CONTROL_URL"); u != "" {
		return u
	}
	return strings.TrimRight(os.Getenv("COBROWSE_BASE_URL"), "/") + "/__mock"
}

// control calls the mock's control API and answers its JSON (nil for an empty answer).
func control(method, path string, body any) (map[string]any, error) {
	return controlIn("", method, path, body)
}

// controlIn is control for the mock's scope (X-Mock-Scope; "": the default scope).
func controlIn(scope, method, path string, body any) (map[string]any, error) {
	var reader io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		reader = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, controlURL()+path, reader)
	if err != nil {
		return nil, err
	}
	req.Header.Set("content-type", "application/json")
	if scope != "" {
		req.Header.Set("X-Mock-Scope", scope)
	}
	if t := os.Getenv("COBROWSE_MOCK_CONTROL_TOKEN"); t != "" {
		req.Header.Set("Authorization", "Bearer "+t)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 300 {
		return nil, fmt.Errorf("control %s %s: HTTP %d %s", method, path, resp.StatusCode, strings.TrimSpace(string(raw[:min(len(raw), 300)])))
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	var out map[string]any
	return out, json.Unmarshal(raw, &out)
}

// requestLog is the mock's request log after seq since.
func requestLog(since int) ([]map[string]any, error) {
	answer, err := control(http.MethodGet, fmt.Sprintf("/requests?since=%d", since), nil)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for _, r := range answer["requests"].([]any) {
		out = append(out, r.(map[string]any))
	}
	return out, nil
}

// lastSeq is the seq of the newest record of the mock's request log, and the names of the
// headers the log notes (headers.hook: the one the scenarios' before-request hooks add).
func lastSeq() (int, map[string]string, error) {
	answer, err := control(http.MethodGet, "/requests?since=0", nil)
	if err != nil {
		return 0, nil, err
	}
	names := map[string]string{}
	if h, ok := answer["headers"].(map[string]any); ok {
		for k, v := range h {
			names[k], _ = v.(string)
		}
	}
	return int(answer["last"].(float64)), names, nil
}
