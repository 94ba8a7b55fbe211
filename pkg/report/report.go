// Package report renders poddoctor findings for people and machines: text,
// JSON, SARIF 2.1.0, JUnit XML, GitHub workflow commands and GitLab Code
// Quality (Code Climate) JSON.
//
// Every renderer is a pure function of its arguments: the same findings and
// options give the same bytes. Renderers sort a copy of the findings with
// finding.Sort and never modify the caller's slice.
//
// Evidence lines are printed verbatim. The diagnose engine writes event lines
// the way `kubectl describe` shows them (type, reason, age, source, message,
// separated by two or more spaces) and prefixes container log lines with "| ";
// the text renderer aligns consecutive event lines into columns and leaves
// every other line as it is.
package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/redact"
)

// Engine names accepted in Options.Engine.
const (
	EngineLint     = "lint"
	EngineDiagnose = "diagnose"
)

// Options carries what a renderer needs beyond the findings themselves.
type Options struct {
	// Color turns on ANSI colour in the text format. The CLI decides: stdout is
	// a terminal and NO_COLOR is unset.
	Color bool
	// ToolVersion is the poddoctor version written into SARIF.
	ToolVersion string
	// Rules is the metadata of every rule known in this run. SARIF lists them
	// as the driver's rules; the GitHub format takes annotation titles from them.
	Rules []finding.Rule
	// Suppressed findings are always counted in the summary and listed only
	// when ShowSuppressed is set.
	Suppressed     []finding.Finding
	ShowSuppressed bool
	// Engine is "lint" or "diagnose". It picks the text layout (by file, or by
	// owner and pod) and the JUnit grouping (by file, or by namespace). Empty
	// means lint when every finding has a file location, diagnose otherwise.
	Engine string
	// OwnerPods is the number of pods each owner has, keyed by the owner's
	// ObjectRef.String() ("Deployment shop/web"). With it the diagnose text
	// says "3 of 12 pods"; without it, "3 pods".
	OwnerPods map[string]int
	// Redactor removes secrets from every text field before any format
	// sees it. Nil still redacts credential-shaped text (passwords in
	// key=value pairs, bearer tokens, keys); a Redactor built with the
	// run's known secret values removes those too.
	Redactor *redact.Redactor
}

// Formats returns the names Render accepts, in the order the CLI lists them.
func Formats() []string {
	return []string{"text", "json", "sarif", "junit", "github", "codeclimate"}
}

// Render writes findings to w in the named format. An unknown format is an
// error that lists the valid ones.
func Render(w io.Writer, format string, findings []finding.Finding, opts Options) error {
	switch format {
	case "text":
		return Text(w, findings, opts)
	case "json":
		return JSON(w, findings, opts)
	case "sarif":
		return SARIF(w, findings, opts)
	case "junit":
		return JUnit(w, findings, opts)
	case "github":
		return GitHub(w, findings, opts)
	case "codeclimate":
		return CodeClimate(w, findings, opts)
	}
	return fmt.Errorf("unknown output format %q: want one of %s", format, strings.Join(Formats(), ", "))
}

// sorted returns a sorted copy of findings; the caller's slice keeps its order.
func sorted(findings []finding.Finding) []finding.Finding {
	out := slices.Clone(findings)
	finding.Sort(out)
	return out
}

// engineOf resolves opts.Engine, inferring it when empty.
func engineOf(findings []finding.Finding, opts Options) (string, error) {
	switch opts.Engine {
	case EngineLint, EngineDiagnose:
		return opts.Engine, nil
	case "":
		for _, f := range findings {
			if f.Location == nil || f.Location.File == "" {
				return EngineDiagnose, nil
			}
		}
		return EngineLint, nil
	}
	return "", fmt.Errorf("unknown engine %q: want %s or %s", opts.Engine, EngineLint, EngineDiagnose)
}

// summarize counts findings by severity and adds the suppressed count.
func summarize(findings []finding.Finding, opts Options) finding.Summary {
	s := finding.Summarize(findings)
	s.Suppressed = len(opts.Suppressed)
	return s
}

// ruleIndex maps rule ids to their metadata.
func ruleIndex(rules []finding.Rule) map[string]finding.Rule {
	m := make(map[string]finding.Rule, len(rules))
	for _, r := range rules {
		m[r.ID] = r
	}
	return m
}

// objectName renders "Kind/name", the short name of an object in JUnit, or
// "(unknown object)" for a finding about a document that did not parse.
func objectName(r finding.ObjectRef) string {
	if r.Kind == "" && r.Name == "" {
		return "(unknown object)"
	}
	return r.Kind + "/" + r.Name
}

// qualifiedName renders "Kind/namespace/name", or "Kind/name" when the object
// is cluster-scoped: the SARIF logical location of an object.
func qualifiedName(r finding.ObjectRef) string {
	if r.Namespace == "" {
		return r.Kind + "/" + r.Name
	}
	return r.Kind + "/" + r.Namespace + "/" + r.Name
}

// plural returns "1 error" or "2 errors".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
