package cli

import (
	"fmt"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// writeSplitRules lists the ids of rules that were split into finer ones
// (finding.SplitRuleIDs), so that a reader with an old configuration
// finds where its id went and that it still works.
func writeSplitRules(b *strings.Builder) {
	ids := finding.SplitRuleIDs()
	if len(ids) == 0 {
		return
	}
	b.WriteString("Rules split into finer ones keep their old id: `--disable`, `--enable`, the config's `disable`,\n")
	b.WriteString("`enable` and `severity`, and `poddoctor.io/ignore` accept it and apply it to every successor.\n\n")
	for _, id := range ids {
		successors := finding.SplitRuleSuccessors(id)
		links := make([]string, len(successors))
		for i, s := range successors {
			links[i] = ruleLink(s)
		}
		fmt.Fprintf(b, "- `%s`: %s\n", id, strings.Join(links, ", "))
	}
	b.WriteString("\n")
}
