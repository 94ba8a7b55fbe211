package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// noFile heads the findings that have no file location.
const noFile = "(no file)"

// writeLintText writes sorted findings grouped by file:
//
//	deploy/web.yaml
//	  8:12  warning  latest-tag  image "nginx:latest" uses the mutable tag latest
//	    → pin a version: nginx:1.27.3
//
// Columns are aligned within a file; a blank line follows every file.
func writeLintText(b *strings.Builder, findings []finding.Finding, p painter) {
	for _, group := range groupByFile(findings) {
		posWidth, sevWidth, ruleWidth := 0, 0, 0
		for _, f := range group.findings {
			posWidth = max(posWidth, len(position(f.Location)))
			sevWidth = max(sevWidth, len(f.Severity.String()))
			ruleWidth = max(ruleWidth, len(f.Rule))
		}

		b.WriteString(p.bold(group.file) + "\n")
		for _, f := range group.findings {
			pos := position(f.Location)
			sev := f.Severity.String()
			fmt.Fprintf(b, "  %s%s  %s%s  %s%s  %s\n",
				pos, padding(len(pos), posWidth),
				p.severity(f.Severity), padding(len(sev), sevWidth),
				p.dim(f.Rule), padding(len(f.Rule), ruleWidth),
				// A message of several lines (a team policy's) keeps its
				// later lines under the finding.
				strings.ReplaceAll(f.Message, "\n", "\n      "))
			for _, r := range f.Related {
				b.WriteString(indentLines("    ↳ ", "      ", r.Location.String()+"  "+r.Message))
			}
			if f.Remedy != "" {
				b.WriteString(indentLines("    → ", "      ", f.Remedy))
			}
		}
		b.WriteString("\n")
	}
}

// fileGroup is the findings of one file, in sorted order.
type fileGroup struct {
	file     string
	findings []finding.Finding
}

// groupByFile splits sorted findings into runs of one file each. Sorting puts
// findings without a file first, under the noFile heading.
func groupByFile(findings []finding.Finding) []fileGroup {
	var groups []fileGroup
	for _, f := range findings {
		file := noFile
		if f.Location != nil && f.Location.File != "" {
			file = f.Location.File
		}
		if len(groups) == 0 || groups[len(groups)-1].file != file {
			groups = append(groups, fileGroup{file: file})
		}
		last := &groups[len(groups)-1]
		last.findings = append(last.findings, f)
	}
	return groups
}

// position renders "line:column", "line" or "-" when the line is unknown.
func position(l *finding.Location) string {
	switch {
	case l == nil || l.Line == 0:
		return "-"
	case l.Column == 0:
		return fmt.Sprintf("%d", l.Line)
	}
	return fmt.Sprintf("%d:%d", l.Line, l.Column)
}

// ruleSummaryFrom is the number of findings from which the lint text ends
// with a count per rule: a chart or a directory of many objects gives
// hundreds of findings, and the question then is which rules to fix first.
const ruleSummaryFrom = 20

// writeRuleSummary writes, for a long list, one line per rule with its
// count, most frequent first:
//
//	By rule:
//	  missing-memory-limit  12
//	  latest-tag             8
func writeRuleSummary(b *strings.Builder, findings []finding.Finding, p painter) {
	if len(findings) < ruleSummaryFrom {
		return
	}
	counts := map[string]int{}
	var rules []string
	width := 0
	for _, f := range findings {
		if counts[f.Rule] == 0 {
			rules = append(rules, f.Rule)
			width = max(width, len(f.Rule))
		}
		counts[f.Rule]++
	}
	slices.SortFunc(rules, func(x, y string) int {
		if c := cmp.Compare(counts[y], counts[x]); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	digits := len(fmt.Sprint(counts[rules[0]]))
	b.WriteString(p.bold("By rule:") + "\n")
	for _, r := range rules {
		fmt.Fprintf(b, "  %s%s  %*d\n", p.dim(r), padding(len(r), width), digits, counts[r])
	}
	b.WriteString("\n")
}
