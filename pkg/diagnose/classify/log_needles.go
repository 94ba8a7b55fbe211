package classify

import (
	"regexp/syntax"
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// requiredLiterals returns lowercased literals of which every match of re
// contains at least one, or nil when the pattern guarantees none (then the
// regular expression itself must be run on every line).
func requiredLiterals(re *lazyregexp.Regexp) []string {
	parsed, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	lits := literalsOf(parsed.Simplify())
	for _, l := range lits {
		if len(l) < 3 {
			return nil // too short to rule lines out
		}
	}
	return lits
}

// literalsOf computes the set for one node of the syntax tree.
func literalsOf(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCapture, syntax.OpPlus:
		return literalsOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return literalsOf(re.Sub[0])
		}
		return nil
	case syntax.OpConcat:
		// Runs of children that match exact strings join (the parser
		// factors "Exception|Exit" into "Ex(?:ception|it)"); of the runs
		// and the other children, the set whose shortest literal is
		// longest is the best filter.
		var best []string
		bestLen := 0
		consider := func(set []string) {
			if len(set) == 0 {
				return
			}
			shortest := len(set[0])
			for _, s := range set {
				shortest = min(shortest, len(s))
			}
			if shortest > bestLen {
				best, bestLen = set, shortest
			}
		}
		var run []string
		for _, sub := range re.Sub {
			if exact, ok := exactSet(sub); ok && len(run)*max(len(exact), 1) <= 64 {
				if run == nil {
					run = []string{""}
				}
				run = crossJoin(run, exact)
				continue
			}
			consider(run)
			run = nil
			consider(literalsOf(sub))
		}
		consider(run)
		return best
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			set := literalsOf(sub)
			if set == nil {
				return nil
			}
			out = append(out, set...)
		}
		return out
	}
	return nil
}

// exactSet returns every string re matches when that set is finite and
// small (literals and alternations of them), lowercased.
func exactSet(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}, true
	case syntax.OpCapture:
		return exactSet(re.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			set, ok := exactSet(sub)
			if !ok {
				return nil, false
			}
			out = append(out, set...)
		}
		return out, len(out) <= 64
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			set, ok := exactSet(sub)
			if !ok || len(out)*len(set) > 64 {
				return nil, false
			}
			out = crossJoin(out, set)
		}
		return out, true
	case syntax.OpEmptyMatch:
		return []string{""}, true
	}
	return nil, false
}

// crossJoin appends every string of b to every string of a.
func crossJoin(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}
