package builtin

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/policy"
)

// Inputs are what one run gives poddoctor's built-ins, passed as the
// evaluation's eval.Run.Inputs: explicit per-run values, never context
// values. A nil *Inputs (or a test run, which has none) gives the empty
// inventory and the engine's default suggester.
type Inputs struct {
	// Inventory is what poddoctor.inventory returns: the run's (or the
	// object's application's) inventory, converted once (eval.ToValue,
	// ast.NewTerm) and shared read-only by every evaluation that sees it.
	// nil: the empty inventory, so rules that need one stay quiet.
	Inventory *ast.Term
	// Suggester answers poddoctor.image.suggest instead of the default
	// one: a diagnosis knows, only once it has read the snapshot, which
	// images run fine in the cluster.
	Suggester *imageref.Suggester
}

// All returns poddoctor's Go built-ins: image and quantity grammar, the
// image typo search (answered by suggester unless a run's Inputs name
// another; nil: no suggestions), the run's inventory, and conftest's
// configuration parsers. Both engines declare all of them, so that a
// team's policy compiles into either. The parse caches are shared by
// every evaluation of the engine that gets these built-ins.
func All(suggester *imageref.Suggester) []policy.Builtin {
	images, quantities := &termCache{}, &termCache{}
	return []policy.Builtin{
		{
			Decl: &rego.Function{
				Name:        "poddoctor.image.parse",
				Description: "Parses a container image reference. Never fails: an invalid reference gives valid=false and error.",
				Decl:        types.NewFunction(types.Args(types.S), types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
				// Not memoized per evaluation: imageParse remembers its
				// answers across evaluations, which is cheaper than the
				// string key the rego package builds for every call.
			},
			Func: func(_ rego.BuiltinContext, _ any, args []*ast.Term) (*ast.Term, error) {
				return imageParse(images, args[0]), nil
			},
		},
		{
			Decl: &rego.Function{
				Name:        "poddoctor.image.suggest",
				Description: "Suggests the image a misspelled image reference was meant to be; undefined when it looks right.",
				Decl:        types.NewFunction(types.Args(types.S), types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
				// Not memoized per evaluation: the Suggester remembers its
				// answers across evaluations, and the rego package's memo
				// builds a string key of the arguments on every call, which
				// cost more than the answer (docs/PERFORMANCE.md).
			},
			Func: func(_ rego.BuiltinContext, inputs any, args []*ast.Term) (*ast.Term, error) {
				s := suggester
				if in, ok := inputs.(*Inputs); ok && in != nil && in.Suggester != nil {
					s = in.Suggester
				}
				return imageSuggest(s, args[0])
			},
		},
		{
			Decl: &rego.Function{
				Name:        "poddoctor.quantity.parse",
				Description: "Parses a Kubernetes resource quantity (\"500Mi\", \"0.5\", 2). Never fails: an invalid one gives valid=false and error.",
				Decl:        types.NewFunction(types.Args(types.A), types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
				// Remembered across evaluations instead, like image.parse.
			},
			Func: func(_ rego.BuiltinContext, _ any, args []*ast.Term) (*ast.Term, error) {
				return quantityParse(quantities, args[0]), nil
			},
		},
		{
			Decl: &rego.Function{
				Name:        "poddoctor.inventory",
				Description: "Returns what the whole input of this run holds (kinds, named objects, pod templates), for checks that need to see more than one object; an empty inventory when the run has none.",
				Decl:        types.NewFunction(nil, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
				// Not memoized: the answer is a field of the run's Inputs,
				// and policies read it through a rule, which both
				// evaluators compute once per evaluation.
			},
			Func: func(_ rego.BuiltinContext, inputs any, _ []*ast.Term) (*ast.Term, error) {
				return inventoryOf(inputs), nil
			},
		},
		parseConfigBuiltin,
		parseConfigFileBuiltin,
		parseCombinedConfigFilesBuiltin,
	}
}

// emptyInventory is what poddoctor.inventory returns when a run has none:
// rules that need one see "complete": false and stay quiet.
var emptyInventory = ast.NewTerm(ast.MustParseTerm(`{"complete": false, "kinds": {}, "objects": {}, "templates": []}`).Value)

// inventoryOf returns poddoctor.inventory's answer for a run's Inputs.
func inventoryOf(inputs any) *ast.Term {
	if in, ok := inputs.(*Inputs); ok && in != nil && in.Inventory != nil {
		return in.Inventory
	}
	return emptyInventory
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
