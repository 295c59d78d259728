package sdk

import (
	"fmt"
	"runtime"
	"strings"

	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// language is this layer's name in the product token (the spec's prefix + language).
const language = "go"

// maxUserAgentSuffix bounds Options.UserAgentSuffix (the whole header stays a short line).
const maxUserAgentSuffix = 128

// userAgent is the identification header's value: the SDK and its version, then Go's version
// and the OS (as runtime reports them), then the caller's product token, if any:
// "cec-cobrowse-go/0.1.0 go/go1.26.8 linux acme-contact-center/4.2".
func userAgent(suffix string) string {
	ua := fmt.Sprintf("%s%s/%s go/%s %s", spec.UserAgentProductPrefix, language, Version, runtime.Version(), runtime.GOOS)
	if suffix != "" {
		ua += " " + suffix
	}
	return ua
}

// checkUserAgentSuffix: one or more product tokens (RFC 9110's product and comment characters:
// printable ASCII), at most maxUserAgentSuffix characters; "" when it is fine, else why not.
func checkUserAgentSuffix(s string) string {
	if len(s) > maxUserAgentSuffix {
		return fmt.Sprintf("must be at most %d characters, got %d", maxUserAgentSuffix, len(s))
	}
	if strings.TrimSpace(s) != s {
		return "must not start or end with a space"
	}
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return fmt.Sprintf("must be printable ASCII, such as acme-contact-center/4.2; got %q", s)
		}
	}
	return ""
}
