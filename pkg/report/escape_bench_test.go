package report

import (
	"fmt"
	"io"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// benchFindings are 30,000 findings, what a 10,000-object lint has.
func benchFindings() []finding.Finding {
	base := append(lintFixture(), diagnoseFixture()...)
	findings := make([]finding.Finding, 30000)
	for i := range findings {
		findings[i] = base[i%len(base)]
		findings[i].Message = fmt.Sprintf("%s (%d)", findings[i].Message, i)
	}
	finding.Sort(findings)
	return findings
}

// BenchmarkEscapeFindings is what the formats people read pay for
// escaping: every text field of 30,000 findings looked at, copied only
// when it holds something to escape.
func BenchmarkEscapeFindings(b *testing.B) {
	findings := benchFindings()
	b.ReportAllocs()
	for b.Loop() {
		escapeFindings(findings)
	}
}

// BenchmarkText renders 30,000 findings as text, escaping included.
func BenchmarkText(b *testing.B) {
	findings := benchFindings()
	b.ReportAllocs()
	for b.Loop() {
		if err := Text(io.Discard, findings, Options{Engine: EngineLint}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderText is the command line's path: Render redacts and
// escapes, then writes text.
func BenchmarkRenderText(b *testing.B) {
	findings := benchFindings()
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(io.Discard, "text", findings, Options{Engine: EngineLint}); err != nil {
			b.Fatal(err)
		}
	}
}
