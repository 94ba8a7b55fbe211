package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// defaultText says whether a rule runs by default, and if not which
// profile turns it on.
func defaultText(r finding.Rule) string {
	if r.EnabledByDefault || r.Profile == "" {
		return "on"
	}
	return "off (" + r.Profile + ")"
}

// writePeerMapping writes the table people migrating from kube-linter,
// kube-score or polaris look their checks up in.
func writePeerMapping(b *strings.Builder, rules []finding.Rule) {
	byPeer := map[string][]string{}
	for _, r := range rules {
		for _, p := range r.Peers {
			byPeer[p] = append(byPeer[p], r.ID)
		}
	}
	if len(byPeer) == 0 {
		return
	}
	peers := make([]string, 0, len(byPeer))
	for p := range byPeer {
		peers = append(peers, p)
	}
	sort.Strings(peers)
	b.WriteString("## Coming from kube-linter, kube-score or polaris\n\n")
	b.WriteString("Each check of the other linters that a poddoctor rule covers, and the rule. Rules marked\n")
	b.WriteString("off run with `--enable ID`, `enable:` in .poddoctor.yaml, or `--profile strict|all`.\n")
	b.WriteString("`go run ./bench/peers DIR` measures the coverage on the peers' own test files.\n\n")
	b.WriteString("| Tool | Check | poddoctor rule |\n|---|---|---|\n")
	for _, p := range peers {
		tool, check, _ := strings.Cut(p, ":")
		ids := byPeer[p]
		sort.Strings(ids)
		links := make([]string, len(ids))
		for i, id := range ids {
			links[i] = fmt.Sprintf("[%s](#%s)", id, id)
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", tool, check, strings.Join(links, ", "))
	}
	b.WriteString("\n")
}
