package lint

import (
	"context"
	"testing"
)

// BenchmarkNewCompiled is BenchmarkNew in a configuration the precompiled
// policies do not cover (a built-in Rego rule disabled), so that the
// modules are parsed and compiled: what every start-up cost before
// pkg/policy/eval/bundle.go, and what a run with a team's policies, a
// profile or a disabled Rego rule still costs.
func BenchmarkNewCompiled(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(ctx, Options{Disable: []string{"latest-tag"}}); err != nil {
			b.Fatal(err)
		}
	}
}
