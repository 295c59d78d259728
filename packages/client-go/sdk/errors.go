package sdk

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
)

// ConfigurationError is a missing or invalid option (or environment variable). Nothing was sent.
type ConfigurationError struct {
	Field   string // the option, or the environment variable, at fault
	Message string
}

func (e *ConfigurationError) Error() string { return e.Field + ": " + e.Message }

// ValidationError is a request the spec's schema refuses, such as a role outside the enum.
// Nothing was sent.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

// APIError is an answer that is not a success: a non-2xx status, a 200 with success: false, or
// an answer the client cannot use. Status families have their own types (AuthenticationError,
// RateLimitError, …), each of which unwraps to its *APIError: errors.As finds either.
type APIError struct {
	Operation   string
	StatusCode  int
	ErrorCode   *int32 // the body's errorCode, when it has one
	ErrorReason string // the body's errorReason, scrubbed of the secret and tokens
	RequestID   string // the server's X-Request-Id
	Details     []cobrowse.ErrorDetail
	Header      http.Header
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed with HTTP %d", e.Operation, e.StatusCode)
	if e.ErrorCode != nil {
		fmt.Fprintf(&b, " (errorCode %d)", *e.ErrorCode)
	}
	if e.ErrorReason != "" {
		b.WriteString(": " + e.ErrorReason)
	}
	if e.RequestID != "" {
		b.WriteString(" [request id " + e.RequestID + "]")
	}
	return b.String()
}

// BadRequestError is a 400: Details names the fields.
type BadRequestError struct{ *APIError }

// AuthenticationError is a 401: wrong app key or secret, or a token refused even after one refresh.
type AuthenticationError struct{ *APIError }

// NotFoundError is a 404, such as an unknown tenant space.
type NotFoundError struct{ *APIError }

// PayloadTooLargeError is a 413.
type PayloadTooLargeError struct{ *APIError }

// UnsupportedMediaTypeError is a 415.
type UnsupportedMediaTypeError struct{ *APIError }

// RateLimitError is a 429, still after the retries.
type RateLimitError struct{ *APIError }

// InternalServerError is a 5xx, still after the retries.
type InternalServerError struct{ *APIError }

func (e *BadRequestError) Unwrap() error           { return e.APIError }
func (e *AuthenticationError) Unwrap() error       { return e.APIError }
func (e *NotFoundError) Unwrap() error             { return e.APIError }
func (e *PayloadTooLargeError) Unwrap() error      { return e.APIError }
func (e *UnsupportedMediaTypeError) Unwrap() error { return e.APIError }
func (e *RateLimitError) Unwrap() error            { return e.APIError }
func (e *InternalServerError) Unwrap() error       { return e.APIError }

// typed wraps an APIError in the type of its status family.
func typed(e *APIError) error {
	switch {
	case e.StatusCode >= 500:
		return &InternalServerError{e}
	case e.StatusCode == 400:
		return &BadRequestError{e}
	case e.StatusCode == 401:
		return &AuthenticationError{e}
	case e.StatusCode == 404:
		return &NotFoundError{e}
	case e.StatusCode == 413:
		return &PayloadTooLargeError{e}
	case e.StatusCode == 415:
		return &UnsupportedMediaTypeError{e}
	case e.StatusCode == 429:
		return &RateLimitError{e}
	}
	return e
}

// TimeoutError is an attempt that took longer than Options.Timeout (the last one, after the
// retries). It unwraps to context.DeadlineExceeded.
type TimeoutError struct {
	Operation string
	Timeout   time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s timed out after %s", e.Operation, e.Timeout)
}
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// NetworkError is a request that got no HTTP answer (refused, reset, DNS, TLS), after the retries.
type NetworkError struct {
	Operation string
	Err       error
}

func (e *NetworkError) Error() string {
	return e.Operation + " failed: network error: " + e.Err.Error()
}
func (e *NetworkError) Unwrap() error { return e.Err }
