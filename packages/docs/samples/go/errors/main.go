// Errors, retries and timeouts: match errors with errors.As; *sdk.APIError carries the status,
// ErrorCode, ErrorReason and request id. 429, 5xx, 408 and network errors are retried with backoff
// (honouring Retry-After), and each attempt gets its own timeout.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

func main() {
	ctx := context.Background()
	client, err := sdk.FromEnv(sdk.Options{Timeout: 5 * time.Second, MaxRetries: sdk.Retries(2)})
	if err != nil {
		log.Fatal(err)
	}

	// A body the spec's schema refuses is stopped before anything is sent.
	_, err = client.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.Role("viewer")})
	var validationErr *sdk.ValidationError
	if !errors.As(err, &validationErr) {
		log.Fatalf("expected a validation error, got %v", err)
	}
	fmt.Printf("not sent: %v\n", err)

	// A wrong secret: tokenByAkSk answers 401, which is not retried.
	wrong, err := sdk.FromEnv(sdk.Options{AppSecret: "not-the-secret"})
	if err != nil {
		log.Fatal(err)
	}
	_, err = wrong.GetConnectionInfo(ctx, sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER})
	var authErr *sdk.AuthenticationError
	var apiErr *sdk.APIError
	var timeoutErr *sdk.TimeoutError
	switch {
	case errors.As(err, &authErr):
		fmt.Printf("authentication failed: %d %d (request id %s)\n", authErr.StatusCode, *authErr.ErrorCode, authErr.RequestID)
	case errors.As(err, &apiErr):
		fmt.Printf("API error: %d %v %s\n", apiErr.StatusCode, apiErr.ErrorCode, apiErr.ErrorReason)
	case errors.As(err, &timeoutErr):
		fmt.Printf("no answer within %s\n", timeoutErr.Timeout)
	default:
		log.Fatal(err)
	}
}
