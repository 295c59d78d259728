package sdk

import (
	"net/http"
	"runtime"
	"strings"
	"testing"
)

func TestURLFullHasNoCredentialsOrQueryValues(t *testing.T) {
	e := newEndpoint("https://user:pass@gw.example.invalid:8443/base", http.MethodPost, "/api/op?sig=abc")
	if e.url != "https://REDACTED:REDACTED@gw.example.invalid:8443/base/api/op?sig=REDACTED" || e.address != "gw.example.invalid" || e.port != 8443 {
		t.Fatalf("%+v", e)
	}
	if e := newEndpoint("https://gw.example.invalid", http.MethodPost, "/api/op"); e.url != "https://gw.example.invalid/api/op" || e.port != 443 || e.template != "/api/op" {
		t.Fatalf("%+v", e)
	}
	if e := newEndpoint("http://127.0.0.1", http.MethodPost, "/api/op"); e.port != 80 {
		t.Fatalf("%+v", e)
	}
}

func TestUserAgent(t *testing.T) {
	if got, want := userAgent(""), "cec-cobrowse-go/"+Version+" go/"+strings.TrimPrefix(runtime.Version(), "go")+" "+osName(runtime.GOOS); got != want {
		t.Fatalf("%q, want %q", got, want)
	}
	if got := userAgent("acme/4.2 (call-center)"); !strings.HasSuffix(got, " "+osName(runtime.GOOS)+" acme/4.2 (call-center)") {
		t.Fatal(got)
	}
	for v, want := range map[string]string{"go1.26.8": "1.26.8", "go1.26.8 X:jsonv2": "1.26.8", "devel go1.27-4fa1 Tue Jan 5 2027": "devel-1.27-4fa1", "": "unknown"} {
		if got := goVersion(v); got != want {
			t.Errorf("goVersion(%q) = %q, want %q", v, got, want)
		}
	}
	if osName("linux") != "Linux" || osName("darwin") != "Darwin" || osName("windows") != "Windows" || osName("zos") != "zos" {
		t.Error("osName")
	}
	for suffix, ok := range map[string]bool{"": true, "acme/4.2": true, "acme/4.2 (eu; 3)": true, "a\tb": false, "a\r\nb": false, "a\x00": false, "a\x7f": false, "é/1": true, strings.Repeat("é", 200): true, strings.Repeat("x", 201): false} {
		if (checkUserAgentSuffix(suffix) == "") != ok {
			t.Errorf("suffix %q: %q", suffix, checkUserAgentSuffix(suffix))
		}
	}
}

func TestHeaderChecks(t *testing.T) {
	for name, ok := range map[string]bool{"X-Hook": true, "x_custom.1~": true, "": false, "Bad Name": false, "X:Y": false, "Ünicode": false, "X(1)": false} {
		if validHeaderName(name) != ok {
			t.Errorf("name %q: %v", name, !ok)
		}
	}
	for value, ok := range map[string]bool{"plain": true, "tab\there": true, "": true, "a\r\nb": false, "nul\x00": false, "del\x7f": false} {
		if validHeaderValue(value) != ok {
			t.Errorf("value %q: %v", value, !ok)
		}
	}
	p := protectedHeaders("authorization", "x-app-key")
	for _, h := range []string{"Authorization", "X-App-Key", "Content-Type", "Host"} {
		if !p[h] {
			t.Errorf("%s is not protected", h)
		}
	}
}

func TestCobrowseLogValues(t *testing.T) {
	for value, ok := range map[string]bool{"": true, "debug": true, "INFO": true, " warn ": true, "error": true, "off": true, "verbose": false, "trace": false} {
		t.Setenv(LogEnv, value)
		_, err := defaultLogger()
		if (err == nil) != ok {
			t.Errorf("%s=%q: %v", LogEnv, value, err)
		}
	}
}
