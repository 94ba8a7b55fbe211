package eval

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
)

// The string tests and case changes rules call for every label, port name
// and image (contains, startswith, endswith, upper, lower, regex.match),
// answered directly (builtin_direct.go) when both operands are strings, as
// OPA's own functions answer them; any other operand is left to OPA's
// error. Together they were some 250,000 calls for 10,000 objects.
func init() {
	directBuiltins[ast.Contains.Name] = stringTest(strings.Contains)
	directBuiltins[ast.StartsWith.Name] = stringTest(strings.HasPrefix)
	directBuiltins[ast.EndsWith.Name] = stringTest(strings.HasSuffix)
	directBuiltins[ast.Upper.Name] = caseChange(strings.ToUpper)
	directBuiltins[ast.Lower.Name] = caseChange(strings.ToLower)
	directBuiltins[ast.RegexMatch.Name] = directRegexMatch
}

// stringTest answers a test of two strings.
func stringTest(test func(s, t string) bool) directBuiltin {
	return func(a []*ast.Term) (*ast.Term, bool) {
		s, ok1 := a[0].Value.(ast.String)
		t, ok2 := a[1].Value.(ast.String)
		if !ok1 || !ok2 {
			return nil, false
		}
		return ast.InternedTerm(test(string(s), string(t))), true
	}
}

// caseChange answers upper or lower: the operand itself when the case
// changes nothing, as OPA gives it.
func caseChange(change func(string) string) directBuiltin {
	return func(a []*ast.Term) (*ast.Term, bool) {
		s, ok := a[0].Value.(ast.String)
		if !ok {
			return nil, false
		}
		changed := change(string(s))
		if changed == string(s) {
			return a[0], true
		}
		return ast.InternedTerm(changed), true
	}
}

// directRegexMatch is regex.match(pattern, value) with the pattern
// compiled once (regexp.Compile, as OPA compiles it) and kept for the
// process. A pattern that does not compile is left to OPA, whose error
// names it; past maxDirectPatterns (patterns a policy builds from its
// input) calls are left to OPA too.
func directRegexMatch(a []*ast.Term) (*ast.Term, bool) {
	pattern, ok1 := a[0].Value.(ast.String)
	value, ok2 := a[1].Value.(ast.String)
	if !ok1 || !ok2 {
		return nil, false
	}
	re, ok := compiledPattern(string(pattern))
	if !ok {
		return nil, false
	}
	return ast.InternedTerm(re.MatchString(string(value))), true
}

const maxDirectPatterns = 1000

var (
	directPatterns     sync.Map // pattern -> *regexp.Regexp
	directPatternCount atomic.Int64
)

// compiledPattern returns the compiled pattern, and false when it does not
// compile or too many patterns are kept already.
func compiledPattern(pattern string) (*regexp.Regexp, bool) {
	if re, ok := directPatterns.Load(pattern); ok {
		return re.(*regexp.Regexp), true
	}
	if directPatternCount.Load() >= maxDirectPatterns {
		return nil, false
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, false
	}
	// A copy of the pattern: it may be a policy's input, read from a file.
	if _, loaded := directPatterns.LoadOrStore(strings.Clone(pattern), re); !loaded {
		directPatternCount.Add(1)
	}
	return re, true
}
