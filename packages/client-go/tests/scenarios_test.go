// The shared scenarios (packages/scenarios/scenarios.json), run by the Go layer against the
// reference mock that `cobrowse-mock exec` started: faults and chaos go to its control API
// (COBROWSE_MOCK_CONTROL_URL), counts, statuses and tokens come from its request log, and the
// invariants from packages/scenarios/judge.mjs, which gets every rendering of every error the
// scenario saw and every line the layer logged. Results go to scenario-results.json, which
// packages/scenarios/parity.mjs turns into the README's table.
package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const language = "go"

type result struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

var (
	resultsMu sync.Mutex
	results   = map[string]result{}
)

func record(id string, r result) {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	results[id] = r
}

func scenariosPath() string {
	if p := os.Getenv("COBROWSE_SCENARIOS"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "scenarios", "scenarios.json")
}

// TestMain writes the results once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	raw, err := os.ReadFile(scenariosPath())
	if err == nil && len(results) > 0 {
		sum := sha256.Sum256(raw)
		doc, _ := json.MarshalIndent(map[string]any{"language": language, "scenarios": hex.EncodeToString(sum[:]), "results": results}, "", "  ")
		_ = os.WriteFile(filepath.Join("..", "scenario-results.json"), append(doc, '\n'), 0o644)
	}
	os.Exit(code)
}

func TestScenarios(t *testing.T) {
	raw, err := os.ReadFile(scenariosPath())
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]any
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	for _, item := range file["scenarios"].([]any) {
		s := item.(map[string]any)
		id := s["id"].(string)
		var invariants []string
		for _, name := range asList(s["invariants"]) {
			invariants = append(invariants, name.(string))
		}
		t.Run(id, func(t *testing.T) {
			if skip, ok := s["skip"].(map[string]any); ok {
				if reason, ok := skip[language].(string); ok {
					record(id, result{Status: "skipped", Reason: reason})
					for _, name := range invariants {
						record(id+"/"+name, result{Status: "skipped", Reason: reason})
					}
					t.Skip(reason)
				}
			}
			r := &scenarioRun{file: file, s: s, id: id}
			err := r.run()
			for _, note := range r.notes {
				t.Log(note)
			}
			// Each invariant the scenario lists is a row of its own: the judge's verdict on it.
			for _, name := range invariants {
				switch {
				case r.verdict == nil:
					record(id+"/"+name, result{Status: "fail", Reason: fmt.Sprintf("not judged: %v", err)})
				case !r.verdict.Results[name].Pass:
					record(id+"/"+name, result{Status: "fail", Reason: strings.Join(r.verdict.Results[name].Violations, "; ")})
				default:
					record(id+"/"+name, result{Status: "pass"})
				}
			}
			if err != nil {
				record(id, result{Status: "fail", Reason: err.Error()})
				t.Fatal(err)
			}
			record(id, result{Status: "pass"})
		})
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
