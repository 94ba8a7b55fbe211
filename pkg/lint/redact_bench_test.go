package lint

import (
	"context"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// BenchmarkRedactResult is what redacting a Result costs the library: the
// findings of 5,000 mixed objects (secret-looking texts and all),
// redacted as LintPaths and LintObjects do before they return.
func BenchmarkRedactResult(b *testing.B) {
	ctx := context.Background()
	l, err := New(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	objects, _ := corpusObjects(b, corpus.MixMixed, 5000)
	res := l.LintObjects(ctx, objects)
	b.ReportAllocs()
	for b.Loop() {
		again := res
		again.redactSecrets()
	}
	b.ReportMetric(float64(len(res.Findings)), "findings")
}
