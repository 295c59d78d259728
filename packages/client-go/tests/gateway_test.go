// A hand-written gateway on 127.0.0.1 for the layer's own tests of what the reference mock
// does not do (or not yet): hostile answers, echoes of every token, exact counts. Each test
// starts its own, with the getConnectionInfo answer it needs.
package tests

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

const (
	tokenPath = "/apigovernance/api/oauth/tokenByAkSk"
	infoPath  = "/apiaccess/api/cobrowse/getConnectionInfo"
	// fakeSecret is the fake gateway's app secret.
	fakeSecret = "fake-app-secret-5e1f"
)

// fakeGateway issues tokens (tok-1-…, tok-2-…, each valid for lifetime) and hands every
// getConnectionInfo request to info, with the token it carried.
type fakeGateway struct {
	*httptest.Server
	mu       sync.Mutex
	issued   []string
	infoSeen []string // the token of each getConnectionInfo request, in order
	requests []seenRequest
	lifetime string
	info     func(w http.ResponseWriter, r *http.Request, token string)
	tokenFn  func(w http.ResponseWriter, r *http.Request) bool // true: it answered
}

func newGateway(t *testing.T, info func(w http.ResponseWriter, r *http.Request, token string)) *fakeGateway {
	t.Helper()
	g := &fakeGateway{lifetime: "600", info: info}
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.Close)
	return g
}

// seenRequest is a request the gateway got: its path, its headers and the request id it answered.
type seenRequest struct {
	path      string
	header    http.Header
	requestID string
}

func (g *fakeGateway) serve(w http.ResponseWriter, r *http.Request) {
	id := fmt.Sprintf("req-%d", time.Now().UnixNano())
	w.Header().Set("X-Request-Id", id)
	g.mu.Lock()
	g.requests = append(g.requests, seenRequest{path: r.URL.Path, header: r.Header.Clone(), requestID: id})
	g.mu.Unlock()
	switch r.URL.Path {
	case tokenPath:
		if g.tokenFn != nil && g.tokenFn(w, r) {
			return
		}
		var body struct {
			AppSecret string `json:"app_secret"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body.AppSecret != fakeSecret {
			answerError(w, 401, "wrong app key or secret")
			return
		}
		g.mu.Lock()
		token := fmt.Sprintf("tok-%d-%x", len(g.issued)+1, time.Now().UnixNano())
		g.issued = append(g.issued, token)
		g.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"AccessToken": token, "ApplyType": "Bearer", "CreateTime": fmt.Sprint(time.Now().Unix()), "Expires": g.lifetime})
	case infoPath:
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		g.mu.Lock()
		g.infoSeen = append(g.infoSeen, token)
		g.mu.Unlock()
		g.info(w, r, token)
	default:
		http.NotFound(w, r)
	}
}

// tokens is every token issued so far.
func (g *fakeGateway) tokens() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.issued...)
}

// seenRequests is every request so far, in order of arrival.
func (g *fakeGateway) seenRequests() []seenRequest {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]seenRequest(nil), g.requests...)
}

// seen is the token of every getConnectionInfo request so far.
func (g *fakeGateway) seen() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.infoSeen...)
}

// letters maps tokens to A, B, C… in order of first appearance, as the scenarios write them.
func letters(tokens []string) string {
	ids := map[string]byte{}
	var b strings.Builder
	for _, t := range tokens {
		if _, ok := ids[t]; !ok {
			ids[t] = byte('A' + len(ids))
		}
		b.WriteByte(ids[t])
	}
	return b.String()
}

// client is a client of the gateway, with quick retries.
func (g *fakeGateway) client(t *testing.T, o sdk.Options) *sdk.Client {
	t.Helper()
	o.BaseURL, o.AppKey, o.AppSecret, o.TenantSpaceID = g.URL, "fake-app-key", fakeSecret, "fake-tenant"
	if o.RetryBaseDelay == 0 {
		o.RetryBaseDelay, o.RetryMaxDelay = time.Millisecond, 5*time.Millisecond
	}
	c, err := sdk.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func answerError(w http.ResponseWriter, status int, reason string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"success": false, "errorCode": status * 100, "errorReason": reason})
}

func answerInfo(w http.ResponseWriter, room string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"success": true, "errorCode": nil, "errorReason": nil,
		"data": map[string]string{"roomId": room, "wssUrl": "wss://gw.invalid/ws/" + room, "wssUrlOut": "wss://gw.invalid/ws/" + room, "connectParam": "sig-" + room}})
}
