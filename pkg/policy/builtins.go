package policy

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/poddoctor/poddoctor/pkg/imageref"
)

// builtin is one Go function exposed to Rego: its declaration for the
// compiler and its implementation for evaluation. Go supplies what Rego
// should not reimplement (image grammar, typo search, quantity grammar).
// A built-in has one argument (impl), none (impl0) or two (impl2).
type builtin struct {
	decl  *rego.Function
	impl  rego.Builtin1
	impl0 func(bctx rego.BuiltinContext) (*ast.Term, error)
	impl2 rego.Builtin2
}

// builtins returns poddoctor's Go built-ins. The suggester is per run, so
// that it knows the images seen in this run's input; the parse caches are
// per engine, shared by its evaluations.
func builtins(suggester *imageref.Suggester) []builtin {
	images, quantities := &termCache{}, &termCache{}
	return []builtin{
		{
			decl: &rego.Function{
				Name:        "poddoctor.image.parse",
				Description: "Parses a container image reference. Never fails: an invalid reference gives valid=false and error.",
				Decl:        types.NewFunction(types.Args(types.S), types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
				// Not memoized per evaluation: imageParse remembers its
				// answers across evaluations, which is cheaper than the
				// string key the rego package builds for every call.
			},
			impl: func(_ rego.BuiltinContext, term *ast.Term) (*ast.Term, error) {
				return imageParse(images, term), nil
			},
		},
		{
			decl: &rego.Function{
				Name:        "poddoctor.image.suggest",
				Description: "Suggests the image a misspelled image reference was meant to be; undefined when it looks right.",
				Decl:        types.NewFunction(types.Args(types.S), types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
				Memoize:     true,
			},
			impl: func(bctx rego.BuiltinContext, image *ast.Term) (*ast.Term, error) {
				return imageSuggest(suggesterFrom(bctx.Context, suggester), image)
			},
		},
		{
			decl: &rego.Function{
				Name:        "poddoctor.quantity.parse",
				Description: "Parses a Kubernetes resource quantity (\"500Mi\", \"0.5\", 2). Never fails: an invalid one gives valid=false and error.",
				Decl:        types.NewFunction(types.Args(types.A), types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
				// Remembered across evaluations instead, like image.parse.
			},
			impl: func(_ rego.BuiltinContext, term *ast.Term) (*ast.Term, error) {
				return quantityParse(quantities, term), nil
			},
		},
		{
			decl: &rego.Function{
				Name:        "poddoctor.inventory",
				Description: "Returns what the whole input of this run holds (kinds, named objects, pod templates), for checks that need to see more than one object; an empty inventory when the run has none.",
				Decl:        types.NewFunction(nil, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
				Memoize:     true,
			},
			impl0: func(bctx rego.BuiltinContext) (*ast.Term, error) {
				return inventoryFrom(bctx.Context), nil
			},
		},
		parseConfigBuiltin,
		parseConfigFileBuiltin,
		parseCombinedConfigFilesBuiltin,
	}
}

// suggesterKey carries a run's Suggester in the evaluation context.
type suggesterKey struct{}

// WithSuggester makes poddoctor.image.suggest use s for evaluations under
// ctx, instead of the engine's own: a diagnosis run knows, only once it has
// read the snapshot, which images run fine in the cluster.
func WithSuggester(ctx context.Context, s *imageref.Suggester) context.Context {
	return context.WithValue(ctx, suggesterKey{}, s)
}

func suggesterFrom(ctx context.Context, fallback *imageref.Suggester) *imageref.Suggester {
	if ctx != nil {
		if s, ok := ctx.Value(suggesterKey{}).(*imageref.Suggester); ok && s != nil {
			return s
		}
	}
	return fallback
}

// inventoryKey carries a run's inventory in the evaluation context.
type inventoryKey struct{}

// emptyInventory is what poddoctor.inventory returns when a run has none:
// rules that need one see "complete": false and stay quiet.
var emptyInventory = ast.NewTerm(ast.MustParseTerm(`{"complete": false, "kinds": {}, "objects": {}, "templates": []}`).Value)

// WithInventory makes poddoctor.inventory return inventory (converted once
// with ToValue) for evaluations under ctx.
func WithInventory(ctx context.Context, inventory Value) context.Context {
	return context.WithValue(ctx, inventoryKey{}, ast.NewTerm(inventory))
}

func inventoryFrom(ctx context.Context) *ast.Term {
	if ctx != nil {
		if t, ok := ctx.Value(inventoryKey{}).(*ast.Term); ok {
			return t
		}
	}
	return emptyInventory
}

// regoOption wraps a built-in as the rego option that supplies its
// implementation.
func regoOption(b builtin) func(*rego.Rego) {
	if b.impl0 != nil {
		return rego.FunctionDyn(b.decl, func(bctx rego.BuiltinContext, _ []*ast.Term) (*ast.Term, error) {
			return b.impl0(bctx)
		})
	}
	if b.impl2 != nil {
		return rego.Function2(b.decl, b.impl2)
	}
	return rego.Function1(b.decl, b.impl)
}

// termCache remembers the answers of a pure built-in by the text of its
// argument, across evaluations and goroutines: a corpus names the same
// images and quantities over and over, and parsing them (a regular
// expression for images, big numbers for quantities) and building the
// answer cost more than the rest of a typical rule. The answers are shared
// read-only, as the run's inventory is.
type termCache struct {
	m     sync.Map // string -> *ast.Term
	count atomic.Int64
}

// maxCachedTerms bounds a termCache; past it answers are computed each time.
const maxCachedTerms = 10_000

func (c *termCache) get(key string, compute func(string) *ast.Term) *ast.Term {
	if t, ok := c.m.Load(key); ok {
		return t.(*ast.Term)
	}
	// The cache outlives the input the key came from (a parsed file,
	// shared by its strings): keep a copy, and compute from it, so that
	// neither the key nor the answer holds on to that input.
	key = strings.Clone(key)
	t := compute(key)
	if c.count.Load() < maxCachedTerms {
		if _, loaded := c.m.LoadOrStore(key, t); !loaded {
			c.count.Add(1)
		}
	}
	return t
}

func imageParse(cache *termCache, term *ast.Term) *ast.Term {
	s, ok := term.Value.(ast.String)
	if !ok {
		// A manifest with image: 7 or image: null is a finding for
		// invalid-image-reference, not a policy failure.
		return ast.ObjectTerm(
			ast.Item(ast.StringTerm("valid"), ast.BooleanTerm(false)),
			ast.Item(ast.StringTerm("error"), ast.StringTerm(fmt.Sprintf("image must be a string, not %s", ast.ValueName(term.Value)))),
		)
	}
	return cache.get(string(s), parseImageTerm)
}

func parseImageTerm(image string) *ast.Term {
	ref, err := imageref.Parse(image)
	if err != nil {
		return ast.ObjectTerm(
			ast.Item(ast.StringTerm("valid"), ast.BooleanTerm(false)),
			ast.Item(ast.StringTerm("error"), ast.StringTerm(err.Error())),
		)
	}
	return ast.ObjectTerm(
		ast.Item(ast.StringTerm("valid"), ast.BooleanTerm(true)),
		ast.Item(ast.StringTerm("domain"), ast.StringTerm(ref.Domain)),
		ast.Item(ast.StringTerm("path"), ast.StringTerm(ref.Path)),
		ast.Item(ast.StringTerm("tag"), ast.StringTerm(ref.Tag)),
		ast.Item(ast.StringTerm("digest"), ast.StringTerm(ref.Digest)),
		ast.Item(ast.StringTerm("repository"), ast.StringTerm(ref.Repository())),
		ast.Item(ast.StringTerm("familiar"), ast.StringTerm(ref.Familiar())),
		ast.Item(ast.StringTerm("latest"), ast.BooleanTerm(ref.IsLatest())),
		ast.Item(ast.StringTerm("untagged"), ast.BooleanTerm(ref.IsUntagged())),
		ast.Item(ast.StringTerm("digestPinned"), ast.BooleanTerm(ref.IsDigestPinned())),
		ast.Item(ast.StringTerm("dockerHub"), ast.BooleanTerm(ref.IsDockerHub())),
	)
}

func imageSuggest(suggester *imageref.Suggester, term *ast.Term) (*ast.Term, error) {
	s, ok := term.Value.(ast.String)
	if !ok || suggester == nil {
		return nil, nil // nothing to suggest for what is not an image name
	}
	sug, found := suggester.Suggest(string(s))
	if !found {
		return nil, nil // undefined: the image looks right
	}
	return ast.ObjectTerm(
		ast.Item(ast.StringTerm("image"), ast.StringTerm(sug.Image)),
		ast.Item(ast.StringTerm("reason"), ast.StringTerm(sug.Reason)),
		ast.Item(ast.StringTerm("distance"), ast.IntNumberTerm(sug.Distance)),
	), nil
}

func quantityParse(cache *termCache, term *ast.Term) *ast.Term {
	var text string
	switch v := term.Value.(type) {
	case ast.String:
		text = string(v)
	case ast.Number:
		text = v.String()
	default:
		return ast.ObjectTerm(
			ast.Item(ast.StringTerm("valid"), ast.BooleanTerm(false)),
			ast.Item(ast.StringTerm("error"), ast.StringTerm(fmt.Sprintf("a quantity must be a string or a number, not %s", ast.ValueName(term.Value)))),
		)
	}
	return cache.get(text, parseQuantityTerm)
}

func parseQuantityTerm(text string) *ast.Term {
	q, err := resource.ParseQuantity(text)
	if err != nil {
		return ast.ObjectTerm(
			ast.Item(ast.StringTerm("valid"), ast.BooleanTerm(false)),
			ast.Item(ast.StringTerm("error"), ast.StringTerm(fmt.Sprintf("%q is not a valid quantity: %v", text, err))),
		)
	}
	return ast.ObjectTerm(
		ast.Item(ast.StringTerm("valid"), ast.BooleanTerm(true)),
		ast.Item(ast.StringTerm("value"), ast.FloatNumberTerm(q.AsApproximateFloat64())),
		ast.Item(ast.StringTerm("canonical"), ast.StringTerm(q.String())),
	)
}
