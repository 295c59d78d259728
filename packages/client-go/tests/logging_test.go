// COBROWSE_LOG (issue 22): the level of the client's default logger (standard error) when the
// program gives it none. Each case runs this test binary again as a program of its own (the
// helper below) with the variable set, against the reference mock, and reads what it wrote.
package tests

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

// TestLogHelper is the program: a client with no Logger makes one call with a 503 retried.
func TestLogHelper(t *testing.T) {
	if os.Getenv("COBROWSE_TEST_LOG_HELPER") != "1" {
		t.Skip("the program of TestCobrowseLogSetsTheDefaultLoggersLevel")
	}
	if _, err := sdk.FromEnv(sdk.Options{}); err != nil {
		os.Stdout.WriteString("new: " + err.Error() + "\n")
		return
	}
	scope := "log-helper-" + strings.ToLower(os.Getenv("COBROWSE_LOG"))
	if _, err := controlIn(scope, "POST", "/faults", map[string]any{"operationId": "getConnectionInfo", "status": 503, "retryAfter": 0}); err != nil {
		t.Fatal(err)
	}
	client, err := sdk.FromEnv(sdk.Options{RetryBaseDelay: 1, RetryMaxDelay: 1, Hooks: sdk.Hooks{
		BeforeRequest: func(_ context.Context, a sdk.AttemptInfo) error {
			a.Header.Set("X-Mock-Scope", scope) // this program's fault only
			return nil
		},
		AfterResponse: func(context.Context, sdk.AttemptInfo) error { return errors.New("a hook that fails") },
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetConnectionInfo(context.Background(), sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER}); err != nil {
		t.Fatal(err)
	}
	token, _, _ := client.Token(context.Background())
	os.Stdout.WriteString("token: " + token + "\n")
}

func TestCobrowseLogSetsTheDefaultLoggersLevel(t *testing.T) {
	run := func(value string, set bool) (stdout, stderr string) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLogHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), "COBROWSE_TEST_LOG_HELPER=1")
		if set {
			cmd.Env = append(cmd.Env, "COBROWSE_LOG="+value)
		}
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("COBROWSE_LOG=%s: %v\n%s\n%s", value, err, out.String(), errOut.String())
		}
		return out.String(), errOut.String()
	}
	for _, c := range []struct {
		value     string
		set       bool
		want, not []string
	}{
		{"debug", true, []string{"level=DEBUG msg=\"attempt failed\"", "level=INFO msg=\"token issued\"", "level=WARN msg=\"a hook failed; ignored"}, nil},
		{"INFO", true, []string{"level=INFO msg=\"token issued\"", "level=WARN"}, []string{"level=DEBUG"}},
		{"warn", true, []string{"level=WARN msg=\"a hook failed; ignored"}, []string{"level=DEBUG", "level=INFO"}},
		{"", false, []string{"level=WARN msg=\"a hook failed; ignored"}, []string{"level=DEBUG", "level=INFO"}},
		{"off", true, nil, []string{"level="}},
	} {
		stdout, stderr := run(c.value, c.set)
		token := strings.TrimSpace(strings.SplitN(stdout[strings.Index(stdout, "token: ")+len("token: "):], "\n", 2)[0])
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("COBROWSE_LOG=%q: no %s in\n%s", c.value, w, stderr)
			}
		}
		for _, n := range c.not {
			if strings.Contains(stderr, n) {
				t.Errorf("COBROWSE_LOG=%q: %s in\n%s", c.value, n, stderr)
			}
		}
		if token == "" || strings.Contains(stderr, token) || strings.Contains(stderr, os.Getenv("COBROWSE_APP_SECRET")) {
			t.Errorf("COBROWSE_LOG=%q: the token (%d characters) or the secret is in the log lines:\n%s", c.value, len(token), stderr)
		}
		if c.value != "off" && !strings.Contains(stderr, "sdk=cec-cobrowse-go") {
			t.Errorf("COBROWSE_LOG=%q: the lines do not name the SDK:\n%s", c.value, stderr)
		}
	}
	stdout, _ := run("verbose", true)
	if !strings.Contains(stdout, "new: COBROWSE_LOG: must be debug, info, warn, error or off") {
		t.Fatalf("COBROWSE_LOG=verbose: %s", stdout)
	}
}
