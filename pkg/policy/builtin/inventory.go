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
// answers from its packed inventory without building the whole value;
// they are undefined where there is none (a policy test that mocks
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
		Description: "Returns the part of the run's inventory at path (as object.get(poddoctor.inventory(), path, default) would), or default when nothing is there; undefined when the run has no packed inventory.",
		Decl:        types.NewFunction(types.Args(types.NewArray(nil, types.A), types.A), types.A),
	},
	Func: func(bctx rego.BuiltinContext, inputs any, args []*ast.Term) (*ast.Term, error) {
		inv, path, err := packedPath(inputs, args[0])
		if inv == nil || err != nil {
			return nil, err
		}
		node, ok := inv.Find(path)
		if !ok {
			return args[1], nil
		}
		return unpackOnce(bctx, inputs.(*Inputs), node), nil
	},
}

var inventorySizeBuiltin = policy.Builtin{
	Decl: &rego.Function{
		Name:        "poddoctor.inventory.size",
		Description: "Returns how many members the object, or elements the array, at path in the run's inventory has, and -1 when there is none; undefined when the run has no packed inventory.",
		Decl:        types.NewFunction(types.Args(types.NewArray(nil, types.A)), types.N),
	},
	Func: func(_ rego.BuiltinContext, inputs any, args []*ast.Term) (*ast.Term, error) {
		inv, path, err := packedPath(inputs, args[0])
		if inv == nil || err != nil {
			return nil, err
		}
		node, ok := inv.Find(path)
		if !ok {
			return ast.InternedTerm(-1), nil
		}
		return ast.InternedTerm(node.Len()), nil
	},
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

// packedPath returns the run's packed inventory (nil when it has none) and
// the steps of a path argument.
func packedPath(inputs any, arg *ast.Term) (*packed.Value, []*ast.Term, error) {
	in, ok := inputs.(*Inputs)
	if !ok || in == nil || in.PackedInventory == nil {
		return nil, nil, nil
	}
	arr, ok := arg.Value.(*ast.Array)
	if !ok {
		return nil, nil, fmt.Errorf("poddoctor.inventory path must be an array, not %s", ast.ValueName(arg.Value))
	}
	path := make([]*ast.Term, arr.Len())
	for i := range path {
		path[i] = arr.Elem(i)
	}
	return in.PackedInventory, path, nil
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
