package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// GitHub writes one GitHub Actions workflow command per finding, which the
// runner turns into an annotation on the file and line:
//
//	::error file=deploy/web.yaml,line=8,col=12,title=latest-tag::image "nginx:latest" uses ...
//
// Errors are ::error, warnings ::warning, info ::notice. The title is the
// rule id, followed by the rule's description when opts.Rules knows it. The
// message carries the remedy and evidence on further lines. A finding without
// a file has no file property (GitHub shows it on the run summary) and its
// message starts with the object. Suppressed findings are written only with
// ShowSuppressed, as notices. No findings, no output.
func GitHub(w io.Writer, findings []finding.Finding, opts Options) error {
	findings, opts = prepare(findings, opts, true)
	rules := ruleIndex(opts.Rules)
	var b strings.Builder
	for _, f := range sorted(findings) {
		b.WriteString(githubCommand(f, rules, false) + "\n")
	}
	if opts.ShowSuppressed {
		for _, f := range sorted(opts.Suppressed) {
			b.WriteString(githubCommand(f, rules, true) + "\n")
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write github report: %w", err)
	}
	return nil
}

// githubCommand renders one finding as a workflow command.
func githubCommand(f finding.Finding, rules map[string]finding.Rule, suppressed bool) string {
	command := "notice"
	switch {
	case suppressed:
	case f.Severity == finding.Error:
		command = "error"
	case f.Severity == finding.Warning:
		command = "warning"
	}

	var props []string
	if f.Location != nil && f.Location.File != "" {
		props = append(props, "file="+githubProperty(f.Location.File))
		if f.Location.Line > 0 {
			props = append(props, "line="+strconv.Itoa(f.Location.Line))
			if f.Location.Column > 0 {
				props = append(props, "col="+strconv.Itoa(f.Location.Column))
			}
		}
	}
	title := f.Rule
	if r, ok := rules[f.Rule]; ok && r.Description != "" {
		title += ": " + r.Description
	}
	if suppressed {
		title = "suppressed " + title
	}
	props = append(props, "title="+githubProperty(title))

	message := f.Message
	if f.Location == nil || f.Location.File == "" {
		subject := f.Object.String()
		if f.Container != "" {
			subject += ", container " + f.Container
		}
		message = subject + ": " + message
	}
	if len(f.Evidence) > 0 {
		message += "\nEvidence:\n  " + strings.Join(f.Evidence, "\n  ")
	}
	if f.Remedy != "" {
		message += "\nRemedy: " + f.Remedy
	}
	return "::" + command + " " + strings.Join(props, ",") + "::" + githubData(message)
}

// githubData escapes a command's message as the Actions toolkit does.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a command property value as the Actions toolkit
// does: like the message, plus ':' and ',' which delimit properties.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
