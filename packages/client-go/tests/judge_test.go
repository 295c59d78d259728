package tests

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// judgeRequest is what packages/scenarios/judge.mjs reads on stdin (its README: The judge).
type judgeRequest struct {
	Since      int              `json:"since"`
	Language   string           `json:"language"`
	Scenario   map[string]any   `json:"scenario,omitempty"`
	HookCalls  []map[string]any `json:"hookCalls,omitempty"`
	Invariants []string         `json:"invariants"`
	Client     map[string]any   `json:"client"`
	Calls      []sessionCall    `json:"calls,omitempty"`
	Texts      []string         `json:"texts"`
}

// sessionCall is one call of a sessions step, as the judge reads it.
type sessionCall struct {
	UserID  string     `json:"userId"`
	Session string     `json:"session"`
	Mode    string     `json:"mode"`
	OK      bool       `json:"ok"`
	RoomID  string     `json:"roomId,omitempty"`
	Start   int64      `json:"start"`
	End     int64      `json:"end"`
	Error   *callError `json:"error,omitempty"`
}

type callError struct {
	Class     string `json:"class"`
	Operation string `json:"operation"`
}

// verdict is the judge's answer: each invariant's and assertion's result, and a sessions
// step's summary.
type verdict struct {
	Results map[string]struct {
		Pass       bool     `json:"pass"`
		Violations []string `json:"violations"`
	} `json:"results"`
	Summary string `json:"summary"`
}

// judgePath is the judge beside the scenarios file that runs (packages/scenarios holds both; a
// copy of the scenarios elsewhere carries a copy of the judge).
func judgePath() string { return filepath.Join(filepath.Dir(scenariosPath()), "judge.mjs") }

// askJudge runs `node judge.mjs` with the request on stdin. Exit 0 and 1 are verdicts (every
// invariant held, or one did not); anything else (2: a bad request or an unreachable mock) is
// an error.
func askJudge(req judgeRequest) (*verdict, error) {
	raw, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", judgePath())
	cmd.Stdin = bytes.NewReader(raw)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		return nil, fmt.Errorf("the judge failed (%v): %s", err, strings.TrimSpace(stderr.String()))
	}
	var v verdict
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		return nil, fmt.Errorf("the judge's verdict is not JSON (%v): %s %s", err, stdout.String(), strings.TrimSpace(stderr.String()))
	}
	return &v, nil
}

// failed lists the invariants and assertions that did not hold, with their violations (a few of each).
func (v *verdict) failed() []string {
	var out []string
	for name, r := range v.Results {
		if !r.Pass {
			shown := r.Violations[:min(len(r.Violations), 5)]
			out = append(out, fmt.Sprintf("%s: %s", name, strings.Join(shown, "; ")))
		}
	}
	sort.Strings(out)
	return out
}
