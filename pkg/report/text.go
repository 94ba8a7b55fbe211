package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// Text writes findings for a person at a terminal. The lint layout groups
// findings by file with line:column, severity, rule and message; the diagnose
// layout groups them by owner and pod, collapses pods of one owner that fail
// the same way, and shows evidence and remedy under each. Both end with a
// one-line summary.
func Text(w io.Writer, findings []finding.Finding, opts Options) error {
	findings, opts = prepare(findings, opts, true)
	engine, err := engineOf(findings, opts)
	if err != nil {
		return err
	}
	p := painter{color: opts.Color}
	all := sorted(findings)
	suppressed := sorted(opts.Suppressed)

	var b strings.Builder
	var place string // "in 2 files" or "in 3 pods"
	if engine == EngineLint {
		writeLintText(&b, all, p)
		writeRuleSummary(&b, all, p)
		if n := countFiles(all); n > 0 {
			place = "in " + plural(n, "file")
		}
	} else {
		writeDiagnoseText(&b, all, opts, p)
		place = "in " + countObjects(all)
	}
	if opts.ShowSuppressed && len(suppressed) > 0 {
		b.WriteString(p.bold("Suppressed:") + "\n\n")
		if engine == EngineLint {
			writeLintText(&b, suppressed, p)
		} else {
			writeDiagnoseText(&b, suppressed, opts, p)
		}
	}
	b.WriteString(summaryLine(summarize(all, opts), place, opts.ShowSuppressed) + "\n")

	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}

// summaryLine renders "3 problems (1 error, 2 warnings, 0 info) in 2 files"
// or "No problems found.", with the suppressed count when there is one.
func summaryLine(s finding.Summary, place string, showSuppressed bool) string {
	var suppressed string
	switch {
	case s.Suppressed > 0 && showSuppressed:
		suppressed = fmt.Sprintf("%d suppressed", s.Suppressed)
	case s.Suppressed > 0:
		suppressed = fmt.Sprintf("%d suppressed, show with --show-suppressed", s.Suppressed)
	}
	if s.Total == 0 {
		if suppressed == "" {
			return "No problems found."
		}
		return "No problems found; " + suppressed + "."
	}
	line := fmt.Sprintf("%s (%s, %s, %d info)",
		plural(s.Total, "problem"), plural(s.Errors, "error"), plural(s.Warnings, "warning"), s.Infos)
	if place != "" {
		line += " " + place
	}
	if suppressed != "" {
		line += "; " + suppressed
	}
	return line
}

// countFiles counts the distinct files findings point into.
func countFiles(findings []finding.Finding) int {
	files := map[string]bool{}
	for _, f := range findings {
		if f.Location != nil && f.Location.File != "" {
			files[f.Location.File] = true
		}
	}
	return len(files)
}

// countObjects renders "3 pods", or "3 objects" when not every object is a pod.
func countObjects(findings []finding.Finding) string {
	objects := map[finding.ObjectRef]bool{}
	word := "pod"
	for _, f := range findings {
		objects[f.Object] = true
		if f.Object.Kind != "Pod" {
			word = "object"
		}
	}
	return plural(len(objects), word)
}

// ANSI escape sequences for the few styles the text format uses.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
)

// painter wraps text in ANSI colour when colour is on and returns it
// unchanged otherwise, so layout code never branches on colour.
type painter struct{ color bool }

func (p painter) paint(style, s string) string {
	if !p.color || s == "" {
		return s
	}
	return style + s + ansiReset
}

// severity colours a severity word: errors red, warnings yellow, info blue.
func (p painter) severity(sev finding.Severity) string {
	switch sev {
	case finding.Error:
		return p.paint(ansiRed, sev.String())
	case finding.Warning:
		return p.paint(ansiYellow, sev.String())
	}
	return p.paint(ansiBlue, sev.String())
}

func (p painter) dim(s string) string  { return p.paint(ansiDim, s) }
func (p painter) bold(s string) string { return p.paint(ansiBold, s) }

// padding returns the spaces that fill text of length n out to width.
func padding(n, width int) string {
	if n >= width {
		return ""
	}
	return strings.Repeat(" ", width-n)
}

// indentLines prefixes every line of s with indent; the first line gets
// first instead, so "Remedy: " can lead a multi-line remedy.
func indentLines(first, indent, s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	var b strings.Builder
	for i, line := range lines {
		if i == 0 {
			b.WriteString(first)
		} else {
			b.WriteString(indent)
		}
		b.WriteString(line)
		b.WriteString("\n")
	}
	return b.String()
}
