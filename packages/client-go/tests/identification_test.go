// Identification (issue 22): every request, the token request's included, carries the
// User-Agent naming the SDK, its version, Go's version and the OS (plus a caller's product
// token), and the attempt header numbering the attempts of its call.
package tests

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

// The header names of spec/openapi.yaml's x-cobrowse-client-headers, as the wire shows them.
const (
	userAgentHeader = "User-Agent"
	attemptHeader   = "X-Cobrowse-Attempt"
)

// userAgentPattern is the scenarios' pattern (packages/scenarios), for Go.
var userAgentPattern = regexp.MustCompile(`^cec-cobrowse-go/\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)? go/\d\S* ` + osToken + `( .+)?$`)

// goToken and osToken are Go's version and the OS as the User-Agent names them ("1.26.8", "Linux").
var (
	goToken = strings.TrimPrefix(strings.Fields(runtime.Version())[0], "go")
	osToken = map[string]string{"linux": "Linux", "darwin": "Darwin", "windows": "Windows"}[runtime.GOOS]
)

func TestEveryRequestCarriesTheUserAgentAndItsAttemptNumber(t *testing.T) {
	g := newGateway(t, newRevoking("503").serve) // the call's first attempt gets a 503, the retry succeeds
	client := g.client(t, sdk.Options{UserAgentSuffix: "acme-contact-center/4.2"})
	if _, err := client.GetConnectionInfo(context.Background(), recorder); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range g.seenRequests() {
		ua := r.header.Get(userAgentHeader)
		if !userAgentPattern.MatchString(ua) || !strings.HasSuffix(ua, " acme-contact-center/4.2") {
			t.Errorf("%s: User-Agent %q", r.path, ua)
		}
		if !strings.HasPrefix(ua, "cec-cobrowse-go/"+sdk.Version+" go/"+goToken+" ") {
			t.Errorf("%s: User-Agent %q does not name sdk.Version %s and Go %s", r.path, ua, sdk.Version, goToken)
		}
		got = append(got, fmt.Sprintf("%s:%s", filepath.Base(r.path), r.header.Get(attemptHeader)))
	}
	want := "tokenByAkSk:1 getConnectionInfo:1 getConnectionInfo:2"
	if strings.Join(got, " ") != want {
		t.Fatalf("attempt headers %v, want %s", got, want)
	}
}

func TestTheReplayAndTheNextTokenRequestAreNumberedToo(t *testing.T) {
	g := newGateway(t, newRevoking("ok", "revoke").serve)
	client := g.client(t, sdk.Options{})
	for range 2 {
		if _, err := client.GetConnectionInfo(context.Background(), recorder); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, r := range g.seenRequests() {
		got = append(got, fmt.Sprintf("%s:%s", filepath.Base(r.path), r.header.Get(attemptHeader)))
	}
	// The second call: its first attempt refused (401), a new token (a call of its own: attempt
	// 1), the replay (attempt 2).
	want := "tokenByAkSk:1 getConnectionInfo:1 getConnectionInfo:1 tokenByAkSk:1 getConnectionInfo:2"
	if strings.Join(got, " ") != want {
		t.Fatalf("attempt headers %v, want %s", got, want)
	}
}

func TestWithoutASuffixTheUserAgentEndsWithTheOS(t *testing.T) {
	g := newGateway(t, newRevoking().serve)
	if _, err := g.client(t, sdk.Options{}).GetConnectionInfo(context.Background(), recorder); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("cec-cobrowse-go/%s go/%s %s", sdk.Version, goToken, osToken)
	for _, r := range g.seenRequests() {
		if got := r.header.Get(userAgentHeader); got != want {
			t.Fatalf("%s: User-Agent %q, want %q", r.path, got, want)
		}
	}
}

func TestABadUserAgentSuffixIsAConfigurationError(t *testing.T) {
	for _, suffix := range []string{"acme/1.0\r\nX-Injected: 1", "acme/1.0\x00", "acme\x7f/1.0", "acme/1.0\tx", strings.Repeat("a", 201)} {
		_, err := sdk.New(sdk.Options{BaseURL: "https://gw.example.invalid", AppKey: "k", AppSecret: "s", TenantSpaceID: "t", UserAgentSuffix: suffix})
		var cfg *sdk.ConfigurationError
		if !errors.As(err, &cfg) || cfg.Field != "UserAgentSuffix" {
			t.Errorf("suffix %q: want a *ConfigurationError naming UserAgentSuffix, got %v", suffix, err)
		}
	}
}

// sdk.Version is the one SDK version (the fixed group's), which the release's version step
// writes into sdk/version.go.
func TestVersionIsThePackageVersion(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct{ Version string }
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	if sdk.Version != pkg.Version {
		t.Fatalf("sdk.Version is %s, package.json says %s: run `node release/bin/sync-version.mjs`", sdk.Version, pkg.Version)
	}
}
