package sdk

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// ConnectionInfoResult is what GetConnectionInfo returns: the generated ConnectionInfo model
// (GetRoomId, GetWssUrl, GetWssUrlOut, GetConnectParam) and the server's X-Request-Id.
type ConnectionInfoResult struct {
	Data      cobrowse.ConnectionInfo
	RequestID string
}

// GetConnectionInfo answers the connection information of one side of a room. The request is
// checked first (a *ValidationError names the field; nothing is sent). Each attempt carries
// the token current when it is sent; a refused token (401) is dropped and the call replayed
// once; network errors, timeouts, 408, 429 and 5xx are retried, within maxRetries + 2 attempts
// in all. A 200 with success: false, or one without connectParam and a WebSocket URL, is an
// *APIError. Without RoomID the client names a new room (a UUID) before the first attempt.
func (c *Client) GetConnectionInfo(ctx context.Context, r ConnectionInfoRequest) (*ConnectionInfoResult, error) {
	body, err := infoBody(r)
	if err != nil {
		return nil, err
	}
	op := spec.InfoOperation
	var answer *cobrowse.GetConnectionInfoResponse
	resp, err := c.send(ctx, op, true, func(attempt context.Context, token string) (*http.Response, error) {
		auth := context.WithValue(attempt, cobrowse.ContextAccessToken, token)
		auth = context.WithValue(auth, cobrowse.ContextAPIKeys, map[string]cobrowse.APIKey{spec.AppKeyScheme: {Key: c.s.AppKey}, spec.TenantScheme: {Key: c.s.TenantSpaceID}})
		a, resp, err := c.api.CoBrowsingAPI.GetConnectionInfo(auth).GetConnectionInfoRequest(*body).Execute()
		answer = a
		return resp, err
	})
	if err != nil {
		return nil, err
	}
	requestID := c.redact.scrub(resp.Header.Get(spec.RequestIdHeader))
	fail := func(reason string) error {
		e := &APIError{Operation: op, StatusCode: resp.StatusCode, RequestID: requestID, ErrorReason: c.redact.scrub(reason), Header: c.redact.header(resp.Header)}
		return typed(e)
	}
	switch {
	case answer == nil:
		return nil, fail("the answer has no body")
	case !answer.GetSuccess():
		e := &APIError{Operation: op, StatusCode: resp.StatusCode, RequestID: requestID, ErrorReason: c.redact.scrub(answer.GetErrorReason()), Header: c.redact.header(resp.Header)}
		if code, ok := answer.GetErrorCodeOk(); ok && code != nil {
			e.ErrorCode = code
		}
		return nil, typed(e)
	case !answer.HasData():
		return nil, fail("a success without data: nothing to connect with")
	}
	if missing := unusable(answer.GetData()); missing != "" {
		return nil, fail("a success without " + missing + ": nothing to connect with")
	}
	return &ConnectionInfoResult{Data: answer.GetData(), RequestID: requestID}, nil
}

// unusable names what a success lacks to be connected with ("" when usable): every one of the
// spec's ConnectFields and at least one of its WebSocketURLFields, as non-empty strings.
func unusable(d cobrowse.ConnectionInfo) string {
	fields, err := d.ToMap()
	if err != nil {
		return "readable data"
	}
	has := func(name string) bool {
		switch v := fields[name].(type) {
		case *string:
			return v != nil && *v != ""
		case string:
			return v != ""
		}
		return false
	}
	for _, name := range spec.ConnectFields {
		if !has(name) {
			return name
		}
	}
	for _, name := range spec.WebSocketURLFields {
		if has(name) {
			return ""
		}
	}
	return strings.Join(spec.WebSocketURLFields, " or ")
}

// infoBody is the request body, checked against the spec; without a room id it names a new room.
func infoBody(r ConnectionInfoRequest) (*cobrowse.GetConnectionInfoRequest, error) {
	if !r.Role.IsValid() {
		allowed := make([]string, len(cobrowse.AllowedRoleEnumValues))
		for i, v := range cobrowse.AllowedRoleEnumValues {
			allowed[i] = strconv.Quote(string(v))
		}
		return nil, &ValidationError{roleField, fmt.Sprintf("must be one of %s, got %q", strings.Join(allowed, ", "), string(r.Role))}
	}
	body := r.model() // every property of the spec (request_gen.go)
	if err := checkFields(body); err != nil {
		return nil, err
	}
	if !body.HasRoomId() {
		body.SetRoomId(newRoomID())
	}
	return body, nil
}

// roleField is the role's JSON name, as the generated model serialises it.
var roleField = func() string {
	fields, _ := cobrowse.NewGetConnectionInfoRequest(cobrowse.ROLE_RECORDER).ToMap()
	for name, v := range fields {
		if _, ok := v.(cobrowse.Role); ok {
			return name
		}
	}
	return "role"
}()

// patterns are the compiled patterns of the spec's body fields.
var patterns = func() map[string]*regexp.Regexp {
	out := map[string]*regexp.Regexp{}
	for _, f := range spec.InfoFields {
		if f.Pattern != "" {
			out[f.Name] = regexp.MustCompile(f.Pattern)
		}
	}
	return out
}()

// checkFields holds each string field of the body (by its JSON name, as the generated model
// serialises it) to the spec's lengths, in characters, and pattern.
func checkFields(body *cobrowse.GetConnectionInfoRequest) error {
	fields, err := body.ToMap()
	if err != nil {
		return &ValidationError{"request", err.Error()}
	}
	for _, f := range spec.InfoFields {
		var s string
		switch v := fields[f.Name].(type) {
		case string:
			s = v
		case *string:
			if v == nil {
				continue
			}
			s = *v
		default:
			continue
		}
		if n := utf8.RuneCountInString(s); n < f.MinLength || (f.MaxLength > 0 && n > f.MaxLength) {
			return &ValidationError{f.Name, fmt.Sprintf("must be %d to %d characters, got %d", f.MinLength, f.MaxLength, n)}
		}
		if re := patterns[f.Name]; re != nil && !re.MatchString(s) {
			return &ValidationError{f.Name, fmt.Sprintf("must match %s, got %q", f.Pattern, s[:min(len(s), 40)])}
		}
	}
	return nil
}

// newRoomID is a random (version 4) UUID, the format the server uses for the rooms it creates.
func newRoomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
