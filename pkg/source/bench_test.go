package source

import (
	"context"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/lint"
)

// BenchmarkChart500Objects renders a 500-object chart, lints it and maps
// every finding back to its template, as poddoctor lint CHART does.
func BenchmarkChart500Objects(b *testing.B) {
	l, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ch, err := RenderChart("testdata/charts/many", HelmOptions{})
		if err != nil {
			b.Fatal(err)
		}
		var inputs []lint.Input
		for _, f := range ch.Files {
			inputs = append(inputs, lint.Input{Name: f.Name, Data: f.Data})
		}
		res := l.LintInputs(context.Background(), inputs)
		if res.Objects != 500 || len(res.Findings) == 0 {
			b.Fatalf("%d objects, %d findings; want 500 objects with findings", res.Objects, len(res.Findings))
		}
		ch.Remap(res.Findings)
	}
}
