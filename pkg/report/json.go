package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/poddoctor/poddoctor/internal/parallel"
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
	findings, opts = prepare(findings, opts, false)
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
	var b bytes.Buffer
	b.WriteString("{\n  \"findings\": ")
	writeJSONList(&b, doc.Findings)
	if doc.Suppressed != nil {
		b.WriteString(",\n  \"suppressed\": ")
		writeJSONList(&b, doc.Suppressed)
	}
	b.WriteString(",\n  \"summary\": ")
	if err := writeJSONValue(&b, "  ", doc.Summary); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	b.WriteString("\n}\n")
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// writeJSONList writes findings as the elements of a list two levels deep
// in the document, byte for byte as json.Encoder with a two-space indent
// writes the whole document (a test compares them). A large run has tens
// of thousands of findings, and encoding them was the longest step left
// after analysis on one core: chunks of them are encoded on every core,
// with appendFinding.
func writeJSONList(b *bytes.Buffer, findings []finding.Finding) {
	if len(findings) == 0 {
		b.WriteString("[]")
		return
	}
	const chunk = 256
	chunks := make([][]byte, (len(findings)+chunk-1)/chunk)
	parallel.For(len(chunks), parallel.Workers(0), func(c int) {
		out := make([]byte, 0, 512*chunk) // about what 256 findings take
		for i := c * chunk; i < min(len(findings), (c+1)*chunk); i++ {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, "\n    "...)
			out = appendFinding(out, &findings[i], "    ")
		}
		chunks[c] = out
	})
	size := 0
	for _, c := range chunks {
		size += len(c)
	}
	b.Grow(size + 8)
	b.WriteString("[")
	for _, c := range chunks {
		b.Write(c)
	}
	b.WriteString("\n  ]")
}

// writeJSONValue writes v as an element of the document whose lines after
// the first start with prefix, indented by two spaces per level, without
// the HTML escaping: messages quote images and shell commands; "<none>"
// and "&&" read better unescaped, and JSON does not need the HTML-safe
// form.
func writeJSONValue(b *bytes.Buffer, prefix string, v any) error {
	enc := json.NewEncoder(b)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // the newline Encode ends with
	return nil
}
