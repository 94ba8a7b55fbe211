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
	// prepare returned the renderer's own copies (redacted), so they are
	// sorted in place: a copy of 100,000 findings is 30 MB more at the end
	// of a run, when its heap is largest. Lint's come sorted already.
	finding.Sort(findings)
	doc := jsonDocument{
		Findings: findings,
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
		finding.Sort(opts.Suppressed)
		doc.Suppressed = opts.Suppressed
		if doc.Suppressed == nil {
			doc.Suppressed = []finding.Finding{}
		}
	}
	out := &errWriter{w: w}
	out.WriteString("{\n  \"findings\": ")
	writeJSONList(out, doc.Findings)
	if doc.Suppressed != nil {
		out.WriteString(",\n  \"suppressed\": ")
		writeJSONList(out, doc.Suppressed)
	}
	out.WriteString(",\n  \"summary\": ")
	var b bytes.Buffer
	if err := writeJSONValue(&b, "  ", doc.Summary); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	out.Write(b.Bytes())
	out.WriteString("\n}\n")
	if out.err != nil {
		return fmt.Errorf("write json report: %w", out.err)
	}
	return nil
}

// writeJSONList writes findings as the elements of a list two levels deep
// in the document, byte for byte as json.Encoder with a two-space indent
// writes the whole document (a test compares them). A large run has tens
// of thousands of findings, and encoding them was the longest step left
// after analysis on one core: chunks of them are encoded on every core,
// with appendFinding. The chunks are written a batch at a time, as soon as
// they are encoded: the JSON of 100,000 findings is 85 MB, and holding it
// all (twice, in chunks and then in one buffer) made the end of a large
// run its peak.
func writeJSONList(w *errWriter, findings []finding.Finding) {
	if len(findings) == 0 {
		w.WriteString("[]")
		return
	}
	const chunk = 256
	chunks := (len(findings) + chunk - 1) / chunk
	workers := parallel.Workers(0)
	batch := make([][]byte, 4*workers)
	w.WriteString("[")
	for first := 0; first < chunks; first += len(batch) {
		n := min(len(batch), chunks-first)
		parallel.For(n, workers, func(j int) {
			c := first + j
			out := batch[j][:0]
			if out == nil {
				out = make([]byte, 0, 512*chunk) // about what 256 findings take
			}
			for i := c * chunk; i < min(len(findings), (c+1)*chunk); i++ {
				if i > 0 {
					out = append(out, ',')
				}
				out = append(out, "\n    "...)
				out = appendFinding(out, &findings[i], "    ")
			}
			batch[j] = out
		})
		for _, out := range batch[:n] {
			w.Write(out)
		}
	}
	w.WriteString("\n  ]")
}

// errWriter writes until the first error, and keeps it, so that a report
// written in many pieces checks once, at the end.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(p)
	}
}

func (e *errWriter) WriteString(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
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
