package sdk

import (
	"fmt"
	"runtime"
	"strings"
	"unicode"

	spec "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk/internal/generated"
)

// language is this layer's name in the product token (the spec's prefix + language).
const language = "go"

// maxUserAgentSuffix bounds Options.UserAgentSuffix, in characters (the header stays one short line).
const maxUserAgentSuffix = 200

// userAgent is the identification header's value (packages/scenarios/README.md, Identification):
// the SDK and its version, Go and its version, the OS in one token, then the caller's product
// token, if any: "cec-cobrowse-go/0.1.0 go/1.26.8 Linux acme-contact-center/4.2".
func userAgent(suffix string) string {
	ua := fmt.Sprintf("%s%s/%s go/%s %s", spec.UserAgentProductPrefix, language, Version, goVersion(runtime.Version()), osName(runtime.GOOS))
	if suffix != "" {
		ua += " " + suffix
	}
	return ua
}

// goVersion is runtime.Version() as one token without its "go" prefix: "go1.26.8" → "1.26.8",
// "go1.26.8 X:jsonv2" (an experiment) → "1.26.8", "devel go1.27-abc Tue …" → "devel-1.27-abc".
func goVersion(v string) string {
	fields := strings.Fields(v)
	if len(fields) == 0 {
		return "unknown"
	}
	if fields[0] == "devel" && len(fields) > 1 {
		return "devel-" + strings.TrimPrefix(fields[1], "go")
	}
	return strings.TrimPrefix(fields[0], "go")
}

// osNames are the operating systems as they name themselves (as the other languages' runtimes
// report them: Linux, Darwin, Windows …); another GOOS is shown as Go names it.
var osNames = map[string]string{
	"linux": "Linux", "darwin": "Darwin", "windows": "Windows", "freebsd": "FreeBSD", "openbsd": "OpenBSD",
	"netbsd": "NetBSD", "dragonfly": "DragonFly", "solaris": "SunOS", "illumos": "illumos", "aix": "AIX",
	"android": "Android", "ios": "iOS", "plan9": "Plan9", "js": "JavaScript", "wasip1": "WASI",
}

func osName(goos string) string {
	if name, ok := osNames[goos]; ok {
		return name
	}
	return goos
}

// checkUserAgentSuffix: "" when s may end the User-Agent, else why not. A control character
// (a line break would inject a header) is refused, and so is a suffix over maxUserAgentSuffix.
func checkUserAgentSuffix(s string) string {
	if n := len([]rune(s)); n > maxUserAgentSuffix {
		return fmt.Sprintf("must be at most %d characters, got %d", maxUserAgentSuffix, n)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Sprintf("must hold no control character (a line break would inject a header), such as acme-contact-center/4.2; got %q", s)
		}
	}
	return ""
}
