package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// codeQualityIssue is one entry of a GitLab Code Quality report, the Code
// Climate issue format that GitLab reads: description, check_name,
// fingerprint, severity and location.path with location.lines.begin are
// the fields GitLab requires; type, categories and content make the same
// file valid for Code Climate's own tools.
type codeQualityIssue struct {
	Type        string              `json:"type"`
	CheckName   string              `json:"check_name"`
	Description string              `json:"description"`
	Content     *codeQualityContent `json:"content,omitempty"`
	Categories  []string            `json:"categories"`
	Severity    string              `json:"severity"`
	Fingerprint string              `json:"fingerprint"`
	Location    codeQualityLocation `json:"location"`
}

type codeQualityContent struct {
	Body string `json:"body"`
}

type codeQualityLocation struct {
	Path  string           `json:"path"`
	Lines codeQualityLines `json:"lines"`
}

type codeQualityLines struct {
	Begin int `json:"begin"`
}

// CodeClimate writes a GitLab Code Quality report: a JSON array with one
// issue per finding (an empty array when there are none, which GitLab reads
// as "no issues"). Each issue's fingerprint is stable across runs and
// unique within one, so GitLab's merge-request widget shows what a change
// added and fixed. A finding without a file (a live diagnosis) is placed at
// its object's name ("Pod/shop/web"), line 1. Suppressed findings are left
// out: GitLab has no notion of a suppressed issue.
func CodeClimate(w io.Writer, findings []finding.Finding, opts Options) error {
	findings, opts = prepare(findings, opts, false)
	all := sorted(findings)
	rules := ruleIndex(opts.Rules)
	prints := fingerprints(all)
	issues := make([]codeQualityIssue, 0, len(all))
	for i, f := range all {
		issue := codeQualityIssue{
			Type:        "issue",
			CheckName:   f.Rule,
			Description: codeQualityDescription(f),
			Categories:  []string{codeClimateCategory(rules[f.Rule].Category)},
			Severity:    codeQualitySeverity(f.Severity, rules[f.Rule].Category),
			Fingerprint: prints[i],
			Location:    codeQualityLocation{Path: qualifiedName(f.Object), Lines: codeQualityLines{Begin: 1}},
		}
		if f.Remedy != "" {
			issue.Content = &codeQualityContent{Body: f.Remedy}
		}
		if f.Location != nil && f.Location.File != "" {
			issue.Location.Path = f.Location.File
			issue.Location.Lines.Begin = max(f.Location.Line, 1)
		}
		issues = append(issues, issue)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(issues); err != nil {
		return fmt.Errorf("write codeclimate report: %w", err)
	}
	return nil
}

// codeQualityDescription is the line GitLab shows: the message, prefixed
// with the object when the finding has no file to name it.
func codeQualityDescription(f finding.Finding) string {
	if f.Location == nil || f.Location.File == "" {
		return qualifiedName(f.Object) + ": " + f.Message
	}
	return f.Message
}

// codeQualitySeverity maps poddoctor's three severities onto GitLab's five
// (info, minor, major, critical, blocker). Errors are major, except errors
// of security rules (a privileged container, a host namespace), which are
// critical; nothing is a blocker, which GitLab reserves for what must stop
// a merge whatever the gate says.
func codeQualitySeverity(s finding.Severity, category string) string {
	switch s {
	case finding.Error:
		if category == "security" {
			return "critical"
		}
		return "major"
	case finding.Warning:
		return "minor"
	}
	return "info"
}

// codeClimateCategory maps a rule category onto Code Climate's fixed list.
func codeClimateCategory(category string) string {
	switch category {
	case "security", "supply-chain":
		return "Security"
	case "compatibility":
		return "Compatibility"
	case "resources":
		return "Performance"
	}
	return "Bug Risk"
}
