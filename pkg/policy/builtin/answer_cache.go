package builtin

import (
	"strings"
	"sync"
	"sync/atomic"

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
	kept  sync.Map // string -> *ast.Term
	count atomic.Int64
	met   *repeats.Tracker // arguments met by one evaluation so far
}

// maxCachedTerms bounds the answers a termCache keeps for the run, and
// maxSeenArguments the arguments it remembers having met once; past them
// answers are computed each time.
const (
	maxCachedTerms   = 10_000
	maxSeenArguments = 200_000
)

func newTermCache() *termCache {
	return &termCache{met: repeats.New(maxSeenArguments)}
}

// answer returns compute(key), from the evaluation's answers or the run's
// when either has it.
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
	t := c.get(key, compute)
	if answered != nil {
		answered[key] = t
	}
	return t
}

// get returns compute(key) from the run's answers, keeping it there when
// key was met before (by an earlier evaluation, when answer is the caller).
func (c *termCache) get(key string, compute func(string) *ast.Term) *ast.Term {
	if t, ok := c.kept.Load(key); ok {
		return t.(*ast.Term)
	}
	if c.count.Load() >= maxCachedTerms || !c.met.MetBefore(key) {
		return compute(key)
	}
	// The cache outlives the input the key came from (a parsed file,
	// shared by its strings): keep a copy, and compute from it, so that
	// neither the key nor the answer holds on to that input.
	key = strings.Clone(key)
	t := compute(key)
	if _, loaded := c.kept.LoadOrStore(key, t); !loaded {
		c.count.Add(1)
	}
	return t
}
