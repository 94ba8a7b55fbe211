package builtin

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/poddoctor/poddoctor/internal/packed"
	"github.com/poddoctor/poddoctor/pkg/policy"
)

// The inventory built-ins. poddoctor.inventory gives the whole value, for
// any policy. The bundled library reads it part by part instead, with
// poddoctor.inventory.at and poddoctor.inventory.size, which a lint run
// answers from its inventory: packed (a large input), without building
// the whole value, or the Rego value itself (pkg/lint, newAppRun). They
// are undefined where a run has no inventory (a policy test that mocks
// poddoctor.inventory, a diagnosis), and the library then reads
// poddoctor.inventory() (rules/lib/k8s.rego, inventory_at).

var inventoryBuiltin = policy.Builtin{
	Decl: &rego.Function{
		Name:        "poddoctor.inventory",
		Description: "Returns what the whole input of this run holds (kinds, named objects, pod templates), for checks that need to see more than one object; an empty inventory when the run has none.",
		Decl:        types.NewFunction(nil, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))),
		// Not memoized: the answer is a field of the run's Inputs, and
		// policies read it through a rule, which both evaluators compute
		// once per evaluation.
	},
	Func: func(_ rego.BuiltinContext, inputs any, _ []*ast.Term) (*ast.Term, error) {
		return inventoryOf(inputs), nil
	},
}

var inventoryAtBuiltin = policy.Builtin{
	Decl: &rego.Function{
		Name:        "poddoctor.inventory.at",
		Description: "Returns the part of the run's inventory at path (as object.get(poddoctor.inventory(), path, default) would), or default when nothing is there; undefined when the run has no inventory.",
		Decl:        types.NewFunction(types.Args(types.NewArray(nil, types.A), types.A), types.A),
	},
	Func: func(bctx rego.BuiltinContext, inputs any, args []*ast.Term) (*ast.Term, error) {
		part, err := findPart(inputs, args[0])
		switch {
		case err != nil || !part.defined:
			return nil, err
		case !part.found:
			return args[1], nil
		case part.term != nil:
			return part.term, nil
		}
		return unpackOnce(bctx, part.in, part.node), nil
	},
}

var inventorySizeBuiltin = policy.Builtin{
	Decl: &rego.Function{
		Name:        "poddoctor.inventory.size",
		Description: "Returns how many members the object, or elements the array, at path in the run's inventory has, and -1 when there is none; undefined when the run has no inventory.",
		Decl:        types.NewFunction(types.Args(types.NewArray(nil, types.A)), types.N),
	},
	Func: func(_ rego.BuiltinContext, inputs any, args []*ast.Term) (*ast.Term, error) {
		part, err := findPart(inputs, args[0])
		switch {
		case err != nil || !part.defined:
			return nil, err
		case !part.found:
			return ast.InternedTerm(-1), nil
		case part.term != nil:
			switch x := part.term.Value.(type) {
			case *ast.Array:
				return ast.InternedTerm(x.Len()), nil
			case ast.Object:
				return ast.InternedTerm(x.Len()), nil
			}
			return ast.InternedTerm(-1), nil
		}
		return ast.InternedTerm(part.node.Len()), nil
	},
}

// inventoryPart is what a path finds in the run's inventory: a part of
// the packed inventory (node), or of the Rego value a run holds as it is
// (term).
type inventoryPart struct {
	defined bool // the run has an inventory
	found   bool // something is at the path
	in      *Inputs
	node    packed.Node
	term    *ast.Term
}

// findPart walks a path argument through the run's inventory as
// object.get does.
func findPart(inputs any, arg *ast.Term) (inventoryPart, error) {
	in, ok := inputs.(*Inputs)
	if !ok || in == nil || (in.PackedInventory == nil && in.Inventory == nil) {
		return inventoryPart{}, nil
	}
	arr, ok := arg.Value.(*ast.Array)
	if !ok {
		return inventoryPart{}, fmt.Errorf("poddoctor.inventory path must be an array, not %s", ast.ValueName(arg.Value))
	}
	part := inventoryPart{defined: true, in: in}
	if in.Inventory != nil {
		t := in.Inventory
		for i := 0; i < arr.Len() && t != nil; i++ {
			t = t.Get(arr.Elem(i))
		}
		part.term, part.found = t, t != nil
		return part, nil
	}
	path := make([]*ast.Term, arr.Len())
	for i := range path {
		path[i] = arr.Elem(i)
	}
	part.node, part.found = in.PackedInventory.Find(path)
	return part, nil
}

// largePart is the number of members or elements above which a part of
// the inventory is unpacked once a run rather than once an evaluation.
const largePart = 1024

// unpackOnce unpacks a part of the inventory once in an evaluation: several
// rules of one object read the same parts (the templates a Service
// selects, the ConfigMap a container names), and the evaluation keeps
// what it unpacked until it ends, in its built-in cache. A large part (a
// whole list, which the library reads only where no index narrows it: a
// NetworkPolicy selecting every pod, say) is unpacked once a run and kept,
// so that scanning it costs each evaluation what scanning the Rego value
// did, not an unpacking of thousands of entries.
func unpackOnce(bctx rego.BuiltinContext, in *Inputs, node packed.Node) *ast.Term {
	if node.Len() > largePart {
		if t, ok := in.large.Load(node); ok {
			return t.(*ast.Term)
		}
		t, _ := in.large.LoadOrStore(node, node.Term())
		return t.(*ast.Term)
	}
	inv := in.PackedInventory
	if bctx.Cache == nil {
		return node.Term()
	}
	var unpacked map[packed.Node]*ast.Term
	if m, ok := bctx.Cache.Get(inv); ok {
		unpacked = m.(map[packed.Node]*ast.Term)
	} else {
		unpacked = map[packed.Node]*ast.Term{}
		bctx.Cache.Put(inv, unpacked)
	}
	t, ok := unpacked[node]
	if !ok {
		t = node.Term()
		unpacked[node] = t
	}
	return t
}

// emptyInventory is what poddoctor.inventory returns when a run has none:
// rules that need one see "complete": false and stay quiet.
var emptyInventory = ast.NewTerm(ast.MustParseTerm(`{"complete": false, "kinds": {}, "objects": {}, "templates": []}`).Value)

// inventoryOf returns poddoctor.inventory's answer for a run's Inputs: its
// inventory, unpacked once when it is packed.
func inventoryOf(inputs any) *ast.Term {
	in, ok := inputs.(*Inputs)
	switch {
	case !ok || in == nil:
		return emptyInventory
	case in.Inventory != nil:
		return in.Inventory
	case in.PackedInventory != nil:
		in.unpackOnce.Do(func() { in.unpacked = in.PackedInventory.Root().Term() })
		return in.unpacked
	}
	return emptyInventory
}
