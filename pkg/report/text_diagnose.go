package report

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// maxPodNames is how many pod names a collapsed block lists before "and N more".
const maxPodNames = 5

// writeDiagnoseText writes sorted findings grouped by owner and pod, one block
// per problem:
//
//	Deployment shop/web: 3 of 3 pods — error image-typo in container web
//	  Image "ngnix:1.27" was not found; did you mean "nginx:1.27"?
//	  Pods: web-7d9c5b6f4-2xkqp, web-7d9c5b6f4-8fj2m, web-7d9c5b6f4-tz9wq
//	  Evidence (pod web-7d9c5b6f4-2xkqp):
//	    Warning  Failed  4m58s (x4 over 4m58s)  kubelet  Failed to pull image ...
//	  Remedy: kubectl -n shop set image deployment/web web=nginx:1.27
//
// Pods of one owner that share rule, severity, container and message (the pod
// name aside) collapse into one block; its evidence is the first pod's.
// Messages, evidence and remedies are printed verbatim, so a command in them
// can be copied as it is.
func writeDiagnoseText(b *strings.Builder, findings []finding.Finding, opts Options, p painter) {
	for _, blk := range diagnoseBlocks(findings) {
		writeDiagnoseBlock(b, blk, opts, p)
		b.WriteString("\n")
	}
}

// diagnoseBlock is one problem: a finding on one object, or the same finding
// on several pods of one owner.
type diagnoseBlock struct {
	owner    *finding.ObjectRef // nil when the object has no owner
	findings []finding.Finding  // one per pod; the first is the representative
	group    int                // rank of the owner (or lone object) in output order
}

// diagnoseBlocks collapses sorted findings into blocks and orders the blocks
// by owner, keeping the sorted order of first appearance within an owner.
func diagnoseBlocks(findings []finding.Finding) []diagnoseBlock {
	var blocks []diagnoseBlock
	groupRank := map[string]int{}   // owner or lone object -> rank
	collapsible := map[string]int{} // collapse key -> index in blocks
	for _, f := range findings {
		owner := podOwner(f)
		groupKey := f.Object.String()
		if owner != nil {
			groupKey = "owner " + owner.String()
		}
		rank, ok := groupRank[groupKey]
		if !ok {
			rank = len(groupRank)
			groupRank[groupKey] = rank
		}

		if owner == nil {
			blocks = append(blocks, diagnoseBlock{findings: []finding.Finding{f}, group: rank})
			continue
		}
		key := collapseKey(owner, f)
		if i, ok := collapsible[key]; ok && !hasPod(blocks[i].findings, f.Object) {
			blocks[i].findings = append(blocks[i].findings, f)
			continue
		}
		collapsible[key] = len(blocks)
		blocks = append(blocks, diagnoseBlock{owner: owner, findings: []finding.Finding{f}, group: rank})
	}
	slices.SortStableFunc(blocks, func(a, b diagnoseBlock) int { return a.group - b.group })
	return blocks
}

// podOwner returns the owner of a pod finding, or nil when the finding is not
// about a pod or the pod has no (other) owner.
func podOwner(f finding.Finding) *finding.ObjectRef {
	if f.Owner == nil || f.Object.Kind != "Pod" || *f.Owner == f.Object {
		return nil
	}
	return f.Owner
}

// collapseKey identifies findings that say the same thing about different pods
// of one owner: the pod's own name is blanked out of the message.
func collapseKey(owner *finding.ObjectRef, f finding.Finding) string {
	message := f.Message
	if f.Object.Name != "" {
		message = strings.ReplaceAll(message, f.Object.Name, "\x00pod\x00")
	}
	return strings.Join([]string{owner.String(), f.Rule, f.Severity.String(), f.Container, message}, "\x00")
}

// hasPod reports whether one of findings is about pod.
func hasPod(findings []finding.Finding, pod finding.ObjectRef) bool {
	for _, f := range findings {
		if f.Object == pod {
			return true
		}
	}
	return false
}

