// The Go layer's own promises beyond the shared scenarios: configuration from the environment,
// errors matched with errors.As, no secret or token in any log line, String() or error, and
// the generated Debug switch made safe.
package tests

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"strings"
	"testing"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

func TestFromEnvNamesAMissingVariable(t *testing.T) {
	if _, err := sdk.FromEnv(sdk.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("COBROWSE_TENANT_SPACE_ID", "")
	_, err := sdk.FromEnv(sdk.Options{})
	var cfg *sdk.ConfigurationError
	if !errors.As(err, &cfg) || cfg.Field != "COBROWSE_TENANT_SPACE_ID" {
		t.Fatalf("expected a ConfigurationError naming COBROWSE_TENANT_SPACE_ID, got %v", err)
	}
}

func TestPlainHTTPIsRefusedOffLoopback(t *testing.T) {
	o := sdk.Options{BaseURL: "http://cobrowse.example.invalid", AppKey: "k", AppSecret: "s", TenantSpaceID: "t"}
	var cfg *sdk.ConfigurationError
	if _, err := sdk.New(o); !errors.As(err, &cfg) || cfg.Field != "BaseURL" {
		t.Fatalf("expected a ConfigurationError for BaseURL, got %v", err)
	}
	o.AllowInsecureHTTP = true
	if _, err := sdk.New(o); err != nil {
		t.Fatal(err)
	}
}

func TestErrorsMatchWithErrorsAs(t *testing.T) {
	client, err := sdk.FromEnv(sdk.Options{AppSecret: "wrong-secret-77aa"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.GetConnectionInfo(context.Background(), sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER})
	var auth *sdk.AuthenticationError
	var api *sdk.APIError
	if !errors.As(err, &auth) || !errors.As(err, &api) || api.StatusCode != 401 || api.RequestID == "" {
		t.Fatalf("expected an AuthenticationError unwrapping to an APIError, got %#v", err)
	}
	if strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), "wrong-secret-77aa") {
		t.Fatal("the error shows the secret")
	}
	_, err = client.GetConnectionInfo(context.Background(), sdk.ConnectionInfoRequest{Role: "agent"})
	var invalid *sdk.ValidationError
	if !errors.As(err, &invalid) || invalid.Field != "role" {
		t.Fatalf("expected a ValidationError for role, got %v", err)
	}
	// The spec's pattern of roomId, checked before sending.
	_, err = client.GetConnectionInfo(context.Background(), sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER, RoomID: "room\tid"}) // a control character: the spec refuses it
	if !errors.As(err, &invalid) || invalid.Field != "roomId" {
		t.Fatalf("expected a ValidationError for roomId, got %v", err)
	}
}

func TestNoSecretOrTokenInLogsOrStrings(t *testing.T) {
	var logs bytes.Buffer
	client, err := sdk.FromEnv(sdk.Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	r, err := client.GetConnectionInfo(context.Background(), sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER})
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := client.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	shown := logs.String() + fmt.Sprintf("%v %+v %#v %s", client, client, client, client)
	if !strings.Contains(logs.String(), "token issued") {
		t.Fatalf("expected a debug line, got %q", logs.String())
	}
	for _, secret := range []string{os.Getenv("COBROWSE_APP_SECRET"), token, r.Data.GetConnectParam()} {
		if strings.Contains(shown, secret) {
			t.Fatalf("a secret or token is shown: %s", shown)
		}
	}
}

func TestGeneratedDebugLogsNoSecretOrToken(t *testing.T) {
	var out bytes.Buffer
	log.SetOutput(&out)
	defer log.SetOutput(os.Stderr)
	s := load(t)
	cfg := cobrowse.NewConfiguration()
	cfg.Servers = cobrowse.ServerConfigurations{{URL: s.baseURL}}
	cfg.Debug = true
	answer, _, err := cobrowse.NewAPIClient(cfg).AuthenticationAPI.TokenByAkSk(context.Background()).
		TokenRequest(*cobrowse.NewTokenRequest(s.appKey, s.appSecret)).Execute()
	if err != nil {
		t.Fatal(err)
	}
	logged := out.String()
	if !strings.Contains(logged, "POST") {
		t.Fatalf("expected Debug to log the request line, got %q", logged)
	}
	for _, secret := range []string{s.appSecret, answer.GetAccessToken(), "Bearer"} {
		if strings.Contains(logged, secret) {
			t.Fatalf("Debug logged %q: %s", secret, logged)
		}
	}
}
