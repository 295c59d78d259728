package sdk

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
)

// Every error below shows no app secret and no token: whatever a server sent is scrubbed
// (redact.go) before it is stored, so Error(), %v, %+v, %#v, slog attributes and the fields
// themselves are safe to log.

// ConfigurationError is a missing or invalid option (or environment variable). Nothing was sent.
type ConfigurationError struct {
	Field   string // the option, or the environment variable, at fault
	Message string
}

func (e *ConfigurationError) Error() string { return e.Field + ": " + e.Message }

// ValidationError is a request the spec's schema refuses, such as a role outside the enum.
// Nothing was sent.
type ValidationError struct {
	Field   string // the field at fault by its JSON name, as the spec names it: "role", "roomId", …
	Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

// APIError is an answer that is not a success: a non-2xx status (a redirect included: never
// followed), a 200 with success: false, a 2xx that is not the JSON the spec describes, or a
// success the client cannot connect with. Status families have their own types
// (AuthenticationError, RateLimitError, …), each of which unwraps to its *APIError: errors.As
// finds either.
type APIError struct {
	Operation   string
	StatusCode  int
	ErrorCode   *int32 // the body's errorCode, when it has one
	ErrorReason string // the body's errorReason, or what the client found wrong; scrubbed
	RequestID   string // the server's X-Request-Id
	Details     []cobrowse.ErrorDetail
	Header      http.Header // the answer's headers, scrubbed
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

// Format: %v and %s are Error(); %+v adds the details and the headers; %#v is GoString.
func (e *APIError) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = io.WriteString(f, e.GoString())
	case verb == 'v' && f.Flag('+'):
		_, _ = io.WriteString(f, e.Error())
		for _, d := range e.Details {
			fmt.Fprintf(f, "\n  detail: %s %s: %s", d.In, d.Name, d.Message)
		}
		names := make([]string, 0, len(e.Header))
		for k := range e.Header {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			fmt.Fprintf(f, "\n  header: %s: %s", k, strings.Join(e.Header[k], ", "))
		}
	case verb == 'q':
		fmt.Fprintf(f, "%q", e.Error())
	default:
		_, _ = io.WriteString(f, e.Error())
	}
}

// GoString names the status family's type and every field (pointers dereferenced).
func (e *APIError) GoString() string {
	code := "nil"
	if e.ErrorCode != nil {
		code = fmt.Sprint(*e.ErrorCode)
	}
	inner := fmt.Sprintf("&sdk.APIError{Operation:%q, StatusCode:%d, ErrorCode:%s, ErrorReason:%q, RequestID:%q, Details:%#v, Header:%#v}",
		e.Operation, e.StatusCode, code, e.ErrorReason, e.RequestID, e.Details, e.Header)
	if family := familyName(e.StatusCode); family != "" {
		return "&sdk." + family + "{APIError:" + inner + "}"
	}
	return inner
}

// LogValue makes an *APIError (and each status family's error) a group of slog attributes.
func (e *APIError) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("operation", e.Operation), slog.Int("status", e.StatusCode)}
	if e.ErrorCode != nil {
		attrs = append(attrs, slog.Int("errorCode", int(*e.ErrorCode)))
	}
	if e.ErrorReason != "" {
		attrs = append(attrs, slog.String("errorReason", e.ErrorReason))
	}
	if e.RequestID != "" {
		attrs = append(attrs, slog.String("requestId", e.RequestID))
	}
	return slog.GroupValue(attrs...)
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

// familyName is the type typed gives a status ("" for a plain *APIError).
func familyName(status int) string {
	switch {
	case status >= 500:
		return "InternalServerError"
	case status == 400:
		return "BadRequestError"
	case status == 401:
		return "AuthenticationError"
	case status == 404:
		return "NotFoundError"
	case status == 413:
		return "PayloadTooLargeError"
	case status == 415:
		return "UnsupportedMediaTypeError"
	case status == 429:
		return "RateLimitError"
	}
	return ""
}

// typed wraps an APIError in the type of its status family.
func typed(e *APIError) error {
	switch familyName(e.StatusCode) {
	case "InternalServerError":
		return &InternalServerError{e}
	case "BadRequestError":
		return &BadRequestError{e}
	case "AuthenticationError":
		return &AuthenticationError{e}
	case "NotFoundError":
		return &NotFoundError{e}
	case "PayloadTooLargeError":
		return &PayloadTooLargeError{e}
	case "UnsupportedMediaTypeError":
		return &UnsupportedMediaTypeError{e}
	case "RateLimitError":
		return &RateLimitError{e}
	}
	return e
}

// ResponseTooLargeError is an answer larger than Options.MaxResponseBytes, as received or once
// decoded (a compressed answer): the client stopped reading at the cap. Not retried.
type ResponseTooLargeError struct {
	Operation string
	Limit     int64 // the cap, in bytes
	Status    int   // the answer's HTTP status
	RequestID string
	Decoded   bool // the decoded size passed the cap (the answer was compressed)
}

func (e *ResponseTooLargeError) Error() string {
	how := "as received"
	if e.Decoded {
		how = "once decoded"
	}
	s := fmt.Sprintf("%s failed: the answer (HTTP %d) is larger than MaxResponseBytes (%d bytes) %s; not read further", e.Operation, e.Status, e.Limit, how)
	if e.RequestID != "" {
		s += " [request id " + e.RequestID + "]"
	}
	return s
}

// TimeoutError is an attempt that took longer than Options.Timeout, connecting, waiting or
// reading the body (the last one, after the retries). It unwraps to context.DeadlineExceeded.
type TimeoutError struct {
	Operation string
	Timeout   time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s timed out after %s", e.Operation, e.Timeout)
}
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// NetworkError is a request that got no HTTP answer (refused, reset, DNS, TLS), after the
// retries. Err is the cause, or a scrubbed stand-in when its message showed a secret.
type NetworkError struct {
	Operation string
	Err       error
}

func (e *NetworkError) Error() string {
	return e.Operation + " failed: network error: " + e.Err.Error()
}
func (e *NetworkError) Unwrap() error { return e.Err }