// writeDiagnoseBlock writes one block: headline, message, pods, evidence,
// remedy and fix.
func writeDiagnoseBlock(b *strings.Builder, blk diagnoseBlock, opts Options, p painter) {
	f := blk.findings[0]

	// Headline: who, how many, how bad, which rule, where.
	subject := f.Object.String()
	if blk.owner != nil {
		total, known := opts.OwnerPods[blk.owner.String()]
		var scope string
		switch {
		case len(blk.findings) > 1 && known:
			scope = fmt.Sprintf("%d of %s", len(blk.findings), plural(total, "pod"))
		case len(blk.findings) > 1:
			scope = plural(len(blk.findings), "pod")
		case known:
			scope = fmt.Sprintf("pod %s (1 of %s)", f.Object.Name, plural(total, "pod"))
		default:
			scope = "pod " + f.Object.Name
		}
		subject = blk.owner.String() + ": " + scope
	}
	headline := p.bold(subject) + " — " + p.severity(f.Severity) + " " + p.dim(f.Rule)
	if f.Container != "" {
		headline += " in container " + f.Container
	}
	b.WriteString(headline + "\n")

	b.WriteString(indentLines("  ", "  ", f.Message))
	if len(blk.findings) > 1 {
		b.WriteString("  Pods: " + podNames(blk.findings) + "\n")
	}
	if len(f.Evidence) > 0 {
		if len(blk.findings) > 1 {
			b.WriteString("  Evidence (pod " + f.Object.Name + "):\n")
		} else {
			b.WriteString("  Evidence:\n")
		}
		for _, line := range alignEvents(f.Evidence) {
			b.WriteString("    " + line + "\n")
		}
	}
	if f.Remedy != "" {
		b.WriteString(indentLines("  Remedy: ", "          ", f.Remedy))
	}
	if f.Fix != nil {
		fmt.Fprintf(b, "  Fix: set %s to %s\n", f.Fix.Path, strconv.Quote(f.Fix.Value))
	}
}

// podNames lists the pods of a collapsed block, at most maxPodNames of them.
func podNames(findings []finding.Finding) string {
	var names []string
	for i, f := range findings {
		if i == maxPodNames {
			names[len(names)-1] += fmt.Sprintf(" and %d more", len(findings)-maxPodNames)
			break
		}
		names = append(names, f.Object.Name)
	}
	return strings.Join(names, ", ")
}

// columnGap separates the columns of an event line, as `kubectl describe`
// prints them.
var columnGap = regexp.MustCompile(`\s{2,}`)

// alignEvents lines up the columns (type, reason, age, source, message) of
// consecutive event lines, as `kubectl describe` does. Lines that are not
// events, such as "| " log lines, are returned unchanged and break a run.
func alignEvents(lines []string) []string {
	out := make([]string, len(lines))
	copy(out, lines)
	for start := 0; start < len(lines); {
		if eventColumns(lines[start]) == nil {
			start++
			continue
		}
		end := start
		widths := make([]int, 4)
		for end < len(lines) {
			cols := eventColumns(lines[end])
			if cols == nil {
				break
			}
			for i := range widths {
				widths[i] = max(widths[i], len(cols[i]))
			}
			end++
		}
		for i := start; i < end; i++ {
			cols := eventColumns(lines[i])
			var b strings.Builder
			for c := range widths {
				b.WriteString(cols[c] + padding(len(cols[c]), widths[c]) + "  ")
			}
			b.WriteString(cols[4])
			out[i] = b.String()
		}
		start = end
	}
	return out
}

// eventColumns splits an event line into its five columns, or returns nil
// when the line is not an event.
func eventColumns(line string) []string {
	if !strings.HasPrefix(line, "Normal ") && !strings.HasPrefix(line, "Warning ") {
		return nil
	}
	cols := columnGap.Split(line, 5)
	if len(cols) != 5 {
		return nil
	}
	return cols
}
