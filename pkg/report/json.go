package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// jsonDocument is the shape of `-o json`. Summary is spelled out here rather
// than reusing finding.Summary so that "suppressed" is always present: a
// consumer can read it without checking for a missing key.
type jsonDocument struct {
	Findings []finding.Finding `json:"findings"`
	// Suppressed is nil (left out) unless ShowSuppressed; then it is a list,
	// possibly empty.
	Suppressed []finding.Finding `json:"suppressed,omitzero"`
	Summary    jsonSummary       `json:"summary"`
}

type jsonSummary struct {
	Total      int `json:"total"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	Suppressed int `json:"suppressed"`
}

// JSON writes {"findings":[...],"summary":{...}} indented by two spaces, with
// the finding fields named by the struct tags of pkg/finding. With
// opts.ShowSuppressed the suppressed findings are listed under "suppressed".
func JSON(w io.Writer, findings []finding.Finding, opts Options) error {
	s := summarize(findings, opts)
	doc := jsonDocument{
		Findings: sorted(findings),
		Summary: jsonSummary{
			Total:      s.Total,
			Errors:     s.Errors,
			Warnings:   s.Warnings,
			Infos:      s.Infos,
			Suppressed: s.Suppressed,
		},
	}
	if doc.Findings == nil {
		doc.Findings = []finding.Finding{}
	}
	if opts.ShowSuppressed {
		doc.Suppressed = sorted(opts.Suppressed)
		if doc.Suppressed == nil {
			doc.Suppressed = []finding.Finding{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Messages quote images and shell commands; "<none>" and "&&" read better
	// unescaped, and JSON does not need the HTML-safe form.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}
