package tests

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

// renderings is every way a program could show err: Error(), %v, %+v, %#v, %s, %q, each cause
// down the Unwrap chain (the same renderings), and the headers and details of an *sdk.APIError.
func renderings(err error) []string {
	var out []string
	seen := map[error]bool{}
	var walk func(error)
	walk = func(e error) {
		if e == nil || seen[e] {
			return
		}
		seen[e] = true
		out = append(out, e.Error(), fmt.Sprintf("%v", e), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e), fmt.Sprintf("%s", e), fmt.Sprintf("%q", e))
		var api *sdk.APIError
		if errors.As(e, &api) && api != nil {
			for name, values := range api.Header {
				out = append(out, name+": "+strings.Join(values, ", "))
			}
			for _, d := range api.Details {
				out = append(out, fmt.Sprintf("%+v", d))
			}
			out = append(out, api.ErrorReason, api.RequestID)
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, c := range u.Unwrap() {
				walk(c)
			}
		}
	}
	walk(err)
	return out
}

// shows answers the first of secrets that one of texts holds ("" when none).
func shows(texts []string, secrets ...string) string {
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, t := range texts {
			if strings.Contains(t, s) {
				return s
			}
		}
	}
	return ""
}
