package builtin

import (
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/poddoctor/poddoctor/internal/packed"
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
	// nil: the empty inventory, so rules that need one stay quiet, or the
	// packed one below.
	Inventory *ast.Term
	// PackedInventory is the inventory packed (internal/packed), which
	// poddoctor.inventory.at and .size read part by part; a lint run of a
	// large input sets it instead of Inventory, so that its collector
	// never marks the inventory (pkg/lint, newAppRun). poddoctor.inventory
	// then unpacks it whole, once, for a policy that asks for all of it.
	PackedInventory *packed.Value

	unpackOnce sync.Once
	unpacked   *ast.Term
	// large holds the large parts of the packed inventory once unpacked
	// (packed.Node → *ast.Term; inventory.go, unpackOnce).
	large sync.Map
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
	images, quantities := newTermCache(), newTermCache()
	return []policy.Builtin{
		{
			Decl: &rego.Function{
				Name:        "poddoctor.image.parse",
				Description: "Parses a container image reference. Never fails: an invalid reference gives valid=false and error.",
				Decl:        types.NewFunction(types.Args(types.S), types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
				// Not memoized by the rego package, which builds a string
				// key of the arguments for every call: termCache remembers
				// the answers, in the evaluation and across evaluations.
			},
			Func: func(bctx rego.BuiltinContext, _ any, args []*ast.Term) (*ast.Term, error) {
				return imageParse(bctx, images, args[0]), nil
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
			Func: func(bctx rego.BuiltinContext, _ any, args []*ast.Term) (*ast.Term, error) {
				return quantityParse(bctx, quantities, args[0]), nil
			},
		},
		inventoryBuiltin,
		inventoryAtBuiltin,
		inventorySizeBuiltin,
		parseConfigBuiltin,
		parseConfigFileBuiltin,
		parseCombinedConfigFilesBuiltin,
	}
}

func imageParse(bctx rego.BuiltinContext, cache *termCache, term *ast.Term) *ast.Term {
	s, ok := term.Value.(ast.String)
	if !ok {
		// A manifest with image: 7 or image: null is a finding for
		// invalid-image-reference, not a policy failure.
		return ast.ObjectTerm(
			ast.Item(ast.StringTerm("valid"), ast.BooleanTerm(false)),
			ast.Item(ast.StringTerm("error"), ast.StringTerm(fmt.Sprintf("image must be a string, not %s", ast.ValueName(term.Value)))),
		)
	}
	return cache.answer(bctx, string(s), parseImageTerm)
}

func parseImageTerm(image string) *ast.Term {
	ref, err := imageref.Parse(image)
	if err != nil {
		return ast.ObjectTerm(
			ast.Item(keyValid, ast.InternedTerm(false)),
			ast.Item(keyError, ast.StringTerm(err.Error())),
		)
	}
	return ast.ObjectTerm(
		ast.Item(keyValid, ast.InternedTerm(true)),
		ast.Item(keyDomain, answerString(ref.Domain)),
		ast.Item(keyPath, answerString(ref.Path)),
		ast.Item(keyTag, answerString(ref.Tag)),
		ast.Item(keyDigest, answerString(ref.Digest)),
		ast.Item(keyRepository, answerString(ref.Repository())),
		ast.Item(keyFamiliar, answerString(ref.Familiar())),
		ast.Item(keyLatest, ast.InternedTerm(ref.IsLatest())),
		ast.Item(keyUntagged, ast.InternedTerm(ref.IsUntagged())),
		ast.Item(keyDigestPinned, ast.InternedTerm(ref.IsDigestPinned())),
		ast.Item(keyDockerHub, ast.InternedTerm(ref.IsDockerHub())),
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

func quantityParse(bctx rego.BuiltinContext, cache *termCache, term *ast.Term) *ast.Term {
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
	return cache.answer(bctx, text, parseQuantityTerm)
}

func parseQuantityTerm(text string) *ast.Term {
	q, err := resource.ParseQuantity(text)
	if err != nil {
		return ast.ObjectTerm(
			ast.Item(keyValid, ast.InternedTerm(false)),
			ast.Item(keyError, ast.StringTerm(fmt.Sprintf("%q is not a valid quantity: %v", text, err))),
		)
	}
	return ast.ObjectTerm(
		ast.Item(keyValid, ast.InternedTerm(true)),
		ast.Item(keyValue, ast.FloatNumberTerm(q.AsApproximateFloat64())),
		ast.Item(keyCanonical, ast.StringTerm(q.String())),
	)
}

// The keys of the parse built-ins' answers, one term each for all the
// answers. A termCache keeps answers for the rest of the run, and the
// collector marks them at every cycle: with its own key and boolean terms
// an image's answer held 1,664 bytes, with these shared 1,256
// (TestCachedImageAnswerSize).
var (
	keyValid        = ast.StringTerm("valid")
	keyError        = ast.StringTerm("error")
	keyDomain       = ast.StringTerm("domain")
	keyPath         = ast.StringTerm("path")
	keyTag          = ast.StringTerm("tag")
	keyDigest       = ast.StringTerm("digest")
	keyRepository   = ast.StringTerm("repository")
	keyFamiliar     = ast.StringTerm("familiar")
	keyLatest       = ast.StringTerm("latest")
	keyUntagged     = ast.StringTerm("untagged")
	keyDigestPinned = ast.StringTerm("digestPinned")
	keyDockerHub    = ast.StringTerm("dockerHub")
	keyValue        = ast.StringTerm("value")
	keyCanonical    = ast.StringTerm("canonical")
)

// answerString is a string of an answer; the empty string, the tag or
// digest most images leave out, is one term for all.
func answerString(s string) *ast.Term {
	if s == "" {
		return emptyString
	}
	return ast.StringTerm(s)
}

var emptyString = ast.StringTerm("")
