package builtin

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/poddoctor/poddoctor/internal/repeats"
)

// termCache remembers the answers of a pure built-in by the text of its
// argument. Parsing an image (a regular expression) or a quantity (big
// numbers) and building the answer cost more than the rest of a typical
// rule, and two kinds of repetition are worth an answer kept:
//
//   - within one evaluation, where several rules ask about the same image
//     of the same container: the evaluation keeps those answers (in its
//     built-in cache, gone with it);
//   - across evaluations, where a corpus names the same few images and
//     quantities over and over (a sidecar, "100m"): the run keeps an
//     answer once its argument has come up in a second evaluation.
//
// An argument met in one evaluation only, such as the image of each
// application in a repository, is never kept for the rest of the run
// (internal/repeats): kept, those answers were most of what the cache
// held, and at 100,000 objects the collector marked them at every cycle
// (docs/PERFORMANCE.md).
// The answers are shared read-only, as the run's inventory is.
type termCache struct {
	run *repeats.Cache[*ast.Term]
}

// maxCachedTerms bounds the answers a termCache keeps for the run, and
// maxSeenArguments the arguments it remembers having met once; past them
// answers are computed each time.
const (
	maxCachedTerms   = 10_000
	maxSeenArguments = 200_000
)

func newTermCache() *termCache {
	return &termCache{run: repeats.NewCache[*ast.Term](maxCachedTerms, maxSeenArguments)}
}

// answer returns compute(key), from the evaluation's answers or the run's
// when either has it. The evaluation asks the run only once for each
// argument, so that the run keeps an answer only when a second evaluation
// asks.
func (c *termCache) answer(bctx rego.BuiltinContext, key string, compute func(string) *ast.Term) *ast.Term {
	var answered map[string]*ast.Term
	if bctx.Cache != nil {
		if m, ok := bctx.Cache.Get(c); ok {
			answered = m.(map[string]*ast.Term)
		} else {
			answered = map[string]*ast.Term{}
			bctx.Cache.Put(c, answered)
		}
		if t, ok := answered[key]; ok {
			return t
		}
	}
	t := c.run.Get(key, compute)
	if answered != nil {
		answered[key] = t
	}
	return t
}
