package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/poddoctor/poddoctor/internal/peerchecks"
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
			check, minSeverity := peerchecks.Parse(p)
			id := r.ID
			if minSeverity != "" {
				id += " (" + minSeverity + " findings)"
			}
			byPeer[check] = append(byPeer[check], id)
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
			links[i] = ruleLink(id)
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", tool, check, strings.Join(links, ", "))
	}
	b.WriteString("\n")
	writePeerDifferences(b, byPeer)
}

// writePeerDifferences writes where poddoctor disagrees with a peer check
// on purpose, and why (internal/peerchecks).
func writePeerDifferences(b *strings.Builder, byPeer map[string][]string) {
	diffs := peerchecks.All()
	if len(diffs) == 0 {
		return
	}
	b.WriteString("### Where poddoctor differs on purpose\n\n")
	b.WriteString("On these checks poddoctor reports fewer or other objects than the peer, by Kubernetes semantics;\n")
	b.WriteString("\"not covered\" marks a check no rule covers.\n\n")
	b.WriteString("| Tool | Check | poddoctor rule | Why |\n|---|---|---|---|\n")
	for _, d := range diffs {
		tool, check, _ := strings.Cut(d.Check, ":")
		rule := "not covered"
		if ids := byPeer[d.Check]; len(ids) > 0 {
			sorted := append([]string(nil), ids...)
			sort.Strings(sorted)
			links := make([]string, len(sorted))
			for i, id := range sorted {
				links[i] = ruleLink(id)
			}
			rule = strings.Join(links, ", ")
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", tool, check, rule, d.Why)
	}
	b.WriteString("\n")
}

// ruleLink links a rule id, "host-path-volume (warning findings)" by its id.
func ruleLink(id string) string {
	anchor, qualifier, _ := strings.Cut(id, " ")
	if qualifier != "" {
		qualifier = " " + qualifier
	}
	return fmt.Sprintf("[%s](#%s)%s", anchor, anchor, qualifier)
}
