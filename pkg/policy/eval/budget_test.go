package eval

import (
	"testing"
	"time"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// TestBudgetGrowsWithTheInput: an ordinary object gets the base budget,
// one with many values proportionally more.
func TestBudgetGrowsWithTheInput(t *testing.T) {
	e := &Engine{timeout: 2 * time.Second}
	small, err := ToValue(pod("nginx"))
	if err != nil {
		t.Fatal(err)
	}
	if got := e.budget(small); got < 2*time.Second || got > 2*time.Second+10*time.Millisecond {
		t.Errorf("budget of one small pod = %s, want about 2s", got)
	}
	containers := make([]any, 10_000)
	for i := range containers {
		containers[i] = map[string]any{"name": "c", "image": "nginx", "ports": []any{map[string]any{"containerPort": 80}}}
	}
	wide, err := ToValue(map[string]any{"kind": "Pod", "spec": map[string]any{"containers": containers}})
	if err != nil {
		t.Fatal(err)
	}
	// 10,000 × (container, name, image, ports, port, containerPort) values.
	if n := countValues(wide, 1<<30); n < 60_000 {
		t.Fatalf("countValues = %d, want at least 60,000", n)
	}
	if got := e.budget(wide); got < 6*time.Second {
		t.Errorf("budget of a pod with 10,000 containers = %s, want it grown to at least 6s", got)
	}
}

// TestEvidenceIsBounded: a policy that gives a million evidence lines
// gives a finding with the first MaxEvidence and a count of the rest.
func TestEvidenceIsBounded(t *testing.T) {
	lines := make([]string, 1_000_000)
	for i := range lines {
		lines[i] = "Warning  BackOff  1s  kubelet  Back-off restarting failed container"
	}
	f := Result{Rule: "x", Message: "m", Evidence: lines}.Finding(finding.ObjectRef{Kind: "Pod", Name: "p"})
	if len(f.Evidence) != MaxEvidence+1 || f.Evidence[MaxEvidence] != "… and 999960 more" {
		t.Fatalf("evidence has %d lines ending %q", len(f.Evidence), f.Evidence[len(f.Evidence)-1])
	}
}

// TestTimeLimitGrowsOnlyWhenNeeded: the input's values are counted only
// once the base budget has run out, at most once, and the evaluation goes
// on as long as the grown budget allows.
func TestTimeLimitGrowsOnlyWhenNeeded(t *testing.T) {
	var zero timeLimit
	if zero.passed() {
		t.Error("the zero limit passed")
	}
	tests := []struct {
		name       string
		base, full time.Duration
		wantPassed bool
		wantGrows  int
	}{
		{"within the base budget", time.Hour, 2 * time.Hour, false, 0},
		{"base run out, grown budget left", 0, time.Hour, false, 1},
		{"base and grown run out", 0, 0, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			grows := 0
			l := newTimeLimit(tt.base, func() time.Duration { grows++; return tt.full })
			for range 3 {
				if got := l.passed(); got != tt.wantPassed {
					t.Fatalf("passed() = %v, want %v", got, tt.wantPassed)
				}
			}
			if grows != tt.wantGrows {
				t.Errorf("the budget grew %d times, want %d", grows, tt.wantGrows)
			}
			want := tt.base
			if tt.wantGrows > 0 {
				want = tt.full
			}
			if l.budget != want {
				t.Errorf("budget = %s, want %s", l.budget, want)
			}
		})
	}
}
