// A consumer of the Go modules, resolved through the release's file-based module proxy: both
// sides of one room against the mock, and a typed error (errors.As) for a wrong secret that
// does not carry the secret. It sets up no OpenTelemetry (the sdk requires only its API
// modules; with no provider set, its spans go nowhere) and counts its hooks' calls. Run by
// release/bin/consumers.mjs under `cobrowse-mock exec`.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync/atomic"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

func main() {
	ctx := context.Background()
	var answered atomic.Int32
	client, err := sdk.FromEnv(sdk.Options{
		UserAgentSuffix: "release-consumer/1.0",
		Hooks:           sdk.Hooks{AfterResponse: func(context.Context, sdk.AttemptInfo) error { answered.Add(1); return nil }},
	})
	if err != nil {
		log.Fatal(err)
	}
	customer, err := client.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER, UserID: "customer-42"})
	if err != nil {
		log.Fatal(err)
	}
	agent, err := client.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_REPLAYER, RoomID: customer.Data.GetRoomId(), WorkNo: "667"})
	if err != nil {
		log.Fatal(err)
	}
	if agent.Data.GetRoomId() != customer.Data.GetRoomId() || agent.Data.GetConnectParam() == customer.Data.GetConnectParam() {
		log.Fatalf("not one room with two sides: %s / %s", customer.Data.GetRoomId(), agent.Data.GetRoomId())
	}

	if answered.Load() < 3 { // the token request and two calls
		log.Fatalf("the after-response hook ran %d times, want at least 3", answered.Load())
	}

	const secret = "consumer-wrong-secret"
	wrong, err := sdk.FromEnv(sdk.Options{AppSecret: secret})
	if err != nil {
		log.Fatal(err)
	}
	_, err = wrong.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER})
	var authErr *sdk.AuthenticationError
	if !errors.As(err, &authErr) || authErr.StatusCode != 401 {
		log.Fatalf("a wrong secret: expected an *sdk.AuthenticationError with status 401, got %v", err)
	}
	if strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), secret) {
		log.Fatal("the secret is in the error")
	}
	fmt.Printf("go: modules from the release proxy, room %s, 401 as *sdk.AuthenticationError, %d hook calls, no OpenTelemetry set up\n", agent.Data.GetRoomId(), answered.Load())
}
