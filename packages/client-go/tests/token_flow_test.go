// The generated Go client against a running server: a token, then connection info for both
// sides of one room, then a 401 for a bad token. Run through
// `cobrowse-mock exec -- go test ./...` (`pnpm test`), which starts the mock server on a free
// port and hands its URL and credentials over in COBROWSE_* variables.
package tests

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
)

type settings struct{ baseURL, appKey, appSecret, tenantSpaceID string }

func env(t *testing.T, name string) string {
	t.Helper()
	value := os.Getenv(name)
	if value == "" {
		t.Fatalf("%s is not set: run these tests with `pnpm test` (cobrowse-mock exec -- go test ./...), which sets it to the mock server's", name)
	}
	return value
}

func load(t *testing.T) settings {
	return settings{
		baseURL:       env(t, "COBROWSE_BASE_URL"),
		appKey:        env(t, "COBROWSE_APP_KEY"),
		appSecret:     env(t, "COBROWSE_APP_SECRET"),
		tenantSpaceID: env(t, "COBROWSE_TENANT_SPACE_ID"),
	}
}

func newClient(s settings) *cobrowse.APIClient {
	cfg := cobrowse.NewConfiguration()
	cfg.Servers = cobrowse.ServerConfigurations{{URL: s.baseURL}}
	return cobrowse.NewAPIClient(cfg)
}

// authContext carries the bearer token and both API-key headers, as the generated client expects.
func authContext(s settings, token string) context.Context {
	ctx := context.WithValue(context.Background(), cobrowse.ContextAccessToken, token)
	return context.WithValue(ctx, cobrowse.ContextAPIKeys, map[string]cobrowse.APIKey{
		"appKey":        {Key: s.appKey},
		"tenantSpaceId": {Key: s.tenantSpaceID},
	})
}

func getToken(t *testing.T, s settings, client *cobrowse.APIClient) string {
	t.Helper()
	answer, resp, err := client.AuthenticationAPI.TokenByAkSk(context.Background()).
		TokenRequest(*cobrowse.NewTokenRequest(s.appKey, s.appSecret)).
		XTokenExpire(600).
		Execute()
	if err != nil {
		t.Fatalf("tokenByAkSk: %v", err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("tokenByAkSk: status %d, want 200", resp.StatusCode)
	}
	if answer.GetApplyType() != "Bearer" || answer.GetAccessToken() == "" || answer.GetExpires() != "600" {
		t.Fatalf("tokenByAkSk: unexpected answer type=%q expires=%q token empty=%v", answer.GetApplyType(), answer.GetExpires(), answer.GetAccessToken() == "")
	}
	if !regexp.MustCompile(`^[0-9]+$`).MatchString(answer.GetCreateTime()) {
		t.Fatalf("tokenByAkSk: CreateTime %q is not Unix seconds", answer.GetCreateTime())
	}
	return answer.GetAccessToken()
}

func randomRoom(t *testing.T) string {
	buf := make([]byte, 8)
	if _, err := rand.Read(buf); err != nil {
		t.Fatal(err)
	}
	return "go-" + hex.EncodeToString(buf)
}

func TestTokenThenConnectionInfoForBothRoles(t *testing.T) {
	s := load(t)
	client := newClient(s)
	ctx := authContext(s, getToken(t, s, client))
	roomID := randomRoom(t)

	customerReq := cobrowse.NewGetConnectionInfoRequest(cobrowse.ROLE_RECORDER)
	customerReq.SetRoomId(roomID)
	customerReq.SetUserId("customer-42")
	customerReq.SetUserName("Alex Doe")
	agentReq := cobrowse.NewGetConnectionInfoRequest(cobrowse.ROLE_REPLAYER)
	agentReq.SetRoomId(roomID)
	agentReq.SetWorkNo("667")

	var params []string
	for _, req := range []*cobrowse.GetConnectionInfoRequest{customerReq, agentReq} {
		answer, _, err := client.CoBrowsingAPI.GetConnectionInfo(ctx).GetConnectionInfoRequest(*req).Execute()
		if err != nil {
			t.Fatalf("getConnectionInfo(%s): %v", req.GetRole(), err)
		}
		if !answer.GetSuccess() {
			t.Fatalf("getConnectionInfo(%s): success false", req.GetRole())
		}
		if answer.ErrorCode.Get() != nil || answer.ErrorReason.Get() != nil {
			t.Fatalf("getConnectionInfo(%s): errorCode/errorReason not null on success", req.GetRole())
		}
		if !answer.ErrorCode.IsSet() || !answer.ErrorReason.IsSet() {
			t.Fatalf("getConnectionInfo(%s): errorCode/errorReason missing (they are required, null)", req.GetRole())
		}
		data := answer.GetData()
		if data.GetRoomId() != roomID {
			t.Fatalf("getConnectionInfo(%s): roomId %q, want %q", req.GetRole(), data.GetRoomId(), roomID)
		}
		if !regexp.MustCompile(`^wss?://\S+$`).MatchString(data.GetWssUrl()) {
			t.Fatalf("getConnectionInfo(%s): wssUrl %q is not a ws(s) URL", req.GetRole(), data.GetWssUrl())
		}
		if data.GetConnectParam() == "" {
			t.Fatalf("getConnectionInfo(%s): empty connectParam", req.GetRole())
		}
		params = append(params, data.GetConnectParam())
	}
	if params[0] == params[1] {
		t.Fatal("recorder and replayer got the same connectParam")
	}
}

func TestBadTokenIsA401APIError(t *testing.T) {
	s := load(t)
	client := newClient(s)
	ctx := authContext(s, "not-a-token-the-server-issued")
	req := cobrowse.NewGetConnectionInfoRequest(cobrowse.ROLE_REPLAYER)
	req.SetRoomId("room-401")

	_, resp, err := client.CoBrowsingAPI.GetConnectionInfo(ctx).GetConnectionInfoRequest(*req).Execute()
	if err == nil {
		t.Fatal("getConnectionInfo with a bad token succeeded")
	}
	var apiErr *cobrowse.GenericOpenAPIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T (%v) is not a *GenericOpenAPIError", err, err)
	}
	if resp == nil || resp.StatusCode != 401 {
		t.Fatalf("status %v, want 401", resp)
	}
	body, ok := apiErr.Model().(cobrowse.ErrorResponse)
	if !ok {
		t.Fatalf("error model is %T, want ErrorResponse", apiErr.Model())
	}
	if body.GetSuccess() || body.GetErrorCode() != 40100 || !strings.Contains(strings.ToLower(body.GetErrorReason()), "authorization") {
		t.Fatalf("unexpected 401 body: success=%v errorCode=%d", body.GetSuccess(), body.GetErrorCode())
	}
}

func TestWrongAppSecretIsA401(t *testing.T) {
	s := load(t)
	client := newClient(s)
	_, resp, err := client.AuthenticationAPI.TokenByAkSk(context.Background()).
		TokenRequest(*cobrowse.NewTokenRequest(s.appKey, s.appSecret+"-wrong")).
		Execute()
	var apiErr *cobrowse.GenericOpenAPIError
	if err == nil || !errors.As(err, &apiErr) || resp == nil || resp.StatusCode != 401 {
		t.Fatalf("want a 401 GenericOpenAPIError, got err=%v resp=%v", err, resp)
	}
}
