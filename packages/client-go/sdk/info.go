package sdk

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
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
		if err != nil {
			return resp, err
		}
		if refused := refusedInfo(a); refused != nil {
			return resp, refused
		}
		answer = a
		return resp, nil
	})
	if err != nil {
		return nil, err
	}
	return &ConnectionInfoResult{Data: answer.GetData(), RequestID: c.redact.scrub(resp.Header.Get(spec.RequestIdHeader))}, nil
}

// refusedInfo is why a 2xx answer cannot be used (nil when it can): no body, success: false
// (with the body's errorCode and errorReason), no data, or nothing to connect with.
func refusedInfo(a *cobrowse.GetConnectionInfoResponse) *refusedAnswer {
	switch {
	case a == nil:
		return &refusedAnswer{reason: "the answer has no body"}
	case !a.GetSuccess():
		r := &refusedAnswer{reason: a.GetErrorReason()}
		if code, ok := a.GetErrorCodeOk(); ok && code != nil {
			r.code = code
		}
		return r
	case !a.HasData():
		return &refusedAnswer{reason: "a success without data: nothing to connect with"}
	}
	if missing := unusable(a.GetData()); missing != "" {
		return &refusedAnswer{reason: "a success without " + missing + ": nothing to connect with"}
	}
	return nil
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

// infoBody is the request body (the generated mapping of r onto the generated model, every
// property of the spec), checked against the spec; without a room id it names a new room.
func infoBody(r ConnectionInfoRequest) (*cobrowse.GetConnectionInfoRequest, error) {
	body := r.model() // request_gen.go
	if err := checkFields(body); err != nil {
		return nil, err
	}
	if !body.HasRoomId() {
		body.SetRoomId(newRoomID())
	}
	return body, nil
}

// patterns are the compiled patterns of the spec's body fields.
var patterns = func() map[string]*regexp.Regexp {
	out := map[string]*regexp.Regexp{}
	for _, f := range spec.InfoRequestFields {
		if f.Pattern != "" {
			out[f.Name] = regexp.MustCompile(f.Pattern)
		}
	}
	return out
}()

// checkFields holds the body, field by field as the generated model serialises it (by JSON
// name), to the spec's field table (spec.InfoRequestFields): a required field present and not
// empty, an enum field one of its values, a string field's lengths (in characters) and pattern.
// A *ValidationError names the field by its JSON name.
func checkFields(body *cobrowse.GetConnectionInfoRequest) error {
	fields, err := body.ToMap()
	if err != nil {
		return &ValidationError{"request", err.Error()}
	}
	for _, f := range spec.InfoRequestFields {
		s, present := stringValue(fields[f.Name])
		if !present || s == "" {
			if f.Required {
				msg := "is required"
				if len(f.Enum) > 0 {
					msg += ":" + oneOf(f)
				}
				return &ValidationError{f.Name, msg}
			}
			continue
		}
		if len(f.Enum) > 0 && !slices.Contains(f.Enum, s) {
			return &ValidationError{f.Name, fmt.Sprintf("must be%s, got %q", oneOf(f), short(s))}
		}
		if n := utf8.RuneCountInString(s); n < f.MinLength || (f.MaxLength > 0 && n > f.MaxLength) {
			return &ValidationError{f.Name, fmt.Sprintf("must be %d to %d characters, got %d", f.MinLength, f.MaxLength, n)}
		}
		if re := patterns[f.Name]; re != nil && !re.MatchString(s) {
			return &ValidationError{f.Name, fmt.Sprintf("must match %s, got %q", f.Pattern, short(s))}
		}
	}
	return nil
}

// oneOf is " one of \"a\", \"b\"" for an enum field, else "".
func oneOf(f spec.RequestField) string {
	if len(f.Enum) == 0 {
		return ""
	}
	quoted := make([]string, len(f.Enum))
	for i, v := range f.Enum {
		quoted[i] = strconv.Quote(v)
	}
	return " one of " + strings.Join(quoted, ", ")
}

// stringValue is a model field's value as a string (a string, a *string, or a generated enum
// type such as cobrowse.Role), and whether it is set.
func stringValue(v any) (string, bool) {
	rv := reflect.ValueOf(v)
	for rv.IsValid() && rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "", false
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() || rv.Kind() != reflect.String {
		return "", false
	}
	return rv.String(), true
}

// short is s cut to its first 40 bytes (at a character boundary), for an error message.
func short(s string) string {
	if len(s) <= 40 {
		return s
	}
	cut := 40
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// newRoomID is a random (version 4) UUID, the format the server uses for the rooms it creates.
func newRoomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
